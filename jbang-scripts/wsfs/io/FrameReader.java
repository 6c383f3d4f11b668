package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Role;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads frames from a blocking byte stream (chapter 05): a thin adapter around {@link FrameParser}, which
 * enforces every rule of the frame format (RFC 6455 sections 5.1, 5.2, 5.3 and 5.5).
 * <p>
 * {@code role} is the side WE play: a {@link Role#SERVER} reader requires masked frames, a
 * {@link Role#CLIENT} reader rejects them. Frames come back with the payload unmasked and the masking key
 * kept. Every broken rule is a {@link ProtocolViolation} carrying its close code. The reader never asks the
 * stream for more than {@link FrameParser#bytesNeeded()}, so it takes exactly the bytes of one frame (never a
 * byte of the next), however TCP splits them, even one byte per read. It is not thread-safe: one thread reads
 * a connection.
 * <p>
 * The payload is read in pieces of at most {@link #PAYLOAD_CHUNK} bytes, straight into the frame's array, where
 * the parser unmasks each piece as soon as it arrives. Code that wants to see each piece as it comes off the wire
 * (to check UTF-8 before the rest of a frame arrives) feeds a {@link FrameParser} itself, with its own
 * {@link FrameParser.Sink}.
 */
public final class FrameReader {
    /** Section 5.5's limit on a control frame's payload; the one constant is {@link FrameParser#MAX_CONTROL_PAYLOAD}. */
    public static final int MAX_CONTROL_PAYLOAD = FrameParser.MAX_CONTROL_PAYLOAD;
    /** The largest payload one Java array can hold (a little under 2 GiB). */
    public static final long MAX_ARRAY_PAYLOAD = Integer.MAX_VALUE - 8;
    /** The most payload bytes one read asks the stream for. */
    public static final int PAYLOAD_CHUNK = 8192;

    private final InputStream in;
    private final FrameParser parser;
    private final byte[] headerBytes = new byte[FrameParser.MAX_HEADER_LENGTH];

    /**
     * @param in              the stream, positioned at the start of a frame (after the handshake)
     * @param role            the side we play
     * @param maxFramePayload the largest payload we accept in one frame; a larger one fails with 1009
     */
    public FrameReader(InputStream in, Role role, long maxFramePayload) {
        this(in, role, maxFramePayload, 0);
    }

    /** As above, with the RSV bits a negotiated extension defines (RSV1 = 4, RSV2 = 2, RSV3 = 1). */
    public FrameReader(InputStream in, Role role, long maxFramePayload, int allowedRsv) {
        if (maxFramePayload < 0) {
            throw new IllegalArgumentException("maxFramePayload < 0");
        }
        this.in = in;
        this.parser = new FrameParser(role, Math.min(maxFramePayload, MAX_ARRAY_PAYLOAD));
        setAllowedRsv(allowedRsv);
    }

    /** Section 5.2: RSV bits "MUST be 0 unless an extension is negotiated that defines meanings". */
    public void setAllowedRsv(int mask) {
        parser.setAllowedRsv(mask);
    }

    public Role role() {
        return parser.role();
    }

    public long maxFramePayload() {
        return parser.maxFramePayload();
    }

    /**
     * Reads the next frame. Throws {@link EOFException} if the stream ends (before a frame starts, or
     * in the middle of one: the message says which), and {@link ProtocolViolation} for a broken rule.
     */
    public Frame read() throws IOException {
        // EXERCISE 05-frame-reader: read one frame: header bytes until the parser has the header, then the payload, and return the Frame (RFC 6455 section 5.2)
        OneFrame frame = new OneFrame();
        while (!frame.complete) {
            if (frame.header == null) {
                readHeaderBytes(frame);
            } else {
                readPayloadBytes(frame);
            }
        }
        return new Frame(frame.header.fin(), frame.header.rsv(), frame.header.opcode(), frame.header.maskingKey(),
                ByteString.wrapOwned(frame.payload)); // read into a fresh array that nothing else holds
        // END EXERCISE
    }

    /** Header bytes go through a 14-byte buffer; never more than the parser says the header still needs. */
    private void readHeaderBytes(OneFrame frame) throws IOException {
        // EXERCISE 05-frame-reader: ask the stream for at most bytesNeeded() header bytes and feed them; the end of the stream is an EOFException saying where
        int n = in.read(headerBytes, 0, (int) parser.bytesNeeded());
        if (n < 0) {
            throw new EOFException(parser.atFrameBoundary() ? "the stream ended before the next frame"
                    : "the stream ended in the middle of a frame header");
        }
        parser.feed(headerBytes, 0, n, frame);
        // END EXERCISE
    }

    /**
     * Payload bytes are read straight into the frame's array, each read taking what the stream has (at most
     * {@link #PAYLOAD_CHUNK} bytes) rather than waiting for a full buffer. The array grows as bytes arrive, so a peer that announces a large length and then sends
     * little cannot make us allocate the whole length up front.
     */
    private void readPayloadBytes(OneFrame frame) throws IOException {
        // EXERCISE 05-frame-reader: payload bytes straight into the frame's growing array, at most bytesNeeded() and PAYLOAD_CHUNK per read, fed to the parser in place
        int length = (int) frame.header.payloadLength();
        if (frame.filled == frame.payload.length) {
            frame.payload = Arrays.copyOf(frame.payload, (int) Math.min(length, 2L * frame.payload.length));
        }
        int want = (int) Math.min(parser.bytesNeeded(), Math.min(frame.payload.length - frame.filled, PAYLOAD_CHUNK));
        int n = in.read(frame.payload, frame.filled, want);
        if (n < 0) {
            throw new EOFException("the stream ended in the middle of a frame: %d of %d payload bytes arrived"
                    .formatted(frame.filled, length));
        }
        parser.feed(frame.payload, frame.filled, n, frame); // unmasks in place, calls frame.payload(...)
        // END EXERCISE
    }

    /** The parser's events for the frame being read: its header, how much of the payload is in place, its end. */
    private static final class OneFrame implements FrameParser.Sink {
        private FrameHeader header;
        private byte[] payload;
        private int filled;
        private boolean complete;

        @Override
        public void header(FrameHeader h) {
            header = h;
            payload = new byte[(int) Math.min(h.payloadLength(), PAYLOAD_CHUNK)];
        }

        @Override
        public void payload(FrameHeader h, byte[] data, int offset, int length) {
            filled += length; // data is our payload array and offset was filled: the piece is already in place
        }

        @Override
        public void end(FrameHeader h) {
            complete = true;
        }
    }
}
