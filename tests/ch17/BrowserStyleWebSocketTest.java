package ch17;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.BrowserStyleWebSocket;
import wsfs.io.BrowserStyleWebSocket.CloseEvent;
import wsfs.io.BrowserStyleWebSocket.ErrorEvent;
import wsfs.io.BrowserStyleWebSocket.Event;
import wsfs.io.BrowserStyleWebSocket.MessageEvent;
import wsfs.io.BrowserStyleWebSocket.OpenEvent;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;

/** The browser's API in Java: events in order on one thread, readyState, binaryType, bufferedAmount, close rules. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrowserStyleWebSocketTest {
    WebSocketServer server;

    @BeforeEach
    void start() throws Exception {
        server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener());
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    /** Sets the four handlers to put every event into {@code events}, in the order the handlers saw them. */
    static void record(BrowserStyleWebSocket ws, LinkedBlockingQueue<Event> events) {
        ws.onopen(events::add);
        ws.onmessage(events::add);
        ws.onerror(events::add);
        ws.onclose(events::add);
    }

    static Event next(LinkedBlockingQueue<Event> events) throws InterruptedException {
        Event e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 10 s");
        }
        return e;
    }

    @Test
    void eventsArriveInOrderAndReadyStateFollows() throws Exception {
        List<Integer> statesSeenInHandlers = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch closeListenerRan = new java.util.concurrent.CountDownLatch(1);
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        BrowserStyleWebSocket ws = new BrowserStyleWebSocket(server.url(), s -> {
            s.addEventListener("open", e -> statesSeenInHandlers.add(s.readyState()));
            s.addEventListener("close", e -> {
                statesSeenInHandlers.add(s.readyState());
                closeListenerRan.countDown();
            });
            record(s, events);
        });
        assertInstanceOf(OpenEvent.class, next(events));
        assertEquals(BrowserStyleWebSocket.OPEN, ws.readyState());

        ws.send("Hello WebSockets!");
        assertEquals(new MessageEvent("Hello WebSockets!"), next(events));
        ws.send(new byte[] {1, 2, 3});
        MessageEvent blob = (MessageEvent) next(events);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) blob.data(), "binaryType blob (the default): byte[]");

        ws.binaryType(BrowserStyleWebSocket.BinaryType.of("arraybuffer"));
        ws.send(ByteBuffer.wrap(new byte[] {4, 5}));
        MessageEvent arrayBuffer = (MessageEvent) next(events);
        ByteBuffer data = assertInstanceOf(ByteBuffer.class, arrayBuffer.data());
        assertTrue(data.isReadOnly());
        assertEquals(ByteBuffer.wrap(new byte[] {4, 5}), data);

        ws.close(1000, "done");
        // close() leaves OPEN at once: CLOSING, or already CLOSED if the handshake was that quick.
        assertTrue(ws.readyState() >= BrowserStyleWebSocket.CLOSING, "readyState after close(): " + ws.readyState());
        assertEquals(new CloseEvent(1000, "", true), next(events), "our server echoes the code, not the reason");
        assertEquals(BrowserStyleWebSocket.CLOSED, ws.readyState());
        // The handlers run one after another on the event thread; the queue may be fed before this listener runs.
        assertTrue(closeListenerRan.await(10, java.util.concurrent.TimeUnit.SECONDS), "the close listener ran");
        assertEquals(List.of(BrowserStyleWebSocket.OPEN, BrowserStyleWebSocket.CLOSED), statesSeenInHandlers);
    }

    @Test
    void sendBeforeOpenIsAnInvalidStateErrorAndCloseBeforeOpenFails() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // A server that accepts TCP connections (in the backlog) but never answers the handshake.
            LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
            BrowserStyleWebSocket ws = new BrowserStyleWebSocket("ws://127.0.0.1:" + silent.getLocalPort() + "/",
                    WebSocketClient.Options.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)),
                    s -> record(s, events));
            assertEquals(BrowserStyleWebSocket.CONNECTING, ws.readyState());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ws.send("too early"));
            assertTrue(e.getMessage().startsWith("InvalidStateError"), e.getMessage());
            ws.close();
            assertEquals(BrowserStyleWebSocket.CLOSING, ws.readyState());
            assertInstanceOf(ErrorEvent.class, next(events));
            assertEquals(new CloseEvent(1006, "", false), next(events));
            assertEquals(BrowserStyleWebSocket.CLOSED, ws.readyState());
        }
    }

    @Test
    void aRefusedConnectionFiresErrorThenClose1006() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        BrowserStyleWebSocket ws = new BrowserStyleWebSocket("ws://127.0.0.1:" + port + "/", s -> record(s, events));
        assertInstanceOf(ErrorEvent.class, next(events));
        CloseEvent close = (CloseEvent) next(events);
        assertEquals(1006, close.code());
        assertFalse(close.wasClean());
        assertEquals(BrowserStyleWebSocket.CLOSED, ws.readyState());
    }

    @Test
    void bufferedAmountCountsWhatTheSocketHasNotTakenYet() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // A server that does not read until released: the client's writes stall once the TCP buffers are full.
        WebSocketListener stalling = new WebSocketListener() {
            @Override
            public void onOpen(WebSocketConnection c) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onBinary(WebSocketConnection c, ByteString data) {
                new EchoListener().onBinary(c, data);
            }
        };
        try (WebSocketServer slow = WebSocketServer.start(0, WebSocketServer.Options.defaults(), stalling)) {
            LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
            BrowserStyleWebSocket ws = new BrowserStyleWebSocket(slow.url(), s -> record(s, events));
            assertInstanceOf(OpenEvent.class, next(events));
            int size = 4 << 20;
            for (int i = 0; i < 8; i++) {
                ws.send(new byte[size]);
            }
            long queued = ws.bufferedAmount();
            assertTrue(queued > 16L << 20 && queued <= 32L << 20, "bufferedAmount right after 8 x 4 MiB: " + queued);
            release.countDown();
            for (int i = 0; i < 8; i++) {
                assertEquals(size, ((byte[]) ((MessageEvent) next(events)).data()).length);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ws.bufferedAmount() != 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the writer thread subtracts right after its write returns
            }
            assertEquals(0, ws.bufferedAmount());
            ws.close();
            assertInstanceOf(CloseEvent.class, next(events));
            ws.send("abc");
            assertEquals(3, ws.bufferedAmount(), "after close, sent data is counted and dropped (WHATWG)");
        }
    }

    @Test
    void closeAcceptsOnly1000Or3000To4999AndShortReasons() {
        BrowserStyleWebSocket ws = new BrowserStyleWebSocket(server.url());
        for (int bad : new int[] {999, 1001, 1005, 2999, 5000}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ws.close(bad, ""));
            assertTrue(e.getMessage().startsWith("InvalidAccessError"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ws.close(1000, "é".repeat(62)));
        assertTrue(e.getMessage().startsWith("SyntaxError"), e.getMessage());
        ws.close(3000, "x".repeat(123));
    }

    @Test
    void addEventListenerAddsHandlersAndAThrowingHandlerDoesNotStopTheOthers() throws Exception {
        LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
        CountDownLatch open = new CountDownLatch(1);
        BrowserStyleWebSocket ws = new BrowserStyleWebSocket(server.url(), s -> {
            s.addEventListener("message", e -> {
                calls.add("first");
                throw new RuntimeException("a broken handler (this line in the output is expected)");
            });
            java.util.function.Consumer<Event> removed = e -> calls.add("removed");
            s.addEventListener("message", removed);
            s.addEventListener("message", e -> calls.add("second " + ((MessageEvent) e).data()));
            s.removeEventListener("message", removed);
            s.addEventListener("open", e -> open.countDown());
        });
        assertTrue(open.await(10, TimeUnit.SECONDS));
        ws.send("x");
        assertEquals("first", calls.poll(10, TimeUnit.SECONDS));
        assertEquals("second x", calls.poll(10, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> ws.addEventListener("mesage", e -> { }));
        ws.close();
    }

    @Test
    void aUrlThatCanNeverWorkThrowsInTheConstructor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BrowserStyleWebSocket("wss://example.com/"));
        assertTrue(e.getMessage().contains("TLS"));
        assertThrows(IllegalArgumentException.class, () -> new BrowserStyleWebSocket("http://example.com/"));
    }
}
