package wsfs.conformance;

/**
 * The verdict on one conformance case (chapter 20), after the Autobahn|Testsuite's.
 * Ordered from best to worst, so the worse of two verdicts is the one with the larger ordinal.
 */
public enum Verdict {
    /** The peer did exactly what RFC 6455 requires. */
    PASS,
    /** Not measured against a rule: timings and sizes (category 9), or behaviour the RFC leaves open. */
    INFORMATIONAL,
    /** Acceptable, but not the strict behaviour: e.g. invalid UTF-8 noticed at the end of the message, not at once. */
    NON_STRICT,
    /** The peer broke a rule of RFC 6455 (or did not react within the case's time bound). */
    FAIL;

    public Verdict worse(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** "PASS", "NON-STRICT", ... as reports print it. */
    public String label() {
        return name().replace('_', '-');
    }
}
