package exercises;

import wsfs.app.SelfSignedCertificate;
import wsfs.io.EchoListener;
import wsfs.io.PemFiles;
import wsfs.io.TlsConfig;
import wsfs.io.WebSocketServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static exercises.Stage.challenge;

/**
 * Chapter 24's challenge (no exercises: chapter 24 puts chapter 14's server on TLS): the server refuses a key that
 * is not its certificate's in one line, before it listens; and a peer that opens TCP and never sends a ClientHello
 * holds only its own thread: another client completes its TLS handshake (TLS 1.3, ALPN http/1.1) meanwhile, and the
 * silent one is closed at the handshake deadline. The client here is the JDK's SSLSocket (chapter 25 builds ours).
 * Runs on the course's code, or the workspace's.
 */
final class Stages24 {
    private Stages24() {
    }

    static void keyAndDeadline() throws Exception {
        Path dir = Files.createTempDirectory("wsfs-stage20-");
        SelfSignedCertificate.Made made = SelfSignedCertificate.make(dir.resolve("a"));
        // Another EC P-256 key, made in memory (keytool is slow): the right kind, the wrong key.
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Path otherKey = Files.writeString(dir.resolve("other-key.pem"),
                PemFiles.encode("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));
        try {
            String refused;
            try {
                TlsConfig.server(made.cert(), otherKey);
                refused = "accepted";
            } catch (PemFiles.BadFile e) {
                refused = "refused: " + e.getMessage();
            }
            Expect.isTrue("TlsConfig.server(cert.pem, a key made for another certificate)",
                    refused.startsWith("refused: ") && refused.contains("does not belong") && refused.lines().count() == 1,
                    "refused, in one line saying the key does not belong to the certificate", refused);

            SSLContext context = TlsConfig.server(made.cert(), made.key());
            try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    WebSocketServer.Options.defaults().withHandshakeTimeout(Duration.ofSeconds(1)).withLog(line -> { }),
                    request -> new EchoListener(), TlsConfig.serverLayer(context));
                 Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                String seen = handshake(server.port(), made.cert());
                Expect.equal("a TLS handshake with wss://localhost:" + server.port() + "/ while another TCP peer sends"
                        + " nothing", "TLSv1.3, ALPN http/1.1", seen);
                silent.setSoTimeout(5_000);
                long t0 = System.nanoTime();
                String end;
                try (InputStream in = silent.getInputStream()) {
                    int b = in.read();
                    end = b < 0 ? "closed" : "sent a byte (" + b + ")";
                } catch (java.net.SocketTimeoutException e) {
                    end = "still open after 5 s";
                } catch (IOException e) {
                    end = "closed";
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Expect.isTrue("a TCP peer that never sends a ClientHello, handshake time-out 1 s",
                        end.equals("closed") && ms < 4_000, "closed by the server within the deadline (under 4 s)",
                        end + " after " + ms + " ms");
            }
        } finally {
            for (Path p : List.of(made.cert(), made.key(), otherKey, dir.resolve("a"), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A TLS handshake with the JDK's SSLSocket, trusting exactly {@code cert}: the protocol and ALPN it got. */
    static String handshake(int port, Path cert) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", PemFiles.certificates(cert).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket("localhost", port)) {
            tls.setSoTimeout(5_000);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(p);
            tls.startHandshake();
            return tls.getSession().getProtocol() + ", ALPN " + tls.getApplicationProtocol();
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }

    static List<Stage> stages() {
        return List.of(
                challenge("24-key-and-deadline", "the TLS server refuses a key that is not its certificate's, and a silent peer stalls no one",
                        "RFC 6455 section 4.1 (the TLS handshake before the opening handshake), section 10.6 (implementations MUST support TLS), RFC 8446",
                        "TlsConfig.server signs a random challenge with the key and verifies it with the certificate's public key; TlsConfig.serverLayer runs the TLS handshake on the connection's own thread, and TlsHandshake.run closes the socket at the handshake deadline.",
                        Stages24::keyAndDeadline));
    }
}
