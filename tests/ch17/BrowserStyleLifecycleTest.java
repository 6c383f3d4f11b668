package ch17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.io.BrowserStyleWebSocket;
import wsfs.io.BrowserStyleWebSocket.CloseEvent;
import wsfs.io.BrowserStyleWebSocket.Event;
import wsfs.io.BrowserStyleWebSocket.OpenEvent;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;

/**
 * The browser-style client's life cycle at its edges (chapter 17): a close() made while the connection is still
 * opening is never lost, and no thread of the client is left behind once it is closed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserStyleLifecycleTest {

    private static void record(BrowserStyleWebSocket ws, LinkedBlockingQueue<Event> events) {
        ws.onopen(events::add);
        ws.onclose(events::add);
    }

    /**
     * close() right around the moment the handshake completes: whichever side of "open" it lands on, the socket
     * must end up CLOSED with a close event (WHATWG: close() while CONNECTING fails the connection). Before the
     * fix, a close() between the handshake's end and the open event was forgotten and readyState went to OPEN.
     */
    @Test
    void aCloseMadeAroundTheOpeningIsNeverLost() throws Exception {
        var serverOpened = new java.util.concurrent.atomic.AtomicInteger();
        WebSocketListener echo = new WebSocketListener() {
            @Override
            public void onOpen(WebSocketConnection c) {
                serverOpened.incrementAndGet();
            }
        };
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), echo)) {
            for (int i = 0; i < 300; i++) {
                LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
                int before = serverOpened.get();
                BrowserStyleWebSocket ws = new BrowserStyleWebSocket(server.url(), s -> record(s, events));
                long spinUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (serverOpened.get() == before && System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();                     // the server has sent its 101: the client is about to open
                }
                long jitter = System.nanoTime() + ThreadLocalRandom.current().nextLong(0, 200_000);
                while (System.nanoTime() < jitter) {
                    Thread.onSpinWait();
                }
                ws.close();
                CloseEvent close = null;
                for (Event e; (e = events.poll(3, TimeUnit.SECONDS)) != null; ) {
                    if (e instanceof CloseEvent c) {
                        close = c;
                        break;
                    }
                    assertInstanceOf(OpenEvent.class, e);
                }
                assertNotNull(close, "iteration " + i + ": close() was lost, readyState "
                        + BrowserStyleWebSocket.readyStateName(ws.readyState()));
                assertEquals(BrowserStyleWebSocket.CLOSED, ws.readyState());
            }
        }
    }

    /** How many live threads are called {@code name}, virtual ones included (a JSON thread dump lists them). */
    private static int threadsNamed(String name) throws Exception {
        Path dump = Files.createTempDirectory("threads").resolve("dump.json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        String json = Files.readString(dump);
        Files.delete(dump);
        Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"").matcher(json);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theWriterThreadEndsWhenThePeerCloses() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener())) {
            int before = threadsNamed("ws-writer");
            LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
            BrowserStyleWebSocket ws = new BrowserStyleWebSocket(server.url(), s -> record(s, events));
            assertInstanceOf(OpenEvent.class, events.poll(10, TimeUnit.SECONDS));
            assertTrue(threadsNamed("ws-writer") > before, "the client's writer thread is running");
            server.connections().getFirst().close(CloseCode.NORMAL_CLOSURE, "bye");      // the peer closes; the client sends nothing
            CloseEvent close = (CloseEvent) events.poll(10, TimeUnit.SECONDS);
            assertNotNull(close);
            assertEquals(1000, close.code());
            assertEquals(before, threadsNamed("ws-writer"), "the writer thread must end once the connection is closed");
        }
    }
}
