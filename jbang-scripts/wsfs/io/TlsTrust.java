package wsfs.io;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * What a TLS client trusts (chapter 25): the JDK's CA certificates ({@code caFile} null) or only those of a PEM file,
 * in an {@link SSLContext} whose trust manager also remembers, per handshaking thread, the chain the server sent
 * ({@code lastChain}), so that a refusal can say whose certificate it was ({@link TlsFailed#explain}).
 */
public record TlsTrust(SSLContext context, Path caFile, ThreadLocal<X509Certificate[]> lastChain) {

    /** A client context that trusts the JDK's CA certificates, or only those of {@code caPem} if it is not null. */
    public static TlsTrust of(Path caPem) throws IOException {
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
            context.init(null, new TrustManager[] {new RecordingTrustManager(jdk, seen)}, null);
            return new TlsTrust(context, caPem, seen);
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
}
