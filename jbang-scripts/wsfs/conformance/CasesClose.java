package wsfs.conformance;

import static wsfs.conformance.CaseKit.concat;
import static wsfs.conformance.CaseKit.plan;
import static wsfs.conformance.CaseKit.repeat;
import static wsfs.conformance.CaseKit.text;
import static wsfs.conformance.CaseKit.utf8;
import static wsfs.conformance.CaseStep.send;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Conformance cases of category 7, the closing handshake (chapter 20), numbered as in the Autobahn|Testsuite.
 * Section 5.5.1: a Close body is empty or a 2-byte status code plus a UTF-8 reason, at most 125 bytes in all;
 * the receiver answers with a Close (typically echoing the code) and sends nothing after it; frames after a
 * Close are ignored. Section 7.4: which codes may appear on the wire at all.
 */
final class CasesClose {
    private CasesClose() {
    }

    /** Codes an endpoint may send (Autobahn's list, 7.7.1-7.7.13), then the IANA-registered 1012-1014 (ours). */
    static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999,
        1012, 1013, 1014};
    /** Codes that must not appear in a Close frame (7.9.1-7.9.9): unused, reserved, or local-only (1005, 1006). */
    static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        basics(cases);
        payloads(cases);
        codes(cases);
        return cases;
    }

    private static CaseExpectation cleanClose() {
        return CaseExpectation.closeReply(List.of(), 1000);
    }

    /**
     * We sent a broken Close: that is a protocol violation, not the start of a closing handshake, so the peer
     * fails the connection with one of {@code codes} (a TCP close without a Close frame is NON-STRICT).
     */
    private static CaseExpectation protocolErrorReply(Integer... codes) {
        String list = java.util.Arrays.stream(codes).map(String::valueOf).reduce((a, b) -> a + " or " + b).orElse("");
        return new CaseExpectation(List.of(new CaseExpectation.Alternative(Verdict.PASS, List.of(),
                CaseExpectation.Ending.peerFails(codes))), CaseExpectation.Reporting.VERDICT, "fail " + list);
    }

    private static void basics(List<ConformanceCase> cases) {
        cases.add(ConformanceCase.of("7.1.1", "Send a message, then close the connection normally.",
                () -> plan(CaseExpectation.echo(text("Hello World!")), send(FuzzFrame.text("Hello World!")))));
        cases.add(ConformanceCase.of("7.1.2", "Send two Close frames (the second one must be ignored).",
                () -> plan(cleanClose(), send(FuzzFrame.close(1000, ""), FuzzFrame.close(1000, "")))));
        cases.add(ConformanceCase.of("7.1.3", "Send a Close, then a Ping (it must not be answered).",
                () -> plan(cleanClose(), send(FuzzFrame.close(1000, ""), FuzzFrame.ping("Hello World!")))));
        cases.add(ConformanceCase.of("7.1.4", "Send a Close, then a text message (it must not be echoed).",
                () -> plan(cleanClose(), send(FuzzFrame.close(1000, ""), FuzzFrame.text("Hello World!")))));
        cases.add(ConformanceCase.of("7.1.5", "Send a message fragment, then a Close, then the last fragment.",
                () -> plan(cleanClose(), send(FuzzFrame.text("fragment1").fin(false), FuzzFrame.close(1000, ""),
                        FuzzFrame.continuation("fragment2")))));
        cases.add(ConformanceCase.of("7.1.6",
                "Send a 256 KiB message, a small message, a Close and a Ping back to back (the outcome depends on how the peer orders its writes and the close).",
                () -> {
                    byte[] big = repeat("BAsd7&jh23", 256 * 1024);
                    return plan(CaseExpectation.closeReply(List.of(text(big), text("Hello World!")), 1000)
                                    .or(Verdict.NON_STRICT, List.of(), CaseExpectation.Ending.cleanCloseReply(1000))
                                    .reporting(CaseExpectation.Reporting.INFORMATIONAL)
                                    .summary("both echoes, then clean close (informational)"),
                            send(FuzzFrame.text(big), FuzzFrame.text("Hello World!"), FuzzFrame.close(1000, ""),
                                    FuzzFrame.ping(new byte[0])));
                }));
    }

    private static void payloads(List<ConformanceCase> cases) {
        cases.add(ConformanceCase.of("7.3.1", "Send a Close with an empty body (no code, no reason).",
                () -> plan(cleanClose(), send(FuzzFrame.closeRaw(new byte[0])))));
        cases.add(ConformanceCase.of("7.3.2", "Send a Close with a 1-byte body (section 5.5.1: a code takes 2 bytes).",
                () -> plan(protocolErrorReply(1002), send(FuzzFrame.closeRaw(new byte[]{0x03})))));
        cases.add(ConformanceCase.of("7.3.3", "Send a Close with code 1000 and no reason.",
                () -> plan(cleanClose(), send(FuzzFrame.close(1000, "")))));
        cases.add(ConformanceCase.of("7.3.4", "Send a Close with code 1000 and a reason.",
                () -> plan(cleanClose(), send(FuzzFrame.close(1000, "Hello World!")))));
        cases.add(ConformanceCase.of("7.3.5", "Send a Close with code 1000 and a 123-byte reason (125-byte body, the maximum).",
                () -> plan(cleanClose(), send(FuzzFrame.close(1000, repeat("*", 123))))));
        cases.add(ConformanceCase.of("7.3.6", "Send a Close with code 1000 and a 124-byte reason (126-byte body: too long for a control frame).",
                () -> plan(protocolErrorReply(1002), send(FuzzFrame.close(1000, repeat("*", 124))))));
        byte[] badReason = concat(Utf8Vectors.KOSME, HexFormat.of().parseHex("eda080"), utf8("edited"));
        cases.add(ConformanceCase.of("7.5.1",
                "Send a Close with code 1000 and a reason that is not UTF-8 (a surrogate, ED A0 80).",
                () -> plan(protocolErrorReply(1002, 1007), send(FuzzFrame.close(1000, badReason)))));
    }

    private static void codes(List<ConformanceCase> cases) {
        for (int i = 0; i < VALID_CODES.length; i++) {
            int code = VALID_CODES[i];
            String note = code >= 1012 && code <= 1014 ? " (registered with IANA after RFC 6455; not in Autobahn's list)" : "";
            cases.add(ConformanceCase.of("7.7." + (i + 1), "Send a Close with valid code " + code + note + ".",
                    () -> plan(CaseExpectation.closeReply(List.of(), 1000, code)
                            .summary("clean close, code 1000 or " + code), send(FuzzFrame.close(code, "")))));
        }
        for (int i = 0; i < INVALID_CODES.length; i++) {
            int code = INVALID_CODES[i];
            cases.add(ConformanceCase.of("7.9." + (i + 1), "Send a Close with invalid code " + code + ".",
                    () -> plan(protocolErrorReply(1002), send(FuzzFrame.close(code, "")))));
        }
        int[] undefined = {5000, 65535};
        for (int i = 0; i < undefined.length; i++) {
            int code = undefined[i];
            cases.add(ConformanceCase.of("7.13." + (i + 1),
                    "Send a Close with code " + code + " (section 7.4.2 defines no range above 4999).",
                    () -> plan(protocolErrorReply(1002, 1000, code).reporting(CaseExpectation.Reporting.INFORMATIONAL)
                            .summary("undefined by the RFC (informational)"), send(FuzzFrame.close(code, "")))));
        }
    }
}
