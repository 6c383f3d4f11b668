package wsfs.view;

import wsfs.io.FrameReader;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Masking;
import wsfs.protocol.ProtocolViolation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains frame bytes field by field (chapters 05 and 06): the {@code decode} mode of the scripts, the
 * bit tables of the notebooks. The verdict (the frame, or the rule it breaks) comes from the project's one
 * frame parser, {@link FrameParser}; the fields are laid out with the codec's layout functions (chapter 04), so a
 * broken frame is described too, and the field where the parser stopped is marked. A masked frame is read as
 * client-to-server, an unmasked one as server-to-client (section 5.1), so it never fails on the direction.
 */
public final class FrameDescriber {
    private FrameDescriber() {
    }

    /** The fields of a frame, in order, as the RFC 5.2 diagram names them. */
    public enum Part {
        FIN("FIN", "#f4a6a6"), RSV("RSV1-3", "#f7d08a"), OPCODE("opcode", "#f9f39a"), MASK("MASK", "#b5e7a0"),
        LENGTH("Payload len", "#9ed8e8"), EXTENDED_LENGTH("Extended payload length", "#a8c5f0"),
        MASKING_KEY("Masking-key", "#d3b5ef"), PAYLOAD("Payload Data", "#e3e3e3");

        public final String label;
        public final String colour;

        Part(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }
    }

    /**
     * What one frame is made of.
     *
     * @param bytes      the frame's bytes (as many as were available)
     * @param fields     one entry per field, offsets into {@code bytes}
     * @param complete   whether all the bytes the header announces are there
     * @param masked     the MASK bit, which tells the direction
     * @param frame      the frame as a strict reader returns it, or null if it is broken or incomplete
     * @param violation  the rule the frame breaks, or null
     * @param payload    the payload, unmasked (possibly truncated if incomplete)
     */
    public record Description(ByteString bytes, List<HexDump.Field> fields, boolean complete, boolean masked,
                              Frame frame, ProtocolViolation violation, int opcode, ByteString payload,
                              List<Span> spans) {

        /** Who sent it, judging by the MASK bit. */
        public String direction() {
            return masked ? "client -> server (masked)" : "server -> client (not masked)";
        }

        /** The annotated hex lines; a long payload is cut after {@value #SHOWN_PAYLOAD} bytes. */
        public String annotated() {
            HexDump.Field last = fields.isEmpty() ? null : fields.get(fields.size() - 1);
            if (last == null || last.length() <= SHOWN_PAYLOAD || !spans.get(spans.size() - 1).part().equals(Part.PAYLOAD)) {
                return HexDump.annotate(bytes.toByteArray(), fields);
            }
            List<HexDump.Field> cut = new ArrayList<>(fields.subList(0, fields.size() - 1));
            cut.add(new HexDump.Field(last.offset(), SHOWN_PAYLOAD, last.meaning()));
            byte[] shown = bytes.slice(0, last.offset() + SHOWN_PAYLOAD).toByteArray();
            return HexDump.annotate(shown, cut) + "      ... %d more payload bytes\n".formatted(last.length() - SHOWN_PAYLOAD);
        }
    }

    /** How many payload bytes the text breakdown shows. */
    public static final int SHOWN_PAYLOAD = 32;

    /** A run of bits belonging to one field: bit offset from the start of the frame, bit count. */
    public record Span(Part part, long firstBit, long bitCount) {
    }

