package wsfs.conformance;

import wsfs.view.WireEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a {@link Transcript} into a {@link Verdict} (chapter 20). Pure: no sockets, no clocks, so every
 * judging rule is tested with hand-written transcripts (tests/ch20/ConformanceJudgeTest).
 * <p>
 * The events the peer sent before its Close frame (or before TCP closed) must equal the events of one
 * {@link CaseExpectation.Alternative}; then the ending is checked: who started the closing handshake,
 * which status code came back, whether a Close frame came at all. A peer that breaks a frame rule
 * ({@link WireEvent.PeerViolation}) fails the case whatever else it did.
 */
public final class ConformanceJudge {
    private ConformanceJudge() {
    }

    /** The verdict, what was observed (one line), and why (one sentence). */
    public record Judgement(Verdict verdict, String observed, String reason) {
    }

    public static Judgement judge(CaseExpectation expect, Transcript t) {
        List<WireEvent> events = t.wireEvents();
        String observed = observed(t);
        for (WireEvent e : events) {
            if (e instanceof WireEvent.PeerViolation v) {
                return report(expect, new Judgement(Verdict.FAIL, observed, "The peer broke a rule: " + v.rule()));
            }
        }
        Judgement best = null;
        Judgement firstMismatch = null;
        List<WireEvent> compared = comparedEvents(events);
        for (CaseExpectation.Alternative alt : expect.alternatives()) {
            Judgement j;
            if (!alt.events().equals(compared)) {
                j = new Judgement(Verdict.FAIL, observed, "Expected " + CaseExpectation.describeEvents(alt.events())
                        + " before the close, but the peer sent " + CaseExpectation.describeEvents(compared) + ".");
                if (firstMismatch == null) {
                    firstMismatch = j;
                }
                continue;
            }
            Judgement ending = judgeEnding(alt.ending(), t, observed);
            j = new Judgement(ending.verdict().worse(alt.verdict()), observed, ending.reason());
            if (best == null || j.verdict().ordinal() < best.verdict().ordinal()) {
                best = j;
            }
        }
        return report(expect, best != null ? best : firstMismatch);
    }

    private static Judgement report(CaseExpectation expect, Judgement j) {
        return switch (expect.reporting()) {
            case VERDICT -> j;
            case INFORMATIONAL_UNLESS_FAIL -> j.verdict() == Verdict.FAIL ? j
                    : new Judgement(Verdict.INFORMATIONAL, j.observed(), j.reason());
            case INFORMATIONAL -> new Judgement(Verdict.INFORMATIONAL, j.observed(), j.reason());
        };
    }

    /** The compared events up to the peer's Close frame or the end of TCP. */
    static List<WireEvent> comparedEvents(List<WireEvent> events) {
        int end = 0;
        while (end < events.size() && !(events.get(end) instanceof WireEvent.Close)
                && !(events.get(end) instanceof WireEvent.Eof)) {
            end++;
        }
        return events.subList(0, end).stream().filter(WireEvent::compared).toList();
    }

