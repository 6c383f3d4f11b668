package wsfs.io;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * TLS for the server with nothing but the JDK (chapter 24). {@link #server} turns a PEM certificate chain and its
 * PKCS#8 key into an {@link SSLContext}, after checking that the key belongs to the certificate; {@link #serverLayer}
 * runs the TLS handshake on each accepted socket (chapter 14's {@link WebSocketServer.SocketLayer}) and offers ALPN
 * "http/1.1" (RFC 7301): the opening handshake is an HTTP/1.1 request. The client's side is {@code TlsClient}.
 */
public final class TlsConfig {
    private TlsConfig() {
    }

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
                p.setApplicationProtocols(TlsHandshake.ALPN);
                tls.setSSLParameters(p);
                try {
                    TlsHandshake.run(tls, accepted, budget, "the client");
                } catch (SSLException e) {
                    if (TlsHandshake.causes(e).contains("Unsupported or unrecognized SSL message")) {
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
}
