package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.HeadlessChromium;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.Role;
import wsfs.io.ServerHandshake;
import wsfs.io.WebSocketConnection;

/**
 * Headless Chromium against a server-role WebSocketConnection (after chapter 03's handshake): the browser
 * answers our pings by itself, cannot send its own, and both directions of the closing handshake give the
 * close codes, reasons and wasClean that chapters 08 and 09 describe.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BrowserClosingTest {

    /** One WebSocket connection from the browser, served by our connection. */
    static final class Server implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final BlockingQueue<WebSocketConnection> connections = new LinkedBlockingQueue<>();
        final Peer.Recorder events = new Peer.Recorder();

        Server() throws IOException {
            Thread.ofVirtual().start(() -> {
                try {
                    Socket s = listener.accept();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    ServerHandshake.accept(in, s.getOutputStream(), HandshakePolicy.defaults());
                    WebSocketConnection c = new WebSocketConnection(in, s.getOutputStream(), s, Role.SERVER,
                            Peer.limits(), events);
                    connections.add(c);
                    c.run();
                } catch (IOException e) {
                    events.errors.add(e);
                }
            });
        }

        WebSocketConnection connection() throws InterruptedException {
            WebSocketConnection c = connections.poll(20, TimeUnit.SECONDS);
            if (c == null) {
                throw new AssertionError("the browser did not connect: " + events.errors);
            }
            return c;
        }

        String url() {
            return "ws://127.0.0.1:" + listener.getLocalPort() + "/";
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    static void open(HeadlessChromium chromium, Server server, wsfs.app.HandshakeServer page) {
        // A page of chapter 03's server gives the script an http:// origin to run in.
        chromium.driver().get("http://127.0.0.1:" + page.port() + "/");
        chromium.script("window.events = [];"
                + "window.sock = new WebSocket(arguments[0]);"
                + "sock.onopen = () => events.push('open');"
                + "sock.onmessage = (e) => events.push('message ' + e.data);"
                + "sock.onerror = () => events.push('error');"
                + "sock.onclose = (e) => { window.closeEvent = {code: e.code, reason: e.reason, wasClean: e.wasClean}; };",
                server.url());
        try {
            chromium.waitFor("sock.readyState === 1", Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            throw new AssertionError("not open: page events " + chromium.script("return JSON.stringify(events);")
                    + ", server errors " + server.events.errors, e);
        }
    }

    static wsfs.app.HandshakeServer pageServer() throws IOException {
        return wsfs.app.HandshakeServer.start(0, HandshakePolicy.defaults(), Duration.ofSeconds(10), line -> { });
    }

    @Test
    void theBrowserAnswersOurPingsAndHasNoPingOfItsOwn() throws Exception {
        try (Server server = new Server(); wsfs.app.HandshakeServer page = pageServer();
             HeadlessChromium chromium = HeadlessChromium.start()) {
            open(chromium, server, page);
            WebSocketConnection c = server.connection();
            assertTrue(c.ping("are you there?".getBytes()));
            assertEquals("pong:" + wsfs.view.HexDump.hex("are you there?".getBytes()), server.events.next(),
                    "the browser answered with the same payload, without any JavaScript");
            assertEquals("undefined", chromium.script("return typeof sock.ping;"), "the WebSocket API has no ping()");
            assertEquals("undefined", chromium.script("return typeof sock.pong;"));
            c.close();
            chromium.waitFor("window.closeEvent !== undefined", Duration.ofSeconds(20));
        }
    }

    @Test
    void theBrowserClosesWithACodeAndReason() throws Exception {
        try (Server server = new Server(); wsfs.app.HandshakeServer page = pageServer();
             HeadlessChromium chromium = HeadlessChromium.start()) {
            open(chromium, server, page);
            server.connection();
            chromium.script("sock.close(4000, 'bye');");
            assertEquals(new CloseEvent(CloseCode.of(4000), "bye", true), server.events.awaitClose());
            chromium.waitFor("window.closeEvent !== undefined", Duration.ofSeconds(20));
            assertEquals(4000L, chromium.script("return closeEvent.code;"), "our Close echoed the code");
            assertEquals(true, chromium.script("return closeEvent.wasClean;"));
        }
    }

    @Test
    void closeWithoutArgumentsSendsACloseWithoutCode() throws Exception {
        try (Server server = new Server(); wsfs.app.HandshakeServer page = pageServer();
             HeadlessChromium chromium = HeadlessChromium.start()) {
            open(chromium, server, page);
            server.connection();
            chromium.script("sock.close();");
            assertEquals(new CloseEvent(CloseCode.NO_STATUS_RECEIVED, "", true), server.events.awaitClose(), "an empty Close: 1005 locally");
            chromium.waitFor("window.closeEvent !== undefined", Duration.ofSeconds(20));
            assertEquals(1005L, chromium.script("return closeEvent.code;"), "our empty answer is 1005 for the page too");
        }
    }

    @Test
    void theServerClosesAndThePageSeesCodeReasonAndWasClean() throws Exception {
        try (Server server = new Server(); wsfs.app.HandshakeServer page = pageServer();
             HeadlessChromium chromium = HeadlessChromium.start()) {
            open(chromium, server, page);
            WebSocketConnection c = server.connection();
            c.close(CloseCode.GOING_AWAY, "server shutting down");
            chromium.waitFor("window.closeEvent !== undefined", Duration.ofSeconds(20));
            assertEquals(1001L, chromium.script("return closeEvent.code;"));
            assertEquals("server shutting down", chromium.script("return closeEvent.reason;"));
            assertEquals(true, chromium.script("return closeEvent.wasClean;"));
            assertEquals(3L, chromium.script("return sock.readyState;"));
            assertEquals(new CloseEvent(CloseCode.GOING_AWAY, "server shutting down", true), server.events.awaitClose(),
                    "Chromium echoes the code and the reason");
        }
    }

    @Test
    void thePageMayOnlyUse1000And3000To4999AndShortReasons() throws Exception {
        try (Server server = new Server(); wsfs.app.HandshakeServer page = pageServer();
             HeadlessChromium chromium = HeadlessChromium.start()) {
            open(chromium, server, page);
            server.connection();
            String tryClose = "try { sock.close(arguments[0], arguments[1]); return 'ok'; } catch (e) { return e.name; }";
            assertEquals("InvalidAccessError", chromium.script(tryClose, 1001, ""));
            assertEquals("InvalidAccessError", chromium.script(tryClose, 1005, ""));
            assertEquals("InvalidAccessError", chromium.script(tryClose, 2999, ""));
            assertEquals("SyntaxError", chromium.script(tryClose, 1000, "x".repeat(124)));
            assertEquals(1L, chromium.script("return sock.readyState;"), "none of these started closing");
            assertEquals("ok", chromium.script(tryClose, 3000, "x".repeat(123)));
            assertEquals(new CloseEvent(CloseCode.of(3000), "x".repeat(123), true), server.events.awaitClose());
        }
    }
}
