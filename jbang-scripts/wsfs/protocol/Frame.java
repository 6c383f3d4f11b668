package wsfs.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One WebSocket frame as defined by RFC 6455 section 5.2 (chapter 03).
 *
 * @param fin        FIN: this is the final fragment of a message
 * @param rsv        RSV1, RSV2, RSV3 as a 3-bit number (RSV1 = 4); 0 unless an extension is negotiated
 * @param opcode     how to interpret the payload
 * @param maskingKey the 4-byte masking key, or null when the frame is not masked (MASK = 0)
 * @param payload    the payload data, always unmasked (the wire form is masked with maskingKey)
 */
public record Frame(boolean fin, int rsv, Opcode opcode, byte[] maskingKey, byte[] payload) {

    public Frame {
        if (rsv < 0 || rsv > 7) {
            throw new IllegalArgumentException("rsv is 3 bits: " + rsv);
        }
        if (maskingKey != null && maskingKey.length != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes (section 5.3), not " + maskingKey.length);
        }
        if (opcode == null || payload == null) {
            throw new NullPointerException("opcode and payload are required");
        }
    }

    public static Frame text(String text) {
        return new Frame(true, 0, Opcode.TEXT, null, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Frame binary(byte[] data) {
        return new Frame(true, 0, Opcode.BINARY, null, data);
    }

    public static Frame ping(byte[] data) {
        return new Frame(true, 0, Opcode.PING, null, data);
    }

    public static Frame pong(byte[] data) {
        return new Frame(true, 0, Opcode.PONG, null, data);
    }

    public boolean masked() {
        return maskingKey != null;
    }

    /** The same frame with this masking key (null to send it unmasked). */
    public Frame withMaskingKey(byte[] key) {
        return new Frame(fin, rsv, opcode, key, payload);
    }

    public Frame withFin(boolean newFin) {
        return new Frame(newFin, rsv, opcode, maskingKey, payload);
    }

    public String payloadAsText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && fin == f.fin && rsv == f.rsv && opcode == f.opcode
                && Arrays.equals(maskingKey, f.maskingKey) && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(fin) + opcode.hashCode()) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String shown = payload.length <= 32 ? HexFormat.of().formatHex(payload)
                : HexFormat.of().formatHex(payload, 0, 32) + "...";
        return "Frame[fin=%s, rsv=%d, opcode=%s, mask=%s, length=%d, payload=%s]".formatted(
                fin, rsv, opcode, maskingKey == null ? "none" : HexFormat.of().formatHex(maskingKey),
                payload.length, shown);
    }
}
