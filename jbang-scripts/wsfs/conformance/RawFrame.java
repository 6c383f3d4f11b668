package wsfs.conformance;

import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Masking;

import java.io.ByteArrayOutputStream;

/**
 * Builds frame bytes with no rule enforced (chapter 04): any 4-bit opcode, any RSV bits, FIN = 0 on a
 * control frame, control payloads over 125 bytes, a length written in a longer form than needed, or a
 * length field that does not match the payload. For tests and the fuzzing/conformance chapter, which
 * must send what a correct endpoint never sends. {@link FrameCodec#encode} stays strict.
 * <pre>
 * byte[] bad = RawFrame.of(0x9, new byte[126]).mask(key).toBytes();          // oversized ping
 * byte[] odd = RawFrame.of(0x1, "hi".getBytes()).lengthForm(SIXTY_FOUR_BIT).toBytes(); // non-minimal
 * </pre>
 */
public final class RawFrame {
    private boolean fin = true;
    private int rsv;
    private int opcode;
    private byte[] maskingKey;
    private byte[] payload;
    private FrameCodec.LengthForm lengthForm;
    private Long declaredLength;

    private RawFrame(int opcode, byte[] payload) {
        opcode(opcode);
        this.payload = payload.clone();
    }

    /** A final, unmasked frame with this opcode (0-15) and payload, minimal length form. */
    public static RawFrame of(int opcode, byte[] payload) {
        return new RawFrame(opcode, payload);
    }

    /** The raw form of a valid frame, to start from and then break. */
    public static RawFrame from(Frame f) {
        RawFrame raw = new RawFrame(f.opcode().code(), f.payload().toByteArray()).fin(f.fin()).rsv(f.rsv());
        return f.maskingKey() == null ? raw : raw.mask(f.maskingKey().toByteArray());
    }

    public RawFrame fin(boolean value) {
        this.fin = value;
        return this;
    }

    /** RSV1-3 as a 3-bit number (RSV1 = 4). */
    public RawFrame rsv(int value) {
        if (value < 0 || value > 7) {
            throw new IllegalArgumentException("rsv is 3 bits: " + value);
        }
        this.rsv = value;
        return this;
    }

    /** Any 4-bit value, reserved ones included. */
    public RawFrame opcode(int value) {
        if (value < 0 || value > 15) {
            throw new IllegalArgumentException("opcode is 4 bits: " + value);
        }
        this.opcode = value;
        return this;
    }

    /** Sets MASK = 1 with this key and masks the payload on the wire; null for MASK = 0. */
    public RawFrame mask(byte[] key) {
        if (key != null && key.length != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes");
        }
        this.maskingKey = key == null ? null : key.clone();
        return this;
    }

    public RawFrame payload(byte[] value) {
        this.payload = value.clone();
        return this;
    }

    /** Writes the length in this form even if a shorter one would do (null = the minimal form). */
    public RawFrame lengthForm(FrameCodec.LengthForm form) {
        this.lengthForm = form;
        return this;
    }

    /**
     * Writes this number in the length field instead of the payload's real length (null = the real length).
     * In the 64-bit form any long is written, so a negative value sets the forbidden most significant bit.
     */
    public RawFrame declaredLength(Long value) {
        this.declaredLength = value;
        return this;
    }

    public byte[] toBytes() {
        long length = declaredLength != null ? declaredLength : payload.length;
        FrameCodec.LengthForm form = lengthForm != null ? lengthForm
                : length < 0 ? FrameCodec.LengthForm.SIXTY_FOUR_BIT : FrameCodec.LengthForm.minimalFor(length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = maskingKey != null ? 0x80 : 0;
        switch (form) {
            case SEVEN_BIT -> {
                if (length < 0 || length > FrameCodec.MAX_SEVEN_BIT_LENGTH) {
                    throw new IllegalArgumentException("the 7-bit form holds 0-125, not " + length);
                }
                out.write(maskBit | (int) length);
            }
            case SIXTEEN_BIT -> {
                if (length < 0 || length > 0xFFFF) {
                    throw new IllegalArgumentException("the 16-bit form holds 0-65535, not " + length);
                }
                out.write(maskBit | 126);
                out.write((int) (length >>> 8) & 0xff);
                out.write((int) length & 0xff);
            }
            case SIXTY_FOUR_BIT -> {
                out.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (length >>> shift) & 0xff);
                }
            }
        }
        byte[] body = payload.clone();
        if (maskingKey != null) {
            out.writeBytes(maskingKey);
            Masking.apply(body, maskingKey);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }
}
