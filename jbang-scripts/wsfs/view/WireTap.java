package wsfs.view;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Watches the frames that pass through a connection's streams without changing a byte (chapter 08).
 * The client's {@code debug} option and the demos use it to print the wire as annotated hex.
 *
 * <p>{@link #in} and {@link #out} wrap the streams an endpoint reads and writes <em>after</em> the opening
 * handshake; a {@link Splitter} cuts the bytes into frames by reading their headers (section 5.2), and each
 * frame is reported as a {@link Tapped}: its header, the first {@link #KEPT_PAYLOAD} bytes of its payload
 * (still masked, as on the wire) and its full length. A 64 MiB frame costs the tap 64 bytes of memory.
 */
public final class WireTap {
    private WireTap() {
    }

    /** How many payload bytes of each frame the tap keeps for display. */
    public static final int KEPT_PAYLOAD = 48;

    public enum Direction {
        SENT("->"), RECEIVED("<-");

        private final String arrow;

        Direction(String arrow) {
            this.arrow = arrow;
        }

        public String arrow() {
            return arrow;
        }
    }

    /**
     * One frame seen on the wire.
     *
     * @param direction     sent or received by the tapped endpoint
     * @param wire          the header bytes followed by at most {@link #KEPT_PAYLOAD} payload bytes, as on the wire
     * @param headerLength  how many of {@code wire} are header (2 to 14)
     * @param payloadLength the full payload length announced by the header
     */
    public record Tapped(Direction direction, byte[] wire, int headerLength, long payloadLength) {

        public int opcode() {
            return wire[0] & 0x0f;
        }

        public boolean fin() {
            return (wire[0] & 0x80) != 0;
        }

        public boolean masked() {
            return (wire[1] & 0x80) != 0;
        }

        /** The kept payload bytes, unmasked. */
        public byte[] payloadPrefix() {
            byte[] payload = java.util.Arrays.copyOfRange(wire, headerLength, wire.length);
            if (masked()) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= wire[headerLength - 4 + (i % 4)];
                }
            }
            return payload;
        }

        /** True if the tap kept the whole payload. */
        public boolean complete() {
            return wire.length - headerLength == payloadLength;
        }

        /** One line: direction, frame kind, FIN, length and a short view of the payload. */
        public String summary() {
            String name = opcodeName(opcode());
            StringBuilder s = new StringBuilder(direction.arrow()).append(' ').append(name)
                    .append(fin() ? "" : " (FIN=0)").append(", ").append(payloadLength).append(" bytes");
            if (masked()) {
                s.append(", masked");
            }
            String shown = showPayload(this);
            if (!shown.isEmpty()) {
                s.append(": ").append(shown);
            }
            return s.toString();
        }

        /** The frame as annotated hex: one line per header field, then the (kept part of the) payload. */
        public String annotated() {
            return HexDump.annotate(wire, fields(this));
        }
    }

    /**
     * Cuts a byte stream into frames, fed any number of bytes at a time (sans-IO: no stream, no socket).
     * It only reads headers; it does not check the rules (the endpoint's FrameReader does that).
     */
    public static final class Splitter {
        private final Direction direction;
        private final Consumer<Tapped> sink;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int headerLength = -1;
        private long payloadLength;
        private long payloadSeen;

        public Splitter(Direction direction, Consumer<Tapped> sink) {
            this.direction = direction;
            this.sink = sink;
        }

        public void feed(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                feed(bytes[i]);
            }
        }

        private void feed(byte b) {
            if (headerLength < 0) {
                current.write(b);
                byte[] sofar = current.toByteArray();
                int needed = neededHeader(sofar);
                if (sofar.length == needed) {
                    headerLength = needed;
                    payloadLength = lengthOf(sofar);
                    payloadSeen = 0;
                    if (payloadLength == 0) {
                        emit();
                    }
                }
                return;
            }
            if (payloadSeen < KEPT_PAYLOAD) {
                current.write(b);
            }
            payloadSeen++;
            if (payloadSeen == payloadLength) {
                emit();
            }
        }

        private void emit() {
            sink.accept(new Tapped(direction, current.toByteArray(), headerLength, payloadLength));
            current.reset();
            headerLength = -1;
        }

        /** The header length once enough bytes are known; a larger number while it is not yet known. */
        private static int neededHeader(byte[] h) {
            if (h.length < 2) {
                return 2;
            }
            int len7 = h[1] & 0x7f;
            int extra = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
            return 2 + extra + ((h[1] & 0x80) != 0 ? 4 : 0);
        }

        private static long lengthOf(byte[] h) {
            int len7 = h[1] & 0x7f;
            if (len7 < 126) {
                return len7;
            }
            int n = len7 == 126 ? 2 : 8;
            long length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (h[2 + i] & 0xff);
            }
            return length;
        }
    }

    /** An InputStream that reports every frame read through it. */
    public static InputStream in(InputStream in, Consumer<Tapped> sink) {
        Splitter splitter = new Splitter(Direction.RECEIVED, sink);
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    splitter.feed(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    splitter.feed(buf, off, n);
                }
                return n;
            }
        };
    }

    /** An OutputStream that reports every frame written through it. */
    public static OutputStream out(OutputStream out, Consumer<Tapped> sink) {
        Splitter splitter = new Splitter(Direction.SENT, sink);
        return new FilterOutputStream(out) {
            // The tap sees the bytes just before they are written: a frame is reported before its answer can
            // arrive, so a log of sent and received frames is in causal order.
            @Override
            public void write(int b) throws IOException {
                splitter.feed(new byte[] {(byte) b}, 0, 1);
                out.write(b);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                splitter.feed(buf, off, len);
                out.write(buf, off, len);
            }
        };
    }

    static String opcodeName(int opcode) {
        return FrameDescriber.opcodeName(opcode, "reserved opcode 0x" + Integer.toHexString(opcode));
    }

    private static String showPayload(Tapped t) {
        byte[] p = t.payloadPrefix();
        String more = t.complete() ? "" : "...";
        return switch (t.opcode()) {
            case 0x1, 0x0, 0x9, 0xA -> p.length == 0 ? "" : quote(p) + more;
            case 0x8 -> {
                if (p.length < 2) {
                    yield "no status code";
                }
                int code = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
                yield "code " + code + (p.length > 2 ? " reason " + quote(java.util.Arrays.copyOfRange(p, 2, p.length)) : "");
            }
            default -> p.length == 0 ? "" : HexDump.hex(p, 0, Math.min(p.length, 16)) + (p.length > 16 || !t.complete() ? " ..." : "");
        };
    }

    private static String quote(byte[] utf8) {
        // A prefix may end inside a multi-byte character: show what decodes, drop the cut character.
        String s = new String(utf8, StandardCharsets.UTF_8).replace("\uFFFD", "");
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 ? '.' : c);
        }
        return out.append('"').toString();
    }

    private static List<HexDump.Field> fields(Tapped t) {
        byte[] w = t.wire();
        List<HexDump.Field> fields = new ArrayList<>();
        int rsv = (w[0] >> 4) & 0x7;
        fields.add(new HexDump.Field(0, 1, "FIN=%d RSV=%d%d%d opcode=0x%X (%s)".formatted(
                t.fin() ? 1 : 0, rsv >> 2 & 1, rsv >> 1 & 1, rsv & 1, t.opcode(), opcodeName(t.opcode()))));
        int len7 = w[1] & 0x7f;
        String lengthNote = len7 < 126 ? "payload length " + len7
                : len7 == 126 ? "payload length 126: a 16-bit length follows" : "payload length 127: a 64-bit length follows";
        fields.add(new HexDump.Field(1, 1, "MASK=%d, %s".formatted(t.masked() ? 1 : 0, lengthNote)));
        int at = 2;
        if (len7 == 126) {
            fields.add(new HexDump.Field(2, 2, "extended payload length " + t.payloadLength()));
            at += 2;
        } else if (len7 == 127) {
            fields.add(new HexDump.Field(2, 8, "extended payload length " + t.payloadLength()));
            at += 8;
        }
        if (t.masked()) {
            fields.add(new HexDump.Field(at, 4, "masking key"));
        }
        int kept = w.length - t.headerLength();
        if (kept > 0) {
            String what = (t.masked() ? "payload, masked" : "payload")
                    + (t.complete() ? "" : " (first %d of %d bytes)".formatted(kept, t.payloadLength()));
            String shown = showPayload(t);
            fields.add(new HexDump.Field(t.headerLength(), kept, shown.isEmpty() ? what : what + " = " + shown));
        }
        return fields;
    }
}
