package ch03;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.HandshakeServer;
import wsfs.protocol.HandshakePolicy;

/**
 * The handshake time-out is a deadline for the whole head, not a time-out per read (chapter 20 calls the
 * per-read one a Slowloris bug): a client that sends one byte per second, well inside any per-read time-out,
 * still gets 408 once the server's handshake time has run out.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeDeadlineTest {
    static final Duration HANDSHAKE_TIME = Duration.ofSeconds(2);
    static final byte[] REQUEST = ("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void aRequestSentOneBytePerSecondGets408AtTheDeadline() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (HandshakeServer server = HandshakeServer.start(0, HandshakePolicy.defaults(), HANDSHAKE_TIME, line -> { });
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000); // the old per-read time-out never fires: the answer would never come
            OutputStream out = socket.getOutputStream();
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            trickle.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i >= REQUEST.length) {
                    return;
                }
                try {
                    out.write(REQUEST[i]);
                    out.flush();
                } catch (IOException closedByTheServer) {
                    sent.set(REQUEST.length);
                }
            }, 0, 1, TimeUnit.SECONDS);

            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), "the answer: " + answer);
            assertTrue(waited >= HANDSHAKE_TIME.toMillis() - 100 && waited < HANDSHAKE_TIME.toMillis() + 2_000,
                    "408 within the handshake deadline of " + HANDSHAKE_TIME.toMillis() + " ms, not after " + waited + " ms");
            assertTrue(sent.get() < 10, "the server stopped waiting after a few bytes, not after the whole head");
        } finally {
            trickle.shutdownNow();
        }
    }
}
