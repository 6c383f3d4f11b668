package wsfs.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * The negotiation of permessage-deflate (chapter 22, RFC 7692 section 7), for both sides, without I/O: offers in,
 * an agreement (or a refusal naming the rule) out.
 * <p>
 * One limit of the JDK shapes what we may agree to: {@link java.util.zip.Deflater} always compresses with a
 * 32 KiB window (15 bits) and offers no way to use a smaller one. Its {@link java.util.zip.Inflater} inflates
 * any window up to 15 bits. So we can honour any limit on the PEER's window, but none below 15 on OUR
 * compressor's:
 * <ul>
 *   <li>as a server we decline an offer with {@code server_max_window_bits} below 15 (section 7: "the server
 *       doesn't support the offered configuration") and never answer with {@code client_max_window_bits};</li>
 *   <li>as a client we never offer {@code client_max_window_bits} (section 7.1.2.2: then a response carrying it
 *       fails the connection), so a server can never ask us for a smaller window.</li>
 * </ul>
 */
public final class PerMessageDeflate {
    /** The extension token (RFC 7692 section 7). */
    public static final String NAME = "permessage-deflate";

    private static final Set<String> KNOWN = Set.of("server_no_context_takeover", "client_no_context_takeover",
            "server_max_window_bits", "client_max_window_bits");
    /** Section 7.1.2.1: "a decimal integer value without leading zeroes between 8 to 15, inclusive". */
    private static final Pattern WINDOW_BITS = Pattern.compile("8|9|1[0-5]");

    private PerMessageDeflate() {
    }

    /**
     * What we ask for.
     *
     * @param serverNoContextTakeover server: reset our compressor after each message; client: offer
     *                                server_no_context_takeover (the server must then reset its own)
     * @param clientNoContextTakeover server: tell the client to reset its compressor; client: offer
     *                                client_no_context_takeover (we promise to reset ours)
     * @param serverMaxWindowBits     client only: offer server_max_window_bits=N (8-15), 0 for none. It limits the
     *                                SERVER's window, which our Inflater can always follow.
     */
    public record Options(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits) {
        public Options {
            if (serverMaxWindowBits != 0 && (serverMaxWindowBits < 8 || serverMaxWindowBits > 15)) {
                throw new IllegalArgumentException("server_max_window_bits is 8-15 (RFC 7692 section 7.1.2.1): "
                        + serverMaxWindowBits);
            }
        }

        /** Context takeover both ways, no window limit: a plain "permessage-deflate". */
        public static Options defaults() {
            return new Options(false, false, 0);
        }

        /** Both sides reset their compressors after every message: less memory, worse ratio. */
        public static Options noContextTakeover() {
            return new Options(true, true, 0);
        }
    }

    // ---- the server's side --------------------------------------------------------------------------------

    /**
     * The server's choice (RFC 7692 section 5): the first permessage-deflate offer it can honour, or none.
     *
     * @param agreement the parameters to answer with, if an offer was accepted
     * @param declined  why each offer before it (or every offer) was declined, one sentence each, for the log
     */
    public record ServerChoice(Optional<DeflateAgreement> agreement, List<String> declined) {
        public ServerChoice {
            declined = List.copyOf(declined);
        }
    }

    /** Looks at every permessage-deflate element of the offers, in the client's order of preference. */
    public static ServerChoice accept(List<ExtensionOffer> offers, Options ours) {
        List<String> declined = new ArrayList<>();
        for (ExtensionOffer offer : offers) {
            if (!offer.name().equalsIgnoreCase(NAME)) {
                continue;
            }
            try {
                return new ServerChoice(Optional.of(acceptOne(offer, ours)), declined);
            } catch (Declined d) {
                declined.add("declined \"" + offer + "\": " + d.getMessage());
            } catch (BadValue bad) {
                declined.add("declined \"" + offer + "\": " + bad.getMessage() + " (RFC 7692 section 7)");
            }
        }
        return new ServerChoice(Optional.empty(), declined);
    }

    private static final class Declined extends Exception {
        Declined(String reason) {
            super(reason);
        }
    }

    private static DeflateAgreement acceptOne(ExtensionOffer offer, Options ours) throws Declined, BadValue {
        // Section 7: "A server MUST decline an extension negotiation offer for this extension if ... the
        // negotiation offer contains an extension parameter not defined for use in an offer ... with an invalid
        // value ... multiple extension parameters with the same name ... the server doesn't support the offered
        // configuration."
        Map<String, String> p;
        try {
            p = offer.parametersByName();
        } catch (ExtensionOffer.DuplicateParameter d) {
            throw new Declined(d.getMessage() + " (RFC 7692 section 7)");
        }
        for (var e : p.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                throw new Declined("the parameter " + e.getKey() + " is not defined for permessage-deflate (RFC 7692 section 7)");
            }
        }
        boolean serverNoTakeover = flag(p, "server_no_context_takeover");
        boolean clientNoTakeover = flag(p, "client_no_context_takeover");
        int serverBits = 0;
        if (p.containsKey("server_max_window_bits")) {
            serverBits = bits(p.get("server_max_window_bits"), "server_max_window_bits");
            if (serverBits < 15) {
                throw new Declined("server_max_window_bits=" + serverBits + " asks our compressor for a window "
                        + "smaller than 15 bits, and java.util.zip.Deflater cannot use one (RFC 7692 section 7.1.2.1)");
            }
        }
        if (p.containsKey("client_max_window_bits") && p.get("client_max_window_bits") != null) {
            bits(p.get("client_max_window_bits"), "client_max_window_bits");   // valid or declined
        }
        // 7.1.1.1: an accepted server_no_context_takeover MUST be in the response; we may add it unasked.
        // 7.1.1.2: client_no_context_takeover in the response binds the client; we echo its hint, or ask for it.
        // 7.1.2.1: an accepted server_max_window_bits is answered with the same or a smaller value (ours: 15).
        // 7.1.2.2: client_max_window_bits we never answer: our Inflater takes any window the client uses.
        return new DeflateAgreement(serverNoTakeover || ours.serverNoContextTakeover(),
                clientNoTakeover || ours.clientNoContextTakeover(), serverBits, 0);
    }

    // ---- the client's side --------------------------------------------------------------------------------

    /** The client's offer: permessage-deflate with the parameters {@code ours} asks for, never client_max_window_bits. */
    public static ExtensionOffer offer(Options ours) {
        List<ExtensionOffer.Parameter> p = new ArrayList<>();
        if (ours.serverNoContextTakeover()) {
            p.add(new ExtensionOffer.Parameter("server_no_context_takeover", null));
        }
        if (ours.clientNoContextTakeover()) {
            p.add(new ExtensionOffer.Parameter("client_no_context_takeover", null));
        }
        if (ours.serverMaxWindowBits() != 0) {
            p.add(new ExtensionOffer.Parameter("server_max_window_bits", Integer.toString(ours.serverMaxWindowBits())));
        }
        return new ExtensionOffer(NAME, p);
    }

    /**
     * The client checks the server's Sec-WebSocket-Extensions response against its {@link #offer}: empty if the
     * server declined (we go on without compression, section 5), the agreement if it accepted, and
     * {@link HandshakeFailed} where section 7 says the client "MUST _Fail the WebSocket Connection_".
     */
    public static Optional<DeflateAgreement> verify(List<ExtensionOffer> response, Options offered) throws HandshakeFailed {
        Optional<DeflateAgreement> agreed = Optional.empty();
        for (ExtensionOffer element : response) {
            if (!element.name().equalsIgnoreCase(NAME)) {
                throw new HandshakeFailed("The server accepted the extension " + element.name()
                        + ", which we did not offer", "RFC 6455 section 4.1");
            }
            if (agreed.isPresent()) {
                throw new HandshakeFailed("The server accepted permessage-deflate twice; we offered it once",
                        "RFC 7692 section 7");
            }
            try {
                agreed = Optional.of(verifyOne(element, offered));
            } catch (BadValue bad) {
                throw new HandshakeFailed("The server's permessage-deflate response is invalid: " + bad.getMessage(),
                        "RFC 7692 section 7");
            }
        }
        return agreed;
    }

    private static DeflateAgreement verifyOne(ExtensionOffer element, Options offered) throws HandshakeFailed, BadValue {
        Map<String, String> p;
        try {
            p = element.parametersByName();
        } catch (ExtensionOffer.DuplicateParameter d) {
            throw new HandshakeFailed("The server's permessage-deflate response has " + d.getMessage(), "RFC 7692 section 7");
        }
        for (String name : p.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new HandshakeFailed("The server's permessage-deflate response has the parameter " + name
                        + ", which is not defined for a response", "RFC 7692 section 7");
            }
        }
        // 7.1.1.1: the server may add server_no_context_takeover unasked, but must keep it if we offered it.
        boolean serverNoTakeover = flag(p, "server_no_context_takeover");
        if (offered.serverNoContextTakeover() && !serverNoTakeover) {
            throw new HandshakeFailed("We offered server_no_context_takeover and the server accepted the offer "
                    + "without it", "RFC 7692 section 7.1.1.1");
        }
        // 7.1.1.2: if we offered client_no_context_takeover we keep our promise, answered or not.
        boolean clientNoTakeover = flag(p, "client_no_context_takeover") || offered.clientNoContextTakeover();
        // 7.1.2.1: the server's window, 8-15, and no larger than we asked; if we asked, it must answer.
        int serverBits = 0;
        if (p.containsKey("server_max_window_bits")) {
            serverBits = bits(p.get("server_max_window_bits"), "server_max_window_bits");
            if (offered.serverMaxWindowBits() != 0 && serverBits > offered.serverMaxWindowBits()) {
                throw new HandshakeFailed("The server answered server_max_window_bits=" + serverBits
                        + ", more than the " + offered.serverMaxWindowBits() + " we offered", "RFC 7692 section 7.1.2.1");
            }
        } else if (offered.serverMaxWindowBits() != 0) {
            throw new HandshakeFailed("We offered server_max_window_bits=" + offered.serverMaxWindowBits()
                    + " and the server accepted the offer without it", "RFC 7692 section 7.1.2.1");
        }
        // 7.1.2.2: "If a received extension negotiation response includes the client_max_window_bits extension
        // parameter and the client did not offer it, the client MUST _Fail the WebSocket Connection_". We never
        // offer it, because java.util.zip.Deflater cannot honour a window smaller than 15 bits.
        if (p.containsKey("client_max_window_bits")) {
            throw new HandshakeFailed("The server's response has client_max_window_bits, which we did not offer",
                    "RFC 7692 section 7.1.2.2");
        }
        return new DeflateAgreement(serverNoTakeover, clientNoTakeover, serverBits, 0);
    }

    // ---- parameter values -----------------------------------------------------------------------------------

    /** A parameter value that breaks section 7.1: the server declines the offer, the client fails. */
    private static final class BadValue extends Exception {
        BadValue(String reason) {
            super(reason);
        }
    }

    private static boolean flag(Map<String, String> p, String name) throws BadValue {
        if (!p.containsKey(name)) {
            return false;
        }
        if (p.get(name) != null) {
            throw new BadValue(name + " takes no value, but it has \"" + p.get(name) + "\"");
        }
        return true;
    }

    private static int bits(String value, String name) throws BadValue {
        if (value == null || !WINDOW_BITS.matcher(value).matches()) {
            throw new BadValue(name + " must be a number from 8 to 15 without leading zeroes, not "
                    + (value == null ? "missing" : "\"" + value + "\""));
        }
        return Integer.parseInt(value);
    }
}
