package wsfs.conformance;

import wsfs.protocol.CloseCode;

import static wsfs.conformance.CaseKit.concat;
import static wsfs.conformance.CaseKit.plan;
import static wsfs.conformance.CaseKit.pong;
import static wsfs.conformance.CaseKit.text;
import static wsfs.conformance.CaseKit.timeout;
import static wsfs.conformance.CaseKit.utf8;
import static wsfs.conformance.CaseStep.send;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Conformance cases of category 6, UTF-8 handling (chapter 20). Section 5.6: text payloads are UTF-8;
 * section 8.1: an endpoint that receives invalid UTF-8 in a text message MUST fail the connection, with code
 * 1007 (section 7.4.1). 6.1 to 6.23 follow the Autobahn|Testsuite; 6.24 to 6.26 are ours: every split point of
 * a multi-byte text between two fragments, fail-fast detection of each class of invalid sequence inside a
 * fragmented message (probed with a Ping), and invalid sequences that straddle two fragments.
 * <p>
 * "Fail fast": the strict behaviour is to fail as soon as the bytes received so far cannot begin valid UTF-8,
 * not only when the message is complete. Failing at the end is still conformant and is reported NON-STRICT.
 */
final class CasesUtf8 {
    private CasesUtf8() {
    }

    /** Payload parts of the fail-fast cases 6.4.x: PART2 encodes 0x110000, above the last code point. */
    static final byte[] PART1 = Utf8Vectors.KOSME;
    static final byte[] PART2 = HexFormat.of().parseHex("f4908080");
    static final byte[] PART3 = utf8("edited");

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        basics(cases);
        failFast(cases);
        vectors(cases);
        splits(cases);
        failFastClasses(cases);
        straddling(cases);
        return cases;
    }

    private static CaseExpectation invalid() {
        return CaseExpectation.fail(CloseCode.INVALID_PAYLOAD);
    }

    private static void basics(List<ConformanceCase> cases) {
        cases.add(ConformanceCase.of("6.1.1", "Send a text message of length 0.",
                () -> plan(CaseExpectation.echo(text("")), send(FuzzFrame.text("")))));
        cases.add(ConformanceCase.of("6.1.2", "Send a fragmented text message: 3 fragments, each of length 0.",
                () -> plan(CaseExpectation.echo(text("")), send(FuzzFrame.text("").fin(false),
                        FuzzFrame.continuation("").fin(false), FuzzFrame.continuation("")))));
        cases.add(ConformanceCase.of("6.1.3", "Send a fragmented text message: 3 fragments, the first and last of length 0, the middle one not.",
                () -> plan(CaseExpectation.echo(text("middle frame payload")), send(FuzzFrame.text("").fin(false),
                        FuzzFrame.continuation("middle frame payload").fin(false), FuzzFrame.continuation("")))));

        String hello = "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!";
        byte[] helloBytes = utf8(hello);
        cases.add(ConformanceCase.of("6.2.1", "Send a valid UTF-8 text message in one fragment.",
                () -> plan(CaseExpectation.echo(text(hello)), send(FuzzFrame.text(hello)))));
        cases.add(ConformanceCase.of("6.2.2", "Send a valid UTF-8 text message in 2 fragments, split at a code point boundary.",
                () -> plan(CaseExpectation.echo(text(hello)), send(
                        FuzzFrame.text(Arrays.copyOf(helloBytes, 10)).fin(false),
                        FuzzFrame.continuation(Arrays.copyOfRange(helloBytes, 10, helloBytes.length))))));
        cases.add(ConformanceCase.of("6.2.3", "Send a valid UTF-8 text message in fragments of 1 octet each, so most code points are split.",
                () -> plan(CaseExpectation.echo(text(hello)), new CaseStep.Send(CaseKit.octetFragments(1, helloBytes), CaseStep.Chopping.WHOLE))));
        cases.add(ConformanceCase.of("6.2.4", "Send the valid UTF-8 text \"\u03ba\u1f79\u03c3\u03bc\u03b5\" in fragments of 1 octet each.",
                () -> plan(CaseExpectation.echo(text(Utf8Vectors.KOSME)),
                        new CaseStep.Send(CaseKit.octetFragments(1, Utf8Vectors.KOSME), CaseStep.Chopping.WHOLE))));

        byte[] bad = concat(Utf8Vectors.KOSME, HexFormat.of().parseHex("eda080"), utf8("edited"));
        cases.add(ConformanceCase.of("6.3.1", "Send an invalid UTF-8 text message (a UTF-16 surrogate, ED A0 80) in one fragment.",
                () -> plan(invalid(), send(FuzzFrame.text(bad)))));
        cases.add(ConformanceCase.of("6.3.2", "Send the same invalid UTF-8 text message in fragments of 1 octet each.",
                () -> plan(invalid(), new CaseStep.Send(CaseKit.octetFragments(1, bad), CaseStep.Chopping.WHOLE))));
    }

    /**
     * 6.4.x: is the invalid sequence noticed at once? Strict: the connection fails during wait B, right after
     * the part that makes the text invalid; NON-STRICT: only after the rest of the message arrived.
     */
    private static void failFast(List<ConformanceCase> cases) {
        CaseExpectation expect = CaseExpectation.fail(List.of(timeout("A")), CloseCode.INVALID_PAYLOAD)
                .or(Verdict.NON_STRICT, List.of(timeout("A"), timeout("B")), CaseExpectation.Ending.peerFails(1007))
                .summary("fail 1007 at once after part 2 (later: NON-STRICT)");
        byte[] whole = concat(PART1, PART2, PART3);
        cases.add(ConformanceCase.of("6.4.1",
                "Send an invalid text message in 3 fragments: a valid one, a wait, one with F4 90 80 80 (0x110000, out of range), a wait, the rest.",
                () -> plan(expect,
                        send(FuzzFrame.text(PART1).fin(false)), CaseStep.waitFor(500, "A"),
                        send(FuzzFrame.continuation(PART2).fin(false)), CaseStep.waitFor(500, "B"),
                        send(FuzzFrame.continuation(PART3)))));
        cases.add(ConformanceCase.of("6.4.2",
                "As 6.4.1, but the second fragment ends with the first octet that makes the text invalid (F4 90).",
                () -> plan(expect,
                        send(FuzzFrame.text(PART1).fin(false)), CaseStep.waitFor(500, "A"),
                        send(FuzzFrame.continuation(Arrays.copyOfRange(whole, 11, 13)).fin(false)), CaseStep.waitFor(500, "B"),
                        send(FuzzFrame.continuation(Arrays.copyOfRange(whole, 13, whole.length))))));
        // 6.4.3/6.4.4: one frame, its bytes sent in three chops with waits: failing fast here means validating a
        // frame's payload before the whole frame has arrived.
        cases.add(ConformanceCase.of("6.4.3",
                "As 6.4.1, but one frame whose payload is sent in 3 chops with waits between them.",
                () -> chopsOfOneFrame(expect, whole, PART1.length, PART1.length + PART2.length)));
        cases.add(ConformanceCase.of("6.4.4",
                "As 6.4.2, but one frame whose payload is sent in 3 chops with waits between them.",
                () -> chopsOfOneFrame(expect, whole, 12, 13)));
    }

    private static ConformanceCase.Plan chopsOfOneFrame(CaseExpectation expect, byte[] payload, int cut1, int cut2) {
        return plan(expect, send(CaseStep.Chopping.atPayloadOffsets(cut1, cut2).withWaits(500, "A", "B"),
                FuzzFrame.text(payload)));
    }

    private static void vectors(List<ConformanceCase> cases) {
        int sub = 5;
        for (Utf8Vectors.Group g : Utf8Vectors.groups()) {
            int n = 1;
            for (Utf8Vectors.Vector v : g.vectors()) {
                String id = "6.%d.%d".formatted(sub, n++);
                String what = v.valid()
                        ? "Send a text message whose payload is valid UTF-8, in one fragment (%s: 0x%s)."
                        : "Send a text message whose payload is not valid UTF-8, in one fragment (%s: 0x%s).";
                cases.add(ConformanceCase.of(id, what.formatted(g.title(), shorten(v.hex())),
                        () -> plan(v.valid() ? CaseExpectation.echo(text(v.bytes().toByteArray())) : invalid(),
                                send(FuzzFrame.text(v.bytes().toByteArray())))));
            }
            sub++;
        }
    }

    /** 6.24 (ours): κόσμε cut into 2 fragments at every byte offset; a code point split between fragments is valid. */
    private static void splits(List<ConformanceCase> cases) {
        byte[] k = Utf8Vectors.KOSME;
        for (int cut = 1; cut < k.length; cut++) {
            int at = cut;
            cases.add(ConformanceCase.of("6.24." + cut,
                    "Send \"\u03ba\u1f79\u03c3\u03bc\u03b5\" in 2 fragments cut after octet %d (valid: a code point may span fragments).".formatted(cut),
                    () -> plan(CaseExpectation.echo(text(k)), send(
                            FuzzFrame.text(Arrays.copyOf(k, at)).fin(false),
                            FuzzFrame.continuation(Arrays.copyOfRange(k, at, k.length))))));
        }
    }

    /**
     * 6.25 (ours): each class of invalid sequence in the middle fragment of a 3-fragment message, followed
     * by a Ping. A fail-fast peer fails with 1007 without answering the Ping; a peer that checks only the
     * whole message answers the Ping first (NON-STRICT).
     */
    private static void failFastClasses(List<ConformanceCase> cases) {
        String[][] classes = {
            {"80", "an unexpected continuation byte"},
            {"c0af", "an overlong encoding of '/'"},
            {"eda080", "a UTF-16 surrogate (U+D800)"},
            {"f4908080", "a code point above U+10FFFF"},
            {"fe", "the impossible byte FE"},
            {"e28241", "a 3-byte sequence cut short by an ASCII letter"}};
        for (int i = 0; i < classes.length; i++) {
            byte[] bad = HexFormat.of().parseHex(classes[i][0]);
            cases.add(ConformanceCase.of("6.25." + (i + 1),
                    "Send a text message in 3 fragments whose second contains %s (0x%s), then a Ping, then the last fragment."
                            .formatted(classes[i][1], classes[i][0]),
                    () -> plan(CaseExpectation.fail(CloseCode.INVALID_PAYLOAD)
                                    .or(Verdict.NON_STRICT, List.of(pong("probe")), CaseExpectation.Ending.peerFails(1007))
                                    .summary("fail 1007 before answering the Ping (after it: NON-STRICT)"),
                            send(FuzzFrame.text("valid start ").fin(false),
                                    FuzzFrame.continuation(concat(utf8("abc"), bad, utf8("def"))).fin(false),
                                    FuzzFrame.ping("probe"),
                                    FuzzFrame.continuation(" valid end")))));
        }
    }

    /** 6.26 (ours): invalid sequences that straddle a fragment boundary, and a message that ends mid-sequence. */
    private static void straddling(List<ConformanceCase> cases) {
        byte[] k = Utf8Vectors.KOSME;
        cases.add(ConformanceCase.of("6.26.1",
                "Send a text message in 2 fragments: the first ends with ED (a valid start), the second begins A0 80 (a surrogate).",
                () -> plan(invalid(), send(FuzzFrame.text(concat(k, new byte[]{(byte) 0xed})).fin(false),
                        FuzzFrame.continuation(concat(new byte[]{(byte) 0xa0, (byte) 0x80}, utf8("edited")))))));
        cases.add(ConformanceCase.of("6.26.2",
                "Send a text message in 2 fragments: the first ends with F4 (a valid start), the second begins 90 80 80 (above U+10FFFF).",
                () -> plan(invalid(), send(FuzzFrame.text(concat(k, new byte[]{(byte) 0xf4})).fin(false),
                        FuzzFrame.continuation(concat(HexFormat.of().parseHex("908080"), utf8("edited")))))));
        cases.add(ConformanceCase.of("6.26.3",
                "Send a text message in 2 fragments: the first ends with E2 82, then a Ping, then an empty last fragment: the message ends inside a code point.",
                () -> plan(CaseExpectation.fail(List.of(pong("probe")), CloseCode.INVALID_PAYLOAD)
                                .summary("pong (E2 82 may still complete); fail 1007 at the end"),
                        send(FuzzFrame.text(concat(utf8("hello"), HexFormat.of().parseHex("e282"))).fin(false),
                                FuzzFrame.ping("probe"), FuzzFrame.continuation(new byte[0])))));
        cases.add(ConformanceCase.of("6.26.4",
                "Send a text message in 2 fragments: the first ends with E2 82, then a Ping, then AC completes U+20AC.",
                () -> plan(CaseExpectation.echo(pong("probe"), text("hello\u20ac")),
                        send(FuzzFrame.text(concat(utf8("hello"), HexFormat.of().parseHex("e282"))).fin(false),
                                FuzzFrame.ping("probe"), FuzzFrame.continuation(new byte[]{(byte) 0xac})))));
    }

    private static String shorten(String hex) {
        return hex.length() <= 40 ? hex : hex.substring(0, 40) + "...";
    }
}
