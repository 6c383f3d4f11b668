package wsfs.io;

import java.io.IOException;

/**
 * The client for {@code wss://} URLs (chapter 25): chapter 16's {@link WebSocketClient} with the TLS layer of
 * {@link TlsClientLayer} between the TCP socket and the opening handshake. A {@code ws://} URL goes to
 * chapter 16's client unchanged. Nothing inside the TLS connection changes: the same upgrade request, the same
 * frames, still masked (RFC 6455 section 10.3).
 * <pre>
 * TlsTrust trust = TlsTrust.of(Path.of("cert.pem"));   // or of(null): the JDK's CAs
 * WebSocketConnection c = TlsClient.connect("wss://localhost:8443/", WebSocketClient.Options.defaults(), listener, trust);
 * </pre>
 */
public final class TlsClient {
    private TlsClient() {
    }

    /**
     * Connects to a wss:// (or ws://) URL. A certificate that is not trusted, or not for the URL's host, is a
     * {@link TlsFailed} whose message is one line.
     */
    public static WebSocketConnection connect(String url, WebSocketClient.Options options, WebSocketListener listener,
                                              TlsTrust trust) throws IOException {
        WsUrl target = WsUrl.parse(url);
        if (!target.secure()) {
            return WebSocketClient.connect(url, options, listener);
        }
        return WebSocketClient.connect(target, options, listener, TlsClientLayer.of(trust));
    }
}