    private static Judgement judgeEnding(CaseExpectation.Ending ending, Transcript t, String observed) {
        Transcript.Observed peerClose = first(t, WireEvent.Close.class);
        Transcript.Observed eof = first(t, WireEvent.Eof.class);
        Long ours = t.ourCloseAt();
        String expectedCodes = ending.codes().stream().sorted().map(String::valueOf)
                .reduce((a, b) -> a + " or " + b).orElse("none");

        if (ending.closedByUs()) {
            boolean weWereFirst = ours != null
                    && (peerClose == null || ours < peerClose.atNanos())
                    && (peerClose != null || eof == null || ours < eof.atNanos());
            if (!weWereFirst) {
                if (peerClose != null) {
                    return fail(observed, "The peer closed the connection (" + peerClose.event().describe()
                            + ") although nothing called for it; it should have answered and waited for our Close.");
                }
                if (eof != null) {
                    return fail(observed, "The peer dropped the TCP connection without a closing handshake.");
                }
                return fail(observed, "The peer did not send the expected events within the time bound.");
            }
            if (peerClose == null) {
                if (eof != null) {
                    return new Judgement(ending.noCloseFrame(), observed,
                            "The peer closed TCP without answering our Close frame (section 5.5.1: it MUST send a Close frame in response).");
                }
                return fail(observed, "The peer did not answer our Close frame within the time bound.");
            }
            return judgeCode(ending, (WireEvent.Close) peerClose.event(), observed, expectedCodes,
                    "Clean closing handshake.");
        }

        boolean peerFirst = peerClose != null && (ours == null || peerClose.atNanos() < ours);
        if (peerFirst) {
            return judgeCode(ending, (WireEvent.Close) peerClose.event(), observed, expectedCodes,
                    "The peer failed the connection with the expected code.");
        }
        boolean droppedFirst = peerClose == null && eof != null && (ours == null || eof.atNanos() < ours);
        if (droppedFirst) {
            return new Judgement(ending.noCloseFrame(), observed,
                    "The peer closed TCP without a Close frame; section 7.1.7 says it SHOULD send one with code "
                            + expectedCodes + " first.");
        }
        return fail(observed, t.gaveUp()
                ? "The peer did not fail the connection within the time bound (expected code " + expectedCodes + ")."
                : "The peer did not fail the connection (expected code " + expectedCodes + ").");
    }

    private static Judgement judgeCode(CaseExpectation.Ending ending, WireEvent.Close close, String observed,
                                       String expectedCodes, String okReason) {
        if (close.code() == null) {
            return new Judgement(ending.emptyBody(), observed, ending.emptyBody() == Verdict.PASS
                    ? okReason + " (Close frame without a status code, which section 5.5.1 allows)"
                    : "The Close frame has no status code; expected " + expectedCodes + ".");
        }
        if (ending.codes().contains(close.code())) {
            return new Judgement(Verdict.PASS, observed, okReason);
        }
        return fail(observed, "Wrong close code " + close.code() + "; expected " + expectedCodes + ".");
    }

    private static Judgement fail(String observed, String reason) {
        return new Judgement(Verdict.FAIL, observed, reason);
    }

    private static Transcript.Observed first(Transcript t, Class<? extends WireEvent> kind) {
        return t.events().stream().filter(o -> kind.isInstance(o.event())).findFirst().orElse(null);
    }

    /** One line: the compared events, then how the connection ended. */
    public static String observed(Transcript t) {
        List<WireEvent> events = t.wireEvents();
        StringBuilder out = new StringBuilder(CaseExpectation.describeEvents(comparedEvents(events)));
        Transcript.Observed peerClose = first(t, WireEvent.Close.class);
        Transcript.Observed eof = first(t, WireEvent.Eof.class);
        for (WireEvent e : events) {
            if (e instanceof WireEvent.PeerViolation v) {
                out.append("; ").append(v.describe());
            }
        }
        if (peerClose != null) {
            WireEvent.Close c = (WireEvent.Close) peerClose.event();
            boolean reply = t.ourCloseAt() != null && t.ourCloseAt() < peerClose.atNanos();
            out.append(reply ? "; close reply " : "; peer closed ")
               .append(c.code() == null ? "(no code)" : c.code());
            if (c.reason().length() > 0) {
                String reason = c.reason().utf8();
                out.append(" \"").append(reason.length() > 40 ? reason.substring(0, 40) + "..." : reason).append('"');
            }
        } else if (eof != null) {
            boolean afterOurs = t.ourCloseAt() != null && t.ourCloseAt() < eof.atNanos();
            out.append(afterOurs ? "; TCP closed after our close, no Close frame" : "; TCP closed, no Close frame");
        }
        if (t.gaveUp()) {
            out.append("; gave up waiting");
        }
        return out.toString();
    }
}
