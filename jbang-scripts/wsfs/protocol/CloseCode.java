package wsfs.protocol;

/**
 * The status codes of RFC 6455 section 7.4.1, completed from the IANA "WebSocket Close Code Number Registry"
 * (chapter 03; every chapter's violations carry one, chapter 07 sends them). {@link #sendable(int)} is the one
 * answer, for the whole project, to "may this code appear in a Close frame": false for the codes that section
 * 7.4.1 says MUST NOT be set in a Close frame, as they only report, inside an endpoint, what happened (1005,
 * 1006, 1015), and for the numbers section 7.4.2 leaves unused or reserved.
 */
public enum CloseCode {
    NORMAL_CLOSURE(1000, "the purpose for which the connection was established has been fulfilled"),
    GOING_AWAY(1001, "an endpoint is going away, such as a server going down or a browser leaving the page"),
    PROTOCOL_ERROR(1002, "an endpoint is terminating the connection due to a protocol error"),
    UNSUPPORTED_DATA(1003, "an endpoint received a type of data it cannot accept"),
    NO_STATUS_RECEIVED(1005, "reserved: a Close frame arrived without a status code"),
    ABNORMAL_CLOSURE(1006, "reserved: the connection closed without a Close frame"),
    INVALID_PAYLOAD(1007, "data within a message was not consistent with its type (e.g. non-UTF-8 in a text message)"),
    POLICY_VIOLATION(1008, "a message violates the endpoint's policy"),
    MESSAGE_TOO_BIG(1009, "a message is too big to process"),
    MANDATORY_EXTENSION(1010, "the client expected the server to negotiate an extension it did not"),
    INTERNAL_ERROR(1011, "an endpoint met an unexpected condition that kept it from fulfilling the request (RFC: server; IANA: either side)"),
    SERVICE_RESTART(1012, "IANA: the service is restarting"),
    TRY_AGAIN_LATER(1013, "IANA: the service is overloaded, try again later"),
    BAD_GATEWAY(1014, "IANA: a gateway or proxy received an invalid response from upstream"),
    TLS_HANDSHAKE(1015, "reserved: the TLS handshake failed");

    private final int code;
    private final String meaning;

    CloseCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** False for 1005, 1006 and 1015, which section 7.4.1 forbids in a Close frame; see {@link #sendable(int)}. */
    public boolean sendable() {
        return sendable(code);
    }

    /**
     * Whether a Close frame may carry this code (sections 7.4.1, 7.4.2 and the IANA registry): 1000-1003,
     * 1007-1011, the IANA-registered 1012-1014, and 3000-4999. Never 0-999 (not used), 1004 (reserved), 1005,
     * 1006, 1015 (local only), 1016-2999 (reserved for this protocol, not yet assigned) or 5000 and above (not
     * defined). The one place in the project that answers this; every other check calls it.
     */
    public static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
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
