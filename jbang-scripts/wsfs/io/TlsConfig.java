package wsfs.io;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * TLS for the server and the client with nothing but the JDK (chapter 20). {@link #server} turns a PEM certificate
 * chain and its PKCS#8 key into an {@link SSLContext}; {@link #serverLayer} runs the TLS handshake on each accepted
 * socket (chapter 10's {@link WebSocketServer.SocketLayer}); {@link #client} trusts the JDK's CAs or a PEM file;
 * {@link #clientLayer} checks the server's certificate and its name (RFC 9110 section 4.3.4, the same check as for
 * https) and sends SNI. Both offer ALPN "http/1.1" (RFC 7301): the opening handshake is an HTTP/1.1 request.
 */
public final class TlsConfig {
    private TlsConfig() {
    }

    /** ALPN: WebSocket's opening handshake is HTTP/1.1 (RFC 6455 section 4.1; over HTTP/2 it would be RFC 8441). */
    public static final String[] ALPN = {"http/1.1"};

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    /** A server context from a PEM chain (the server's certificate first) and its PKCS#8 key; checks they match. */
    public static SSLContext server(Path certPem, Path keyPem) throws IOException {
        List<X509Certificate> chain = PemFiles.certificates(certPem);
        PrivateKey key = PemFiles.privateKey(keyPem);
        if (!matches(key, chain.get(0))) {
            throw new PemFiles.BadFile(keyPem + ": this key does not belong to the certificate in " + certPem
                    + " (a signature made with it does not verify with the certificate's public key)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PemFiles.BadFile(certPem + " and " + keyPem + ": the JDK cannot use them (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code key} is the private half of the certificate's public key: sign a random challenge and verify. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, EdDSA
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException differentKinds) {
            return false; // an EC key and an RSA certificate, say
        }
    }

    /** The TLS handshake on each accepted socket, on the connection's thread, within the server's handshake budget. */
    public static WebSocketServer.SocketLayer serverLayer(SSLContext context) {
        return new WebSocketServer.SocketLayer() {
            @Override
            public Socket wrap(Socket accepted, Duration budget) throws IOException {
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
                SSLParameters p = tls.getSSLParameters();
                p.setApplicationProtocols(ALPN);
                tls.setSSLParameters(p);
                try {
                    handshake(tls, accepted, budget, "the client");
                } catch (SSLException e) {
                    if (causes(e).contains("Unsupported or unrecognized SSL message")) {
                        throw new SSLException("the client does not speak TLS (a plain ws:// or http:// client on the"
                                + " wss:// port?)", e);
                    }
                    throw e;
                }
                return new TlsSocket(tls, accepted);
            }

            @Override
            public String scheme() {
                return "wss";
            }
        };
    }

    /**
     * Runs the TLS handshake with one deadline for the whole of it: a peer that sends its ClientHello one byte at a
     * time still runs out of time (the socket's read time-out alone restarts with every byte).
     */
    private static void handshake(SSLSocket tls, Socket tcp, Duration budget, String peer) throws IOException {
        ScheduledFuture<?> deadline = EdgeTimer.after(budget, () -> {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing is the point
            }
        });
        try {
            tls.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the TLS handshake with " + peer + " did not finish within "
                    + budget.toMillis() + " ms");
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new SocketTimeoutException("the TLS handshake with " + peer + " did not finish within "
                        + budget.toMillis() + " ms");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    // ---- the client ---------------------------------------------------------------------------------------

    /** What a client trusts: the JDK's CAs (caPem null) or the certificates of a PEM file; remembers what it saw. */
    public record Client(SSLContext context, Path caFile, ThreadLocal<X509Certificate[]> lastChain) {
    }

    /** A client context that trusts the JDK's CA certificates, or only those of {@code caPem} if it is not null. */
    public static Client client(Path caPem) throws IOException {
        try {
            KeyStore anchors = null;
            if (caPem != null) {
                anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.certificates(caPem)) {
                    anchors.setCertificateEntry("ca-" + i++, ca);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            X509ExtendedTrustManager jdk = null;
            for (TrustManager m : trust.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    jdk = x;
                }
            }
            ThreadLocal<X509Certificate[]> seen = new ThreadLocal<>();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Recording(jdk, seen)}, null);
            return new Client(context, caPem, seen);
        } catch (GeneralSecurityException e) {
            throw new PemFiles.BadFile((caPem == null ? "the JDK's trust store" : caPem.toString())
                    + ": cannot be used as trusted CAs (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (e instanceof PemFiles.BadFile) {
                throw e;
            }
            throw new PemFiles.BadFile(caPem + ": " + e.getMessage());
        }
    }

    /** A TLS failure the client can explain in one line (untrusted certificate, wrong name, no TLS at all). */
    public static final class TlsFailed extends IOException {
        public TlsFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The client's TLS handshake: SNI with the URL's host name (RFC 6066 section 3; not for IP addresses), ALPN
     * http/1.1, then the checks: the chain leads to a trusted CA, and the certificate names the host of the URL
     * (endpoint identification "HTTPS": a DNS name in subjectAltName, or an IP address for an IP URL).
     */
    public static WebSocketClient.SocketLayer clientLayer(Client client) {
        return (tcp, target, budget) -> {
            String host = target.socketHost();
            SSLSocket tls = (SSLSocket) client.context().getSocketFactory().createSocket(tcp, host, target.port(), true);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            p.setApplicationProtocols(ALPN);
            tls.setSSLParameters(p);
            client.lastChain().remove();
            try {
                handshake(tls, tcp, budget, host + ":" + target.port());
            } catch (SSLException e) {
                throw explain(e, target, client);
            }
            return new TlsSocket(tls, tcp);
        };
    }

    /** One line for a failed client handshake. */
    static TlsFailed explain(SSLException e, WsUrl target, Client client) {
        X509Certificate[] chain = client.lastChain().get();
        client.lastChain().remove();
        String where = target.socketHost() + ":" + target.port();
        String trusted = client.caFile() == null ? "the JDK's trust store" : client.caFile().toString();
        String causes = causes(e);
        if (chain != null && chain.length > 0 && (causes.contains("No subject alternative")
                || causes.contains("No name matching"))) {
            return new TlsFailed("the certificate of " + where + " is not for " + target.socketHost() + ": it names "
                    + names(chain[0]) + " (host name check, RFC 9110 section 4.3.4)", e);
        }
        if (chain != null && chain.length > 0 && (causes.contains("PKIX") || causes.contains("certification path")
                || causes.contains("trust"))) {
            X509Certificate top = chain[chain.length - 1];
            return new TlsFailed("the certificate of " + where + " (" + chain[0].getSubjectX500Principal().getName()
                    + ", issued by " + top.getIssuerX500Principal().getName() + ") is not trusted: no certificate in "
                    + trusted + " signed it" + (client.caFile() == null ? "; give its CA with --ca FILE" : ""), e);
        }
        if (causes.contains("plaintext") || causes.contains("Unsupported or unrecognized SSL message")) {
            return new TlsFailed(where + " does not speak TLS (is it a ws:// server?)", e);
        }
        return new TlsFailed("the TLS handshake with " + where + " failed: " + e.getMessage(), e);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    /** The subjectAltName entries of a certificate, as "DNS:localhost, IP:127.0.0.1". */
    public static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    names.add((type == 2 ? "DNS:" : type == 7 ? "IP:" : "type " + type + ":") + entry.get(1));
                }
            }
        } catch (CertificateException e) {
            names.add("(unreadable subjectAltName)");
        }
        return names.isEmpty() ? "no subjectAltName (only " + cert.getSubjectX500Principal().getName() + ")"
                : String.join(", ", names);
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (then no SNI, RFC 6066 section 3, and an IP SAN check). */
    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)): the pin Chromium's --ignore-certificate-errors-spki-list takes. */
    public static String spkiSha256(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delegates to the JDK's trust manager and remembers, on the handshaking thread, the chain the server sent. */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager jdk;
        private final ThreadLocal<X509Certificate[]> seen;

        Recording(X509ExtendedTrustManager jdk, ThreadLocal<X509Certificate[]> seen) {
            this.jdk = jdk;
            this.seen = seen;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            seen.set(chain);
            jdk.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                throws CertificateException {
            seen.set(chain);
            jdk.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            seen.set(chain);
            jdk.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            jdk.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                throws CertificateException {
            jdk.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return jdk.getAcceptedIssuers();
        }
    }
}
