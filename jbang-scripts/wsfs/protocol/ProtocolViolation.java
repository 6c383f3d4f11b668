package wsfs.protocol;

import java.io.IOException;

/**
 * A broken rule of RFC 6455 (chapter 04). It carries the close code the endpoint must send when it fails the
 * connection (section 7.1.7) and the section the rule comes from, so every error message names its rule.
 * This is the only way the protocol layers report a violation; one place (the endpoint) turns it into a Close frame.
 */
public class ProtocolViolation extends IOException {
    private final CloseCode closeCode;
    private final String section;
    private final String rule;

    public ProtocolViolation(CloseCode closeCode, String section, String rule) {
        // An extension's rules name their own RFC (chapter 23: "RFC 7692 section 6").
        super(rule + " (" + (section.startsWith("RFC ") ? section : "RFC 6455 section " + section) + ")");
        this.closeCode = closeCode;
        this.section = section;
        this.rule = rule;
    }

    public CloseCode closeCode() {
        return closeCode;
    }

    /** The RFC 6455 section the rule comes from, such as "5.2" (or "RFC 7692 section 6" for an extension's rule). */
    public String section() {
        return section;
    }

    /** The rule as a plain sentence, without the section. */
    public String rule() {
        return rule;
    }
}
