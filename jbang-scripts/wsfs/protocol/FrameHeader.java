package wsfs.protocol;

/**
 * A frame's header as read and checked, before any payload byte (chapter 05): what {@link FrameParser}
 * hands its sink first. RFC 6455 section 5.2.
 *
 * @param fin           FIN: this is the final fragment of a message
 * @param rsv           RSV1, RSV2, RSV3 as a 3-bit number (RSV1 = 4)
 * @param opcode        how to interpret the payload (never a reserved opcode: the parser refuses those)
 * @param maskingKey    the 4-byte masking key, or null when the frame is not masked
 * @param payloadLength the announced payload length (already checked against the parser's limit)
 */
public record FrameHeader(boolean fin, int rsv, Opcode opcode, ByteString maskingKey, long payloadLength) {

    public FrameHeader {
        if (rsv < 0 || rsv > 7) {
            throw new IllegalArgumentException("rsv is 3 bits: " + rsv);
        }
        if (maskingKey != null && maskingKey.length() != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes (section 5.3), not " + maskingKey.length());
        }
        if (opcode == null) {
            throw new NullPointerException("opcode");
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
    }

    /** The header of a frame that is already complete (for code that receives whole frames). */
    public static FrameHeader of(Frame frame) {
        return new FrameHeader(frame.fin(), frame.rsv(), frame.opcode(), frame.maskingKey(), frame.payload().length());
    }

    public boolean masked() {
        return maskingKey != null;
    }

    /**
     * The header's size on the wire: 2 bytes, 0/2/8 bytes of extended length, 4 bytes of masking key.
     * A header the parser accepted always uses the minimal length form (section 5.2), so this is exact.
     */
    public int headerLength() {
        return FrameCodec.headerLength(payloadLength, masked());
    }

    /** How many bytes of extended payload length follow the second byte: 0, 2 or 8. */
    public int extendedLengthBytes() {
        return FrameCodec.LengthForm.minimalFor(payloadLength).extraBytes();
    }

    /** The wire offset of the masking key, or -1 if the frame is not masked. */
    public int maskingKeyOffset() {
        return masked() ? 2 + extendedLengthBytes() : -1;
    }

    /** The header's bytes as they are on the wire. */
    public byte[] toBytes() {
        byte[] out = new byte[headerLength()];
        FrameCodec.writeHeader(out, fin, rsv, opcode.code(), maskingKey, payloadLength);
        return out;
    }
}
