package wsfs.protocol;

/**
 * Frames to bytes in memory (chapter 04): the wire format of RFC 6455 section 5.2 without a socket.
 * {@link FrameWriter}, tests and notebooks use {@link #encode}. The other direction, bytes to frames, is chapter
 * 05's: FrameParser.decode, the project's one frame parser fed a whole array.
 * The encoder only produces valid frames; {@link RawFrame} builds invalid ones on purpose.
 */
public final class FrameCodec {
    private FrameCodec() {
    }

    /** Section 5.2: the largest length the 7-bit field holds itself (126 and 127 announce a longer form). */
    public static final int MAX_SEVEN_BIT_LENGTH = 125;
    /** Section 5.5: "All control frames MUST have a payload length of 125 bytes or less". */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** The sentence for that rule, everywhere the project checks it. */
    public static final String CONTROL_PAYLOAD_RULE = "Control frames must have a payload of 125 bytes or less";

    /** How the payload length is written (section 5.2). */
    public enum LengthForm {
        /** 0-125: the 7-bit field is the length. */
        SEVEN_BIT(0),
        /** 126-65535: the 7-bit field is 126 and the next 2 bytes are the length. */
        SIXTEEN_BIT(2),
        /** 65536 and up: the 7-bit field is 127 and the next 8 bytes are the length (MSB 0). */
        SIXTY_FOUR_BIT(8);

        private final int extraBytes;

        LengthForm(int extraBytes) {
            this.extraBytes = extraBytes;
        }

        /** Bytes of extended length after the second header byte: 0, 2 or 8. */
        public int extraBytes() {
            return extraBytes;
        }

        /** Section 5.2: "the minimal number of bytes MUST be used to encode the length". */
        public static LengthForm minimalFor(long length) {
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
            return length <= MAX_SEVEN_BIT_LENGTH ? SEVEN_BIT : length <= 0xFFFF ? SIXTEEN_BIT : SIXTY_FOUR_BIT;
        }
    }

    /** The size of a header: 2 bytes, plus 0/2/8 bytes of extended length, plus 4 for a masking key. */
    public static int headerLength(long payloadLength, boolean masked) {
        return 2 + LengthForm.minimalFor(payloadLength).extraBytes() + (masked ? 4 : 0);
    }

    /**
     * The frame on the wire. If {@code f.maskingKey()} is not null, the MASK bit is set, the key follows the
     * length and the payload is masked with it (section 5.3); otherwise the payload is sent as it is.
     * Refuses control frames that section 5.5 forbids (over 125 bytes, or FIN = 0).
     */
    public static byte[] encode(Frame f) {
        // EXERCISE 04-encoder: one frame as bytes: header, then the payload, masked if the frame has a key (RFC 6455 sections 5.2 and 5.3)
        if (f.opcode().isControl() && f.payload().length() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(CONTROL_PAYLOAD_RULE + ", not " + f.payload().length()
                    + " (section 5.5)");
        }
        if (f.opcode().isControl() && !f.fin()) {
            throw new IllegalArgumentException("a control frame must not be fragmented (section 5.5)");
        }
        ByteString payload = f.payload();
        int header = headerLength(payload.length(), f.masked());
        byte[] out = new byte[header + payload.length()];
        int at = writeHeader(out, f.fin(), f.rsv(), f.opcode().code(), f.maskingKey(), payload.length());
        payload.copyTo(out, at);
        if (f.masked()) {
            Masking.applyFast(out, at, payload.length(), f.maskingKey().toByteArray(), 0);
        }
        return out;
        // END EXERCISE
    }

    /** Section 5.2: the low 7 bits of the second byte, "Payload len" (0-125, or 126/127 for a longer form). */
    public static int sevenBitLength(int secondByte) {
        return secondByte & 0x7F;
    }

    /** Section 5.2: the 7-bit length 126 announces 2 bytes of extended length, 127 announces 8, others none. */
    public static int extendedLengthBytes(int secondByte) {
        return switch (sevenBitLength(secondByte)) {
            case 126 -> 2;
            case 127 -> 8;
            default -> 0;
        };
    }

    /** Writes a header with the minimal length form into {@code out} from index 0; returns its length. */
    static int writeHeader(byte[] out, boolean fin, int rsv, int opcode, ByteString key, long length) {
        // EXERCISE 04-encoder: the header with the minimal length form: 7, 16 or 64 bits (RFC 6455 section 5.2)
        int at = 0;
        out[at++] = (byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = key != null ? 0x80 : 0;
        switch (LengthForm.minimalFor(length)) {
            case SEVEN_BIT -> out[at++] = (byte) (maskBit | (int) length);
            case SIXTEEN_BIT -> {
                out[at++] = (byte) (maskBit | 126);
                out[at++] = (byte) (length >>> 8);
                out[at++] = (byte) length;
            }
            case SIXTY_FOUR_BIT -> {
                out[at++] = (byte) (maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out[at++] = (byte) (length >>> shift);
                }
            }
        }
        if (key != null) {
            key.copyTo(out, at);
            at += 4;
        }
        return at;
        // END EXERCISE
    }
}
