package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.RawFrame;
import wsfs.io.FrameReader;
import wsfs.io.MemoryBudget;
import wsfs.io.OnDemandBufferedInputStream;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Limits;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

/**
 * The edge drives the sans-I/O Connection: the memory budget follows {@code announcedMessageBytes} (1013 before a
 * payload byte is read), and a peer's violation still lets out what was sent before it (the echo of its last good
 * message), then the Close. A raw client on one end of a loopback socket, a server WebSocketConnection on the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeDrivesConnectionTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    /** What the server told its listener. */
    static final class Events implements WebSocketListener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final BlockingQueue<CloseEvent> closed = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocketConnection c, String text) {
            messages.add(text);
            c.sendText(text);
        }

        @Override
        public void onBinary(WebSocketConnection c, ByteString data) {
            messages.add("binary " + data.length());
        }

        @Override
        public void onError(WebSocketConnection c, Throwable error) {
            errors.add(error);
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            closed.add(event);
        }
    }

    /** A raw client socket and the server connection on the other end, running. */
    record Pair(Socket raw, WebSocketConnection server, Events events) implements AutoCloseable {
        static Pair open(MemoryBudget budget) throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket a = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket b = listener.accept();
                a.setSoTimeout(10_000);
                Events events = new Events();
                Limits limits = new Limits(1 << 20, 1 << 20, Duration.ofSeconds(2));
                WebSocketConnection c = new WebSocketConnection(new OnDemandBufferedInputStream(b.getInputStream()),
                        b.getOutputStream(), b, Role.SERVER, limits, events, null, budget, line -> { });
                Thread.ofVirtual().start(c::run);
                return new Pair(a, c, events);
            }
        }

        void write(byte[] bytes) throws IOException {
            OutputStream out = raw.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        Frame read() throws IOException {
            return new FrameReader(raw.getInputStream(), Role.CLIENT, 1 << 20).read();
        }

        CloseEvent awaitClose() throws InterruptedException {
            CloseEvent e = events.closed.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "onClose was not called in time");
            return e;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    static byte[] masked(Frame f) {
        return FrameCodec.encode(f.withMaskingKey(KEY));
    }

    @Test
    void aMessageLargerThanTheBudgetGets1013BeforeItsPayloadIsRead() throws Exception {
        MemoryBudget budget = new MemoryBudget(1000);
        try (Pair p = Pair.open(budget)) {
            byte[] frame = masked(Frame.binary(new byte[2000]));
            p.write(java.util.Arrays.copyOf(frame, 8));             // the header alone: 2 + 2 length + 4 key
            Frame close = p.read();
            assertEquals(Opcode.CLOSE, close.opcode());
            ClosePayload body = ClosePayload.parse(close.payload().toByteArray());
            assertEquals(CloseCode.TRY_AGAIN_LATER, body.code());
            assertEquals("The server's memory for messages is spent; try again later (10.4)", body.reason());
            ProtocolViolation v = assertInstanceOf(ProtocolViolation.class, p.events.errors.poll(5, TimeUnit.SECONDS));
            assertEquals(CloseCode.TRY_AGAIN_LATER, v.closeCode());
            p.raw().shutdownOutput();
            CloseEvent event = p.awaitClose();
            assertEquals(CloseCode.ABNORMAL_CLOSURE, event.code(), "we failed it: not clean");
            assertEquals(0, budget.used(), "every reserved byte went back");
        }
    }

    @Test
    void theBudgetIsGivenBackOnceEachMessageIsDelivered() throws Exception {
        MemoryBudget budget = new MemoryBudget(1000);
        try (Pair p = Pair.open(budget)) {
            for (int i = 0; i < 5; i++) {                            // 5 x 600 bytes through a budget of 1000
                p.write(masked(Frame.binary(new byte[600])));
                assertEquals("binary 600", p.events.messages.poll(5, TimeUnit.SECONDS));
            }
            p.write(masked(new ClosePayload(CloseCode.NORMAL_CLOSURE, "").toFrame()));
            assertEquals(Opcode.CLOSE, p.read().opcode());
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), p.awaitClose());
            assertEquals(0, budget.used());
        }
    }

    @Test
    void theEchoOfTheLastGoodMessageGoesOutBeforeTheClose() throws Exception {
        // Autobahn 3.2: a text message, then a frame with RSV = 2, in one write. The echo was already sent when the
        // bad frame arrived; failing the connection must not drop it (it did, now and then, before).
        for (int i = 0; i < 20; i++) {
            try (Pair p = Pair.open(MemoryBudget.processWide())) {
                byte[] good = masked(Frame.text("Hello, world!"));
                byte[] bad = RawFrame.of(0x1, "Hello, world!".getBytes()).rsv(2).mask(KEY).toBytes();
                byte[] both = new byte[good.length + bad.length];
                System.arraycopy(good, 0, both, 0, good.length);
                System.arraycopy(bad, 0, both, good.length, bad.length);
                p.write(both);
                Frame first = p.read();
                assertEquals(Opcode.TEXT, first.opcode(), "round " + i + ": the echo comes first, got " + first);
                assertEquals("Hello, world!", first.payloadAsText());
                Frame close = p.read();
                assertEquals(Opcode.CLOSE, close.opcode());
                assertEquals(CloseCode.PROTOCOL_ERROR, ClosePayload.parse(close.payload().toByteArray()).code());
                InputStream in = p.raw().getInputStream();
                assertEquals(-1, in.read(), "the server closes TCP after failing");
                p.raw().close();                                         // as a peer does on the FIN
                assertEquals(CloseCode.ABNORMAL_CLOSURE, p.awaitClose().code());
            }
        }
    }

    @Test
    void aMessageAndACloseInOneReadGetTheEchoBeforeTheAnsweringClose() throws Exception {
        // The read loop reads what is waiting, several frames at once, and feeds them a frame at a time
        // (Connection.receiveFrame): the message's echo is sent before the Close is parsed, so it is not refused as
        // "sent after our Close" (5.5.1). Fed the whole read at once, the answering Close would go out alone.
        try (Pair p = Pair.open(MemoryBudget.processWide())) {
            byte[] text = masked(Frame.text("last words"));
            byte[] close = masked(new ClosePayload(CloseCode.NORMAL_CLOSURE, "").toFrame());
            byte[] both = new byte[text.length + close.length];
            System.arraycopy(text, 0, both, 0, text.length);
            System.arraycopy(close, 0, both, text.length, close.length);
            p.write(both);
            Frame first = p.read();
            assertEquals(Opcode.TEXT, first.opcode(), "the echo comes first, got " + first);
            assertEquals("last words", first.payloadAsText());
            assertEquals(Opcode.CLOSE, p.read().opcode());
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), p.awaitClose());
        }
    }
}
