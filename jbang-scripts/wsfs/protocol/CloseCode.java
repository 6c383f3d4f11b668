package wsfs.protocol;

import java.util.List;
import java.util.Optional;

/**
 * A close status code (chapter 04; every chapter's violations carry one, chapter 09 sends them): RFC 6455 section
 * 7.4, completed from the IANA "WebSocket Close Code Number Registry".
 * <p>
 * A value, not an enum: section 7.4.2 gives 3000-3999 to libraries and applications and 4000-4999 to private use, so
 * an application may close with 4001 and must be able to say so, and a peer may send any 16-bit number. Every one of
 * them is a {@code CloseCode} ({@link #of(int)}); the registered ones are constants with a name ({@link #NORMAL_CLOSURE}
 * ... {@link #TLS_HANDSHAKE}), and {@code of} returns those very constants, so {@code ==} and {@code switch}-style
 * comparisons with them work. Two codes are equal when their numbers are.
 * <p>
 * {@link #sendable()} is the one answer, for the whole project, to "may this code appear in a Close frame": false for
 * the codes that section 7.4.1 says MUST NOT be set in a Close frame, as they only report, inside an endpoint, what
 * happened (1005, 1006, 1015), and for the numbers section 7.4.2 leaves unused or reserved. {@link #meaning()} says
 * what any number means.
 */
public final class CloseCode {
    public static final CloseCode NORMAL_CLOSURE = registered(1000, "NORMAL_CLOSURE",
            "the purpose for which the connection was established has been fulfilled");
    public static final CloseCode GOING_AWAY = registered(1001, "GOING_AWAY",
            "an endpoint is going away, such as a server going down or a browser leaving the page");
    public static final CloseCode PROTOCOL_ERROR = registered(1002, "PROTOCOL_ERROR",
            "an endpoint is terminating the connection due to a protocol error");
    public static final CloseCode UNSUPPORTED_DATA = registered(1003, "UNSUPPORTED_DATA",
            "an endpoint received a type of data it cannot accept");
    public static final CloseCode NO_STATUS_RECEIVED = registered(1005, "NO_STATUS_RECEIVED",
            "reserved: a Close frame arrived without a status code");
    public static final CloseCode ABNORMAL_CLOSURE = registered(1006, "ABNORMAL_CLOSURE",
            "reserved: the connection closed without a Close frame");
    public static final CloseCode INVALID_PAYLOAD = registered(1007, "INVALID_PAYLOAD",
            "data within a message was not consistent with its type (e.g. non-UTF-8 in a text message)");
    public static final CloseCode POLICY_VIOLATION = registered(1008, "POLICY_VIOLATION",
            "a message violates the endpoint's policy");
    public static final CloseCode MESSAGE_TOO_BIG = registered(1009, "MESSAGE_TOO_BIG",
            "a message is too big to process");
    public static final CloseCode MANDATORY_EXTENSION = registered(1010, "MANDATORY_EXTENSION",
            "the client expected the server to negotiate an extension it did not");
    public static final CloseCode INTERNAL_ERROR = registered(1011, "INTERNAL_ERROR",
            "an endpoint met an unexpected condition that kept it from fulfilling the request (RFC: server; IANA: either side)");
    public static final CloseCode SERVICE_RESTART = registered(1012, "SERVICE_RESTART",
            "IANA: the service is restarting");
    public static final CloseCode TRY_AGAIN_LATER = registered(1013, "TRY_AGAIN_LATER",
            "IANA: the service is overloaded, try again later");
    public static final CloseCode BAD_GATEWAY = registered(1014, "BAD_GATEWAY",
            "IANA: a gateway or proxy received an invalid response from upstream");
    public static final CloseCode TLS_HANDSHAKE = registered(1015, "TLS_HANDSHAKE",
            "reserved: the TLS handshake failed");

    private static final List<CloseCode> REGISTERED = List.of(NORMAL_CLOSURE, GOING_AWAY, PROTOCOL_ERROR,
            UNSUPPORTED_DATA, NO_STATUS_RECEIVED, ABNORMAL_CLOSURE, INVALID_PAYLOAD, POLICY_VIOLATION, MESSAGE_TOO_BIG,
            MANDATORY_EXTENSION, INTERNAL_ERROR, SERVICE_RESTART, TRY_AGAIN_LATER, BAD_GATEWAY, TLS_HANDSHAKE);

