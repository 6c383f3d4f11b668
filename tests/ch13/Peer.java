package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import wsfs.io.ByteStreams;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.conformance.RawFrame;
import wsfs.io.FrameReader;
import wsfs.view.HexDump;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

/**
 * A WebSocketConnection on one end of a loopback TCP connection and a raw peer on the other: the test writes
 * bytes as the peer and asserts the exact bytes the connection sends back. No opening handshake: the
 * connection starts OPEN, as it does after the opening handshake of chapters 02 and 03.
 */
final class Peer implements AutoCloseable {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");
    static final Duration WAIT = Duration.ofSeconds(5);

    final Role connectionRole;
    final Socket raw;
    final InputStream rawIn;
    final OutputStream rawOut;
    final WebSocketConnection connection;
    final Recorder events = new Recorder();
    final Thread runner;

    /** What the connection told its listener, in order. */
    static final class Recorder implements WebSocketListener {
        final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        final BlockingQueue<CloseEvent> closed = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        volatile boolean echo;

        @Override
        public void onText(WebSocketConnection c, String text) {
            queue.add("text:" + text);
            if (echo) {
                c.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocketConnection c, ByteString data) {
            queue.add("binary:" + HexDump.hex(data.toByteArray()));
            if (echo) {
                c.sendBinary(data);
            }
        }

        @Override
        public void onPing(WebSocketConnection c, ByteString payload) {
            queue.add("ping:" + HexDump.hex(payload.toByteArray()));
        }

        @Override
        public void onPong(WebSocketConnection c, ByteString payload) {
            queue.add("pong:" + HexDump.hex(payload.toByteArray()));
        }

        @Override
        public void onError(WebSocketConnection c, Throwable error) {
            errors.add(error);
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            closed.add(event);
        }

        Object next() throws InterruptedException {
            Object o = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) {
                throw new AssertionError("no event within " + WAIT);
            }
            return o;
        }

        CloseEvent awaitClose() throws InterruptedException {
            CloseEvent e = closed.poll(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("onClose was not called in time");
            }
            return e;
        }
    }

    /** The connection under test plays {@code role}; the raw peer plays the other side. */
    static Peer start(Role role, Limits limits) throws IOException {
        return new Peer(role, limits, in -> in);
    }

    /** As above, with the connection reading through {@code wrapIn} (e.g. a TrickleInputStream). */
    static Peer start(Role role, Limits limits, UnaryOperator<InputStream> wrapIn) throws IOException {
        return new Peer(role, limits, wrapIn);
    }

    /** A SERVER connection with small limits and a short close timeout. */
    static Peer server() throws IOException {
        return start(Role.SERVER, limits());
    }

    static Peer client() throws IOException {
        return start(Role.CLIENT, limits());
    }

    static Limits limits() {
        return new Limits(1 << 16, 1 << 16, Duration.ofSeconds(2));
    }

    private Peer(Role role, Limits limits, UnaryOperator<InputStream> wrapIn) throws IOException {
        this.connectionRole = role;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket a = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            Socket b = listener.accept();
            a.setSoTimeout((int) WAIT.toMillis());
            raw = a;
            rawIn = a.getInputStream();
            rawOut = a.getOutputStream();
            connection = new WebSocketConnection(wrapIn.apply(b.getInputStream()), b.getOutputStream(), b, role, limits, events,
                    MaskingKeys.fixed(KEY));
        }
        runner = Thread.ofVirtual().name("connection-" + role).start(connection::run);
    }

    /** The peer writes these bytes as they are. */
    void sendRaw(String hex) throws IOException {
        rawOut.write(HexDump.parse(hex));
        rawOut.flush();
    }

    /**
     * The peer writes this frame: masked with KEY if the peer is the client (the connection is the server).
     * RawFrame, not FrameCodec, so the peer can also send what the rules forbid (a fragmented ping, a 126-byte ping).
     */
    void send(Frame f) throws IOException {
        Frame wire = connectionRole == Role.SERVER ? f.withMaskingKey(KEY) : f.withMaskingKey(null);
        rawOut.write(RawFrame.from(wire).toBytes());
        rawOut.flush();
    }

    /** Reads exactly these bytes from the connection, or fails. */
    void expect(String hex) throws IOException {
        byte[] want = HexDump.parse(hex);
        byte[] got = ByteStreams.readExactly(rawIn, want.length);
        assertEquals(HexDump.hex(want), HexDump.hex(got));
    }

    /** Reads one frame from the connection (masked if the connection is a client). */
    Frame readFrame() throws IOException {
        return new FrameReader(rawIn, connectionRole.peer(), 1 << 20).read();
    }

    /** Reads the connection's Close frame and returns its body. */
    ClosePayload readClose() throws IOException {
        Frame f = readFrame();
        assertEquals(wsfs.protocol.Opcode.CLOSE, f.opcode(), "expected a Close frame, got " + f);
        try {
            return ClosePayload.parse(f.payload().toByteArray());
        } catch (ProtocolViolation e) {
            throw new AssertionError("the connection sent a bad Close body", e);
        }
    }

    /**
     * The connection closed TCP: the next read is the end of the stream (or a reset), within the wait.
     * Then the peer closes its side too, as a well-behaved peer does when it sees the FIN.
     */
    void expectEof() throws IOException {
        try {
            int b = rawIn.read();
            assertEquals(-1, b, "expected the end of the stream, got a byte");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection did not close TCP within " + WAIT);
        } catch (java.net.SocketException e) {
            // A reset also means the connection closed it.
        }
        raw.close();
    }

    @Override
    public void close() throws Exception {
        raw.close();
        runner.join(WAIT.toMillis() * 3);
    }
}
