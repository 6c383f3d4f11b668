package wsfs.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The body of a Close frame (chapter 09), RFC 6455 section 5.5.1: empty, or a 2-byte status code in network
 * byte order followed by an optional reason in UTF-8. A Close frame is a control frame, so the body is at most
 * 125 bytes: the reason at most 123.
 * <p>
 * {@link #parse} is strict, as section 7.4 and Autobahn category 7 expect:
 * <ul>
 *   <li>empty body: no status code; the endpoint reports 1005 locally (section 7.1.5) and never sends 1005;</li>
 *   <li>a 1-byte body: 1002 (the code is 2 bytes);</li>
 *   <li>a code that may not appear on the wire (section 7.4.1 and 7.4.2; see {@link CloseCode#sendable()}): 1002;</li>
 *   <li>a reason that is not valid UTF-8: 1007 (section 8.1).</li>
 * </ul>
 *
 * @param code   the status code; {@link CloseCode#NO_STATUS_RECEIVED} (1005) for an empty body
 * @param reason the reason, possibly empty
 */
public record ClosePayload(CloseCode code, String reason) {
    /** 1005: "no status code was actually present" (section 7.4.1). Only ever reported locally. */
    public static final CloseCode NO_STATUS = CloseCode.NO_STATUS_RECEIVED;
    /** 125 bytes of control payload minus the 2-byte code. */
    public static final int MAX_REASON_BYTES = FrameParser.MAX_CONTROL_PAYLOAD - 2;
    /** The body with no status code. */
    public static final ClosePayload EMPTY = new ClosePayload(NO_STATUS, "");

    public ClosePayload {
        if (code == null) {
            throw new NullPointerException("code");
        }
        if (reason == null) {
            throw new NullPointerException("reason");
        }
    }

    /** A body with this code and no reason. */
    public static ClosePayload of(CloseCode code) {
        return new ClosePayload(code, "");
    }

    /** Whether this body carries a status code (an empty body does not). */
    public boolean hasCode() {
        return !code.equals(NO_STATUS);
    }

    /** Reads a Close frame's body. */
    public static ClosePayload parse(byte[] body) throws ProtocolViolation {
        // EXERCISE 09-close-payload: read a Close body: empty, or a 2-byte code that may be sent and a UTF-8 reason (RFC 6455 sections 5.5.1 and 7.4)
        if (body.length == 0) {
            return EMPTY;
        }
        if (body.length == 1) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.5.1",
                    "A Close frame body must be empty or start with a 2-byte status code; this one has 1 byte");
        }
        if (body.length > FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.5",
                    FrameParser.CONTROL_PAYLOAD_RULE + ", not " + body.length);
        }
        CloseCode code = CloseCode.of(((body[0] & 0xff) << 8) | (body[1] & 0xff));
        if (!code.sendable()) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "7.4.1",
                    "Close code %d may not appear in a Close frame: %s".formatted(code.code(), code.whyNotSendable()));
        }
        Utf8Validator utf8 = new Utf8Validator();
        try {
            utf8.feed(body, 2, body.length);
            utf8.finish();
        } catch (ProtocolViolation e) {
            throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "5.5.1",
                    "The reason in a Close frame must be valid UTF-8: " + e.rule().replaceFirst("^Text must be valid UTF-8: ", ""));
        }
        return new ClosePayload(code, new String(body, 2, body.length - 2, StandardCharsets.UTF_8));
        // END EXERCISE
    }

    /**
     * The bytes of the body: empty for {@link #EMPTY}, otherwise code and reason.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is longer than 123 bytes
     */
    public byte[] toBytes() {
        if (!hasCode()) {
            if (!reason.isEmpty()) {
                throw new IllegalArgumentException("a reason needs a status code before it (section 5.5.1)");
            }
            return new byte[0];
        }
        if (!code.sendable()) {
            throw new IllegalArgumentException("close code %d must not be sent: %s".formatted(code.code(), code.meaning()));
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("the reason is %d bytes of UTF-8; at most %d fit in a control frame"
                    .formatted(text.length, MAX_REASON_BYTES));
        }
        byte[] body = new byte[2 + text.length];
        body[0] = (byte) (code.code() >> 8);        // network byte order: high byte first
        body[1] = (byte) code.code();
        System.arraycopy(text, 0, body, 2, text.length);
        return body;
    }

    /** The Close frame carrying this body (unmasked; the writer masks it for a client). */
    public Frame toFrame() {
        return new Frame(true, 0, Opcode.CLOSE, null, toBytes());
    }

    /** A reason cut to at most 123 bytes of UTF-8, never inside a character. */
    public static String truncateReason(String reason) {
        return truncate(reason, MAX_REASON_BYTES);
    }

    /** The longest start of {@code text} whose UTF-8 form has at most {@code maxBytes} bytes. */
    public static String truncate(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = Math.max(0, maxBytes);
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;                                  // back up to the first byte of the character that was cut
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return hasCode() ? code.code() + (reason.isEmpty() ? "" : " \"" + reason + "\"") : "(no status code)";
    }
}
