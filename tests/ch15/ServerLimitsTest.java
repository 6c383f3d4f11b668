package ch15;

import ch14.CoreClient;
import ch14.RecordingListener;
import ch14.RawHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.io.EchoListener;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;

/** The server's limits: connection count (503), handshake time-out (408), idle time-out (1001), message size (1009). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerLimitsTest {

    @Test
    void extraConnectionsGet503DuringTheHandshake() throws Exception {
        WebSocketServer.Options options = WebSocketServer.Options.defaults().withMaxConnections(2);
        try (WebSocketServer server = WebSocketServer.start(0, options, new EchoListener())) {
            RecordingListener a = new RecordingListener();
            RecordingListener b = new RecordingListener();
            WebSocketConnection ca = CoreClient.connect(server.url(), a);
            CoreClient.connect(server.url(), b);
            String refused = RawHttp.exchange(server.port(), RawHttp.UPGRADE);
            assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
            assertTrue(refused.contains("Retry-After: 5\r\n"), refused);
            HandshakeFailed e = assertThrows(HandshakeFailed.class,
                    () -> CoreClient.connect(server.url(), new RecordingListener()));
            assertTrue(e.getMessage().contains("503"), e.getMessage());
            // When one leaves, a place is free again.
            ca.close(CloseCode.NORMAL_CLOSURE, "");
            a.awaitClose();
            RecordingListener c = new RecordingListener();
            connectWithRetry(server.url(), c).sendText("in");
            assertEquals(Message.text("in"), c.nextMessage());
        }
    }

    /** The server frees the slot when the closed connection's thread ends, just after the close: retry briefly. */
    static WebSocketConnection connectWithRetry(String url, RecordingListener l) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return CoreClient.connect(url, l);
            } catch (HandshakeFailed e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void aClientThatSendsHalfARequestGets408() throws Exception {
        WebSocketServer.Options options = WebSocketServer.Options.defaults().withHandshakeTimeout(Duration.ofMillis(300));
        try (WebSocketServer server = WebSocketServer.start(0, options, new EchoListener())) {
            long start = System.nanoTime();
            String answer = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void aQuietConnectionIsClosedWith1001AfterTheIdleTimeout() throws Exception {
        WebSocketServer.Options options = WebSocketServer.Options.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (WebSocketServer server = WebSocketServer.start(0, options, new EchoListener())) {
            RecordingListener quiet = new RecordingListener();
            CoreClient.connect(server.url(), quiet);
            CloseEvent e = quiet.awaitClose();
            assertEquals(CloseCode.GOING_AWAY, e.code());
            assertEquals("idle for too long", e.reason());
            assertTrue(e.wasClean());
        }
    }

    @Test
    void aMessageOverTheLimitGets1009() throws Exception {
        WebSocketServer.Options options = WebSocketServer.Options.defaults()
                .withLimits(Limits.defaults().withMaxFramePayload(1000).withMaxMessageSize(1000));
        try (WebSocketServer server = WebSocketServer.start(0, options, new EchoListener())) {
            RecordingListener events = new RecordingListener();
            WebSocketConnection c = CoreClient.connect(server.url(), events);
            c.sendBinary(new byte[1000]);
            assertEquals(1000, ((Message.Binary) events.nextMessage()).data().length(), "exactly the limit is fine");
            c.sendFragmented(Message.binary(new byte[1001]), 500);
            assertEquals(CloseCode.MESSAGE_TOO_BIG, events.awaitClose().code());
        }
    }

    @Test
    void plainGetRequestsAreServedFromThePageMap() throws Exception {
        WebSocketServer.Options options = WebSocketServer.Options.defaults()
                .withPage("/", WebSocketServer.Page.html("<h1>hello</h1>"));
        try (WebSocketServer server = WebSocketServer.start(0, options, new EchoListener())) {
            String page = RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(page.startsWith("HTTP/1.1 200 OK\r\n"), page);
            assertTrue(page.contains("Content-Type: text/html; charset=utf-8\r\n"), page);
            assertTrue(page.contains("Content-Length: 14\r\n"), page);
            assertTrue(page.endsWith("\r\n\r\n<h1>hello</h1>"), page);
            String query = RawHttp.exchange(server.port(), "GET /?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(query.startsWith("HTTP/1.1 200 OK\r\n"), "the query is not part of the path");
            String missing = RawHttp.exchange(server.port(), "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(missing.startsWith("HTTP/1.1 404 Not Found\r\n"), missing);
            String post = RawHttp.exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            assertTrue(post.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), post);
            String head = RawHttp.exchange(server.port(), "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.endsWith("\r\n\r\n"), head);
        }
    }

    @Test
    void anEndpointCanRefuseAPathWith404() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), WebSocketServer.Options.defaults(),
                request -> request.target().startsWith("/echo") ? new EchoListener() : null)) {
            String refused = RawHttp.exchange(server.port(), RawHttp.UPGRADE);
            assertTrue(refused.startsWith("HTTP/1.1 404 Not Found\r\n"), refused);
            RecordingListener events = new RecordingListener();
            CoreClient.connect("ws://127.0.0.1:" + server.port() + "/echo?x=1", events).sendText("ok");
            assertEquals(Message.text("ok"), events.nextMessage());
        }
    }

    @Test
    void aBadUpgradeRequestGets400() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener())) {
            String bad = RawHttp.exchange(server.port(), RawHttp.UPGRADE.replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""));
            assertTrue(bad.startsWith("HTTP/1.1 400 Bad Request\r\n"), bad);
        }
    }
}
