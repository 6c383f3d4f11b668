package ch03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import browser.HeadlessChromium;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.HandshakePolicy;
import wsfs.app.HandshakeServer;
import wsfs.protocol.OriginPolicy;

/** A real browser accepts our handshake: the page of `serve` sees readyState go from 0 to 1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrowserHandshakeTest {
    /** The policy of `03_HandshakeChecks.java serve`: subprotocol chat, pages of our own origin only. */
    static final HandshakePolicy SERVE_POLICY = HandshakePolicy.defaults().withSubprotocols("chat")
            .withOrigins(OriginPolicy.sameOrigin());

    @Test
    void chromiumOpensAWebSocketToOurServer() throws Exception {
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        try (HandshakeServer server = HandshakeServer.start(0, SERVE_POLICY, Duration.ofSeconds(10), log::add);
             HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
            chromium.waitFor("window.wsOpened === true", Duration.ofSeconds(20));

            assertEquals(1L, chromium.script("return ws.readyState;"), "readyState after onopen");
            assertEquals("chat", chromium.script("return ws.protocol;"), "the subprotocol the server chose");
            assertEquals("", chromium.script("return ws.extensions;"), "we accept no extension");
            List<String> pageLog = List.of(((String) chromium.script(
                    "return document.getElementById('log').innerText;")).split("\n"));
            assertEquals("new WebSocket(...): readyState 0 CONNECTING", pageLog.get(0));
            assertEquals("open: readyState 1 OPEN", pageLog.get(1));
            assertTrue(poll(log, "101 Switching Protocols").contains("subprotocol chat"));
        }
    }

    @Test
    void aPageOfAnotherOriginIsRefused() throws Exception {
        BlockingQueue<String> log = new LinkedBlockingQueue<>();
        try (HandshakeServer pageServer = HandshakeServer.start(0, SERVE_POLICY, Duration.ofSeconds(10), line -> { });
             HandshakeServer target = HandshakeServer.start(0, SERVE_POLICY, Duration.ofSeconds(10), log::add);
             HeadlessChromium chromium = HeadlessChromium.start()) {
            // A page from one origin (the first server's port) opens a WebSocket to another (the second's).
            chromium.driver().get("http://127.0.0.1:" + pageServer.port() + "/");
            chromium.script("window.evil = new WebSocket('ws://127.0.0.1:" + target.port() + "/chat');"
                    + "window.evil.onclose = (e) => { window.evilClose = e.code; };");
            chromium.waitFor("window.evilClose !== undefined", Duration.ofSeconds(20));

            assertEquals(3L, chromium.script("return window.evil.readyState;"), "CLOSED: the handshake failed");
            assertEquals(1006L, chromium.script("return window.evilClose;"), "a failed handshake is reported as 1006");
            assertTrue(poll(log, "403").contains("http://127.0.0.1:" + pageServer.port()));
        }
    }

    /** The first log line containing {@code text}, waiting up to 10 s for it. */
    static String poll(BlockingQueue<String> log, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = log.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("the server logged no line containing " + text);
    }
}
