package wsfs.io;

import wsfs.protocol.AcceptKey;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client's side of the opening handshake (chapter 03, RFC 6455 section 4.1).
 * <p>
 * {@link #request} builds the upgrade request and {@link #verify} checks the server's answer; neither
 * touches a socket. {@link #perform} writes the request to a stream, reads the response head with the same
 * bounded reader the server uses, and verifies it. The stream is left on the server's first frame.
 *
 * @param host         the server's host name, sent in Host
 * @param port         the server's port; 80, the default for ws:, is left out of Host, and any other (443 for wss: too) is
 *                     sent, which section 4.1 allows (the handshake does not know the scheme)
 * @param path         the resource name with its query, such as "/chat"
 * @param protocols    the subprotocols offered, most preferred first (possibly none)
 * @param extraHeaders further fields, such as Origin; they may not replace the handshake's own fields
 * @param key          the Sec-WebSocket-Key; {@link #of} draws a fresh one, tests and demos pass a fixed one
 */
public record ClientHandshake(String host, int port, String path, List<String> protocols,
                              Map<String, String> extraHeaders, String key) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> RESERVED = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    /** The outcome: what we sent, what came back, and the subprotocol the server chose (if any). */
    public record Result(HttpRequest request, HttpResponse response, Optional<String> subprotocol) {
    }

    public ClientHandshake {
        protocols = List.copyOf(protocols);
        extraHeaders = Map.copyOf(extraHeaders);
        if (!AcceptKey.isValidKey(key)) {
            throw new IllegalArgumentException("a Sec-WebSocket-Key must be base64 of 16 bytes: " + key);
        }
        for (String name : extraHeaders.keySet()) {
            if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is set by the handshake itself");
            }
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the resource name must start with /: " + path);
        }
    }

    /** A handshake with a fresh random key from SecureRandom, as RFC 6455 section 4.1 requires. */
    public static ClientHandshake of(String host, int port, String path, List<String> protocols,
                                     Map<String, String> extraHeaders) {
        return new ClientHandshake(host, port, path, protocols, extraHeaders, AcceptKey.newKey(RANDOM));
    }

    /** From a ws:// URI such as ws://127.0.0.1:8080/chat?room=1 (RFC 6455 section 3). */
    public static ClientHandshake of(URI uri, List<String> protocols, Map<String, String> extraHeaders) {
        if (!"ws".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getFragment() != null) {
            throw new IllegalArgumentException("expected ws://host[:port]/path without a fragment: " + uri);
        }
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return of(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort(), path, protocols, extraHeaders);
    }

    /** Convenience for later chapters: build, send, read and verify in one call. */
    public static Result perform(InputStream in, OutputStream out, String host, int port, String path,
                                 List<String> protocols, Map<String, String> extraHeaders) throws IOException {
        return of(host, port, path, protocols, extraHeaders).perform(in, out);
    }

    /** The upgrade request of RFC 6455 section 4.1 (the fields may come in any order; we use the RFC's). */
    public HttpRequest request() {
        HttpHeaders h = HttpHeaders.of(
                "Host", port == 80 ? host : host + ":" + port,
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Key", key);
        for (var extra : new java.util.TreeMap<>(extraHeaders).entrySet()) {
            h = h.with(extra.getKey(), extra.getValue());
        }
        if (!protocols.isEmpty()) {
            h = h.with("Sec-WebSocket-Protocol", String.join(", ", protocols));
        }
        h = h.with("Sec-WebSocket-Version", "13");
        return new HttpRequest("GET", path, "HTTP/1.1", h);
    }

    public Result perform(InputStream in, OutputStream out) throws IOException {
        return perform(in, out, null);
    }

    /**
     * As above, offering extensions (chapter 22): {@code extensionOffer} is the Sec-WebSocket-Extensions value, or
     * null for none. The server's answer to it is then the caller's to check (RFC 7692 section 7 for deflate).
     */
    public Result perform(InputStream in, OutputStream out, String extensionOffer) throws IOException {
        HttpRequest request = extensionOffer == null ? request() : withField(request(), "Sec-WebSocket-Extensions", extensionOffer);
        out.write(request.toBytes());
        out.flush();
        HttpResponse response;
        try {
            response = HttpReader.readResponse(in, HttpReader.DEFAULT_MAX_HEAD_BYTES);
        } catch (HandshakeRejected malformed) {
            throw new HandshakeFailed("The server's response is not a valid HTTP response: " + malformed.reason(),
                    malformed.rfcSection(), malformed);
        }
        return verify(request, response);
    }

    /** The client's checks of RFC 6455 section 4.1 (the numbered list near its end). */
    public Result verify(HttpResponse response) throws HandshakeFailed {
        return verify(request(), response);
    }

    private Result verify(HttpRequest request, HttpResponse response) throws HandshakeFailed {
        // EXERCISE 03-verify-response: the client's checks of RFC 6455 section 4.1: 101, Upgrade, Connection, the accept value, extensions, subprotocol
        HttpHeaders h = response.headers();
        // item 1: anything but 101 means the handshake did not happen
        if (response.status() != 101) {
            throw fail("The server answered " + response.status() + " " + response.reason()
                    + " instead of 101 Switching Protocols");
        }
        // item 2: Upgrade is "websocket" (case-insensitive)
        if (!h.hasToken("Upgrade", "websocket")) {
            throw fail("The 101 response must have Upgrade: websocket, but it had "
                    + h.first("Upgrade").map(v -> "\"" + v + "\"").orElse("none"));
        }
        // item 3: Connection contains the token "Upgrade" (case-insensitive)
        if (!h.hasToken("Connection", "Upgrade")) {
            throw fail("The 101 response must have Connection: Upgrade, but it had "
                    + h.first("Connection").map(v -> "\"" + v + "\"").orElse("none"));
        }
        // item 4: Sec-WebSocket-Accept is base64(SHA-1(our key + GUID)), compared exactly
        String expected = AcceptKey.accept(key);
        List<String> accepts = h.all("Sec-WebSocket-Accept");
        if (accepts.size() != 1 || !accepts.get(0).equals(expected)) {
            throw fail("Sec-WebSocket-Accept must be " + expected + " for our key " + key + ", but it was "
                    + (accepts.isEmpty() ? "missing" : String.join(", ", accepts)));
        }
        // item 5: no extension we did not ask for (we ask for none, unless the caller offered some: chapter 22)
        List<String> extensions = h.list("Sec-WebSocket-Extensions");
        if (!extensions.isEmpty() && !request.headers().has("Sec-WebSocket-Extensions")) {
            throw fail("The server accepted extensions we did not offer: " + String.join(", ", extensions));
        }
        // item 6: at most one subprotocol, and one that we offered
        List<String> chosen = h.list("Sec-WebSocket-Protocol");
        if (chosen.size() > 1 || (chosen.size() == 1 && !protocols.contains(chosen.get(0)))) {
            throw fail("The server chose the subprotocol " + String.join(", ", chosen) + ", but we offered "
                    + (protocols.isEmpty() ? "none" : String.join(", ", protocols)));
        }
        return new Result(request, response, chosen.stream().findFirst());
        // END EXERCISE
    }

    private static HttpRequest withField(HttpRequest r, String name, String value) {
        return new HttpRequest(r.method(), r.target(), r.version(), r.headers().with(name, value));
    }

    private static HandshakeFailed fail(String reason) {
        return new HandshakeFailed(reason, "RFC 6455 section 4.1");
    }
}
