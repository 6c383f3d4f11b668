package wsfs.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The head of an HTTP/1.1 request (chapter 02): request line and header fields. A WebSocket opening
 * handshake is such a request with no body (RFC 6455 section 4.1), so nothing else is modelled.
 */
public record HttpRequest(String method, String target, String version, HttpHeaders headers) {

    /** The bytes on the wire: request line, one line per field, and exactly one empty line (RFC 9112 section 2.1). */
    public byte[] toBytes() {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
        for (HttpHeaders.Field f : headers.fields()) {
            head.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
