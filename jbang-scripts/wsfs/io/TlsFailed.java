package wsfs.io;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.security.cert.X509Certificate;

/**
 * A TLS failure the client can explain in one line (chapter 25): a certificate that is not trusted, one that is not
 * for the URL's host, a server that does not speak TLS at all. {@link #explain} turns the JDK's exception into it.
 */
public final class TlsFailed extends IOException {
    public TlsFailed(String message, Throwable cause) {
        super(message, cause);
    }

    /** One line for a failed client handshake, from the JDK's exception and the chain the server sent. */
    static TlsFailed explain(SSLException e, WsUrl target, TlsTrust trust) {
        X509Certificate[] chain = trust.lastChain().get();
        trust.lastChain().remove();
        String where = target.socketHost() + ":" + target.port();
        String trusted = trust.caFile() == null ? "the JDK's trust store" : trust.caFile().toString();
        String causes = TlsHandshake.causes(e);
        if (chain != null && chain.length > 0 && (causes.contains("No subject alternative")
                || causes.contains("No name matching"))) {
            return new TlsFailed("the certificate of " + where + " is not for " + target.socketHost() + ": it names "
                    + Certificates.names(chain[0]) + " (host name check, RFC 9110 section 4.3.4)", e);
        }
        if (chain != null && chain.length > 0 && (causes.contains("PKIX") || causes.contains("certification path")
                || causes.contains("trust"))) {
            X509Certificate top = chain[chain.length - 1];
            return new TlsFailed("the certificate of " + where + " (" + chain[0].getSubjectX500Principal().getName()
                    + ", issued by " + top.getIssuerX500Principal().getName() + ") is not trusted: no certificate in "
                    + trusted + " signed it" + (trust.caFile() == null ? "; give its CA with --ca FILE" : ""), e);
        }
        if (causes.contains("plaintext") || causes.contains("Unsupported or unrecognized SSL message")) {
            return new TlsFailed(where + " does not speak TLS (is it a ws:// server?)", e);
        }
        return new TlsFailed("the TLS handshake with " + where + " failed: " + e.getMessage(), e);
    }
}
