package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.io.ClientHandshake;
import wsfs.io.EchoListener;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameReader;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.OriginPolicy;
import wsfs.conformance.RawFrame;
import wsfs.protocol.Role;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;

/**
 * Hostile clients against our server (chapter 15's WebSocketServer with the EchoListener), each followed by a
 * normal client that must still get its echo. Short limits keep the tests fast: a 2 s handshake time-out,
 * 200 connections, an 8 KiB request head.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_CONNECTIONS = 200;
    static final int MAX_HEAD = 8 * 1024;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void cleanUp() throws Exception {
        scheduler.shutdownNow();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    WebSocketServer start(HandshakePolicy policy) throws IOException {
        WebSocketServer.Options options = WebSocketServer.Options.defaults()
                .withHandshake(policy.withMaxHeadBytes(MAX_HEAD))
                .withHandshakeTimeout(HANDSHAKE_TIMEOUT)
                .withMaxConnections(MAX_CONNECTIONS)
                .withLimits(Limits.defaults().withCloseTimeout(Duration.ofSeconds(2)));
        WebSocketServer server = WebSocketServer.start(0, options, new EchoListener());
        toClose.add(server);
        return server;
    }

    WebSocketServer start() throws IOException {
        return start(HandshakePolicy.defaults());
    }

    /** A normal client sends "still there?" and must get it back within 5 s. */
    static void assertEchoWorks(WebSocketServer server) throws Exception {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
        WebSocketConnection c = WebSocketClient.connect(server.url(), new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection connection, String text) {
                received.offer(text);
            }
        });
        try {
            c.sendText("still there?");
            assertEquals("still there?", received.poll(5, TimeUnit.SECONDS), "a normal client got no echo");
        } finally {
            c.close(CloseCode.NORMAL_CLOSURE, "bye");
            c.awaitClosed(Duration.ofSeconds(5));
        }
    }

    Socket connect(WebSocketServer server) throws IOException {
        Socket s = new Socket();
        toClose.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Opens a WebSocket connection by hand; returns the socket positioned after the 101 response. */
    Socket open(WebSocketServer server) throws IOException {
        Socket s = connect(server);
        ClientHandshake.of("127.0.0.1", server.port(), "/", List.of(), Map.of()).perform(s.getInputStream(), s.getOutputStream());
        return s;
    }

    static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).strip();
    }

    static void eventually(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            TimeUnit.MILLISECONDS.sleep(20); // polling a condition with a deadline, not waiting for luck
        }
    }

    static byte[] request(String... extraHeaders) {
        StringBuilder r = new StringBuilder("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            r.append(h).append("\r\n");
        }
        return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- 1. Slowloris ---------------------------------------------------------------------------

    /**
     * One byte of the request head per second: each byte arrives well within the 2 s time-out, so only a
     * deadline for the whole head (not a time-out per read) stops this client. The server must answer 408 and
     * close at about 2 s, long before the ~150 bytes would be complete, and serve others meanwhile.
     */
    @Test
    void aHandshakeSentOneBytePerSecondIsCutOff() throws Exception {
        WebSocketServer server = start();
        Socket slow = connect(server);
        byte[] head = request();
        OutputStream out = slow.getOutputStream();
        AtomicInteger sent = new AtomicInteger();
        ScheduledFuture<?> writer = scheduler.scheduleAtFixedRate(() -> {
            int i = sent.get();
            if (i < head.length) {
                try {
                    out.write(head[i]);
                    out.flush();
                    sent.incrementAndGet();
                } catch (IOException e) {
                    throw new RuntimeException("stop writing: " + e.getMessage()); // cancels the schedule
                }
            }
        }, 0, 1, TimeUnit.SECONDS);
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try {
                String status = statusLine(slow.getInputStream());
                slow.getInputStream().readAllBytes(); // then the server closes the connection
                return status;
            } catch (IOException e) {
                return "closed: " + e.getMessage();
            }
        });
        assertEchoWorks(server); // the slow client does not hold anyone up
        long started = System.nanoTime();
        String status = answer.get(8, TimeUnit.SECONDS);
        writer.cancel(false);
        assertEquals("HTTP/1.1 408 Request Timeout", status);
        assertTrue(sent.get() < 8, "cut off after " + sent.get() + " of " + head.length + " bytes");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(6));
        assertEchoWorks(server);
    }

    // ---- 2. Oversized head ----------------------------------------------------------------------

    @Test
    void aRequestHeadBeyondTheBoundIsRefused() throws Exception {
        WebSocketServer server = start();
        Socket s = connect(server);
        String filler = "X-Filler: " + "a".repeat(2 * MAX_HEAD);
        s.getOutputStream().write(request(filler));
        s.getOutputStream().flush();
        String status = statusLine(s.getInputStream());
        assertTrue(status.startsWith("HTTP/1.1 431") || status.startsWith("HTTP/1.1 400"), status);
        assertEchoWorks(server);
    }

    // ---- 3. A frame announcing 2^63-1 bytes -----------------------------------------------------

    /**
     * Section 5.2: the 64-bit length has its most significant bit 0, so 2^63-1 is the largest legal length.
     * The server must refuse it with 1009 from the header alone: it never reads or allocates the payload.
     * Also 1 GiB, which a careless server could allocate; the allocation counter of the JVM must not jump.
     */
    @Test
    void aFrameAnnouncingAHugeLengthGets1009BeforeAnyAllocation() throws Exception {
        WebSocketServer server = start();
        for (long announced : new long[]{Long.MAX_VALUE, 1L << 30}) {
            long before = allocatedBytes();
            Socket s = open(server);
            byte[] header = RawFrame.of(Opcode.BINARY.code(), new byte[0]).declaredLength(announced)
                    .lengthForm(FrameCodec.LengthForm.SIXTY_FOUR_BIT).mask(new byte[]{1, 2, 3, 4}).toBytes();
            s.getOutputStream().write(header);
            s.getOutputStream().flush();
            Frame close = new FrameReader(s.getInputStream(), Role.CLIENT, 125).read();
            assertEquals(Opcode.CLOSE, close.opcode());
            assertEquals(1009, ((close.payload().byteAt(0) & 0xff) << 8) | (close.payload().byteAt(1) & 0xff), close.toString());
            long allocated = allocatedBytes() - before;
            assertTrue(allocated < 256L * 1024 * 1024, "the JVM allocated " + allocated + " bytes meanwhile");
        }
        assertEchoWorks(server);
    }

    /** Bytes allocated by every thread of this JVM so far (virtual threads count on their carriers). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    // ---- 4. A flood of pings ---------------------------------------------------------------------

    /**
     * 10,000 pings in one burst. Our policy: every Ping gets its Pong (section 5.5.2), in order, with no rate
     * limit; TCP flow control bounds the cost (a flooder that stops reading stalls only its own connection).
     */
    @Test
    void tenThousandPingsAreAnsweredAndTheServerStaysAlive() throws Exception {
        WebSocketServer server = start();
        Socket s = open(server);
        int n = 10_000;
        CompletableFuture<Integer> pongs = CompletableFuture.supplyAsync(() -> {
            try {
                FrameReader reader = new FrameReader(s.getInputStream(), Role.CLIENT, 1024);
                int count = 0;
                while (count < n) {
                    Frame f = reader.read();
                    assertEquals(Opcode.PONG, f.opcode());
                    assertEquals("ping " + count, f.payloadAsText(), "pongs come in order");
                    count++;
                }
                return count;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        MaskingKeys keys = MaskingKeys.secure();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            burst.writeBytes(FrameCodec.encode(Frame.ping(("ping " + i).getBytes(StandardCharsets.UTF_8)).withMaskingKey(keys.next())));
        }
        s.getOutputStream().write(burst.toByteArray());
        s.getOutputStream().flush();
        assertEquals(n, pongs.get(20, TimeUnit.SECONDS));
        assertEchoWorks(server);
    }

    // ---- 5. Thousands of abandoned connections ----------------------------------------------------

    /**
     * 2,000 connections opened and abandoned: 1,000 that send nothing, 500 that send half a request head, and
     * 500 that complete the handshake and then vanish without a Close frame. The handshake time-out and the
     * connection limit bound what they cost; a normal client is served while they hang around and after.
     */
    @Test
    void twoThousandAbandonedConnectionsDoNotStopTheServer() throws Exception {
        WebSocketServer server = start();
        List<Socket> abandoned = new ArrayList<>();
        byte[] head = request();
        for (int i = 0; i < 1500; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            if (i >= 1000) {
                s.getOutputStream().write(head, 0, head.length / 2);
            }
            abandoned.add(s);
        }
        int vanished = 0;
        for (int i = 0; i < 500; i++) {
            try (Socket s = open(server)) {
                s.setSoLinger(true, 0); // close with a reset: no Close frame, no FIN handshake
                vanished++;
            }
        }
        assertEquals(500, vanished);
        assertEchoWorks(server); // while 1,500 sockets still hang in their handshakes
        eventually(Duration.ofSeconds(10), () -> server.connections().isEmpty(), "abandoned WebSocket connections stay open");
        for (Socket s : abandoned) {
            s.close();
        }
        assertEchoWorks(server);
    }

    // ---- 6. A refused Origin -------------------------------------------------------------------------

    @Test
    void aPageFromAnotherOriginGets403() throws Exception {
        WebSocketServer server = start(HandshakePolicy.defaults().withOrigins(OriginPolicy.allowList("http://good.example")));
        Socket s = connect(server);
        s.getOutputStream().write(request("Origin: http://evil.example"));
        s.getOutputStream().flush();
        assertEquals("HTTP/1.1 403 Forbidden", statusLine(s.getInputStream()));
        assertEchoWorks(server); // no Origin: not a browser page, allowed
    }

    // ---- 7. Invalid UTF-8 in a Close reason ------------------------------------------------------------

    /**
     * Section 5.5.1: the reason "is not guaranteed to be human readable" but it is UTF-8 (section 7.1.6), and
     * section 8.1 fails the connection on invalid UTF-8 with 1007 (7.4.1). RFC 6455 does not say whether a
     * broken Close reason is "data within a message" (1007) or a malformed control frame (1002); both codes are
     * accepted by the conformance suite (7.5.1), and our server says 1007.
     */
    @Test
    void aCloseReasonThatIsNotUtf8Gets1007() throws Exception {
        WebSocketServer server = start();
        Socket s = open(server);
        byte[] body = {0x03, (byte) 0xe8, 'o', 'k', (byte) 0xed, (byte) 0xa0, (byte) 0x80};
        s.getOutputStream().write(FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, new byte[]{9, 8, 7, 6}, body)));
        s.getOutputStream().flush();
        Frame close = new FrameReader(s.getInputStream(), Role.CLIENT, 125).read();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(1007, ((close.payload().byteAt(0) & 0xff) << 8) | (close.payload().byteAt(1) & 0xff), close.toString());
        assertEndOfStream(s.getInputStream());
        assertEchoWorks(server);
    }

    static void assertEndOfStream(InputStream in) throws IOException {
        try {
            assertEquals(-1, in.read(), "the server closes TCP after failing the connection");
        } catch (SocketException | EOFException e) {
            assertFalse(e.getMessage().isEmpty());
        }
    }
}
