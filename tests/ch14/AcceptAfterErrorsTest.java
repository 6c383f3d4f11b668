package ch14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Limits;
import wsfs.protocol.CloseCode;
import wsfs.io.WebSocketConnection;
import wsfs.protocol.Message;

/**
 * Out of file descriptors, the accept loop backs off and accepts again (Tomcat's acceptor does the same).
 * The echo mode runs in a child process under {@code ulimit -n 200}; 300 clients take every descriptor, so
 * {@code accept()} fails with "Too many open files"; once they have all gone, a new client must be served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcceptAfterErrorsTest {

    @Test
    void afterRunningOutOfDescriptorsTheServerAcceptsAgain() throws Exception {
        try (ServeProcess serve = ServeProcess.start(200, "Operating", "serve", "--port", "0")) {
            String url = serve.awaitUrl(Duration.ofSeconds(20));
            echo(url, "warm up"); // every class of the happy path is loaded while descriptors are free
            URI uri = URI.create(url);
            InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());

            ConcurrentLinkedQueue<Socket> flood = new ConcurrentLinkedQueue<>();
            List<Thread> openers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                openers.add(Thread.ofVirtual().start(() -> {
                    Socket s = new Socket();
                    flood.add(s);
                    try {
                        s.connect(address, 3000); // beyond the backlog the kernel may drop the SYN: bounded
                    } catch (IOException dropped) {
                        // fine: we only want every descriptor of the server taken
                    }
                }));
            }
            for (Thread t : openers) {
                t.join(Duration.ofSeconds(10));
            }
            String failed = serve.awaitLine("accept failed", Duration.ofSeconds(10));
            assertNotNull(failed, "the server ran out of descriptors:\n" + serve.output());
            assertTrue(failed.contains("Too many open files"), failed);
            for (Socket s : flood) {
                s.close();
            }

            // A new client is served; while the loop is backing off (at most 1.6 s) the handshake may time out.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    echo(url, "hello again");
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("no new client served after the descriptors came back:\n"
                                + serve.output(), notYet);
                    }
                }
            }
            assertNotNull(serve.awaitLine("accepting again", Duration.ofSeconds(5)), serve.output());
            // One line per burst: the flood may end in more than one burst (a descriptor freed for a moment lets one
            // accept through), but every "accept failed" is closed by one "accepting again", never one per failure.
            long bursts = serve.lines().stream().filter(l -> l.contains("accept failed")).count();
            assertTrue(bursts >= 1 && bursts <= 3, "one log line per burst of failures, a few bursts at most:\n" + serve.output());
            assertEquals(bursts, serve.lines().stream().filter(l -> l.contains("accepting again after")).count(),
                    "each burst's line is followed by one \"accepting again\" line:\n" + serve.output());
        }
    }

    private static void echo(String url, String text) throws Exception {
        RecordingListener events = new RecordingListener();
        WebSocketConnection c = CoreClient.connect(url, Limits.defaults(), Duration.ofSeconds(2), events);
        c.sendText(text);
        assertEquals(Message.text(text), events.nextMessage());
        c.close(CloseCode.NORMAL_CLOSURE, "");
        events.awaitClose();
    }
}
