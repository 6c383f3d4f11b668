package wsfs.io;

import wsfs.protocol.AcceptKey;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * The server's side of the opening handshake (chapter 03, RFC 6455 sections 4.2.1 and 4.2.2).
 * <p>
 * {@link #negotiate} is the core: a parsed request in, the 101 response out, or a {@link HandshakeRejected}
 * naming the broken rule. It never touches a socket. {@link #accept} adds the stream: read the head,
 * negotiate, write the answer. On success exactly the 101 head is written and nothing after its empty line;
 * the caller's stream is positioned on the client's first frame.
 */
public final class ServerHandshake {
    private ServerHandshake() {
    }

    /**
     * A successful handshake.
     *
     * @param subprotocol the subprotocol chosen for this connection, if any
     * @param extensions  the extensions the client offered; this course accepts none of them (RFC 7692 would be one)
     */
    public record Accepted(HttpRequest request, Optional<String> subprotocol, List<String> extensions,
                           HttpResponse response) {
    }

    /** Reads the request head, validates it and writes the 101; or writes the HTTP error and throws. */
    public static Accepted accept(InputStream in, OutputStream out, HandshakePolicy policy) throws IOException {
        return accept(readRequest(in, out, policy), out, policy);
    }

    /**
     * Reads a request head within the policy's size bound. If the head is too large or malformed, writes the
     * 400/431 answer and throws; if the socket's read timeout expires (a client that sent half a request),
     * writes 408 and throws. The caller closes the connection after any exception.
     */
    public static HttpRequest readRequest(InputStream in, OutputStream out, HandshakePolicy policy) throws IOException {
        try {
            return HttpReader.readRequest(in, policy.maxHeadBytes());
        } catch (HandshakeRejected rejected) {
            throw reject(out, rejected);
        } catch (SocketTimeoutException timeout) {
            throw reject(out, new HandshakeRejected(408, "The request head did not arrive within the server's time limit",
                    "RFC 9110 section 15.5.9"));
        }
    }

    /** Validates an already-read request and writes the 101 response, or the HTTP error (and throws). */
    public static Accepted accept(HttpRequest request, OutputStream out, HandshakePolicy policy) throws IOException {
        return accept(request, out, policy, HttpHeaders.of());
    }

    /** As above, with more fields in the 101 (chapter 22: the Sec-WebSocket-Extensions an extension agreed on). */
    public static Accepted accept(HttpRequest request, OutputStream out, HandshakePolicy policy, HttpHeaders more)
            throws IOException {
        Accepted accepted;
        try {
            accepted = negotiate(request, policy);
        } catch (HandshakeRejected rejected) {
            throw reject(out, rejected);
        }
        HttpResponse response = accepted.response();
        for (HttpHeaders.Field field : more.fields()) {
            response = new HttpResponse(response.version(), response.status(), response.reason(),
                    response.headers().with(field.name(), field.value()), response.body());
        }
        accepted = new Accepted(request, accepted.subprotocol(), accepted.extensions(), response);
        out.write(accepted.response().toBytes());
        out.flush();
        return accepted;
    }

    /** True if the request asks for a protocol upgrade at all (an ordinary GET for a page does not). */
    public static boolean isUpgradeRequest(HttpRequest request) {
        return request.headers().has("Upgrade");
    }

    /** The checks of RFC 6455 section 4.2.1, the origin policy, and the 101 response of section 4.2.2. */
    public static Accepted negotiate(HttpRequest request, HandshakePolicy policy) throws HandshakeRejected {
        // EXERCISE 03-validate-request: check the request as RFC 6455 section 4.2.1 says, then build the 101 response of section 4.2.2
        HttpHeaders h = request.headers();
        // 4.2.1 item 1 says "HTTP/1.1 or higher"; we accept exactly HTTP/1.1 (HTTP/2 and 3 upgrade differently, RFC 8441/9220)
        if (!request.method().equals("GET")) {
            throw bad("The opening handshake must be a GET request, not " + request.method(), "4.2.1");
        }
        if (!request.version().equals("HTTP/1.1")) {
            throw bad("The opening handshake must be an HTTP/1.1 request, not " + request.version(), "4.2.1");
        }
        // 4.2.1 item 2 (and RFC 9112 section 3.2: exactly one Host)
        if (h.all("Host").size() != 1 || h.first("Host").orElseThrow().isEmpty()) {
            throw bad("The request must have exactly one non-empty Host header field", "4.2.1");
        }
        // 4.2.1 item 3: Upgrade contains "websocket", case-insensitively
        if (!h.hasToken("Upgrade", "websocket")) {
            throw bad("The Upgrade header field must contain \"websocket\", but it was "
                    + h.first("Upgrade").map(v -> "\"" + v + "\"").orElse("missing"), "4.2.1");
        }
        // 4.2.1 item 4: Connection contains the token "Upgrade", case-insensitively (e.g. "keep-alive, Upgrade")
        if (!h.hasToken("Connection", "Upgrade")) {
            throw bad("The Connection header field must contain the token \"Upgrade\", but it was "
                    + h.first("Connection").map(v -> "\"" + v + "\"").orElse("missing"), "4.2.1");
        }
        // 4.2.1 item 6 and 4.4: another version (or none: the old drafts had no such field) gets 426
        List<String> versions = h.all("Sec-WebSocket-Version");
        if (versions.size() > 1) {
            throw bad("Sec-WebSocket-Version must not appear more than once in a request", "11.3.5");
        }
        if (versions.isEmpty() || !versions.get(0).equals("13")) {
            throw new HandshakeRejected(426, "This server speaks WebSocket version 13 only, and the request "
                    + (versions.isEmpty() ? "has no Sec-WebSocket-Version" : "asks for version " + versions.get(0)),
                    "RFC 6455 section 4.4", HttpHeaders.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13"));
        }
        // 4.2.1 item 5 and 11.3.1: exactly one key, base64 of 16 bytes
        List<String> keys = h.all("Sec-WebSocket-Key");
        if (keys.size() != 1) {
            throw bad("The request must have exactly one Sec-WebSocket-Key header field, but it has " + keys.size(),
                    "4.2.1");
        }
        if (!AcceptKey.isValidKey(keys.get(0))) {
            throw bad("Sec-WebSocket-Key must be base64 of 16 bytes (24 characters ending in ==), but it was \""
                    + keys.get(0) + "\"", "4.2.1");
        }
        // 4.2.2 step 4 /origin/ and 10.2: the server decides which pages may connect
        Optional<String> origin = h.first("Origin");
        if (!policy.origins().allows(origin, h.first("Host").orElseThrow())) {
            throw new HandshakeRejected(403, "This server does not accept WebSocket connections from pages of "
                    + origin.orElse("(no origin)"), "RFC 6455 section 10.2");
        }
        // 4.2.2 step 4 /subprotocol/: the first one the client offered that we speak, or none
        Optional<String> subprotocol = h.list("Sec-WebSocket-Protocol").stream()
                .filter(policy.subprotocols()::contains).findFirst();
        // 4.2.2 step 4 /extensions/: we accept no extension, so we send no Sec-WebSocket-Extensions at all
        List<String> extensions = h.list("Sec-WebSocket-Extensions");

        // 4.2.2 step 5: exactly these fields, then the empty line, then nothing
        HttpResponse response = HttpResponse.switchingProtocols(AcceptKey.accept(keys.get(0)), subprotocol);
        return new Accepted(request, subprotocol, extensions, response);
        // END EXERCISE
    }

    /**
     * The HTTP answer to a refused handshake: the status, a plain-text body with the reason and the rule, and
     * "Connection: close", because the server closes the connection after it.
     */
    public static HttpResponse rejection(HandshakeRejected rejected) {
        String body = rejected.status() + " " + HttpResponse.reasonPhrase(rejected.status()) + ": "
                + rejected.reason() + " (" + rejected.rfcSection() + ")\n";
        return HttpResponse.plainText(rejected.status(), body, rejected.headers());
    }

    /** Writes the rejection (as far as the peer still listens) and returns the exception for the caller to throw. */
    private static HandshakeRejected reject(OutputStream out, HandshakeRejected rejected) {
        try {
            out.write(rejection(rejected).toBytes());
            out.flush();
        } catch (IOException peerGone) {
            rejected.addSuppressed(peerGone);
        }
        return rejected;
    }

    private static HandshakeRejected bad(String reason, String section) {
        return new HandshakeRejected(400, reason, "RFC 6455 section " + section);
    }
}
