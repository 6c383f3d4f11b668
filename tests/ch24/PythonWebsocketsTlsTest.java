package ch24;

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
import wsfs.io.TlsConfig;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;

/**
 * Python's websockets over TLS in both directions, with OpenSSL on its side and the JDK on ours: its client trusts
 * our make-cert certificate as its only CA (so OpenSSL checks our chain and the name "localhost"), and our client
 * trusts the same certificate served by its server: that direction is chapter 25's client, tests/ch25).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonWebsocketsTlsTest {
    static Path peers() {
        return Peers.projectRoot().resolve("tests/ch24/peers");
    }

    @Test
    void websocketsClientTrustingOurCertificateTalksToOurTlsServer() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        String python = Peers.python();
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults(), request -> new EchoListener(),
                TlsConfig.serverLayer(TlsConfig.server(m.cert(), m.key())));
             PeerProcess client = PeerProcess.run(List.of(python, "websockets_tls_client.py",
                     "wss://localhost:" + server.port() + "/", m.cert().toString()), peers(), Duration.ofSeconds(40))) {
            assertEquals(0, client.exitValue(), client.output());
            assertTrue(client.output().contains("DONE passed=5 failed=0"), client.output());
        }
    }

}
