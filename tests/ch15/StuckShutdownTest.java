package ch15;

import ch14.CoreClient;
import ch14.RecordingListener;
import ch14.RawHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.io.ByteStreams;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Limits;

/**
 * Shutdown is bounded by its time-out whatever the peers do. Ten clients never read, so the server's echo to
 * each of them is stuck in a write (their receive window is full); a hundred others behave. Shutdown with a 2 s
 * time-out must return in about that time, every well-behaved client must get its 1001, and the count (and the
 * log line) must say 100 finished and 10 were cut off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StuckShutdownTest {
    static final int NORMAL = 100;
    static final int STUCK = 10;
    static final int BIG = 8 * 1024 * 1024; // more than both sides' socket buffers together (4 MiB + 4 KiB)

    @Test
    void shutdownWithTenStuckWritersTakesItsTimeOutNotFiveSecondsEach() throws Exception {
        CountDownLatch opened = new CountDownLatch(NORMAL + STUCK);
        CountDownLatch echoing = new CountDownLatch(STUCK);
        LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
        WebSocketListener echo = new WebSocketListener() {
            @Override
            public void onOpen(WebSocketConnection c) {
                opened.countDown();
            }

            @Override
            public void onBinary(WebSocketConnection c, ByteString data) {
                echoing.countDown();
                c.sendBinary(data); // blocks: the peer does not read
            }
        };
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                .withLimits(Limits.defaults().withMaxFramePayload(2L * BIG).withMaxMessageSize(2L * BIG))
                .withMaxConnections(1000)
                .withShutdownTimeout(Duration.ofSeconds(2))
                .withLog(log::add), echo);
        List<Socket> stuck = new ArrayList<>();
        try {
            byte[] frame = maskedBinaryFrame(BIG);
            for (int i = 0; i < STUCK; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096); // before connecting, so the window stays small
                s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
                stuck.add(s);
                OutputStream out = s.getOutputStream();
                out.write(RawHttp.UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                assertEquals("HTTP/1.1 101 Switching Protocols", ByteStreams.readLine(in, 1000));
                while (!ByteStreams.readLine(in, 1000).isEmpty()) {
                    // the rest of the 101 head
                }
                out.write(frame);
                out.flush();
                // ... and never read again
            }
            List<RecordingListener> normal = new ArrayList<>();
            for (int i = 0; i < NORMAL; i++) {
                RecordingListener l = new RecordingListener();
                CoreClient.connect(server.url(), l);
                normal.add(l);
            }
            assertTrue(opened.await(20, TimeUnit.SECONDS), "all connections open on the server");
            assertTrue(echoing.await(20, TimeUnit.SECONDS), "the server is writing to every stuck client");

            long start = System.nanoTime();
            int clean = server.shutdown();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("shutdown with " + STUCK + " stuck writers took " + took + " ms (time-out 2 s)");
            assertTrue(took < 3000, "shutdown took " + took + " ms with a 2 s time-out");
            assertEquals(NORMAL, clean, "the well-behaved clients finished their closing handshake");
            for (RecordingListener l : normal) {
                assertEquals(new CloseEvent(CloseCode.GOING_AWAY, "server shutting down", true), l.awaitClose());
            }
            String line = null;
            for (String l; (l = log.poll()) != null; ) {
                if (l.startsWith("shut down:")) {
                    line = l;
                }
            }
            assertEquals("shut down: 100 of 110 connections finished their closing handshake in time, 10 cut off",
                    line);
        } finally {
            server.shutdown();
            for (Socket s : stuck) {
                s.close();
            }
        }
    }

    /** A client's binary frame (masked, section 5.3) with a zero masking key, so the payload bytes are as sent. */
    static byte[] maskedBinaryFrame(int length) {
        byte[] frame = new byte[2 + 8 + 4 + length];
        frame[0] = (byte) 0x82;              // FIN, binary
        frame[1] = (byte) (0x80 | 127);      // MASK, 64-bit length follows
        for (int i = 0; i < 8; i++) {
            frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
        }
        // masking key 00 00 00 00: allowed (section 5.3 asks for unpredictable keys, the server cannot tell)
        return frame;
    }
}
