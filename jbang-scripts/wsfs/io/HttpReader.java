package wsfs.io;

import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the head of an HTTP/1.1 message from a byte stream without a library (chapter 02).
 * <p>
 * It reads one byte at a time with {@link ByteStreams#readLine} and stops right after the empty line
 * that ends the head: the bytes after it are WebSocket frames and must stay in the stream for the next
 * layer. A BufferedReader or Scanner would read ahead and swallow them. Every head has a size bound,
 * because the peer may be hostile: the whole head (request line, fields and line ends) may not exceed
 * {@code maxHeadBytes} bytes nor {@link #MAX_FIELDS} fields, or the reader answers 431.
 * Malformed heads are refused with 400; both failures are {@link HandshakeRejected}.
 */
public final class HttpReader {
    private HttpReader() {
    }

    /** 8 KiB, like the default of many servers; a browser's handshake is usually well under 1 KiB. */
    public static final int DEFAULT_MAX_HEAD_BYTES = 8192;
    public static final int MAX_FIELDS = 100;

    /** Reads "GET /chat HTTP/1.1" and its fields. EOFException if the peer closes before a complete head. */
    public static HttpRequest readRequest(InputStream in, int maxHeadBytes) throws IOException {
        List<String> lines = readHead(in, maxHeadBytes);
        String[] parts = lines.get(0).split(" ", -1);
        // RFC 9112 section 3: request-line = method SP request-target SP HTTP-version
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
            throw new HandshakeRejected(400, "The request line must be a method, a target and an HTTP version separated"
                    + " by single spaces, but it was \"" + lines.get(0) + "\"", "RFC 9112 section 3");
        }
        return new HttpRequest(parts[0], parts[1], parts[2], parseFields(lines));
    }

    /** Reads "HTTP/1.1 101 Switching Protocols" and its fields (the body, if any, stays in the stream). */
    public static HttpResponse readResponse(InputStream in, int maxHeadBytes) throws IOException {
        List<String> lines = readHead(in, maxHeadBytes);
        String[] parts = lines.get(0).split(" ", 3);
        // RFC 9112 section 4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
            throw new HandshakeRejected(400, "The status line must be an HTTP version, a three-digit status and a"
                    + " reason, but it was \"" + lines.get(0) + "\"", "RFC 9112 section 4");
        }
        String reason = parts.length == 3 ? parts[2] : "";
        return new HttpResponse(parts[0], Integer.parseInt(parts[1]), reason, parseFields(lines), "");
    }

    /** The lines of the head up to (not including) the empty line; the first line is never empty. */
    static List<String> readHead(InputStream in, int maxHeadBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        int used = 0;
        while (true) {
            String line;
            try {
                line = ByteStreams.readLine(in, Math.max(0, maxHeadBytes - used));
            } catch (ByteStreams.LineTooLongException e) {
                throw tooLarge(maxHeadBytes);
            }
            if (line == null) {
                throw new EOFException(lines.isEmpty() ? "the peer closed the connection before sending anything"
                        : "the peer closed the connection before the empty line that ends the head");
            }
            used += line.length() + 2;
            if (used > maxHeadBytes) {
                throw tooLarge(maxHeadBytes);
            }
            if (line.isEmpty()) {
                if (lines.isEmpty()) {
                    continue; // RFC 9112 section 2.2: ignore empty lines received before the request line
                }
                return lines;
            }
            if (lines.size() > MAX_FIELDS) {
                throw new HandshakeRejected(431, "The head has more than " + MAX_FIELDS + " header fields",
                        "RFC 6585 section 5");
            }
            lines.add(line);
        }
    }

    private static HandshakeRejected tooLarge(int maxHeadBytes) {
        return new HandshakeRejected(431, "The head is longer than this server's limit of " + maxHeadBytes + " bytes",
                "RFC 6585 section 5");
    }

    /** Parses every line after the first as "name: value" (RFC 9112 section 5). */
    static HttpHeaders parseFields(List<String> lines) throws HandshakeRejected {
        List<HttpHeaders.Field> fields = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new HandshakeRejected(400, "A field line must not start with whitespace (obsolete line folding)",
                        "RFC 9112 section 5.2");
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon);
            if (!isToken(name)) {
                // this also refuses "Host : x": no whitespace is allowed between the name and the colon
                throw new HandshakeRejected(400, "A field line must be a name (a token), a colon and a value, but it was \""
                        + line + "\"", "RFC 9112 section 5.1");
            }
            String value = line.substring(colon + 1).strip(); // OWS around the value is not part of it
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                throw new HandshakeRejected(400, "The value of " + name + " contains a control character",
                        "RFC 9110 section 5.5");
            }
            fields.add(new HttpHeaders.Field(name, value));
        }
        return new HttpHeaders(fields);
    }

    /** token = 1*tchar (RFC 9110 section 5.6.2). */
    static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c < 0x7f
                && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
    }
}
