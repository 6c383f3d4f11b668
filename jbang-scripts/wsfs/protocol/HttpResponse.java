package wsfs.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 response (chapter 02): status line, header fields and a text body. A 101 response has no
 * body, and after its empty line the connection carries WebSocket frames (RFC 6455 section 4.2.2).
 */
public record HttpResponse(String version, int status, String reason, HttpHeaders headers, String body) {

    public HttpResponse(int status, HttpHeaders headers) {
        this("HTTP/1.1", status, reasonPhrase(status), headers, "");
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
            case 408 -> "Request Timeout";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            default -> "Status " + status;
        };
    }
}
