package bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every echo is checked byte for byte (issue 11): against a fake echo server on a loopback socket that flips
 * one bit of one message (the 50th, so it is not only the first echo that is checked), the benchmark reports
 * the cell as failed and records no number for it; against the same server without the flip, it measures.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoCheckTest {
    /** Measuring time of a cell: long enough to reach message 50 many times over, the failure ends it early. */
    static final Scenario.Settings SETTINGS = new Scenario.Settings(Duration.ZERO, Duration.ofMillis(1500), 1);

    @Test
    void aFlippedBitInTheRttEchoFailsTheCell() throws Exception {
        assertFlipIsReported(Scenario.RTT);
    }

    @Test
    void aFlippedBitInTheStreamEchoFailsTheCell() throws Exception {
        assertFlipIsReported(Scenario.STREAM);
    }

    @Test
    void aFaithfulEchoIsMeasured() throws Exception {
        try (FakeEchoServer server = new FakeEchoServer(-1)) {
            Results results = new Results();
            boolean failed = BenchMain.runScenario(0, "fake", server.target(), Scenario.RTT, SETTINGS, results);
            assertFalse(failed);
            Results.Cell rate = cell(results, "rtt", "msg_per_s");
            assertTrue(rate.median() > 0, "msg/s: " + rate.values());
            assertTrue(results.cells().stream().noneMatch(c -> c.key().metric().equals("failed")));
        }
    }

    private static void assertFlipIsReported(Scenario scenario) throws Exception {
        try (FakeEchoServer server = new FakeEchoServer(50)) {
            Results results = new Results();
            boolean failed = BenchMain.runScenario(0, "fake", server.target(), scenario, SETTINGS, results);
            assertTrue(failed, "a flipped bit must fail the cell");
            assertEquals(1, cell(results, scenario.label, "failed").failures());
            assertTrue(results.cells().stream().noneMatch(c -> c.key().metric().equals("msg_per_s")),
                    "no throughput is recorded for a wrong echo: " + results.cells());
            assertTrue(server.flipped.get() == 1, "the server flipped a bit: " + server.flipped.get());
        }
    }

    private static Results.Cell cell(Results results, String scenario, String metric) {
        return results.cells().stream()
                .filter(c -> c.key().scenario().equals(scenario) && c.key().metric().equals(metric))
                .findFirst().orElseThrow(() -> new AssertionError("no cell " + scenario + " " + metric + ": " + results.cells()));
    }

    /**
     * A WebSocket echo server for one connection at a time (RFC 6455 sections 4.2.2, 5.2, 5.3): answers the
     * handshake, unmasks each client frame and sends it back unmasked, except that in message number
     * {@code flipAt} (1-based; -1: never) it flips the lowest bit of payload byte 20, past the 8-byte sequence number.
     */
    static final class FakeEchoServer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong flipped = new AtomicLong();
        private final long flipAt;
        private final Thread acceptor;

        FakeEchoServer(long flipAt) throws IOException {
            this.flipAt = flipAt;
            acceptor = Thread.ofPlatform().daemon().name("fake-echo").start(this::acceptLoop);
        }

        Target target() {
            return new Target("fake", "127.0.0.1", listener.getLocalPort(), "/", null);
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    echo(socket);
                } catch (IOException e) {
                    // the client went away, or the listener was closed: wait for the next one
                }
            }
        }

        private void echo(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            String head = WireClient.readHead(in);
            String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long messages = 0;
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long n = b1 & 0x7f;
                if (n == 126) {
                    n = in.readUnsignedShort();
                } else if (n == 127) {
                    n = in.readLong();
                }
                byte[] mask = new byte[4];
                in.readFully(mask);
                byte[] payload = new byte[(int) n];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                if (++messages == flipAt && payload.length > 20) {
                    payload[20] ^= 1;
                    flipped.incrementAndGet();
                }
                out.write(unmaskedFrame(b0, payload));
                out.flush();
            }
        }

        static byte[] unmaskedFrame(int b0, byte[] payload) {
            int n = payload.length;
            int header = n < 126 ? 2 : 4;   // the tests' messages are below 64 KiB
            byte[] frame = new byte[header + n];
            frame[0] = (byte) b0;
            if (n < 126) {
                frame[1] = (byte) n;
            } else {
                frame[1] = 126;
                frame[2] = (byte) (n >>> 8);
                frame[3] = (byte) n;
            }
            System.arraycopy(payload, 0, frame, header, n);
            return frame;
        }

        static String accept(String key) {
            try {
                byte[] sha1 = MessageDigest.getInstance("SHA-1")
                        .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
                return Base64.getEncoder().encodeToString(sha1);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            acceptor.join(5_000);
        }
    }
}
