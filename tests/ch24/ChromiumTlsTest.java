package ch24;

import static org.junit.jupiter.api.Assertions.assertEquals;

import browser.HeadlessChromium;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.EchoListener;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.SpkiPin;
import wsfs.io.TlsConfig;
import wsfs.io.WebSocketServer;

/**
 * Headless Chromium loads a page over https from our server and opens a wss:// socket back to it. The browser
 * trusts exactly our test key for this run: {@code --ignore-certificate-errors-spki-list} takes base64(SHA-256)
 * of the certificate's SubjectPublicKeyInfo, and ignores certificate errors only for a chain holding that key.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChromiumTlsTest {
    static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>wss</title>
            <script>
            window.result = null;
            const ws = new WebSocket("wss://" + location.host + "/echo");
            ws.onopen = () => ws.send("hello from Chromium over TLS");
            ws.onmessage = e => { window.result = "echo: " + e.data + " (" + location.protocol + ")"; ws.close(1000, "done"); };
            ws.onerror = () => { window.result = "error"; };
            </script>
            """;

    @Test
    void chromiumOpensTheHttpsPageAndTheWssSocket() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withPage("/", WebSocketServer.Page.html(PAGE)),
                request -> new EchoListener(), TlsConfig.serverLayer(TlsConfig.server(m.cert(), m.key())));
             HeadlessChromium chromium = HeadlessChromium.start(
                     "--ignore-certificate-errors-spki-list=" + SpkiPin.sha256(m.certificate()))) {
            chromium.driver().get("https://localhost:" + server.port() + "/");
            chromium.waitFor("window.result !== null", Duration.ofSeconds(20));
            assertEquals("echo: hello from Chromium over TLS (https:)", chromium.script("return window.result;"));
        }
    }

    @Test
    void withoutThePinChromiumRefusesTheSelfSignedCertificate() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withPage("/", WebSocketServer.Page.html(PAGE)),
                request -> new EchoListener(), TlsConfig.serverLayer(TlsConfig.server(m.cert(), m.key())));
             HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.driver().get("https://localhost:" + server.port() + "/");
            // Chromium shows its certificate error page instead: our page's script never ran.
            assertEquals("undefined", chromium.script("return typeof window.result;"));
        }
    }
}
