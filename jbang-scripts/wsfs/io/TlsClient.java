package wsfs.io;

import java.io.IOException;

/**
 * The client for {@code wss://} URLs (chapter 20): chapter 10's {@link WebSocketClient} with the TLS layer of
 * {@link TlsConfig#clientLayer} between the TCP socket and the opening handshake. A {@code ws://} URL goes to
 * chapter 10's client unchanged. Nothing inside the TLS connection changes: the same upgrade request, the same
 * frames, still masked (RFC 6455 section 10.3).
 * <pre>
 * TlsConfig.Client trust = TlsConfig.client(Path.of("cert.pem"));   // or client(null): the JDK's CAs
 * WebSocketConnection c = TlsClient.connect("wss://localhost:8443/", WebSocketClient.Options.defaults(), listener, trust);
 * </pre>
 */
public final class TlsClient {
    private TlsClient() {
    }

    /**
     * Connects to a wss:// (or ws://) URL. A certificate that is not trusted, or not for the URL's host, is a
     * {@link TlsConfig.TlsFailed} whose message is one line.
     */
    public static WebSocketConnection connect(String url, WebSocketClient.Options options, WebSocketListener listener,
                                              TlsConfig.Client trust) throws IOException {
        WsUrl target = WsUrl.parse(url);
        if (!target.secure()) {
            return WebSocketClient.connect(url, options, listener);
        }
        return WebSocketClient.connect(target, options, listener, TlsConfig.clientLayer(trust));
    }
}
