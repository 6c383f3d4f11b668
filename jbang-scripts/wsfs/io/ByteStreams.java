package wsfs.io;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading from a TCP byte stream (chapter 01). TCP delivers bytes, not messages: one read() may return
 * part of what the peer wrote, or the end of one write and the start of the next. These helpers read
 * exactly what a protocol asks for, and never a byte more, so the next layer finds its bytes still in the stream.
 */
public final class ByteStreams {
    private ByteStreams() {
    }

    /** Reads exactly n bytes, however the network splits them; EOFException if the stream ends first. */
    public static byte[] readExactly(InputStream in, int n) throws IOException {
        // EXERCISE 01-exact-and-line: read exactly n bytes however TCP splits them; EOFException if the stream ends first (chapter 01)
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("the stream ended after %d of %d bytes".formatted(bytes.length, n));
        }
        return bytes;
        // END EXERCISE
    }

    /** Thrown when a line is longer than the caller allows: the peer may be hostile, so every read has a bound. */
    public static final class LineTooLongException extends IOException {
        public LineTooLongException(int max) {
            super("line longer than " + max + " bytes");
        }
    }

    /**
     * Reads one line ended by CRLF (HTTP's line end, RFC 9112 section 2.2) and returns it without the CRLF,
     * decoded as ISO-8859-1 (every byte is one char, so nothing is lost). Reads one byte at a time, so not a
     * byte past the line leaves the stream. Returns null if the stream ends before any byte of the line.
     * A bare LF is accepted as a line end too, as RFC 9112 allows a recipient to do.
     */
    public static String readLine(InputStream in, int maxBytes) throws IOException {
        // EXERCISE 01-exact-and-line: read one line up to CRLF (or a bare LF), not a byte more; null at the end; at most maxBytes (RFC 9112 section 2.2)
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the stream ended in the middle of a line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            line.write(b);
        }
        // END EXERCISE
    }

    /**
     * Reads an HTTP-style head: bytes up to and including the first empty line (CRLF CRLF), and not one
     * byte more. Returns what was read, or throws if the head grows beyond maxBytes or the stream ends first.
     */
    public static byte[] readHead(InputStream in, int maxBytes) throws IOException {
        // EXERCISE 01-read-head: read a head up to and including its empty line, not a byte more, at most maxBytes (RFC 9112 section 2.2)
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lineLength = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the stream ended after %d bytes, before the empty line that ends a head".formatted(head.size()));
            }
            if (head.size() >= maxBytes) {
                throw new LineTooLongException(maxBytes);
            }
            head.write(b);
            if (b == '\n') {
                if (lineLength == 0 || (lineLength == 1 && endsWithCrLf(head))) {
                    return head.toByteArray();
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
        }
        // END EXERCISE
    }

    private static boolean endsWithCrLf(ByteArrayOutputStream head) {
        // EXERCISE 01-read-head: true if the bytes so far end with CR LF
        byte[] bytes = head.toByteArray();
        return bytes.length >= 2 && bytes[bytes.length - 2] == '\r';
        // END EXERCISE
    }
}
