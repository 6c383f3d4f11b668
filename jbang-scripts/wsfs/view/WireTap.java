package wsfs.view;

import wsfs.protocol.ByteString;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.protocol.ProtocolViolation;

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
 * Watches the frames that pass through a connection's streams without changing a byte (chapter 16).
 * The client's {@code debug} option and the demos use it to print the wire as annotated hex.
 *
 * <p>{@link #in} and {@link #out} wrap the streams an endpoint reads and writes <em>after</em> the opening
 * handshake; a {@link Splitter} cuts the bytes into frames with the project's one frame parser,
 * {@link FrameParser} (chapter 05), and each frame is reported as a {@link Tapped}: its header, the first
 * {@link #KEPT_PAYLOAD} bytes of its payload (still masked, as on the wire) and its full length. A 64 MiB
 * frame costs the tap 64 bytes of memory.
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
     * @param direction sent or received by the tapped endpoint
     * @param header    the frame's header, as the parser read it
     * @param wire      the header bytes followed by at most {@link #KEPT_PAYLOAD} payload bytes, as on the wire
     */
    public record Tapped(Direction direction, FrameHeader header, ByteString wire) {

        /** How many of {@code wire} are header (2 to 14). */
        public int headerLength() {
            return header.headerLength();
        }

        /** The full payload length announced by the header. */
        public long payloadLength() {
            return header.payloadLength();
        }

        public int opcode() {
            return header.opcode().code();
        }

        public boolean fin() {
            return header.fin();
        }

        public boolean masked() {
            return header.masked();
        }

        /** The kept payload bytes, unmasked. */
        public byte[] payloadPrefix() {
            byte[] payload = wire.slice(headerLength(), wire.length()).toByteArray();
            if (masked()) {
                wsfs.protocol.Masking.apply(payload, header.maskingKey().toByteArray());
            }
            return payload;
        }

        /** True if the tap kept the whole payload. */
        public boolean complete() {
            return wire.length() - headerLength() == payloadLength();
        }

        /** One line: direction, frame kind, FIN, length and a short view of the payload. */
        public String summary() {
            String name = opcodeName(opcode());
            StringBuilder s = new StringBuilder(direction.arrow()).append(' ').append(name)
                    .append(fin() ? "" : " (FIN=0)").append(", ").append(payloadLength()).append(" bytes");
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
            return HexDump.annotate(wire.toByteArray(), fields(this));
        }
    }

    /**
     * Cuts a byte stream into frames, fed any number of bytes at a time, with {@link FrameParser} (sans-I/O: no
     * stream, no socket). The tap does not know which side it watches, so each frame is read as its MASK bit says
     * ({@link FrameParser#eitherDirection}), with every RSV bit allowed and any length; every other rule is the
     * parser's. The bytes passing through are never changed: the parser works on a copy. A frame
     * that breaks a rule ends the tapping (the endpoint fails the connection on that very frame and says why).
     */
    public static final class Splitter {
        private final Direction direction;
        private final Consumer<Tapped> sink;
        private final FrameParser parser = FrameParser.eitherDirection(Long.MAX_VALUE);
        private boolean stopped;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private byte[] original;       // the bytes being fed, as on the wire (the parser unmasks a copy)
        private int originalOffset;

        public Splitter(Direction direction, Consumer<Tapped> sink) {
            this.direction = direction;
            this.sink = sink;
            parser.setAllowedRsv(7);
        }

        public void feed(byte[] bytes, int offset, int length) {
            parse(bytes, offset, length);
        }

        private void parse(byte[] bytes, int offset, int length) {
            if (length == 0 || stopped) {
                return;
            }
            original = bytes;
            originalOffset = offset;
            try {
                parser.feed(java.util.Arrays.copyOfRange(bytes, offset, offset + length), 0, length, events);
            } catch (ProtocolViolation v) {
                stopped = true;
            }
        }

        private final FrameParser.Sink events = new FrameParser.Sink() {
            @Override
            public void header(FrameHeader h) {
                kept.reset();
                kept.writeBytes(h.toBytes()); // the parser accepts only the minimal form: these are the wire bytes
            }

            @Override
            public void payload(FrameHeader h, byte[] copy, int offset, int length) {
                int room = h.headerLength() + KEPT_PAYLOAD - kept.size();
                if (room > 0) {
                    kept.write(original, originalOffset + offset, Math.min(room, length)); // still masked
                }
            }

            @Override
            public void end(FrameHeader h) {
                sink.accept(new Tapped(direction, h, ByteString.wrapOwned(kept.toByteArray())));
            }
        };
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
        byte[] w = t.wire().toByteArray();
        List<HexDump.Field> fields = new ArrayList<>();
        int rsv = (w[0] >> 4) & 0x7;
        fields.add(new HexDump.Field(0, 1, "FIN=%d RSV=%d%d%d opcode=0x%X (%s)".formatted(
                t.fin() ? 1 : 0, rsv >> 2 & 1, rsv >> 1 & 1, rsv & 1, t.opcode(), opcodeName(t.opcode()))));
        int extra = t.header().extendedLengthBytes();
        String lengthNote = switch (extra) {
            case 0 -> "payload length " + t.payloadLength();
            case 2 -> "payload length 126: a 16-bit length follows";
            default -> "payload length 127: a 64-bit length follows";
        };
        fields.add(new HexDump.Field(1, 1, "MASK=%d, %s".formatted(t.masked() ? 1 : 0, lengthNote)));
        int at = 2;
        if (extra > 0) {
            fields.add(new HexDump.Field(2, extra, "extended payload length " + t.payloadLength()));
            at += extra;
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
