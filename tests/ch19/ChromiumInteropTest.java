package ch19;

import static org.junit.jupiter.api.Assertions.assertEquals;

import browser.HeadlessChromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import wsfs.app.InteropEcho;
import wsfs.conformance.InteropExchange;
import wsfs.view.InteropPage;
import wsfs.io.WebSocketServer;

/**
 * Our server with headless Chromium's own WebSocket: the page (wsfs.view.InteropPage) is served by our server, its
 * script runs the exchange, and Selenium reads the results. A page cannot send a Ping or choose its fragments,
 * so from the browser's side those steps are "receive a fragmented message" and "answer the server's Ping".
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChromiumInteropTest {
    static WebSocketServer server;
    static HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        server = WebSocketServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withPage("/", WebSocketServer.Page.html(InteropPage.HTML)),
                request -> request.target().equals(InteropPage.ENDPOINT) ? new InteropEcho() : null);
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    static final List<String> EXPECTED = expected();

    private static List<String> expected() {
        List<String> names = new ArrayList<>(List.of("opening handshake"));
        InteropExchange.SIZES.forEach(n -> names.add("text " + n + " bytes"));
        InteropExchange.SIZES.forEach(n -> names.add("binary " + n + " bytes"));
        names.addAll(List.of("fragmented message received", "server ping answered", "bufferedAmount counts unsent bytes",
                "binary 4 MiB bytes", "client close 4000", "server close 4001"));
        return List.copyOf(names);
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> chromiumWithOurServer() {
        chromium.driver().get("http://127.0.0.1:" + server.port() + "/");
        chromium.waitFor("window.interopDone === true", Duration.ofSeconds(60));
        List<Map<String, Object>> results = (List<Map<String, Object>>) chromium.script("return window.interopResults;");
        List<InteropExchange.Check> checks = results.stream().map(r -> new InteropExchange.Check(
                (String) r.get("name"), (Boolean) r.get("passed"), (String) r.get("detail"))).toList();
        DynamicTest complete = DynamicTest.dynamicTest("Chromium -> our server: every step ran",
                () -> assertEquals(EXPECTED, checks.stream().map(InteropExchange.Check::name).toList()));
        return Stream.concat(Stream.of(complete), checks.stream().map(c -> DynamicTest.dynamicTest(
                "Chromium -> our server: " + c.name(),
                () -> org.junit.jupiter.api.Assertions.assertTrue(c.passed(), c.name() + ": " + c.detail()))));
    }
}
