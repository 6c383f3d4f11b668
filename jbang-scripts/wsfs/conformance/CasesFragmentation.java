package wsfs.conformance;

import wsfs.protocol.CloseCode;

import static wsfs.conformance.CaseKit.plan;
import static wsfs.conformance.CaseKit.pong;
import static wsfs.conformance.CaseKit.text;
import static wsfs.conformance.CaseStep.send;

import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases of category 5, fragmentation (chapter 20), numbered as in the Autobahn|Testsuite.
 * Section 5.4: a message is one frame with FIN = 1, or a first frame with an opcode and FIN = 0, any number of
 * continuation frames (opcode 0), and a last one with FIN = 1; control frames are never fragmented but may be
 * injected between fragments; a continuation with nothing to continue, or a new data frame inside a fragmented
 * message, is a protocol error.
 */
final class CasesFragmentation {
    private CasesFragmentation() {
    }

    private static final CaseStep.Chopping[] CHOPS = {
        CaseStep.Chopping.WHOLE, CaseStep.Chopping.PER_FRAME, CaseStep.Chopping.OCTETS};
    private static final String[] HOW = {"all in one write", "one write per frame", "one octet per write"};

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        FuzzFrame f1 = FuzzFrame.text("fragment1").fin(false);
        FuzzFrame f2 = FuzzFrame.continuation("fragment2");

        cases.add(ConformanceCase.of("5.1", "Send a Ping in 2 fragments (section 5.5: control frames must not be fragmented).",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR),
                        send(FuzzFrame.ping("fragment1").fin(false), f2))));
        cases.add(ConformanceCase.of("5.2", "Send a Pong in 2 fragments.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR),
                        send(FuzzFrame.pong("fragment1").fin(false), f2))));
        for (int i = 0; i < 3; i++) {
            CaseStep.Chopping chop = CHOPS[i];
            cases.add(ConformanceCase.of("5." + (3 + i), "Send a text message in 2 fragments, " + HOW[i] + ".",
                    () -> plan(CaseExpectation.echo(text("fragment1fragment2")), send(chop, f1, f2))));
        }
        for (int i = 0; i < 3; i++) {
            CaseStep.Chopping chop = CHOPS[i];
            cases.add(ConformanceCase.of("5." + (6 + i), "Send a text message in 2 fragments with a Ping between them, " + HOW[i] + ".",
                    () -> plan(CaseExpectation.echo(pong("ping payload"), text("fragment1fragment2")),
                            send(chop, f1, FuzzFrame.ping("ping payload"), f2))));
        }
        for (int i = 0; i < 3; i++) {
            CaseStep.Chopping chop = CHOPS[i];
            cases.add(ConformanceCase.of("5." + (9 + i),
                    "Send a continuation frame with FIN = 1 when there is nothing to continue, then a text message in 2 fragments, " + HOW[i] + ".",
                    () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR),
                            send(chop, FuzzFrame.continuation("non-continuation payload"), f1, f2))));
        }
        for (int i = 0; i < 3; i++) {
            CaseStep.Chopping chop = CHOPS[i];
            cases.add(ConformanceCase.of("5." + (12 + i),
                    "Send a continuation frame with FIN = 0 when there is nothing to continue, then a text message in 2 fragments, " + HOW[i] + ".",
                    () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR),
                            send(chop, FuzzFrame.continuation("non-continuation payload").fin(false), f1, f2))));
        }
        cases.add(ConformanceCase.of("5.15",
                "Send a text message in 2 fragments, then a continuation frame with FIN = 0 when there is nothing to continue, then a text message, all in one write.",
                () -> plan(CasesFraming.echoThenFail(text("fragment1fragment2")),
                        send(f1, f2, FuzzFrame.continuation("fragment3").fin(false), FuzzFrame.text("fragment4")))));
        cases.add(ConformanceCase.of("5.16",
                "Twice: a continuation frame with FIN = 0 when there is nothing to continue, then a text message in 2 fragments.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(
                        FuzzFrame.continuation("fragment1").fin(false), FuzzFrame.text("fragment2").fin(false), FuzzFrame.continuation("fragment3"),
                        FuzzFrame.continuation("fragment1").fin(false), FuzzFrame.text("fragment2").fin(false), FuzzFrame.continuation("fragment3")))));
        cases.add(ConformanceCase.of("5.17",
                "Twice: a continuation frame with FIN = 1 when there is nothing to continue, then a text message in 2 fragments.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(
                        FuzzFrame.continuation("fragment1"), FuzzFrame.text("fragment2").fin(false), FuzzFrame.continuation("fragment3"),
                        FuzzFrame.continuation("fragment1"), FuzzFrame.text("fragment2").fin(false), FuzzFrame.continuation("fragment3")))));
        cases.add(ConformanceCase.of("5.18",
                "Send a text message in 2 fragments where the second also carries the text opcode (it should be a continuation).",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(f1, FuzzFrame.text("fragment2")))));
        for (int n = 19; n <= 20; n++) {
            CaseStep.Chopping chop = n == 19 ? CaseStep.Chopping.WHOLE : CaseStep.Chopping.PER_FRAME;
            cases.add(ConformanceCase.of("5." + n,
                    "A text message in 5 fragments: after 2 fragments a Ping, a wait, 2 more fragments, another Ping, the last fragment"
                            + (n == 20 ? "; every frame in its own write." : "."),
                    // The first Pong must come before the wait ends: the peer answers a Ping in the middle of a message.
                    () -> plan(CaseExpectation.echo(pong("pongme 1!"), CaseKit.timeout("A"), pong("pongme 2!"),
                                    text("fragment1fragment2fragment3fragment4fragment5")),
                            send(chop, FuzzFrame.text("fragment1").fin(false), FuzzFrame.continuation("fragment2").fin(false),
                                    FuzzFrame.ping("pongme 1!")),
                            CaseStep.waitFor(300, "A"),
                            send(chop, FuzzFrame.continuation("fragment3").fin(false), FuzzFrame.continuation("fragment4").fin(false),
                                    FuzzFrame.ping("pongme 2!"), FuzzFrame.continuation("fragment5")))));
        }
        return cases;
    }
}
