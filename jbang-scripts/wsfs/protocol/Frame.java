package wsfs.protocol;

/**
 * One WebSocket frame as defined by RFC 6455 section 5.2 (chapter 04). Its bytes are {@link ByteString}s, so two
 * frames with the same fields are equal and a frame prints its payload as hex.
 *
 * @param fin        FIN: this is the final fragment of a message
 * @param rsv        RSV1, RSV2, RSV3 as a 3-bit number (RSV1 = 4); 0 unless an extension is negotiated
 * @param opcode     how to interpret the payload
 * @param maskingKey the 4-byte masking key, or null when the frame is not masked (MASK = 0)
 * @param payload    the payload data, always unmasked (the wire form is masked with maskingKey)
 */
public record Frame(boolean fin, int rsv, Opcode opcode, ByteString maskingKey, ByteString payload) {

    public Frame {
        if (rsv < 0 || rsv > 7) {
            throw new IllegalArgumentException("rsv is 3 bits: " + rsv);
        }
        if (maskingKey != null && maskingKey.length() != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes (section 5.3), not " + maskingKey.length());
        }
        if (opcode == null || payload == null) {
            throw new NullPointerException("opcode and payload are required");
        }
    }

    /** The same with arrays (copied), for frames written by hand in tests and notebooks. */
    public Frame(boolean fin, int rsv, Opcode opcode, byte[] maskingKey, byte[] payload) {
        this(fin, rsv, opcode, maskingKey == null ? null : ByteString.of(maskingKey), ByteString.of(payload));
    }

    public static Frame text(String text) {
        return new Frame(true, 0, Opcode.TEXT, null, ByteString.utf8(text));
    }

    public static Frame binary(ByteString data) {
        return new Frame(true, 0, Opcode.BINARY, null, data);
    }

    /** A binary frame carrying a copy of {@code data}. */
    public static Frame binary(byte[] data) {
        return binary(ByteString.of(data));
    }

    public static Frame ping(ByteString data) {
        return new Frame(true, 0, Opcode.PING, null, data);
    }

    /** A ping carrying a copy of {@code data}. */
    public static Frame ping(byte[] data) {
        return ping(ByteString.of(data));
    }

    public static Frame pong(ByteString data) {
        return new Frame(true, 0, Opcode.PONG, null, data);
    }

    /** A pong carrying a copy of {@code data}. */
    public static Frame pong(byte[] data) {
        return pong(ByteString.of(data));
    }

    public boolean masked() {
        return maskingKey != null;
    }

    /** The same frame with (a copy of) this masking key, or null to send it unmasked. */
    public Frame withMaskingKey(byte[] key) {
        return new Frame(fin, rsv, opcode, key == null ? null : ByteString.of(key), payload);
    }

    public Frame withFin(boolean newFin) {
        return new Frame(newFin, rsv, opcode, maskingKey, payload);
    }

    public String payloadAsText() {
        return payload.utf8();
    }
}
