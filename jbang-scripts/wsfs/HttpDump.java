package wsfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows an HTTP head byte by byte (chapter 02): one {@link HexDump.Field} per line, so the hex of every
 * line sits next to its text, CR LF included, and the empty line that ends the head stands out.
 */
public final class HttpDump {
    private HttpDump() {
    }

    /** One field per line of the head (its text, then "\r\n"), one for the empty line, one for any body. */
    public static List<HexDump.Field> fields(byte[] message) {
        List<HexDump.Field> fields = new ArrayList<>();
        int start = 0;
        boolean first = true;
        while (start < message.length) {
            int lf = indexOf(message, (byte) '\n', start);
            if (lf < 0) {
                fields.add(new HexDump.Field(start, message.length - start, "(an unfinished line)"));
                return fields;
            }
            int length = lf + 1 - start;
            String text = new String(message, start, length, StandardCharsets.ISO_8859_1).strip();
            if (text.isEmpty()) {
                fields.add(new HexDump.Field(start, length, "\\r\\n alone: the empty line that ends the head"));
                if (lf + 1 < message.length) {
                    fields.add(new HexDump.Field(lf + 1, message.length - lf - 1,
                            "after the head: " + (message.length - lf - 1) + " bytes that are not HTTP any more"));
                }
                return fields;
            }
            fields.add(new HexDump.Field(start, length, (first ? "start line: " : "field: ") + text + "\\r\\n"));
            first = false;
            start = lf + 1;
        }
        return fields;
    }

    public static String annotate(byte[] message) {
        return HexDump.annotate(message, fields(message));
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
