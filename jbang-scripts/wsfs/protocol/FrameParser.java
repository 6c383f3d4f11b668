package wsfs.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Incremental, sans-I/O parser of RFC 6455 section 5.2 frames (chapter 05): bytes in, in any split; events out.
 * <p>
 * TCP delivers a byte stream, not messages (chapter 01): one read may hold half a header, or the end of one frame
 * and the start of the next. So the parser takes whatever bytes arrived, keeps the part of a header it cannot
 * finish yet (at most 14 bytes), and tells its {@link Sink} what it completed: a checked header, pieces of
 * payload (unmasked in place, section 5.3), the end of the frame. It never touches a socket, a thread or a
 * clock, so the same parser serves the blocking reader, the notebooks, the describer, the wire tap and the
 * fuzzers, and it is tested with byte arrays alone (the shape of Python's {@code websockets} and {@code wsproto}).
 * <p>
 * The states, one after another for each frame:
 * <pre>
 *   HEADER (2 bytes) -> EXTENDED_LENGTH (0, 2 or 8 bytes) -> MASKING_KEY (0 or 4 bytes) -> PAYLOAD (length bytes)
 * </pre>
 * Every rule is checked as soon as the bytes that decide it are there, and a broken rule is a
 * {@link ProtocolViolation} with its close code and section; after one the parser takes no more input.
 * {@code role} is the side WE play: a {@link Role#SERVER} parser requires masked frames, a
 * {@link Role#CLIENT} parser rejects them (section 5.1). Not thread-safe: one thread feeds a parser.
 */
public final class FrameParser {
    /** Section 5.5's limit on a control frame's payload: chapter 04's {@link FrameCodec#MAX_CONTROL_PAYLOAD}. */
    public static final int MAX_CONTROL_PAYLOAD = FrameCodec.MAX_CONTROL_PAYLOAD;
    /** The sentence for that rule, everywhere the project checks it. */
    public static final String CONTROL_PAYLOAD_RULE = FrameCodec.CONTROL_PAYLOAD_RULE;
    /** The longest header: 2 bytes, 8 bytes of extended length, 4 bytes of masking key. */
    public static final int MAX_HEADER_LENGTH = 14;

    /** Receives a frame as it is parsed. Whatever a method throws leaves {@link #feed} at once. */
    public interface Sink {
        /** The header is complete and obeys every rule; no payload byte has been parsed yet. */
        void header(FrameHeader header) throws ProtocolViolation;

        /**
         * {@code length} more payload bytes, unmasked, at {@code data[offset, offset+length)}: a view into the
         * array given to {@link #feed}. Read it or copy it; do not keep it. Never called with length 0.
         */
        void payload(FrameHeader header, byte[] data, int offset, int length) throws ProtocolViolation;

        /** The frame is complete (also for a payload of length 0); the parser is at a frame boundary again. */
        void end(FrameHeader header) throws ProtocolViolation;
    }

    private enum State { HEADER, EXTENDED_LENGTH, MASKING_KEY, PAYLOAD }

    private final Role role;
    private final long maxFramePayload;
    private int allowedRsv;

    private State state = State.HEADER;
    private final byte[] head = new byte[MAX_HEADER_LENGTH]; // the header bytes of the current frame so far
    private int headFill;       // how many of them
    private int headTarget = 2; // how many the current header state needs in all
    private long payloadLength;
    private long payloadSeen;
    private FrameHeader header;
    private byte[] key;         // the current frame's masking key (the header holds it as a ByteString), else null
    private boolean failed;

    /**
     * @param role            the side we play (SERVER requires masked frames, CLIENT refuses them)
     * @param maxFramePayload the largest payload accepted in one frame; a larger one fails with 1009 from its header
     */
    public FrameParser(Role role, long maxFramePayload) {
        this(role, maxFramePayload, false);
    }

    /**
     * A parser for the views that watch frames without playing a side (the wire tap): each frame is read as its
     * own MASK bit says (section 5.1: masked means client to server); every other rule is checked as strictly.
     */
    public static FrameParser eitherDirection(long maxFramePayload) {
        return new FrameParser(null, maxFramePayload, true);
    }

    private FrameParser(Role role, long maxFramePayload, boolean eitherDirection) {
        if (maxFramePayload < 0) {
            throw new IllegalArgumentException("maxFramePayload < 0");
        }
        if (role == null && !eitherDirection) {
            throw new NullPointerException("role");
        }
        this.role = role;
        this.maxFramePayload = maxFramePayload;
    }

    /** Section 5.2: RSV bits "MUST be 0 unless an extension is negotiated that defines meanings" (RSV1 = 4). */
    public void setAllowedRsv(int mask) {
        if (mask < 0 || mask > 7) {
            throw new IllegalArgumentException("the RSV mask is 3 bits: " + mask);
        }
        this.allowedRsv = mask;
    }

    /** The side we play, or null for a parser made by {@link #eitherDirection}. */
    public Role role() {
        return role;
    }

    public long maxFramePayload() {
        return maxFramePayload;
    }

    /**
     * Parses {@code data[offset, offset+length)}: calls {@code sink} for everything it completes and keeps a partial
     * header for the next call. Payload pieces are unmasked IN PLACE in {@code data} and handed to the sink as views.
     * Throws {@link ProtocolViolation} for a broken rule (its own or the sink's); after that every call throws
     * {@link IllegalStateException}.
     */
    public void feed(byte[] data, int offset, int length, Sink sink) throws ProtocolViolation {
        if (failed) {
            throw new IllegalStateException("the parser met a broken rule and takes no more input");
        }
        Objects.checkFromIndexSize(offset, length, data.length);
        int at = offset;
        int end = offset + length;
        try {
            while (at < end) {
                if (state == State.PAYLOAD) {
                    int n = (int) Math.min(payloadLength - payloadSeen, end - at);
                    if (header.masked()) {
                        // Section 5.3: payload byte i is XORed with key[i % 4], so a piece that starts at payload
                        // offset payloadSeen starts at key octet payloadSeen % 4.
                        Masking.applyFast(data, at, n, key, (int) (payloadSeen & 3));
                    }
                    payloadSeen += n;
                    sink.payload(header, data, at, n);
                    at += n;
                    if (payloadSeen == payloadLength) {
                        endFrame(sink);
                    }
                } else {
                    int n = Math.min(headTarget - headFill, end - at);
                    System.arraycopy(data, at, head, headFill, n);
                    headFill += n;
                    at += n;
                    if (headFill == headTarget) {
                        headerPartComplete(sink);
                    }
                }
            }
        } catch (ProtocolViolation v) {
            failed = true;
            throw v;
        }
    }

    /** As {@link #feed(byte[], int, int, Sink)}, the whole array. */
    public void feed(byte[] data, Sink sink) throws ProtocolViolation {
        feed(data, 0, data.length, sink);
    }

    /** True when no part of a frame is pending: the next byte starts a new frame. */
    public boolean atFrameBoundary() {
        return state == State.HEADER && headFill == 0;
    }

    /**
     * How many more bytes the current frame needs at least (always at least 1). A blocking reader that asks its
     * stream for at most this many bytes never takes a byte of the next frame. While the header is incomplete it
     * counts header bytes only; once it is complete, the payload bytes still to come.
     */
    public long bytesNeeded() {
        return switch (state) {
            case HEADER -> headTarget - headFill;
            case EXTENDED_LENGTH -> headTarget - headFill + (masked() ? 4 : 0);
            case MASKING_KEY -> headTarget - headFill;
            case PAYLOAD -> payloadLength - payloadSeen;
        };
    }

    /** How many bytes of the current frame the parser has taken (0 at a frame boundary). */
    public long frameBytesTaken() {
        return state == State.PAYLOAD ? header.headerLength() + payloadSeen : headFill;
    }

    /** The header of the frame whose payload is being parsed, or null while no header is complete. */
    public FrameHeader currentHeader() {
        return state == State.PAYLOAD ? header : null;
    }

    // ---- the header, part by part ---------------------------------------------------------------------

    private void headerPartComplete(Sink sink) throws ProtocolViolation {
        switch (state) {
            case HEADER -> firstTwoBytes(sink);
            case EXTENDED_LENGTH -> extendedLength(sink);
            case MASKING_KEY -> headerComplete(sink);
            case PAYLOAD -> throw new AssertionError("no header part in the payload");
        }
    }

    private boolean masked() {
        return (head[1] & 0x80) != 0;
    }

    /** Bytes 0 and 1: FIN, RSV1-3, opcode; MASK and the 7-bit payload length (section 5.2). */
    private void firstTwoBytes(Sink sink) throws ProtocolViolation {
        // EXERCISE 05-header-lengths: bytes 0 and 1: FIN, RSV, opcode, MASK, 7-bit length; the rules they decide; which length form follows (RFC 6455 section 5.2)
        int b0 = head[0] & 0xff;
        int b1 = head[1] & 0xff;
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >> 4) & 0x7;
        if ((rsv & ~allowedRsv) != 0) {
            throw violation("5.2", "RSV bits %s are set but no negotiated extension defines them"
                    .formatted(Integer.toBinaryString(0b1000 | rsv).substring(1)));
        }
        Opcode opcode = Opcode.fromCode(b0 & 0x0F); // reserved opcodes: 1002
        if (opcode.isControl() && !fin) {
            throw violation("5.5", "Control frames must not be fragmented (FIN must be 1)");
        }
        boolean masked = (b1 & 0x80) != 0;
        Role role = this.role != null ? this.role : masked ? Role.SERVER : Role.CLIENT;
        if (masked && !role.expectsMaskedIncoming()) {
            throw violation("5.1", "A server must not mask the frames it sends; this frame is masked");
        }
        if (!masked && role.expectsMaskedIncoming()) {
            throw violation("5.1", "A client must mask every frame it sends; this frame is not masked");
        }
        int length7 = FrameCodec.sevenBitLength(b1);
        if (opcode.isControl() && length7 > MAX_CONTROL_PAYLOAD) {
            throw violation("5.5", CONTROL_PAYLOAD_RULE);
        }
        int extra = FrameCodec.extendedLengthBytes(b1);
        if (extra == 0) {
            lengthKnown(length7, sink);
        } else {
            state = State.EXTENDED_LENGTH;
            headTarget = 2 + extra;
        }
        // END EXERCISE
    }

    /** The 16- or 64-bit extended payload length, in network byte order (section 5.2). */
    private void extendedLength(Sink sink) throws ProtocolViolation {
        // EXERCISE 05-header-lengths: the 16- or 64-bit extended payload length in network byte order (RFC 6455 section 5.2)
        int extra = headTarget - 2;
        long n = bigEndian(head, 2, extra);
        if (extra == 2 && n < 126) {
            throw violation("5.2", "Length %d is sent in the 16-bit form but fits in 7 bits; the minimal number of bytes must be used".formatted(n));
        }
        if (extra == 8 && n < 0) {
            throw violation("5.2", "The most significant bit of a 64-bit payload length must be 0");
        }
        if (extra == 8 && n < 65536) {
            throw violation("5.2", "Length %d is sent in the 64-bit form but fits in 16 bits; the minimal number of bytes must be used".formatted(n));
        }
        lengthKnown(n, sink);
        // END EXERCISE
    }

    private void lengthKnown(long length, Sink sink) throws ProtocolViolation {
        if (length > maxFramePayload) {
            // Decided from the header alone: not one payload byte is buffered, nothing of this size allocated.
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "7.4.1",
                    "A frame announces %d payload bytes, more than the %d this endpoint accepts".formatted(length, maxFramePayload));
        }
        payloadLength = length;
        if (masked()) {
            state = State.MASKING_KEY;
            headTarget = headFill + 4;
        } else {
            headerComplete(sink);
        }
    }

    private void headerComplete(Sink sink) throws ProtocolViolation {
        int b0 = head[0] & 0xff;
        key = masked() ? Arrays.copyOfRange(head, headTarget - 4, headTarget) : null;
        header = new FrameHeader((b0 & 0x80) != 0, (b0 >> 4) & 0x7, Opcode.fromCode(b0 & 0x0F),
                key == null ? null : ByteString.of(key), payloadLength);
        state = State.PAYLOAD;
        payloadSeen = 0;
        sink.header(header);
        if (payloadLength == 0) {
            endFrame(sink);
        }
    }

    private void endFrame(Sink sink) throws ProtocolViolation {
        FrameHeader done = header;
        state = State.HEADER;
        headFill = 0;
        headTarget = 2;
        header = null;
        sink.end(done);
    }

    // ---- the wire layout, for the views that annotate bytes --------------------------------------------

    /** An unsigned number of {@code n} bytes (at most 8), most significant byte first (network byte order). */
    public static long bigEndian(byte[] bytes, int offset, int n) {
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return value;
    }

    private static ProtocolViolation violation(String section, String rule) {
        return new ProtocolViolation(CloseCode.PROTOCOL_ERROR, section, rule);
    }

    // ---- whole frames from a byte array ----------------------------------------------------------------

    /**
     * Exactly one frame from {@code bytes}, read by a strict {@link FrameParser} playing {@code role}.
     * Throws {@link ProtocolViolation} for a broken rule, {@link EOFException} if the bytes end
     * early, and IllegalArgumentException if bytes are left over after the frame. {@code bytes} is not changed.
     */
    public static Frame decode(byte[] bytes, Role role, long maxFramePayload) throws IOException {
        byte[] copy = bytes.clone(); // the parser unmasks in place
        FrameParser parser = new FrameParser(role, maxFramePayload);
        FrameCollector frame = new FrameCollector(copy.length);
        int at = 0;
        while (at < copy.length && frame.count() == 0) {
            int n = (int) Math.min(parser.bytesNeeded(), copy.length - at); // never past the first frame
            parser.feed(copy, at, n, frame);
            at += n;
        }
        frame.finish(parser);
        if (frame.count() == 0) {
            throw new EOFException("the stream ended before the next frame");
        }
        if (at < copy.length) {
            throw new IllegalArgumentException((copy.length - at) + " bytes follow the frame");
        }
        return frame.frames().getFirst();
    }

    /**
     * Every frame in {@code bytes}, back to back, as {@link Frame}s (payloads unmasked, keys kept). The array is
     * not changed. Throws {@link ProtocolViolation} for a broken rule and {@link EOFException} if the bytes end
     * inside a frame.
     */
    public static List<Frame> parseAll(byte[] bytes, Role role, long maxFramePayload) throws ProtocolViolation, EOFException {
        FrameCollector frames = new FrameCollector(bytes.length);
        FrameParser parser = new FrameParser(role, maxFramePayload);
        parser.feed(bytes.clone(), frames);
        frames.finish(parser);
        return frames.frames();
    }

    /**
     * A sink that assembles whole {@link Frame}s. A payload array grows with the bytes that arrive, never beyond
     * {@code sizeHint} up front, so a header that announces a huge length allocates nothing proportional to it.
     */
    public static final class FrameCollector implements Sink {
        private final int sizeHint;
        private final List<Frame> frames = new ArrayList<>();
        private byte[] payload;
        private int filled;

        /** @param sizeHint the most bytes allocated for a payload before they arrive */
        public FrameCollector(int sizeHint) {
            this.sizeHint = Math.max(0, sizeHint);
        }

        @Override
        public void header(FrameHeader h) {
            payload = new byte[(int) Math.min(h.payloadLength(), sizeHint)];
            filled = 0;
        }

        @Override
        public void payload(FrameHeader h, byte[] data, int offset, int length) {
            if (filled + length > payload.length) {
                payload = Arrays.copyOf(payload, (int) Math.min(h.payloadLength(), Math.max(2L * payload.length, filled + (long) length)));
            }
            System.arraycopy(data, offset, payload, filled, length);
            filled += length;
        }

        @Override
        public void end(FrameHeader h) {
            frames.add(new Frame(h.fin(), h.rsv(), h.opcode(), h.maskingKey(), ByteString.wrapOwned(payload))); // ours alone
            payload = null;
        }

        /** How many frames are complete. */
        public int count() {
            return frames.size();
        }

        /** The frames completed so far. */
        public List<Frame> frames() {
            return List.copyOf(frames);
        }

        /** Throws {@link EOFException} if the input ended inside a frame (saying where). */
        public void finish(FrameParser parser) throws EOFException {
            if (parser.atFrameBoundary()) {
                return;
            }
            FrameHeader h = parser.currentHeader();
            if (h == null) {
                throw new EOFException("the stream ended in the middle of a frame header");
            }
            throw new EOFException("the stream ended in the middle of a frame: %d of %d payload bytes arrived"
                    .formatted(filled, h.payloadLength()));
        }
    }
}
