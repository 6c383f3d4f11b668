package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.Masking;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads frames from a byte stream and enforces every rule of the frame format (chapters 03 and 04),
 * RFC 6455 sections 5.1, 5.2, 5.3 and 5.5.
 * <p>
 * {@code role} is the side WE play: a {@link Role#SERVER} reader requires masked frames, a
 * {@link Role#CLIENT} reader rejects them. Frames come back with the payload unmasked and the masking key
 * kept. Every broken rule is a {@link ProtocolViolation} carrying its close code. The reader pulls exactly the
 * bytes of one frame from the stream (never more), so it works however TCP splits them, even one byte per read.
 * It is not thread-safe: one thread reads a connection.
 * <p>
 * The payload is read in pieces of at most {@link #PAYLOAD_CHUNK} bytes, each unmasked as soon as it arrives.
 * {@link #read()} just returns the whole frame; {@link #read(PayloadObserver)} also shows each piece to an
 * observer before the next one is read, so a text message can be checked as it arrives (chapter 07's endpoint
 * fails invalid UTF-8 in the middle of a frame whose rest has not been sent yet).
 */
public final class FrameReader {
    /** Section 5.5: "All control frames MUST have a payload length of 125 bytes or less". */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** The largest payload one Java array can hold (a little under 2 GiB). */
    public static final long MAX_ARRAY_PAYLOAD = Integer.MAX_VALUE - 8;
    /** The most payload bytes one read asks the stream for, and so the largest piece an observer sees. */
    public static final int PAYLOAD_CHUNK = 8192;

    /**
     * A frame's header as read and checked, before any payload byte: FIN, RSV, opcode, the masking key (null if
     * not masked) and the announced payload length (already checked against the limit).
     */
    public record Header(boolean fin, int rsv, Opcode opcode, byte[] maskingKey, long payloadLength) {
        /** The header of a frame that is already complete (for code that receives whole frames). */
        public static Header of(Frame frame) {
            return new Header(frame.fin(), frame.rsv(), frame.opcode(), frame.maskingKey(), frame.payload().length);
        }
    }

    /**
     * Sees a frame while it is being read: its header once it is checked, then each piece of the payload,
     * unmasked, as it comes off the stream. The reader reads nothing more until a call returns; a
     * {@link ProtocolViolation} thrown here leaves {@link #read(PayloadObserver)} at once, with the rest of the
     * frame unread. The pieces are views into the frame's payload array: read them, do not keep or change them.
     */
    public interface PayloadObserver {
        /** Observes nothing: {@link #read()}. */
        PayloadObserver NONE = new PayloadObserver() { };

        /** The header is read and obeys every rule; no payload byte has been read yet. */
        default void onHeader(Header header) throws ProtocolViolation {
        }

        /**
         * {@code length} more payload bytes, unmasked, at {@code data[offset..offset+length)}; {@code offset} is
         * also their position in the payload (the pieces arrive in order and never overlap). Never called with
         * length 0.
         */
        default void onPayload(Header header, byte[] data, int offset, int length) throws ProtocolViolation {
        }
    }

    private final InputStream in;
    private final Role role;
    private final long maxFramePayload;
    private int allowedRsv;

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
        this.role = role;
        this.maxFramePayload = Math.min(maxFramePayload, MAX_ARRAY_PAYLOAD);
        setAllowedRsv(allowedRsv);
    }

    /** Section 5.2: RSV bits "MUST be 0 unless an extension is negotiated that defines meanings". */
    public void setAllowedRsv(int mask) {
        if (mask < 0 || mask > 7) {
            throw new IllegalArgumentException("the RSV mask is 3 bits: " + mask);
        }
        this.allowedRsv = mask;
    }

    public Role role() {
        return role;
    }

    public long maxFramePayload() {
        return maxFramePayload;
    }

    /**
     * Reads the next frame. Throws {@link EOFException} if the stream ends (before a frame starts, or
     * in the middle of one: the message says which), and {@link ProtocolViolation} for a broken rule.
     */
    public Frame read() throws IOException {
        return read(PayloadObserver.NONE);
    }

    /**
     * Reads the next frame as {@link #read()} does, showing it to {@code observer} while it arrives: the header
     * first, then each piece of payload as soon as it has been read and unmasked. Whatever the observer throws
     * ends the read, so it can fail the frame before the rest of it has arrived.
     */
    public Frame read(PayloadObserver observer) throws IOException {
        int b0 = in.read();
        if (b0 == -1) {
            throw new EOFException("the stream ended before the next frame");
        }
        int b1 = readByte();

        // Byte 0: FIN, RSV1-3, opcode (section 5.2).
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

        // Byte 1: MASK and the 7-bit payload length (section 5.2).
        boolean masked = (b1 & 0x80) != 0;
        if (masked && !role.expectsMaskedIncoming()) {
            throw violation("5.1", "A server must not mask the frames it sends; this frame is masked");
        }
        if (!masked && role.expectsMaskedIncoming()) {
            throw violation("5.1", "A client must mask every frame it sends; this frame is not masked");
        }
        int length7 = b1 & 0x7F;
        if (opcode.isControl() && length7 > MAX_CONTROL_PAYLOAD) {
            throw violation("5.5", "Control frames must have a payload of 125 bytes or less");
        }
        long length = switch (length7) {
            case 126 -> {
                int n = readUnsigned(2);
                if (n < 126) {
                    throw violation("5.2", "Length %d is sent in the 16-bit form but fits in 7 bits; the minimal number of bytes must be used".formatted(n));
                }
                yield n;
            }
            case 127 -> {
                long n = readLong();
                if (n < 0) {
                    throw violation("5.2", "The most significant bit of a 64-bit payload length must be 0");
                }
                if (n < 65536) {
                    throw violation("5.2", "Length %d is sent in the 64-bit form but fits in 16 bits; the minimal number of bytes must be used".formatted(n));
                }
                yield n;
            }
            default -> length7;
        };
        if (length > maxFramePayload) {
            // Checked before a single payload byte is allocated or read.
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "7.4.1",
                    "A frame announces %d payload bytes, more than the %d this endpoint accepts".formatted(length, maxFramePayload));
        }

        byte[] key = masked ? readHeaderBytes(4) : null;
        Header header = new Header(fin, rsv, opcode, key, length);
        observer.onHeader(header);
        byte[] payload = readPayload(header, observer);
        return new Frame(fin, rsv, opcode, key, payload);
    }

    /**
     * Reads the payload piece by piece. Each read takes what the stream has (at most {@link #PAYLOAD_CHUNK}
     * bytes) rather than waiting for a full buffer, so the observer sees bytes as soon as they arrive.
     */
    private byte[] readPayload(Header header, PayloadObserver observer) throws IOException {
        int length = (int) header.payloadLength();
        byte[] key = header.maskingKey();
        // The array grows as bytes arrive, so a peer that announces a large length and then sends little
        // cannot make us allocate the whole length up front.
        byte[] payload = new byte[Math.min(length, PAYLOAD_CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == payload.length) {
                payload = Arrays.copyOf(payload, (int) Math.min(length, 2L * payload.length));
            }
            int n = in.read(payload, filled, Math.min(payload.length - filled, PAYLOAD_CHUNK));
            if (n < 0) {
                throw new EOFException("the stream ended in the middle of a frame: %d of %d payload bytes arrived"
                        .formatted(filled, length));
            }
            if (n == 0) {
                continue;
            }
            if (key != null) {
                // Section 5.3: byte i of the payload is XORed with key[i % 4], so a piece that starts at
                // payload offset `filled` starts at key octet `filled % 4`.
                Masking.applyFast(payload, filled, n, key, filled);
            }
            observer.onPayload(header, payload, filled, n);
            filled += n;
        }
        return payload;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b == -1) {
            throw new EOFException("the stream ended in the middle of a frame header");
        }
        return b;
    }

    private int readUnsigned(int n) throws IOException {
        byte[] bytes = readHeaderBytes(n);
        int value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    private long readLong() throws IOException {
        byte[] bytes = readHeaderBytes(8);
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xff); // network byte order: most significant byte first
        }
        return value;
    }

    private byte[] readHeaderBytes(int n) throws IOException {
        try {
            return ByteStreams.readExactly(in, n);
        } catch (EOFException e) {
            throw new EOFException("the stream ended in the middle of a frame header");
        }
    }

    private static ProtocolViolation violation(String section, String rule) {
        return new ProtocolViolation(CloseCode.PROTOCOL_ERROR, section, rule);
    }
}
