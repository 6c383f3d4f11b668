package ch24;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;

/** Chapter 24's TLS server on loopback: wss:// in its URL, a message over many records, ALPN, and peers that do not speak TLS, or too slowly, handled without stalling anyone. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsEchoTest {
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

    static String echo(String url, java.nio.file.Path trusted, String text) throws Exception {
        TlsEchoServer.Inbox inbox = new TlsEchoServer.Inbox();
        WebSocketConnection c = WebSocketClient.connect(wsfs.io.WsUrl.parse(url), WebSocketClient.Options.defaults(), inbox,
                JdkTls.layer(trusted));
        try {
            c.sendText(text);
            return inbox.texts.poll(10, TimeUnit.SECONDS);
        } finally {
            c.close(wsfs.protocol.CloseCode.NORMAL_CLOSURE, "done");
            c.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void theServerSaysWss() {
        assertTrue(server.url().startsWith("wss://127.0.0.1:"), server.url());
    }

    @Test
    void aBigMessageCrossesManyTlsRecords() throws Exception {
        String big = "x".repeat(200_000); // a TLS record carries at most 16 KiB of plaintext (RFC 8446 section 5.1)
        assertEquals(big, echo(server.url(), cert.cert(), big));
    }

    @Test
    void aClientThatOffersOnlyH2IsRefusedWithNoApplicationProtocol() throws Exception {
        // RFC 7301 section 3.2: no protocol in common, the server answers with the no_application_protocol alert.
        try (Socket tcp = new Socket("127.0.0.1", server.port())) {
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) JdkTls.trusting(cert.cert())
                    .getSocketFactory().createSocket(tcp, "localhost", server.port(), true);
            javax.net.ssl.SSLParameters p = tls.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(p);
            var e = assertThrows(javax.net.ssl.SSLException.class, tls::startHandshake);
            assertTrue(e.getMessage().contains("no_application_protocol"), e.getMessage());
        }
    }

    @Test
    void aPlainHttpClientOnTheTlsPortIsOneLogLine() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            plain.setSoTimeout(10_000);
            plain.getInputStream().readAllBytes(); // the server closes it
        }
        // Other tests' connections may log too: wait for this one's line, with a bound.
        String expected = "the client does not speak TLS (a plain ws:// or http:// client on the wss:// port?)";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line;
        do {
            line = log.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (line != null && !line.contains(expected));
        assertTrue(line != null && !line.contains("\n"), "one log line saying so: " + line);
    }

    @Test
    void aPeerThatNeverSendsAClientHelloDoesNotStallTheAcceptLoop() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", server.port())) {
            // While the silent peer holds its connection (its TLS handshake waits on its own virtual thread),
            // another client connects, handshakes and echoes.
            assertEquals("still accepting", echo(server.url(), cert.cert(), "still accepting"));
            // The handshake budget (2 s here) ends the silent one: the server closes it.
            silent.setSoTimeout(10_000);
            InputStream in = silent.getInputStream();
            long start = System.nanoTime();
            assertEquals(-1, in.read());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited < 5_000, "closed after " + waited + " ms");
        }
    }

    @Test
    void aClientHelloTrickledOneByteAtATimeStillRunsOutOfTime() throws Exception {
        // A socket read time-out restarts with every byte; the handshake deadline does not (Slowloris, chapter 20).
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.setSoTimeout(10_000);
            byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 200 && !cut; i++) {
                try {
                    slow.getOutputStream().write(hello[i % hello.length]);
                    slow.getOutputStream().flush();
                    // 100 ms between bytes: wait on the socket itself, which answers only by closing
                    slow.setSoTimeout(100);
                    cut = slow.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // no answer yet: send the next byte
                } catch (java.io.IOException reset) {
                    cut = true;
                }
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(cut, "the server never closed the trickling connection");
            assertTrue(waited < 6_000, "closed after " + waited + " ms");
        }
    }
}
