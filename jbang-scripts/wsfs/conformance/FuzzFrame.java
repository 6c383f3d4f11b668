package wsfs.conformance;

import wsfs.protocol.ByteString;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;
import wsfs.view.FrameDescriber;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A frame the conformance fuzzer sends (chapter 20): valid or broken on purpose. Unlike {@link Frame} it
 * takes any 4-bit opcode, any RSV bits, FIN = 0 on a control frame and control payloads over 125 bytes.
 * It does not fix the masking: {@link #encode} masks it the way the sending side must (a client masks,
 * a server does not, section 5.1) unless {@link #mask} forces the opposite, which is how the fuzzer
 * sends an unmasked client frame or a masked server frame. The bytes themselves come from {@link RawFrame}.
 *
 * @param opcode         any 4-bit value, reserved ones included
 * @param fin            the FIN bit
 * @param rsv            RSV1-3 as a 3-bit number (RSV1 = 4)
 * @param payload        the payload, unmasked
 * @param mask           who decides the MASK bit
 * @param declaredLength the payload length to write in the header instead of the real one, or null
 * @param lengthForm     the length encoding to use even if a shorter one would do, or null for the minimal one
 */
public record FuzzFrame(int opcode, boolean fin, int rsv, ByteString payload, MaskMode mask, Long declaredLength,
                        FrameCodec.LengthForm lengthForm) {

    /** Whether the frame is masked on the wire. */
    public enum MaskMode {
        /** As the RFC says for the sender: masked from a client, unmasked from a server. */
        AS_SENDER_MUST,
        /** MASK = 1 whoever sends it (a server breaking section 5.1). */
        ALWAYS,
        /** MASK = 0 whoever sends it (a client breaking section 5.1). */
        NEVER
    }

    public FuzzFrame {
        if (opcode < 0 || opcode > 15) {
            throw new IllegalArgumentException("opcode is 4 bits: " + opcode);
        }
        if (rsv < 0 || rsv > 7) {
            throw new IllegalArgumentException("rsv is 3 bits: " + rsv);
        }
        if (payload == null) {
            throw new NullPointerException("payload");
        }
    }

    public static FuzzFrame of(int opcode, ByteString payload) {
        return new FuzzFrame(opcode, true, 0, payload, MaskMode.AS_SENDER_MUST, null, null);
    }

    /** A frame carrying a copy of {@code payload}. */
    public static FuzzFrame of(int opcode, byte[] payload) {
        return of(opcode, ByteString.of(payload));
    }

    public static FuzzFrame text(String text) {
        return of(0x1, utf8(text));
    }

    public static FuzzFrame text(byte[] utf8) {
        return of(0x1, utf8);
    }

    public static FuzzFrame binary(byte[] data) {
        return of(0x2, data);
    }

    public static FuzzFrame continuation(byte[] data) {
        return of(0x0, data);
    }

    public static FuzzFrame continuation(String text) {
        return of(0x0, utf8(text));
    }

    public static FuzzFrame ping(byte[] data) {
        return of(0x9, data);
    }

    public static FuzzFrame ping(String text) {
        return of(0x9, utf8(text));
    }

    public static FuzzFrame pong(byte[] data) {
        return of(0xA, data);
    }

    public static FuzzFrame pong(ByteString data) {
        return of(0xA, data);
    }

    public static FuzzFrame pong(String text) {
        return of(0xA, utf8(text));
    }

    /** A Close frame with a status code and a reason (section 5.5.1: code first, 2 bytes, network order). */
    public static FuzzFrame close(int code, String reason) {
        return close(code, utf8(reason));
    }

    /** A Close frame with a status code and reason bytes that need not be UTF-8. */
    public static FuzzFrame close(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return of(0x8, payload);
    }

    /** A Close frame with exactly this payload (empty, one byte, anything). */
    public static FuzzFrame closeRaw(byte[] payload) {
        return of(0x8, payload);
    }

    public FuzzFrame fin(boolean value) {
        return new FuzzFrame(opcode, value, rsv, payload, mask, declaredLength, lengthForm);
    }

    public FuzzFrame rsv(int value) {
        return new FuzzFrame(opcode, fin, value, payload, mask, declaredLength, lengthForm);
    }

    public FuzzFrame mask(MaskMode value) {
        return new FuzzFrame(opcode, fin, rsv, payload, value, declaredLength, lengthForm);
    }

    public FuzzFrame declaredLength(Long value) {
        return new FuzzFrame(opcode, fin, rsv, payload, mask, value, lengthForm);
    }

    /** Writes the length in this form even where a shorter one would do (section 5.2 says minimal). */
    public FuzzFrame lengthForm(FrameCodec.LengthForm value) {
        return new FuzzFrame(opcode, fin, rsv, payload, mask, declaredLength, value);
    }

    /**
     * Whether this is a Close frame a correct peer must take as the start of a closing handshake: well formed
     * (FIN, no RSV, masked as its sender must, minimal length, at most {@link FrameParser#MAX_CONTROL_PAYLOAD} bytes), with an empty body or a code
     * that may be sent (section 7.4) and a UTF-8 reason (section 5.5.1). Any other Close frame is a protocol
     * violation that the peer must fail the connection on.
     */
    public boolean isValidClose() {
        if (opcode != 0x8 || !fin || rsv != 0 || mask != MaskMode.AS_SENDER_MUST || declaredLength != null
                || (lengthForm != null && lengthForm != FrameCodec.LengthForm.SEVEN_BIT) || payload.length() > FrameParser.MAX_CONTROL_PAYLOAD
                || payload.length() == 1) {
            return false;
        }
        if (payload.isEmpty()) {
            return true;
        }
        int code = ((payload.byteAt(0) & 0xff) << 8) | (payload.byteAt(1) & 0xff);
        return ConformanceSession.isSendable(code)
                && ConformanceSession.isUtf8(payload.slice(2, payload.length()).toByteArray());
    }

    /** The frame on the wire when {@code sender} sends it; {@code keys} gives a masking key when one is needed. */
    public byte[] encode(Role sender, MaskingKeys keys) {
        boolean masked = switch (mask) {
            case AS_SENDER_MUST -> sender.masksOutgoing();
            case ALWAYS -> true;
            case NEVER -> false;
        };
        RawFrame raw = RawFrame.of(opcode, payload.toByteArray()).fin(fin).rsv(rsv).declaredLength(declaredLength).lengthForm(lengthForm);
        if (masked) {
            raw.mask(keys.next());
        }
        return raw.toBytes();
    }

    /** Encodes a list of frames back to back. */
    public static byte[] encodeAll(Iterable<FuzzFrame> frames, Role sender, MaskingKeys keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FuzzFrame f : frames) {
            out.writeBytes(f.encode(sender, keys));
        }
        return out.toByteArray();
    }

    /** A short description for reports, such as "text fin rsv=2 13 B". */
    public String describe() {
        String name = FrameDescriber.opcodeName(opcode, "opcode 0x%X".formatted(opcode));
        return name + (fin ? "" : " (FIN=0)") + (rsv != 0 ? " RSV=" + rsv : "")
                + (mask != MaskMode.AS_SENDER_MUST ? " MASK " + mask : "")
                + (declaredLength != null ? " announcing " + Long.toUnsignedString(declaredLength) + " B" : "")
                + (lengthForm != null ? " length in " + lengthForm : "")
                + ", " + payload.length() + " B";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "FuzzFrame[" + describe() + "]";
    }
}
