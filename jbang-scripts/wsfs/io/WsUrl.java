package wsfs.io;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code ws://} URL taken apart the way RFC 6455 section 3 describes it (chapter 16):
 * {@code ws://host[:port]/path[?query]}. The client needs three things from it: where to connect
 * (host and port, 80 by default), what to put in the request line (the "resource name": path and query),
 * and what to put in the Host header.
 *
 * <p>{@code wss://} (WebSocket over TLS, default port 443) parses too, with {@link #secure} set; chapter 16's
 * client speaks plain TCP only and refuses it, chapter 25's {@code TlsClient} connects to it.
 *
 * @param secure true for {@code wss://} (chapter 25's client)
 * @param host the host name or IP address, lower-cased; IPv6 literals keep their brackets ("[::1]")
 * @param port the TCP port (80, or 443 for wss, unless the URL names one)
 * @param resourceName the path ("/" if the URL has none) followed by "?" and the query, if any
 */
public record WsUrl(boolean secure, String host, int port, String resourceName) {

    /** Section 3: the default port of the "ws" scheme is 80. */
    public static final int DEFAULT_PORT = 80;

    /** Section 3: the default port of the "wss" scheme is 443 (chapter 24). */
    public static final int SECURE_DEFAULT_PORT = 443;

    /** A plain {@code ws://} URL. */
    public WsUrl(String host, int port, String resourceName) {
        this(false, host, port, resourceName);
    }

    public WsUrl {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a ws URL needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (resourceName == null || !resourceName.startsWith("/")) {
            throw new IllegalArgumentException("the resource name starts with '/': " + resourceName);
        }
    }

    /**
     * Parses a ws URL. Throws IllegalArgumentException with a sentence saying what is wrong:
     * another scheme, no host, a fragment (section 3 forbids "#"). Both ws and wss parse.
     */
    public static WsUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + url + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "ws", "wss" -> { }
            case "http", "https" -> throw new IllegalArgumentException(
                    "a WebSocket URL starts with ws:// (the client sends the HTTP Upgrade request itself): " + url);
            default -> throw new IllegalArgumentException("not a ws:// URL: " + url);
        }
        // Section 3: "Fragment identifiers are meaningless in the context of WebSocket URIs and MUST NOT be used".
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a ws URL must not have a fragment (#...), RFC 6455 section 3: " + url);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a ws URL needs a host, as in ws://127.0.0.1:8080/: " + url);
        }
        boolean secure = scheme.equals("wss");
        int port = uri.getPort() == -1 ? (secure ? SECURE_DEFAULT_PORT : DEFAULT_PORT) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String resource = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new WsUrl(secure, host.toLowerCase(Locale.ROOT), port, resource);
    }

    /** The value of the Host header (RFC 9110 section 7.2): the port is left out when it is the scheme's default. */
    public String hostHeader() {
        return port == (secure ? SECURE_DEFAULT_PORT : DEFAULT_PORT) ? host : host + ":" + port;
    }

    /** "wss" or "ws". */
    public String scheme() {
        return secure ? "wss" : "ws";
    }

    /** The host name to give to the socket: IPv6 literals without their brackets. */
    public String socketHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The path of the resource name, without the query. */
    public String path() {
        int q = resourceName.indexOf('?');
        return q < 0 ? resourceName : resourceName.substring(0, q);
    }

    /** The raw query (still percent-encoded), or null if there is none. */
    public String query() {
        int q = resourceName.indexOf('?');
        return q < 0 ? null : resourceName.substring(q + 1);
    }

    @Override
    public String toString() {
        return scheme() + "://" + hostHeader() + resourceName;
    }
}
