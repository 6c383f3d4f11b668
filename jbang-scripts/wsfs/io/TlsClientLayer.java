package wsfs.io;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.util.List;

/**
 * The client's TLS layer (chapter 25), chapter 16's {@link WebSocketClient.SocketLayer}: SNI with the URL's host name
 * (RFC 6066 section 3; not for IP addresses), ALPN http/1.1, then the checks: the chain leads to a trusted CA, and
 * the certificate names the host of the URL (endpoint identification "HTTPS", RFC 9110 section 4.3.4, the same check
 * as for https: a DNS name in subjectAltName, or an IP address for an IP URL). A refusal is a {@link TlsFailed}.
 */
public final class TlsClientLayer {
    private TlsClientLayer() {
    }

    /** The layer that runs the TLS handshake on the client's TCP socket, trusting what {@code trust} trusts. */
    public static WebSocketClient.SocketLayer of(TlsTrust trust) {
        return (tcp, target, budget) -> {
            String host = target.socketHost();
            SSLSocket tls = (SSLSocket) trust.context().getSocketFactory().createSocket(tcp, host, target.port(), true);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            p.setApplicationProtocols(TlsHandshake.ALPN);
            tls.setSSLParameters(p);
            trust.lastChain().remove();
            try {
                TlsHandshake.run(tls, tcp, budget, host + ":" + target.port());
            } catch (SSLException e) {
                throw TlsFailed.explain(e, target, trust);
            }
            return new TlsSocket(tls, tcp);
        };
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (then no SNI, RFC 6066 section 3, and an IP SAN check). */
    static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
