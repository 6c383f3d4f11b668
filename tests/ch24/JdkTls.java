package ch24;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import wsfs.io.PemFiles;
import wsfs.io.TlsSocket;
import wsfs.io.WebSocketClient;

/**
 * A TLS client side made of the JDK alone, for chapter 24's tests of the server (chapter 25 builds the course's
 * client, with its checks and one-line refusals): trusts exactly one certificate file, checks the name as for https.
 */
public final class JdkTls {
    private JdkTls() {
    }

    /** A client context that trusts only the certificates in {@code certPem}. */
    public static SSLContext trusting(Path certPem) throws IOException {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (var ca : PemFiles.certificates(certPem)) {
                anchors.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Chapter 16's client hook with TLS underneath: SNI (for a name), ALPN http/1.1, the https name check. */
    public static WebSocketClient.SocketLayer layer(Path certPem) throws IOException {
        SSLContext context = trusting(certPem);
        return (tcp, target, budget) -> {
            String host = target.socketHost();
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, target.port(), true);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.contains(":") && !host.matches("[0-9.]+")) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            p.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(p);
            tcp.setSoTimeout((int) Math.max(1, budget.toMillis()));
            tls.startHandshake();
            tcp.setSoTimeout(0);
            return new TlsSocket(tls, tcp);
        };
    }
}
