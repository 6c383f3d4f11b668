package wsfs.view;

import java.net.SocketAddress;

/**
 * Text from the network made safe for a log (chapter 03, where the first server logs what a peer sent).
 * A request line or a close reason is the peer's text: printed raw, an ESC sequence can clear the operator's
 * screen, a BEL rings, and a CR or LF starts what looks like a new log line of the server's own. So every
 * control character is shown as an escape instead: C0 (U+0000..U+001F, which includes BEL, ESC, CR, LF and TAB),
 * DEL and C1 (U+007F..U+009F) as {@code \xHH}; the Unicode line and paragraph separators and the bidirectional
 * controls, which reorder or break what a terminal shows, as <code>&#92;uHHHH</code>; and the backslash itself as
 * {@code \\}, so an escape in the log always means the peer sent that character.
 */
public final class LogLine {
    private LogLine() {
    }

    /** {@code text} with every control character escaped; null becomes "null". */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escaped(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** The peer's address as a log shows it, such as /127.0.0.1:53211; "unknown peer" if there is none. */
    public static String peer(SocketAddress address) {
        return address == null ? "unknown peer" : escape(address.toString());
    }

    private static String escaped(char c) {
        if (c == '\\') {
            return "\\\\";
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return "\\x%02X".formatted((int) c);
        }
        if (c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c') {
            return "\\u%04X".formatted((int) c);
        }
        return null;
    }
}
