package ch15;

import ch14.RecordingListener;
import ch14.CoreClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.ReadyState;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;

/**
 * The writer discipline: many server threads send large messages to one client at the same time. Frames of two
 * messages must never mix on the wire (a frame is written whole by the synchronized FrameWriter), and the frames
 * of a fragmented message must not be interleaved with another data message (section 5.4: only control frames may
 * come between fragments). The client is our strict endpoint, which fails the connection on any such mix-up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentWritersTest {
    static final int THREADS = 8;
    static final int PER_THREAD = 12;

    /** Message {@code seq} of thread {@code t}: "t:seq:" then one letter repeated, 40 KB to 260 KB. */
    static String textMessage(int t, int seq) {
        String head = t + ":" + seq + ":";
        return head + String.valueOf((char) ('a' + t)).repeat(40_000 + 20_000 * seq);
    }

    static byte[] binaryMessage(int t, int seq) {
        byte[] b = new byte[50_000 + 17_000 * seq];
        java.util.Arrays.fill(b, (byte) t);
        b[1] = (byte) seq;
        return b;
    }

    @Test
    void framesFromManyThreadsArriveAsWholeValidMessages() throws Exception {
        CountDownLatch sent = new CountDownLatch(THREADS);
        List<Throwable> senderErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        WebSocketListener blaster = new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    Thread.ofPlatform().name("sender-" + t).start(() -> {
                        try {
                            for (int seq = 0; seq < PER_THREAD; seq++) {
                                boolean ok = switch (seq % 3) {
                                    case 0 -> c.sendText(textMessage(thread, seq));
                                    case 1 -> c.sendBinary(binaryMessage(thread, seq));
                                    default -> c.sendFragmented(Message.text(textMessage(thread, seq)), 16_384);
                                };
                                if (!ok) {
                                    throw new IllegalStateException("send " + thread + ":" + seq + " failed");
                                }
                            }
                        } catch (RuntimeException e) {
                            senderErrors.add(e);
                        } finally {
                            sent.countDown();
                        }
                    });
                }
            }
        };
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), blaster)) {
            RecordingListener client = new RecordingListener();
            WebSocketConnection c = CoreClient.connect(server.url(), Limits.defaults(), client);
            c.sendText("go");
            Set<String> seen = new HashSet<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < THREADS * PER_THREAD; i++) {
                Message m = client.nextMessage();
                switch (m) {
                    case Message.Text text -> {
                        String[] parts = text.text().split(":", 3);
                        int t = Integer.parseInt(parts[0]);
                        int seq = Integer.parseInt(parts[1]);
                        if (!text.text().equals(textMessage(t, seq))) {
                            problems.add("text " + t + ":" + seq + " arrived changed");
                        }
                        seen.add(t + ":" + seq);
                    }
                    case Message.Binary binary -> {
                        byte[] b = binary.data().toByteArray();
                        int t = b[0];
                        int seq = b[1];
                        if (!java.util.Arrays.equals(b, binaryMessage(t, seq))) {
                            problems.add("binary " + t + ":" + seq + " arrived changed");
                        }
                        seen.add(t + ":" + seq);
                    }
                }
            }
            assertTrue(sent.await(30, TimeUnit.SECONDS));
            assertTrue(senderErrors.isEmpty(), "senders failed: " + senderErrors);
            assertTrue(problems.isEmpty(), problems.toString());
            assertEquals(THREADS * PER_THREAD, seen.size(), "every message exactly once");
            assertTrue(client.errors.isEmpty(), "the client saw errors: " + client.errors);
            if (c.readyState() != ReadyState.OPEN) {
                fail("the client closed the connection: " + client.closeEvent);
            }
            c.close(CloseCode.NORMAL_CLOSURE, "");
            client.awaitClose();
        }
    }
}
