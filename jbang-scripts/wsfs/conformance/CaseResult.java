package wsfs.conformance;

import java.util.List;

/**
 * The outcome of one conformance case (chapter 20), as reports print it.
 *
 * @param id          the case number, such as "6.4.1"
 * @param description what the fuzzer did
 * @param expectation what it expected, in a few words
 * @param verdict     PASS, NON-STRICT, INFORMATIONAL or FAIL
 * @param observed    what the peer did, in one line
 * @param reason      why the verdict, in one sentence
 * @param millis      how long the case took (handshake excluded); reports that must be reproducible leave it out
 * @param notes       remarks from the run
 */
public record CaseResult(String id, String description, String expectation, Verdict verdict, String observed,
                         String reason, long millis, List<String> notes) {

    public CaseResult {
        notes = List.copyOf(notes);
    }

    /** Judges a transcript of {@code c} against its expectation. */
    public static CaseResult judged(ConformanceCase c, CaseExpectation expectation, Transcript t) {
        ConformanceJudge.Judgement j = ConformanceJudge.judge(expectation, t);
        return new CaseResult(c.id(), c.description(), expectation.summary(), j.verdict(), j.observed(), j.reason(),
                t.elapsedNanos() / 1_000_000, t.notes());
    }

    /** A case that could not run at all (no connection, failed handshake). */
    public static CaseResult couldNotRun(ConformanceCase c, String why) {
        return new CaseResult(c.id(), c.description(), "", Verdict.FAIL, "no WebSocket connection", why, 0, List.of());
    }

    /**
     * The same result with the peer's close reasons left out of {@link #observed}: "peer closed 1002" instead of
     * "peer closed 1002 \"RSV bits...\"". The reason is free text chosen by the peer; a report that must stay
     * the same while the peer's wording changes (a notebook) shows only the codes.
     */
    public CaseResult withoutCloseReasons() {
        String codesOnly = observed.replaceAll("(peer closed|close reply) (\\d+) \"(?:[^\"\\\\]|\\\\.)*\"", "$1 $2");
        return new CaseResult(id, description, expectation, verdict, codesOnly, reason, millis, notes);
    }

    public int category() {
        return Integer.parseInt(id.substring(0, id.indexOf('.')));
    }
}
