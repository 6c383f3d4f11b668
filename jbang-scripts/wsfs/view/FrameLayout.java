package wsfs.view;

import wsfs.protocol.FrameCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the fields of a frame sit in its bytes (chapter 04): the writer's view, field by field, with no rule
 * checked. Chapter 04 uses it to show the bytes that {@code FrameCodec.encode}, {@code FrameWriter} and
 * {@code RawFrame} produce; chapter 05's {@code FrameDescriber} explains any bytes and adds the strict parser's
 * verdict. The layout is section 5.2's: byte 0 (FIN, RSV1-3, opcode), byte 1 (MASK, 7-bit length), 0, 2 or 8
 * bytes of extended length, 0 or 4 bytes of masking key, the payload.
 */
public final class FrameLayout {
    /** At most this many bytes of a field are shown (a long payload is cut). */
    public static final int SHOWN_PAYLOAD = 16;

    private FrameLayout() {
    }

    /** The fields of the frame at {@code from}, and its length in bytes (as far as the bytes go). */
    public record Layout(List<HexDump.Field> fields, int length) {
    }

    /** Lays out the frame that starts at {@code from}; a frame cut short is laid out as far as its bytes go. */
    public static Layout of(byte[] bytes, int from) {
        List<HexDump.Field> fields = new ArrayList<>();
        int available = bytes.length - from;
        if (available < 2) {
            fields.add(new HexDump.Field(from, available, "too short for a frame header (2 bytes at least)"));
            return new Layout(fields, available);
        }
        int b0 = bytes[from] & 0xff;
        int b1 = bytes[from + 1] & 0xff;
        boolean masked = (b1 & 0x80) != 0;
        int extra = FrameCodec.extendedLengthBytes(b1);
        fields.add(new HexDump.Field(from, 1, "%s  FIN=%d, RSV1-3=%s, opcode=0x%X (%s)".formatted(bits(b0), b0 >> 7,
                Integer.toBinaryString(0b1000 | ((b0 >> 4) & 7)).substring(1), b0 & 0x0f, opcodeName(b0 & 0x0f))));
        fields.add(new HexDump.Field(from + 1, 1, "%s  MASK=%d, Payload len=%d%s".formatted(bits(b1), masked ? 1 : 0,
                FrameCodec.sevenBitLength(b1), switch (extra) {
                    case 2 -> " (the length follows in 16 bits)";
                    case 8 -> " (the length follows in 64 bits)";
                    default -> " (7-bit form: this is the length)";
                })));
        int at = from + 2;
        long length = FrameCodec.sevenBitLength(b1);
        if (extra > 0) {
            if (available < 2 + extra) {
                return new Layout(fields, available);
            }
            length = 0;
            for (int i = 0; i < extra; i++) {
                length = (length << 8) | (bytes[at + i] & 0xff); // network byte order: most significant first
            }
            fields.add(new HexDump.Field(at, extra, "Extended payload length (%d bits) = %s"
                    .formatted(extra * 8, Long.toUnsignedString(length))));
            at += extra;
        }
        if (masked) {
            if (bytes.length < at + 4) {
                return new Layout(fields, bytes.length - from);
            }
            fields.add(new HexDump.Field(at, 4, "Masking-key"));
            at += 4;
        }
        int payload = (int) Math.min(Math.max(length, 0), bytes.length - at);
        fields.add(new HexDump.Field(at, payload, "Payload Data, %s bytes%s".formatted(Long.toUnsignedString(length),
                masked ? " (masked on the wire)" : "")));
        return new Layout(fields, at + payload - from);
    }

    /** Every frame in {@code bytes}, back to back, one annotated block each. */
    public static String text(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int n = 1; at < bytes.length; n++) {
            Layout layout = of(bytes, at);
            int start = at;
            List<HexDump.Field> fields = layout.fields().stream()
                    .map(f -> new HexDump.Field(f.offset() - start, Math.min(f.length(), SHOWN_PAYLOAD), f.meaning())).toList();
            HexDump.Field last = fields.getLast();
            int shown = last.offset() + last.length();
            out.append("Frame ").append(n).append(", ").append(layout.length()).append(" bytes\n");
            out.append(HexDump.annotate(java.util.Arrays.copyOfRange(bytes, at, at + shown), fields));
            if (shown < layout.length()) {
                out.append("      ... %d more payload bytes\n".formatted(layout.length() - shown));
            }
            at += Math.max(layout.length(), 1);
        }
        return out.toString();
    }

    static String bits(int b) {
        String s = Integer.toBinaryString(0x100 | b).substring(1);
        return s.substring(0, 4) + " " + s.substring(4);
    }

    /** The opcode's name from section 5.2, or the range it is reserved in. */
    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case 0x0 -> "continuation";
            case 0x1 -> "text";
            case 0x2 -> "binary";
            case 0x8 -> "close";
            case 0x9 -> "ping";
            case 0xA -> "pong";
            default -> opcode < 8 ? "reserved non-control" : "reserved control";
        };
    }
}
