package wsfs.conformance;

import wsfs.protocol.CloseCode;
import wsfs.view.WireEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a conformance case accepts from the peer (chapter 20): one or more {@link Alternative}s, each a
 * list of events (messages, pongs, waits the peer sat through) and how the connection must end. The first
 * alternative is the strict behaviour; later ones may be acceptable with a weaker verdict (NON-STRICT).
 * {@link ConformanceJudge} compares a {@link Transcript} with them.
 *
 * @param alternatives the acceptable outcomes, strict first
 * @param reporting    whether the verdict counts, or the case only reports what happened
 * @param summary      the expectation in a few words, for the report table
 */
public record CaseExpectation(List<Alternative> alternatives, Reporting reporting, String summary) {

    public CaseExpectation {
        alternatives = List.copyOf(alternatives);
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a case needs at least one acceptable outcome");
        }
    }

    /** How the verdict is reported. */
    public enum Reporting {
        /** PASS / NON-STRICT / FAIL as judged. */
        VERDICT,
        /** INFORMATIONAL when the outcome is acceptable, FAIL otherwise (category 9: a wrong echo is still a bug). */
        INFORMATIONAL_UNLESS_FAIL,
        /** Always INFORMATIONAL: the RFC does not define the outcome. */
        INFORMATIONAL
    }

    /**
     * One acceptable outcome.
     *
     * @param verdict the best verdict this outcome can earn (PASS or NON_STRICT)
     * @param events  the compared events in order ({@link WireEvent#compared()})
     * @param ending  how the connection must end
     */
    public record Alternative(Verdict verdict, List<WireEvent> events, Ending ending) {
        public Alternative {
            events = List.copyOf(events);
        }
    }

    /**
     * How the connection must end.
     *
     * @param closedByUs   true: the fuzzer starts the closing handshake (from the script, or with 1000 once the
     *                     expected events arrived) and the peer must answer it; false: the peer must fail the
     *                     connection itself (section 7.1.7), before the fuzzer gives up
     * @param codes        the status codes acceptable in the peer's Close frame
     * @param emptyBody    the verdict when the peer's Close frame has no status code (section 5.5.1 allows it)
     * @param noCloseFrame the verdict when the TCP connection ends without a Close frame from the peer
     */
    public record Ending(boolean closedByUs, Set<Integer> codes, Verdict emptyBody, Verdict noCloseFrame) {
        public Ending {
            codes = Set.copyOf(codes);
        }

        /** We close with 1000 (or our script closes); the peer answers, echoing a code in {@code codes} or none. */
        public static Ending cleanCloseReply(Integer... codes) {
            return new Ending(true, Set.copyOf(Arrays.asList(codes)), Verdict.PASS, Verdict.FAIL);
        }

        /**
         * The peer must fail the connection with one of these codes. A TCP close without a Close frame is
         * NON-STRICT: section 7.1.7 says the endpoint SHOULD send a Close frame first.
         */
        public static Ending peerFails(Integer... codes) {
            return new Ending(false, Set.copyOf(Arrays.asList(codes)), Verdict.NON_STRICT, Verdict.NON_STRICT);
        }

        public String describe() {
            String list = codes.stream().sorted().map(String::valueOf).collect(Collectors.joining("/"));
            return closedByUs ? "clean close" + (list.isEmpty() ? "" : " " + list)
                    : "fail " + list;
        }
    }

    // ---- building expectations --------------------------------------------------------------------

    /** The peer echoes/answers with exactly these events, then answers our Close 1000 cleanly. */
    public static CaseExpectation echo(WireEvent... events) {
        return new CaseExpectation(List.of(new Alternative(Verdict.PASS, List.of(events), Ending.cleanCloseReply(1000))),
                Reporting.VERDICT, summarize(List.of(events), "clean close"));
    }

    /** The peer fails the connection with one of these codes, after producing {@code before}. */
    public static CaseExpectation fail(List<WireEvent> before, CloseCode... codes) {
        Integer[] numbers = Arrays.stream(codes).map(CloseCode::code).toArray(Integer[]::new);
        String codeList = Arrays.stream(codes).map(c -> String.valueOf(c.code())).collect(Collectors.joining(" or "));
        return new CaseExpectation(List.of(new Alternative(Verdict.PASS, before, Ending.peerFails(numbers))),
                Reporting.VERDICT, summarize(before, "fail " + codeList));
    }

    public static CaseExpectation fail(CloseCode... codes) {
        return fail(List.of(), codes);
    }

    /** Our script sent a Close; the peer answers with one of {@code codes} (or an empty Close). */
    public static CaseExpectation closeReply(List<WireEvent> before, Integer... codes) {
        String codeList = Arrays.stream(codes).map(String::valueOf).collect(Collectors.joining(" or "));
        return new CaseExpectation(List.of(new Alternative(Verdict.PASS, before, Ending.cleanCloseReply(codes))),
                Reporting.VERDICT, summarize(before, "close reply " + codeList));
    }

    /** This expectation plus another acceptable outcome, with at best {@code verdict}. */
    public CaseExpectation or(Verdict verdict, List<WireEvent> events, Ending ending) {
        List<Alternative> all = new ArrayList<>(alternatives);
        all.add(new Alternative(verdict, events, ending));
        return new CaseExpectation(all, reporting, summary);
    }

    public CaseExpectation reporting(Reporting value) {
        return new CaseExpectation(alternatives, value, summary);
    }

    public CaseExpectation summary(String value) {
        return new CaseExpectation(alternatives, reporting, value);
    }

    /** The close codes any alternative accepts from the peer (for the fuzzing peers' own use). */
    public Set<Integer> acceptedCodes() {
        Set<Integer> all = new LinkedHashSet<>();
        alternatives.forEach(a -> all.addAll(a.ending().codes()));
        return all;
    }

    static String summarize(List<WireEvent> events, String ending) {
        if (events.isEmpty()) {
            return ending;
        }
        return describeEvents(events) + "; " + ending;
    }

    /** Lists events for a report, shortening long runs of messages. */
    public static String describeEvents(List<WireEvent> events) {
        if (events.isEmpty()) {
            return "nothing";
        }
        if (events.size() > 4) {
            long messages = events.stream().filter(e -> e instanceof WireEvent.Message).count();
            long pongs = events.stream().filter(e -> e instanceof WireEvent.Pong).count();
            List<String> parts = new ArrayList<>();
            if (messages > 0) {
                parts.add(messages + " messages");
            }
            if (pongs > 0) {
                parts.add(pongs + " pongs");
            }
            long others = events.size() - messages - pongs;
            if (others > 0) {
                parts.add(others + " other events");
            }
            return String.join(" + ", parts);
        }
        return events.stream().map(WireEvent::describe).collect(Collectors.joining(", "));
    }
}
