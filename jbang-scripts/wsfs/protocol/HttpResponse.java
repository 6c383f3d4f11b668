package wsfs.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import java.util.Optional;

/**
 * An HTTP/1.1 response (chapter 02): status line, header fields and a text body. A 101 response has no
 * body, and after its empty line the connection carries WebSocket frames (RFC 6455 section 4.2.2).
 * Every response the course's servers send is made by one of the factories below, so the fields they share
 * (Content-Length, Connection: close) are written in one place: {@link #switchingProtocols} (the 101),
 * {@link #plainText} (a refusal or an error, after which the server closes) and {@link #pageHead} (a page).
 */
public record HttpResponse(String version, int status, String reason, HttpHeaders headers, String body) {

    public HttpResponse(int status, HttpHeaders headers) {
        this("HTTP/1.1", status, reasonPhrase(status), headers, "");
    }

    /**
     * The 101 of RFC 6455 section 4.2.2 step 5: exactly these fields, then the empty line, then frames.
     *
     * @param accept      the Sec-WebSocket-Accept value computed from the client's key (section 4.2.2, step 5.4)
     * @param subprotocol the subprotocol the server chose, if any (step 5.5)
     */
    public static HttpResponse switchingProtocols(String accept, Optional<String> subprotocol) {
        HttpHeaders fields = HttpHeaders.of(
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Accept", accept);
        if (subprotocol.isPresent()) {
            fields = fields.with("Sec-WebSocket-Protocol", subprotocol.get());
        }
        return new HttpResponse(101, fields);
    }

    /**
     * A complete plain-text response after which the server closes the connection: Content-Type, Content-Length,
     * "Connection: close", then the {@code extra} fields (such as Retry-After with a 503, Allow with a 405).
     * A response that carries Upgrade (a 426) lists "Upgrade" in Connection too (RFC 9110 section 7.8).
     */
    public static HttpResponse plainText(int status, String body, HttpHeaders extra) {
        HttpHeaders headers = HttpHeaders.of(
                "Content-Type", "text/plain; charset=utf-8",
                "Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length),
                "Connection", extra.has("Upgrade") ? "Upgrade, close" : "close");
        for (HttpHeaders.Field field : extra.fields()) {
            headers = headers.with(field.name(), field.value());
        }
        return new HttpResponse("HTTP/1.1", status, reasonPhrase(status), headers, body);
    }

    /**
     * The head of a page (200) or of its 404: the body of {@code contentLength} bytes follows it, written by the
     * caller, except for a HEAD request, which gets the same head and no body (RFC 9110 section 9.3.2).
     * "Cache-Control: no-store" because these pages are generated for a demo and change between runs.
     */
    public static HttpResponse pageHead(int status, String contentType, long contentLength) {
        return new HttpResponse("HTTP/1.1", status, reasonPhrase(status), HttpHeaders.of(
                "Content-Type", contentType,
                "Content-Length", String.valueOf(contentLength),
                "Cache-Control", "no-store",
                "Connection", "close"), "");
    }

    /** The bytes on the wire: status line, one line per field, exactly one empty line, then the body. */
    public byte[] toBytes() {
        StringBuilder head = new StringBuilder();
        head.append(version).append(' ').append(status).append(' ').append(reason).append("\r\n");
        for (HttpHeaders.Field f : headers.fields()) {
            head.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The reason phrases of the statuses this course sends (RFC 9110 section 15, RFC 6585 section 5). */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
