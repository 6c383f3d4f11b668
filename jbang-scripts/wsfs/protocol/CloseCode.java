package wsfs.protocol;

/**
 * The status codes of RFC 6455 section 7.4.1 (chapter 03), completed from the IANA "WebSocket Close Code Number Registry".
 * {@code sendable} is false for the codes that section 7.4.1 says MUST NOT be set in a Close frame:
 * they only report, inside an endpoint, what happened (1005, 1006, 1015).
 */
public enum CloseCode {
    NORMAL_CLOSURE(1000, true, "the purpose for which the connection was established has been fulfilled"),
    GOING_AWAY(1001, true, "an endpoint is going away, such as a server going down or a browser leaving the page"),
    PROTOCOL_ERROR(1002, true, "an endpoint is terminating the connection due to a protocol error"),
    UNSUPPORTED_DATA(1003, true, "an endpoint received a type of data it cannot accept"),
    NO_STATUS_RECEIVED(1005, false, "reserved: a Close frame arrived without a status code"),
    ABNORMAL_CLOSURE(1006, false, "reserved: the connection closed without a Close frame"),
    INVALID_PAYLOAD(1007, true, "data within a message was not consistent with its type (e.g. non-UTF-8 in a text message)"),
    POLICY_VIOLATION(1008, true, "a message violates the endpoint's policy"),
    MESSAGE_TOO_BIG(1009, true, "a message is too big to process"),
    MANDATORY_EXTENSION(1010, true, "the client expected the server to negotiate an extension it did not"),
    INTERNAL_ERROR(1011, true, "an endpoint met an unexpected condition that kept it from fulfilling the request (RFC: server; IANA: either side)"),
    SERVICE_RESTART(1012, true, "IANA: the service is restarting"),
    TRY_AGAIN_LATER(1013, true, "IANA: the service is overloaded, try again later"),
    BAD_GATEWAY(1014, true, "IANA: a gateway or proxy received an invalid response from upstream"),
    TLS_HANDSHAKE(1015, false, "reserved: the TLS handshake failed");

    private final int code;
    private final boolean sendable;
    private final String meaning;

    CloseCode(int code, boolean sendable, String meaning) {
        this.code = code;
        this.sendable = sendable;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** False for 1005, 1006 and 1015, which section 7.4.1 forbids in a Close frame. */
    public boolean sendable() {
        return sendable;
    }

    public String meaning() {
        return meaning;
    }

    /** The registered code with this number, if there is one. */
    public static java.util.Optional<CloseCode> of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return code + " " + name();
    }
}
