package wsfs.conformance;

import wsfs.view.WireEvent;

import static wsfs.conformance.CaseKit.binary;
import static wsfs.conformance.CaseKit.filled;
import static wsfs.conformance.CaseKit.plan;
import static wsfs.conformance.CaseKit.repeat;
import static wsfs.conformance.CaseKit.text;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Conformance cases of category 9, limits and performance (chapter 20), numbered as in the
 * Autobahn|Testsuite: large messages, messages in many fragments, messages in many small TCP writes, and
 * many small messages one after the other. They are timed and reported INFORMATIONAL, not judged: the RFC
 * sets no size limit, and a peer may refuse a message larger than its own limit with 1009 (section 7.4.1).
 * A wrong echo is still a FAIL.
 */
final class CasesLimits {
    private CasesLimits() {
    }

    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;
    private static final Duration BOUND = Duration.ofSeconds(60);

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        int[] sizes = {64 * KIB, 256 * KIB, MIB, 4 * MIB, 8 * MIB, 16 * MIB};
        int[] fragmentSizes = {64, 256, KIB, 4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB, MIB, 4 * MIB};
        int[] chopSizes = {64, 128, 256, 512, KIB, 2 * KIB};
        int[] messageSizes = {0, 16, 64, 256, KIB, 4 * KIB};
        for (int kind = 0; kind < 2; kind++) {
            boolean isBinary = kind == 1;
            String name = isBinary ? "binary" : "text";
            int opcode = isBinary ? 2 : 1;
            for (int i = 0; i < sizes.length; i++) {
                int n = sizes[i];
                cases.add(ConformanceCase.of("9.%d.%d".formatted(1 + kind, i + 1),
                        "Send a %s message of %s.".formatted(name, size(n)),
                        () -> {
                            byte[] data = payload(isBinary, n);
                            return echoPlan(isBinary, data, new CaseStep.Send(List.of(FuzzFrame.of(opcode, data)), CaseStep.Chopping.WHOLE));
                        }).bound(BOUND));
            }
            for (int i = 0; i < fragmentSizes.length; i++) {
                int f = fragmentSizes[i];
                cases.add(ConformanceCase.of("9.%d.%d".formatted(3 + kind, i + 1),
                        "Send a %s message of 4 MiB in fragments of %s.".formatted(name, size(f)), () -> {
                            byte[] data = payload(isBinary, 4 * MIB);
                            return echoPlan(isBinary, data, new CaseStep.Send(CaseKit.fragments(opcode, data, f), CaseStep.Chopping.WHOLE));
                        }).bound(BOUND));
            }
            for (int i = 0; i < chopSizes.length; i++) {
                int c = chopSizes[i];
                cases.add(ConformanceCase.of("9.%d.%d".formatted(5 + kind, i + 1),
                        "Send a %s message of 1 MiB in TCP writes of %d bytes.".formatted(name, c), () -> {
                            byte[] data = payload(isBinary, MIB);
                            return echoPlan(isBinary, data, new CaseStep.Send(List.of(FuzzFrame.of(opcode, data)), CaseStep.Chopping.chunks(c)));
                        }).bound(BOUND));
            }
            for (int i = 0; i < messageSizes.length; i++) {
                int m = messageSizes[i];
                cases.add(ConformanceCase.of("9.%d.%d".formatted(7 + kind, i + 1),
                        "Send 1000 %s messages of %s, each after the echo of the previous one (round-trip time).".formatted(name, size(m)), () -> {
                            byte[] data = payload(isBinary, m);
                            WireEvent echo = isBinary ? binary(data) : text(data);
                            CaseExpectation e = new CaseExpectation(List.of(new CaseExpectation.Alternative(Verdict.PASS,
                                    Collections.nCopies(1000, echo), CaseExpectation.Ending.cleanCloseReply(1000))),
                                    CaseExpectation.Reporting.INFORMATIONAL_UNLESS_FAIL, "1000 echoes; clean close (timed)");
                            return plan(e, new CaseStep.RoundTrips(FuzzFrame.of(opcode, data), 1000));
                        }).bound(BOUND));
            }
        }
        cases.sort((a, b) -> ConformanceCase.ID_ORDER.compare(a.id(), b.id()));
        return cases;
    }

    /**
     * The echo, or a refusal by one of the peer's own limits: 1009 for a message too big, or 1008 for a limit
     * it treats as policy (Node's ws allows 16384 fragments per message and closes with 1008 beyond). Both
     * informational.
     */
    private static ConformanceCase.Plan echoPlan(boolean isBinary, byte[] data, CaseStep send) {
        WireEvent echo = isBinary ? binary(data) : text(data);
        CaseExpectation e = new CaseExpectation(List.of(
                new CaseExpectation.Alternative(Verdict.PASS, List.of(echo), CaseExpectation.Ending.cleanCloseReply(1000)),
                new CaseExpectation.Alternative(Verdict.PASS, List.of(), CaseExpectation.Ending.peerFails(1009, 1008))),
                CaseExpectation.Reporting.INFORMATIONAL_UNLESS_FAIL, "echo (1009/1008 over a peer limit), timed");
        return plan(e, send);
    }

    private static byte[] payload(boolean isBinary, int n) {
        return isBinary ? filled(n, 0xfe) : repeat("BAsd7&jh23", n);
    }

    private static String size(int n) {
        if (n >= MIB && n % MIB == 0) {
            return n / MIB + " MiB";
        }
        if (n >= KIB && n % KIB == 0) {
            return n / KIB + " KiB";
        }
        return n + " bytes";
    }
}
