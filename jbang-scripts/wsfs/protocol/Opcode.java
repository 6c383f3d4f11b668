package wsfs.protocol;

/**
 * The frame opcodes of RFC 6455 section 5.2 (chapter 04).
 * 0x3-0x7 are reserved for further non-control frames and 0xB-0xF for further control frames;
 * receiving one without a negotiated extension is a protocol error (section 5.2: "MUST _Fail the WebSocket Connection_").
 */
public enum Opcode {
    CONTINUATION(0x0),
    TEXT(0x1),
    BINARY(0x2),
    CLOSE(0x8),
    PING(0x9),
    PONG(0xA);

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Section 5.5: control frames are identified by opcodes where the most significant bit of the opcode is 1. */
    public boolean isControl() {
        return (code & 0x8) != 0;
    }

    /** The opcode for a 4-bit value, or a 1002 violation for a reserved one. */
    public static Opcode fromCode(int code) throws ProtocolViolation {
        for (Opcode op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        String kind = (code & 0x8) != 0 ? "control" : "non-control";
        throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.2",
                "Opcode 0x%X is reserved for further %s frames and no extension defines it".formatted(code, kind));
    }
}