    /** Describes the frame that starts at {@code from}; it may be followed by more frames. */
    public static Description describe(byte[] all, int from) {
        byte[] candidate = java.util.Arrays.copyOfRange(all, from, all.length);
        int available = candidate.length;
        boolean masked = available >= 2 && (candidate[1] & 0x80) != 0;
        Judgement verdict = Judgement.of(candidate);
        List<HexDump.Field> fields = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        if (available < 2) {
            if (available == 1) {
                fields.add(new HexDump.Field(0, 1, byte0(candidate[0] & 0xff)));
                addByte0Spans(spans);
            }
            return new Description(ByteString.of(candidate), fields, false, false, null, verdict.violation,
                    available == 1 ? candidate[0] & 0x0f : -1, ByteString.EMPTY, spans);
        }
        // The layout of the fields comes from the parser's own functions; the rules only from the parser itself.
        int b0 = candidate[0] & 0xff;
        int b1 = candidate[1] & 0xff;
        int length7 = FrameCodec.sevenBitLength(b1);
        int extra = FrameCodec.extendedLengthBytes(b1);
        fields.add(new HexDump.Field(0, 1, byte0(b0)));
        addByte0Spans(spans);
        String form = switch (extra) {
            case 2 -> "126: the length follows in 16 bits";
            case 8 -> "127: the length follows in 64 bits";
            default -> length7 + " (7-bit form, 0-125: this is the length)";
        };
        fields.add(new HexDump.Field(1, 1, verdict.mark(2, "%s  MASK=%d (%s), Payload len=%s".formatted(
                bits(b1), masked ? 1 : 0, masked ? "masked, so client -> server" : "not masked, so server -> client", form))));
        spans.add(new Span(Part.MASK, 8, 1));
        spans.add(new Span(Part.LENGTH, 9, 7));

        int at = 2;
        long length = length7;
        if (extra > 0) {
            if (available < 2 + extra) {
                return incomplete(candidate, available, fields, masked, b0, spans, verdict);
            }
            length = FrameParser.bigEndian(candidate, 2, extra);
            String shown = length < 0 ? Long.toUnsignedString(length) + " (most significant bit set)" : Long.toString(length);
            fields.add(new HexDump.Field(2, extra, verdict.mark(2 + extra,
                    "Extended payload length (%d bits) = %s".formatted(extra * 8, shown))));
            spans.add(new Span(Part.EXTENDED_LENGTH, 16, extra * 8L));
            at += extra;
        }
        byte[] key = null;
        if (masked) {
            if (available < at + 4) {
                return incomplete(candidate, available, fields, masked, b0, spans, verdict);
            }
            key = java.util.Arrays.copyOfRange(candidate, at, at + 4);
            fields.add(new HexDump.Field(at, 4, "Masking-key = " + HexDump.hex(key)));
            spans.add(new Span(Part.MASKING_KEY, at * 8L, 32));
            at += 4;
        }
        if (length < 0) {
            return incomplete(candidate, at, fields, masked, b0, spans, verdict);
        }
        long payloadAvailable = Math.min(length, available - at);
        boolean complete = payloadAvailable == length;
        int end = at + (int) payloadAvailable;
        byte[] bytes = java.util.Arrays.copyOf(candidate, end);
        byte[] payload = java.util.Arrays.copyOfRange(bytes, at, end);
        if (key != null) {
            Masking.applyFast(payload, 0, payload.length, key, 0);
        }
        String payloadNote = "Payload Data, %d bytes%s%s".formatted(length,
                masked ? " (masked on the wire)" : "",
                complete ? "" : ", only %d present".formatted(payloadAvailable));
        fields.add(new HexDump.Field(at, (int) payloadAvailable, payloadNote));
        spans.add(new Span(Part.PAYLOAD, at * 8L, payloadAvailable * 8));
        return new Description(ByteString.of(bytes), fields, complete, masked, complete ? verdict.frame : null,
                verdict.violation, b0 & 0x0f, ByteString.of(payload), spans);
    }

    private static Description incomplete(byte[] candidate, int upTo, List<HexDump.Field> fields,
                                          boolean masked, int b0, List<Span> spans, Judgement verdict) {
        byte[] bytes = java.util.Arrays.copyOf(candidate, upTo);
        return new Description(ByteString.wrapOwned(bytes), fields, false, masked, null, verdict.violation, b0 & 0x0f,
                ByteString.EMPTY, spans);
    }

    /**
     * What the project's one strict parser says about the first frame in {@code bytes}: the frame, or the rule it
     * breaks and how many bytes the parser had taken when it stopped, or neither (the bytes end first). A masked
     * frame is read as client-to-server, an unmasked one as server-to-client (section 5.1).
     */
    private record Judgement(Frame frame, ProtocolViolation violation, long stoppedAt) {
        static Judgement of(byte[] candidate) {
            byte[] work = candidate.clone(); // the parser unmasks in place
            FrameParser parser = FrameParser.eitherDirection(FrameReader.MAX_ARRAY_PAYLOAD);
            FrameParser.FrameCollector one = new FrameParser.FrameCollector(work.length);
            int at = 0;
            try {
                while (at < work.length && one.count() == 0) {
                    int n = (int) Math.min(parser.bytesNeeded(), work.length - at); // the first frame only
                    parser.feed(work, at, n, one);
                    at += n;
                }
            } catch (ProtocolViolation v) {
                return new Judgement(null, v, parser.frameBytesTaken());
            }
            return new Judgement(one.count() == 1 ? one.frames().getFirst() : null, null, -1);
        }

        /** The field that ends at {@code fieldEnd} with a note if the parser stopped right after it. */
        String mark(int fieldEnd, String meaning) {
            return violation != null && stoppedAt == fieldEnd ? meaning + "  <- the strict parser stops here" : meaning;
        }
    }

    private static void addByte0Spans(List<Span> spans) {
        spans.add(new Span(Part.FIN, 0, 1));
        spans.add(new Span(Part.RSV, 1, 3));
        spans.add(new Span(Part.OPCODE, 4, 4));
    }