    private final int code;
    private final String name;      // the registered name, or null
    private final String meaning;   // the registered meaning, or null

    private CloseCode(int code, String name, String meaning) {
        this.code = code;
        this.name = name;
        this.meaning = meaning;
    }

    private static CloseCode registered(int code, String name, String meaning) {
        return new CloseCode(code, name, meaning);
    }

    /**
     * The code with this number: one of the constants if it is registered, otherwise a new value (3000-4999 for
     * applications, or a number no Close frame may carry, as a peer may send it).
     *
     * @throws IllegalArgumentException if the number does not fit in the 16 bits of a Close frame's code
     */
    public static CloseCode of(int code) {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("a close code is 16 bits (section 5.5.1): " + code);
        }
        for (CloseCode c : REGISTERED) {
            if (c.code == code) {
                return c;
            }
        }
        return new CloseCode(code, null, null);
    }

    /** The codes section 7.4.1 and the IANA registry define, in order. */
    public static List<CloseCode> registered() {
        return REGISTERED;
    }

    /** The number, as it goes on the wire (2 bytes, network order) and into the browser's CloseEvent.code. */
    public int code() {
        return code;
    }

    /** The registered name ({@code "NORMAL_CLOSURE"}), if this code is registered. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Whether a Close frame may carry this code (sections 7.4.1, 7.4.2 and the IANA registry): 1000-1003,
     * 1007-1011, the IANA-registered 1012-1014, and 3000-4999. Never 0-999 (not used), 1004 (reserved), 1005,
     * 1006, 1015 (local only), 1016-2999 (reserved for this protocol, not yet assigned) or 5000 and above (not
     * defined). The one place in the project that answers this; every other check calls it.
     */
    public boolean sendable() {
        // EXERCISE 04-close-codes: may a Close frame carry this code: 1000-1003, 1007-1014 and 3000-4999 (RFC 6455 sections 7.4.1 and 7.4.2)
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        // END EXERCISE
    }

    /** What this code means, for every number: section 7.4.1, the IANA registry and the ranges of section 7.4.2. */
    public String meaning() {
        // EXERCISE 04-close-codes: what any number means: the registered meaning, else the range of section 7.4.2 it falls in (RFC 6455 section 7.4)
        if (meaning != null) {
            return meaning;                 // 1005, 1006 and 1015 say "reserved: ..." (see whyNotSendable)
        }
        if (code < 1000) {
            return "0-999 are not used (section 7.4.2)";
        }
        if (code == 1004) {
            return "1004 is reserved; its meaning might be defined in the future (section 7.4.1)";
        }
        if (code <= 2999) {
            return "1016-2999 are reserved for this protocol and its extensions, and none is assigned (section 7.4.2)";
        }
        if (code <= 3999) {
            return "3000-3999 are for libraries, frameworks and applications, registered with IANA (section 7.4.2)";
        }
        if (code <= 4999) {
            return "4000-4999 are private use, agreed between the two applications (section 7.4.2)";
        }
        return "codes above 4999 are not defined (section 7.4.2 stops at 4999)";
        // END EXERCISE
    }

    /** In a few words, why this code may not be sent (for a code that is not {@link #sendable()}). */
    public String whyNotSendable() {
        // EXERCISE 04-close-codes: in a few words, why a code may not be sent: unused, reserved, local only, unassigned or undefined (RFC 6455 section 7.4)
        if (code < 1000) {
            return "0-999 are not used";
        }
        if (code == 1004) {
            return "1004 is reserved";
        }
        if (code == 1005 || code == 1006 || code == 1015) {
            return code + " only reports locally what happened";
        }
        if (code <= 2999) {
            return "1016-2999 are reserved and unassigned";
        }
        if (code > 4999) {
            return "codes above 4999 are not defined";
        }
        return code + " may be sent";
        // END EXERCISE
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloseCode c && c.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** {@code "1000 NORMAL_CLOSURE"}, or just the number for an unregistered code. */
    @Override
    public String toString() {
        return name != null ? code + " " + name : String.valueOf(code);
    }
}
