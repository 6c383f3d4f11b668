package ch25;

import ch24.TestCertificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch19.Peers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.PeerProcess;
import wsfs.io.EchoListener;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.TlsClient;
import wsfs.io.TlsConfig;
import wsfs.io.TlsTrust;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;

/** Our TLS client (chapter 25) against Python websockets over TLS: OpenSSL on the server side, our checks on the client side. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonWebsocketsTlsClientTest {
    static Path peers() {
        return Peers.projectRoot().resolve("tests/ch25/peers");
    }

    @Test
    void ourClientTrustingTheCertificateTalksToTheWebsocketsTlsServer() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        try (PeerProcess server = PeerProcess.startServer(List.of(Peers.python(), "websockets_tls_server.py", "0",
                m.cert().toString(), m.key().toString()), peers(), Duration.ofSeconds(30))) {
            assertTrue(server.url().startsWith("wss://127.0.0.1:"), server.url());
            String url = server.url().replace("127.0.0.1", "localhost");
            BlockingQueue<Object> got = new LinkedBlockingQueue<>();
            WebSocketConnection c = TlsClient.connect(url, WebSocketClient.Options.defaults(), new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection c, String text) {
                    got.add(text);
                }

                @Override
                public void onBinary(WebSocketConnection c, ByteString data) {
                    got.add(data);
                }
            }, TlsTrust.of(m.cert()));
            c.sendText("hello from the JDK");
            assertEquals("hello from the JDK", got.poll(10, TimeUnit.SECONDS));
            String big = "y".repeat(100_000);
            c.sendText(big);
            assertEquals(big, got.poll(10, TimeUnit.SECONDS));
            c.close(CloseCode.NORMAL_CLOSURE, "done");
            assertTrue(c.awaitClosed(Duration.ofSeconds(10)));
            assertEquals(1000, c.closeEvent().orElseThrow().code().code());
        }
    }
}
