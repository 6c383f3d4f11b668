package wsfs.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Shows bytes the way they travel on the wire (chapter 01; every later chapter uses it).
 * {@link #dump} prints the classic offset / hex / text layout; {@link #annotate} prints one line per
 * field with the bytes of that field and what they mean.
 */
public final class HexDump {
    private HexDump() {
    }

    /** A labelled run of bytes: {@code length} bytes from {@code offset} mean {@code meaning}. */
    public record Field(int offset, int length, String meaning) {
    }

    /** Classic dump: 16 bytes a line, offset, hex in two groups of eight, printable ASCII. */
    public static String dump(byte[] bytes) {
        return dump(bytes, 0, bytes.length);
    }

    public static String dump(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int line = from; line < to; line += 16) {
            out.append("%04x  ".formatted(line - from));
            StringBuilder text = new StringBuilder();
            for (int i = line; i < line + 16; i++) {
                if (i == line + 8) {
                    out.append(' ');
                }
                if (i < to) {
                    out.append("%02x ".formatted(bytes[i] & 0xff));
                    text.append(printable(bytes[i]));
                } else {
                    out.append("   ");
                }
            }
            out.append(" |").append(text).append("|\n");
        }
        return out.toString();
    }

    /** Hex digits separated by spaces, the way the source documents and RFC examples write frames. */
    public static String hex(byte[] bytes) {
        return hex(bytes, 0, bytes.length);
    }

    public static String hex(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(' ');
            }
            out.append("%02x".formatted(bytes[i] & 0xff));
        }
        return out.toString();
    }

    /** Parses "81 8b 04 89", "818b0489" or "0x81, 0x8b" into bytes. */
    public static byte[] parse(String hex) {
        String digits = hex.replaceAll("0[xX]", "").replaceAll("[^0-9a-fA-F]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("an odd number of hex digits: " + hex);
        }
        return java.util.HexFormat.of().parseHex(digits);
    }

    /**
     * One line per field: offset, up to eight bytes of hex (longer fields continue on the next lines),
     * then the meaning. Bytes that no field covers are shown as "(not described)".
     */
    public static String annotate(byte[] bytes, List<Field> fields) {
        List<Field> all = new ArrayList<>(fields);
        all.sort(java.util.Comparator.comparingInt(Field::offset));
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (Field f : all) {
            if (f.offset() > next) {
                appendField(out, bytes, new Field(next, f.offset() - next, "(not described)"));
            }
            appendField(out, bytes, f);
            next = Math.max(next, f.offset() + f.length());
        }
        if (next < bytes.length) {
            appendField(out, bytes, new Field(next, bytes.length - next, "(not described)"));
        }
        return out.toString();
    }

    private static final int PER_LINE = 8;

    private static void appendField(StringBuilder out, byte[] bytes, Field f) {
        int end = Math.min(bytes.length, f.offset() + f.length());
        if (f.length() == 0) {
            out.append(("%04x  %-" + (PER_LINE * 3 - 1) + "s  %s\n").formatted(f.offset(), "(none)", f.meaning()));
            return;
        }
        for (int start = f.offset(); start < end; start += PER_LINE) {
            String hex = hex(bytes, start, Math.min(end, start + PER_LINE));
            String meaning = start == f.offset() ? f.meaning() : "";
            out.append(("%04x  %-" + (PER_LINE * 3 - 1) + "s  %s").formatted(start, hex, meaning).stripTrailing())
               .append('\n');
        }
    }

    /**
     * Fields for a text protocol's head, one per line (CRLF included), named by their first word:
     * the request line, each header by name, and the empty line that ends the head.
     */
    public static List<Field> lines(byte[] bytes) {
        List<Field> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
                String meaning = line.isEmpty() ? "empty line: the head ends here"
                        : start == 0 ? "first line: " + line
                        : line.contains(":") ? "header " + line.substring(0, line.indexOf(':')).strip()
                        : "line: " + line;
                fields.add(new Field(start, i + 1 - start, meaning));
                start = i + 1;
            }
        }
        return fields;
    }

    /** ASCII text of the bytes with non-printable ones shown as '.', and CR LF made visible. */
    public static String visibleText(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n\n");
                default -> out.append(printable(b));
            }
        }
        return out.toString();
    }

    /** The bytes as one line of text: CR and LF written as \\r and \\n, other control bytes as '.'. */
    public static String escaped(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            switch (bytes[i]) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(printable(bytes[i]));
            }
        }
        return out.toString();
    }

    public static String escaped(byte[] bytes) {
        return escaped(bytes, 0, bytes.length);
    }

    private static char printable(byte b) {
        return b >= 0x20 && b < 0x7f ? (char) b : '.';
    }
}
