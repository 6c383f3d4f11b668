package ch24;

import ch01.ScriptRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import ch14.ServeProcess;
import wsfs.io.Certificates;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.PemFiles;
import wsfs.io.TlsConfig;

/**
 * The script's modes as a person runs them (java -cp target/classes Tls ...): make-cert writes usable PEM files,
 * serve and client talk over wss, and every mistake (a missing file, a file that is not PEM, a key that does not
 * match, an untrusted certificate, a wrong host name) is one line and exit status 2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsCommandLineTest {
    @TempDir
    Path dir;

    ScriptRun run(String stdin, String... args) throws Exception {
        return ScriptRun.run(dir, Duration.ofSeconds(30), stdin, "Tls", args);
    }

    @Test
    void makeCertWritesACertificateAndAPkcs8KeyThatBelongTogether() throws Exception {
        ScriptRun r = run("", "make-cert", dir.resolve("certs").toString());
        assertEquals(0, r.status(), r.err());
        Path cert = dir.resolve("certs/cert.pem");
        Path key = dir.resolve("certs/key.pem");
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("DNS:localhost, IP:127.0.0.1", Certificates.names(PemFiles.certificates(cert).get(0)));
        assertEquals("EC", PemFiles.privateKey(key).getAlgorithm());
        TlsConfig.server(cert, key); // they match
        assertTrue(r.out().contains("--ignore-certificate-errors-spki-list="), r.out());
    }

    @Test
    void serveWithAMissingFileIsOneLine() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        run("", "serve", "--port", "0", "--tls-cert", dir.resolve("nope.pem").toString(), "--tls-key",
                m.key().toString()).assertOneLineStatus2("nope.pem: no such file");
        run("", "serve", "--port", "0", "--tls-cert", m.cert().toString()).assertOneLineStatus2("--tls-key");
        run("", "make-cert").assertOneLineStatus2("make-cert needs a folder");
    }

    @Test
    void serveWithFilesThatAreNotPemIsOneLine() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        run("", "serve", "--tls-cert", junk.toString(), "--tls-key", m.key().toString()).assertOneLineStatus2("not a PEM file");
        run("", "serve", "--tls-cert", m.key().toString(), "--tls-key", m.key().toString()).assertOneLineStatus2(
                "has no -----BEGIN CERTIFICATE----- block");
        run("", "serve", "--tls-cert", m.cert().toString(), "--tls-key", m.cert().toString()).assertOneLineStatus2(
                "has no -----BEGIN PRIVATE KEY----- block");
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        run("", "serve", "--tls-cert", m.cert().toString(), "--tls-key", pkcs1.toString()).assertOneLineStatus2(
                "openssl pkcs8 -topk8");
    }

    @Test
    void serveWithAKeyThatDoesNotMatchIsOneLine() throws Exception {
        run("", "serve", "--tls-cert", TestCertificates.localhost().cert().toString(), "--tls-key",
                TestCertificates.another().key().toString()).assertOneLineStatus2("does not belong to the certificate");
    }

    /** Issue 12: the TLS server negotiates chapter 23's permessage-deflate inside TLS, unless --no-deflate. */
    @Test
    void serveOverTlsAcceptsPermessageDeflate() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        for (boolean refuse : new boolean[] {false, true}) {
            List<String> serve = new ArrayList<>(List.of("serve", "--port", "0", "--tls-cert", m.cert().toString(),
                    "--tls-key", m.key().toString()));
            if (refuse) {
                serve.add("--no-deflate");
            }
            try (ServeProcess server = ServeProcess.start(0, "Tls", serve.toArray(String[]::new))) {
                String ready = server.awaitLine("listening on ", Duration.ofSeconds(20));
                assertTrue(ready != null && ready.startsWith("listening on wss://127.0.0.1:"), server.output());
                int port = Integer.parseInt(ready.replaceAll(".*:(\\d+)/.*", "$1"));
                javax.net.ssl.SSLContext trust = JdkTls.trusting(m.cert());
                try (java.net.Socket tls = trust.getSocketFactory().createSocket("localhost", port)) {
                    String head = ch22.OfferedHandshake.responseHead(tls, "permessage-deflate; client_max_window_bits");
                    assertTrue(head.startsWith("HTTP/1.1 101 "), head);
                    assertEquals(!refuse, head.contains("Sec-WebSocket-Extensions: permessage-deflate"), head);
                }
            }
        }
    }

}
