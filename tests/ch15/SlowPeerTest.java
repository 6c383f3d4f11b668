package ch15;

import ch14.RecordingListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.io.ClientHandshake;
import wsfs.io.FrameReader;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Limits;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

/**
 * Peers that do not read, or send too slowly, against our server over loopback (chapter 14): a send never
 * blocks, a stalled write and a trickled frame run out of time, the heartbeat is not stopped by a stuck write,
 * and each of these ends the connection with one log line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowPeerTest {
    private static final byte[] KEY = {0x37, (byte) 0xfa, 0x21, 0x3d};   // RFC 6455 section 5.7's example key

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<WebSocketConnection> serverSide = new CompletableFuture<>();
    private final RecordingListener events = new RecordingListener() {
        @Override
        public void onOpen(WebSocketConnection c) {
            serverSide.complete(c);
            super.onOpen(c);
        }
    };

    @AfterEach
    void cleanUp() throws Exception {
        trickler.shutdownNow();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private WebSocketServer start(Limits limits) throws IOException {
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                .withLimits(limits).withLog(log::add), events);
        toClose.add(server);
        return server;
    }

    /** A client that completes the opening handshake and then reads nothing; its receive window is small. */
    private Socket nonReadingClient(WebSocketServer server) throws IOException {
        Socket s = new Socket();
        toClose.add(s);
        s.setReceiveBufferSize(4096);                        // before connect: the window stays small
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(10_000);
        ClientHandshake.of("127.0.0.1", server.port(), "/", List.of(), Map.of())
                .perform(s.getInputStream(), s.getOutputStream());
        return s;
    }

    private WebSocketConnection serverConnection() throws Exception {
        return serverSide.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendReturnsAtOnceAndAPeerThatDoesNotReadIsClosedWhenItsOutboxOverflows() throws Exception {
        WebSocketServer server = start(Limits.defaults().withMaxOutbox(1 << 20).withCloseTimeout(Duration.ofSeconds(1)));
        nonReadingClient(server);
        WebSocketConnection c = serverConnection();
        byte[] chunk = new byte[64 * 1024];
        // 200 x 64 KiB = 12.5 MiB: far more than the kernel's buffers and the 1 MiB outbox hold.
        CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            for (int i = 0; i < 200; i++) {
                if (c.sendBinary(chunk)) {
                    sent++;
                }
            }
            return sent;
        });
        int accepted = sending.get(5, TimeUnit.SECONDS);  // before the fix: blocked in write, for ever
        assertTrue(accepted < 200, "sends past the bound must return false, got " + accepted + " accepted");
        assertTrue(events.closed.await(10, TimeUnit.SECONDS), "the slow peer must be closed");
        assertEquals(CloseCode.ABNORMAL_CLOSURE, events.closeEvent.code(), "it never answered our Close");
        assertEquals(1, log.stream().filter(l -> l.contains("not reading")).count(), "one log line: " + log);
    }

    @Test
    void aWriteStalledPastTheWriteDeadlineAbortsTheConnection() throws Exception {
        WebSocketServer server = start(Limits.defaults().withMaxOutbox(64L << 20).withWriteTimeout(Duration.ofMillis(500)));
        nonReadingClient(server);
        WebSocketConnection c = serverConnection();
        CompletableFuture<Boolean> sending = CompletableFuture.supplyAsync(() -> c.sendBinary(new byte[16 << 20]));
        assertTrue(sending.get(5, TimeUnit.SECONDS), "one big message fits an empty outbox, and send returns at once");
        long start = System.nanoTime();
        assertTrue(events.closed.await(10, TimeUnit.SECONDS), "a write stalled past its deadline must end the connection");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 3000, "closed " + tookMillis + " ms after the send; deadline 500 ms");
        assertEquals(CloseCode.ABNORMAL_CLOSURE, events.closeEvent.code());
        assertFalse(events.closeEvent.wasClean());
        assertEquals(1, log.stream().filter(l -> l.contains("write stalled")).count(), "one log line: " + log);
    }

    @Test
    void aFrameTrickledAfterTheHandshakeIsTimedOutWith1008() throws Exception {
        WebSocketServer server = start(Limits.defaults().withFrameTimeout(Duration.ofSeconds(1)));
        Socket s = new Socket("127.0.0.1", server.port());
        toClose.add(s);
        s.setSoTimeout(10_000);
        ClientHandshake.of("127.0.0.1", server.port(), "/", List.of(), Map.of())
                .perform(s.getInputStream(), s.getOutputStream());
        byte[] frame = FrameCodec.encode(Frame.text("x".repeat(100)).withMaskingKey(KEY));
        OutputStream out = s.getOutputStream();
        AtomicInteger next = new AtomicInteger();
        trickler.scheduleAtFixedRate(() -> {                  // one byte every 200 ms: 21 s for the whole frame
            int i = next.getAndIncrement();
            if (i < frame.length) {
                try {
                    out.write(frame[i]);
                } catch (IOException closed) {
                    throw new RuntimeException(closed);       // stops the trickle
                }
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        Frame close = new FrameReader(s.getInputStream(), Role.CLIENT, 1 << 20).read();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(CloseCode.POLICY_VIOLATION, ClosePayload.parse(close.payload().toByteArray()).code(), ClosePayload.parse(close.payload().toByteArray()).reason());
        assertTrue(tookMillis < 4000, "closed after " + tookMillis + " ms; frame deadline 1 s");
        assertTrue(events.closed.await(10, TimeUnit.SECONDS));
        assertEquals(1, log.stream().filter(l -> l.contains("frame not complete")).count(), "one log line: " + log);
    }

    @Test
    void theHeartbeatDeclaresAPeerDeadEvenWhileAWriteToItIsStuck() throws Exception {
        WebSocketServer server = start(Limits.defaults().withMaxOutbox(64L << 20));   // 30 s write deadline
        nonReadingClient(server);
        WebSocketConnection c = serverConnection();
        // The writer blocks in write: the peer reads nothing. Before the fix the sender held the frame lock while
        // blocked, and the heartbeat's ping waited for that lock for ever.
        Thread.ofVirtual().start(() -> c.sendBinary(new byte[16 << 20]));
        c.startHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
        Throwable error = events.errors.poll(5, TimeUnit.SECONDS);
        assertInstanceOf(SocketTimeoutException.class, error, "the dead peer is reported: " + error);
        assertTrue(events.closed.await(5, TimeUnit.SECONDS), "and the connection closed");
        assertEquals(CloseCode.ABNORMAL_CLOSURE, events.closeEvent.code());
    }

    /** The server reads pings and answers them; the peer here keeps pinging and never reads a pong. */
    @Test
    void aPeerThatPingsButNeverReadsIsClosedWhenItsPongsOverflowTheOutbox() throws Exception {
        WebSocketServer server = start(Limits.defaults().withMaxOutbox(64 * 1024).withCloseTimeout(Duration.ofSeconds(1)));
        Socket s = nonReadingClient(server);
        byte[] ping = FrameCodec.encode(Frame.ping(new byte[125]).withMaskingKey(KEY));
        byte[] many = new byte[ping.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(ping, 0, many, i * ping.length, ping.length);
        }
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 20 && !s.isClosed(); i++) {
                    s.getOutputStream().write(many);
                }
            } catch (IOException closedByServer) {
                // expected once the server gives up
            }
        });
        assertTrue(events.closed.await(20, TimeUnit.SECONDS), "the flooding peer must be closed");
        assertTrue(log.stream().anyMatch(l -> l.contains("not reading")), "logged: " + log);
        flood.cancel(true);
    }
}