    /** Every frame in {@code bytes}, back to back, as annotated text. */
    public static List<Description> describeAll(byte[] bytes) {
        List<Description> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            Description d = describe(bytes, at);
            out.add(d);
            if (!d.complete()) {
                break;
            }
            at += d.bytes().length();
        }
        return out;
    }

    /** The annotated breakdown of every frame in {@code bytes}, masked payloads unmasked. */
    public static String text(byte[] bytes) {
        return text(bytes, true);
    }

    /**
     * The annotated breakdown of every frame in {@code bytes}: what the {@code decode} mode prints.
     * With {@code unmask} false a masked payload is shown as it travels (chapter 05's view; chapter 06 unmasks).
     */
    public static String text(byte[] bytes, boolean unmask) {
        StringBuilder out = new StringBuilder();
        List<Description> all = describeAll(bytes);
        int described = 0;
        for (int i = 0; i < all.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(all.size() > 1 ? "Frame %d of %d".formatted(i + 1, all.size()) : "Frame").append(": ");
            out.append(text(all.get(i), unmask));
            described += all.get(i).bytes().length();
        }
        if (described < bytes.length) {
            out.append("(%d more bytes follow that cannot be read as frames after this one)\n".formatted(bytes.length - described));
        }
        return out.toString();
    }

    /** The breakdown of one described frame, masked payload unmasked. */
    public static String text(Description d) {
        return text(d, true);
    }

    /** The breakdown of one described frame. */
    public static String text(Description d, boolean unmask) {
        StringBuilder out = new StringBuilder();
        out.append("%d bytes, %s\n".formatted(d.bytes().length(), d.bytes().length() < 2 ? "too short to tell the direction" : d.direction()));
        out.append(d.annotated());
        if (d.complete()) {
            if (d.masked() && !unmask) {
                out.append("Payload: masked with the key above; unmasking it is chapter 06 (06_Masking.java decode)\n");
            } else {
                if (d.masked()) {
                    int shown = Math.min(d.payload().length(), SHOWN_PAYLOAD);
                    out.append("Unmasked payload (byte i XOR key[i % 4], section 5.3): ")
                            .append(HexDump.hex(d.payload().slice(0, shown).toByteArray()))
                            .append(shown < d.payload().length() ? " ..." : "").append('\n');
                }
                out.append(payloadMeaning(d.opcode(), d.payload().toByteArray())).append('\n');
            }
        }
        if (d.violation() != null) {
            out.append("Verdict: INVALID, an endpoint must close with %d: %s\n".formatted(
                    d.violation().closeCode().code(), d.violation().getMessage()));
        } else if (!d.complete()) {
            out.append("Verdict: INCOMPLETE, the bytes end before the frame does\n");
        } else {
            out.append("Verdict: valid (a strict %s-side FrameParser accepts it)\n"
                    .formatted(d.masked() ? "server" : "client"));
        }
        return out.toString();
    }

    /** Only the field list, for callers that print it their own way ({@link HexDump#annotate}). */
    public static List<HexDump.Field> fields(byte[] oneFrame) {
        return describe(oneFrame, 0).fields();
    }

    static String byte0(int b0) {
        int opcode = b0 & 0x0f;
        return "%s  FIN=%d (%s), RSV1-3=%s, opcode=0x%X (%s)".formatted(bits(b0), b0 >> 7,
                (b0 & 0x80) != 0 ? "last frame of its message" : "more frames of this message follow",
                Integer.toBinaryString(0b1000 | ((b0 >> 4) & 7)).substring(1), opcode, opcodeName(opcode));
    }

    /** The opcode's name from section 5.2, or what its range is reserved for. */
    public static String opcodeName(int opcode) {
        return opcodeName(opcode, opcode < 8 ? "reserved non-control" : "reserved control");
    }

    /** The opcode's name from section 5.2 ("text", "ping", ...), or {@code reserved} for an opcode it does not define. */
    public static String opcodeName(int opcode, String reserved) {
        return switch (opcode) {
            case 0x0 -> "continuation";
            case 0x1 -> "text";
            case 0x2 -> "binary";
            case 0x8 -> "close";
            case 0x9 -> "ping";
            case 0xA -> "pong";
            default -> reserved;
        };
    }

    static String bits(int b) {
        String s = Integer.toBinaryString(0x100 | b).substring(1);
        return s.substring(0, 4) + " " + s.substring(4);
    }

    /** The payload shown the way its opcode says to read it. */
    static String payloadMeaning(int opcode, byte[] payload) {
        if (payload.length == 0) {
            return "Payload: empty";
        }
        if (opcode == 0x8) {
            if (payload.length == 1) {
                return "Close payload of 1 byte: invalid, a status code takes 2 (section 5.5.1)";
            }
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            String name = CloseCode.of(code).name().orElse("unregistered");
            String reason = utf8(java.util.Arrays.copyOfRange(payload, 2, payload.length));
            return "Close status code %d (%s), reason %s".formatted(code, name,
                    reason == null ? "not valid UTF-8" : '"' + reason + '"');
        }
        String text = utf8(payload);
        if (opcode != 0x2 && text != null && printable(text)) {
            String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            return "Payload as UTF-8 text: \"" + shown + "\"";
        }
        if (text == null && (opcode == 0x1 || opcode == 0x0)) {
            return "Payload: %d bytes, not valid UTF-8 on their own (a fragment may end inside a character;"
                    .formatted(payload.length) + " a whole text message must be valid UTF-8, section 8.1)";
        }
        return "Payload: %d bytes of %s data".formatted(payload.length, opcode == 0x2 ? "binary" : "non-text");
    }

    private static boolean printable(String s) {
        return s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t');
    }

    /** Strict UTF-8 (no replacement characters), or null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- HTML bit table

    /**
     * The frame as the RFC 5.2 diagram draws it: 32 bits a row, each bit in a cell coloured by its field,
     * field names above, the byte values below. At most {@code maxPayloadBytes} payload bytes are drawn.
     */
    public static String html(byte[] oneFrame, int maxPayloadBytes) {
        Description d = describe(oneFrame, 0);
        byte[] bytes = d.bytes().toByteArray();
        int payloadStart = d.spans().stream().filter(s -> s.part() == Part.PAYLOAD)
                .mapToInt(s -> (int) (s.firstBit() / 8)).findFirst().orElse(bytes.length);
        int drawn = Math.min(bytes.length, payloadStart + Math.max(0, maxPayloadBytes));
        long totalBits = drawn * 8L;
        StringBuilder h = new StringBuilder();
        h.append("<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px;text-align:center\">");
        h.append("<tr>");
        for (int bit = 0; bit < 32; bit++) {
            h.append("<td style=\"padding:1px 3px;color:#777\">").append(bit % 10).append("</td>");
        }
        h.append("</tr>");
        for (long rowStart = 0; rowStart < totalBits; rowStart += 32) {
            long rowEnd = Math.min(totalBits, rowStart + 32);
            // field names
            h.append("<tr>");
            long bit = rowStart;
            while (bit < rowEnd) {
                Span s = spanAt(d.spans(), bit);
                long end = s == null ? rowEnd : Math.min(rowEnd, s.firstBit() + s.bitCount());
                String label = s == null ? "" : s.part().label;
                String colour = s == null ? "#ffffff" : s.part().colour;
                h.append("<td colspan=\"%d\" style=\"border:1px solid #555;background:%s;padding:1px 3px;font-family:sans-serif\">%s</td>"
                        .formatted(end - bit, colour, escape(label)));
                bit = end;
            }
            h.append("</tr>");
            // the bits
            h.append("<tr>");
            for (bit = rowStart; bit < rowEnd; bit++) {
                Span s = spanAt(d.spans(), bit);
                int value = (bytes[(int) (bit / 8)] >> (7 - (int) (bit % 8))) & 1;
                h.append("<td data-bit style=\"border:1px solid #aaa;background:%s;padding:1px 3px\">%d</td>"
                        .formatted(s == null ? "#ffffff" : s.part().colour, value));
            }
            h.append("</tr>");
            // the bytes
            h.append("<tr>");
            for (long byteStart = rowStart; byteStart < rowEnd; byteStart += 8) {
                int value = bytes[(int) (byteStart / 8)] & 0xff;
                h.append("<td colspan=\"8\" style=\"color:#333;padding:1px 3px\">0x%02x</td>".formatted(value));
            }
            h.append("</tr>");
        }
        h.append("</table>");
        if (drawn < bytes.length) {
            h.append("<p style=\"font-family:sans-serif;font-size:12px\">... and %d more payload bytes.</p>"
                    .formatted(bytes.length - drawn));
        }
        h.append("<pre style=\"font-size:12px\">").append(escape(text(d))).append("</pre>");
        return h.toString();
    }

    /** The bit table with at most 16 payload bytes drawn. */
    public static String html(byte[] oneFrame) {
        return html(oneFrame, 16);
    }

    private static Span spanAt(List<Span> spans, long bit) {
        for (Span s : spans) {
            if (bit >= s.firstBit() && bit < s.firstBit() + s.bitCount()) {
                return s;
            }
        }
        return null;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
