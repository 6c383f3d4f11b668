package ch25;

import ch24.TestCertificates;
import ch24.TlsEchoServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.EchoListener;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.TlsClient;
import wsfs.io.TlsClientLayer;
import wsfs.io.TlsConfig;
import wsfs.io.TlsFailed;
import wsfs.io.TlsSocket;
import wsfs.io.TlsTrust;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;

/** Our TLS client (chapter 25) against chapter 24's server on loopback: the echo, TLS 1.3 with ALPN, and the client's two checks refusing what they must, each in one line. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsClientTest {
    static TlsEchoServer tls;
    static SelfSignedCertificate.Made cert;
    static WebSocketServer server;
    static BlockingQueue<String> log;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsEchoServer.start();
        cert = tls.cert;
        server = tls.server;
        log = tls.log;
    }

    @AfterAll
    static void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    static String echo(String url, TlsTrust trust, String text) throws Exception {
        TlsEchoServer.Inbox inbox = new TlsEchoServer.Inbox();
        WebSocketConnection c = TlsClient.connect(url, WebSocketClient.Options.defaults(), inbox, trust);
        try {
            c.sendText(text);
            return inbox.texts.poll(10, TimeUnit.SECONDS);
        } finally {
            c.close(wsfs.protocol.CloseCode.NORMAL_CLOSURE, "done");
            c.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void ourClientTrustingTheCertificateEchoesOverTls() throws Exception {
        TlsTrust trust = TlsTrust.of(cert.cert());
        assertEquals("hello over TLS", echo(server.url(), trust, "hello over TLS"));
        assertEquals("by name", echo("wss://localhost:" + server.port() + "/", trust, "by name"));
    }

    @Test
    void theNegotiatedProtocolIsTls13WithAlpnHttp11() throws Exception {
        TlsEchoServer.Inbox inbox = new TlsEchoServer.Inbox();
        WebSocketConnection c = WebSocketClient.connect(wsfs.io.WsUrl.parse(server.url()), WebSocketClient.Options.defaults(),
                inbox, (tcp, target, budget) -> {
                    Socket s = TlsClientLayer.of(TlsTrust.of(cert.cert())).wrap(tcp, target, budget);
                    TlsSocket t = (TlsSocket) s;
                    assertEquals("TLSv1.3", t.tls().getSession().getProtocol());
                    assertEquals("http/1.1", t.tls().getApplicationProtocol());
                    return s;
                });
        c.close(wsfs.protocol.CloseCode.NORMAL_CLOSURE, "");
        assertTrue(c.awaitClosed(Duration.ofSeconds(5)));
    }

    @Test
    void anUntrustedCertificateIsOneClearLine() {
        // The JDK's trust store: no CA there signed our self-signed certificate.
        TlsFailed e = assertThrows(TlsFailed.class,
                () -> echo(server.url(), TlsTrust.of(null), "x"));
        assertTrue(e.getMessage().contains("is not trusted"), e.getMessage());
        assertTrue(e.getMessage().contains("CN=localhost"), e.getMessage());
        assertTrue(e.getMessage().contains("--ca FILE"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // Another self-signed certificate with the same names is no better: trust is in the key, not in the name.
        TlsFailed other = assertThrows(TlsFailed.class,
                () -> echo(server.url(), TlsTrust.of(TestCertificates.another().cert()), "x"));
        assertTrue(other.getMessage().contains("is not trusted"), other.getMessage());
    }

    @Test
    void aCertificateForAnotherNameIsOneClearLine() throws Exception {
        // 127.0.0.2 is loopback too (127/8), but the certificate names only localhost and 127.0.0.1.
        SSLContext context = TlsConfig.server(cert.cert(), cert.key());
        try (WebSocketServer elsewhere = WebSocketServer.start(new InetSocketAddress("127.0.0.2", 0),
                WebSocketServer.Options.defaults(), request -> new EchoListener(), TlsConfig.serverLayer(context))) {
            String url = "wss://127.0.0.2:" + elsewhere.port() + "/";
            TlsFailed e = assertThrows(TlsFailed.class,
                    () -> echo(url, TlsTrust.of(cert.cert()), "x"));
            assertEquals("the certificate of 127.0.0.2:" + elsewhere.port() + " is not for 127.0.0.2: it names"
                    + " DNS:localhost, IP:127.0.0.1 (host name check, RFC 9110 section 4.3.4)", e.getMessage());
        }
    }

    @Test
    void aPlainWsServerIsNotMistakenForTls() throws Exception {
        // The plain server reads the ClientHello as a broken HTTP head and answers in plain HTTP (408 after 1 s).
        try (WebSocketServer plain = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                .withHandshakeTimeout(Duration.ofSeconds(1)), new EchoListener())) {
            String url = "wss://127.0.0.1:" + plain.port() + "/";
            var e = assertThrows(TlsFailed.class, () -> echo(url, TlsTrust.of(cert.cert()), "x"));
            assertEquals("127.0.0.1:" + plain.port() + " does not speak TLS (is it a ws:// server?)", e.getMessage());
        }
    }

}
