package ch25;

import ch24.TestCertificates;

import ch01.ScriptRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ch14.ServeProcess;
import wsfs.io.EchoListener;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.TlsConfig;
import wsfs.io.WebSocketServer;

/** 25_TlsClient.java client on the command line against 24_Tls.java serve: an echo over wss://, and every mistake one line with exit status 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsClientCommandLineTest {
    @TempDir
    Path dir;

    ScriptRun run(String stdin, String... args) throws Exception {
        return ScriptRun.run(dir, Duration.ofSeconds(30), stdin, "TlsClientDemo", args);
    }

    @Test
    void serveAndClientEchoOverWss() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        try (ServeProcess server = ServeProcess.start(0, "Tls", "serve", "--port", "0", "--tls-cert", m.cert().toString(),
                "--tls-key", m.key().toString())) {
            String ready = server.awaitLine("listening on ", Duration.ofSeconds(20));
            assertTrue(ready != null && ready.startsWith("listening on wss://127.0.0.1:"), server.output());
            int port = Integer.parseInt(ready.replaceAll(".*:(\\d+)/.*", "$1"));
            ScriptRun r = run("hello\nover TLS\n", "client", "wss://localhost:" + port + "/", "--ca", m.cert().toString());
            assertEquals(0, r.status(), r.err());
            assertEquals("hello\nover TLS\n", r.out());
            // Without --ca the JDK's trust store decides, and no CA there signed our certificate.
            run("x\n", "client", "wss://localhost:" + port + "/").assertOneLineStatus2("is not trusted");
        }
    }

    @Test
    void aWrongHostNameIsOneLine() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        try (WebSocketServer elsewhere = WebSocketServer.start(new InetSocketAddress("127.0.0.2", 0),
                WebSocketServer.Options.defaults(), request -> new EchoListener(),
                TlsConfig.serverLayer(TlsConfig.server(m.cert(), m.key())))) {
            run("x\n", "client", "wss://127.0.0.2:" + elsewhere.port() + "/", "--ca", m.cert().toString()).assertOneLineStatus2(
                    "is not for 127.0.0.2: it names DNS:localhost, IP:127.0.0.1");
        }
    }

    @Test
    void clientMistakesAreOneLine() throws Exception {
        run("", "client").assertOneLineStatus2("client needs a URL");
        run("", "client", "http://localhost/").assertOneLineStatus2("ws://");
        run("", "client", "wss://localhost:1/", "--ca", dir.resolve("none.pem").toString()).assertOneLineStatus2("no such file");
    }
}
