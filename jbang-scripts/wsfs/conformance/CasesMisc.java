package wsfs.conformance;

import wsfs.protocol.CloseCode;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Role;
import wsfs.view.WireEvent;

import static wsfs.conformance.CaseKit.plan;
import static wsfs.conformance.CaseKit.repeat;
import static wsfs.conformance.CaseKit.text;
import static wsfs.conformance.CaseStep.send;

import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases of category 10, miscellaneous (chapter 20). 10.1.1 is Autobahn's; 10.2 and 10.3 are ours:
 * the masking rule of section 5.1 in each direction, and the payload length field of section 5.2 at its
 * extremes (the forbidden most significant bit, the largest legal value, non-minimal encodings).
 */
final class CasesMisc {
    private CasesMisc() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of("10.1.1", "Send a text message of 65536 bytes in fragments of 1300 bytes.", () -> {
            byte[] data = repeat("*", 65536);
            return plan(CaseExpectation.echo(text(data)), new CaseStep.Send(CaseKit.fragments(1, data, 1300), CaseStep.Chopping.WHOLE));
        }));
        cases.add(ConformanceCase.of("10.2.1",
                "Send an unmasked text frame from the client (section 5.1: a server MUST close the connection).",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR),
                        send(FuzzFrame.text("Hello, world!").mask(FuzzFrame.MaskMode.NEVER)))).onlyFor(Role.SERVER));
        cases.add(ConformanceCase.of("10.2.2",
                "Send a masked text frame from the server (section 5.1: a client MUST close the connection).",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR),
                        send(FuzzFrame.text("Hello, world!").mask(FuzzFrame.MaskMode.ALWAYS)))).onlyFor(Role.CLIENT));
        cases.add(ConformanceCase.of("10.3.1",
                "Send a frame header whose 64-bit length has the most significant bit set (section 5.2: it MUST be 0).",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR)
                                .or(Verdict.NON_STRICT, List.of(), CaseExpectation.Ending.peerFails(1009))
                                .summary("fail 1002 (1009: NON-STRICT)"),
                        send(FuzzFrame.binary(CaseKit.utf8("Hello")).declaredLength(0x8000_0000_0000_0005L)
                                .lengthForm(FrameCodec.LengthForm.SIXTY_FOUR_BIT)))));
        cases.add(ConformanceCase.of("10.3.2",
                "Send a frame header announcing 2^63-1 payload bytes, the largest legal length, and no payload.",
                () -> plan(CaseExpectation.fail(CloseCode.MESSAGE_TOO_BIG),
                        send(FuzzFrame.binary(new byte[0]).declaredLength(Long.MAX_VALUE)
                                .lengthForm(FrameCodec.LengthForm.SIXTY_FOUR_BIT)))));
        cases.add(ConformanceCase.of("10.3.3",
                "Send \"Hello\" with its length in the 16-bit form (section 5.2: the minimal number of bytes MUST be used).",
                () -> plan(nonMinimal(), send(FuzzFrame.text("Hello").lengthForm(FrameCodec.LengthForm.SIXTEEN_BIT)))));
        cases.add(ConformanceCase.of("10.3.4",
                "Send a 200-byte text message with its length in the 64-bit form.",
                () -> plan(nonMinimal(200), send(FuzzFrame.text(repeat("*", 200)).lengthForm(FrameCodec.LengthForm.SIXTY_FOUR_BIT)))));
        return cases;
    }

    private static CaseExpectation nonMinimal() {
        return nonMinimal(-1);
    }

    /**
     * The RFC makes the minimal length a duty of the sender and says nothing of the receiver: echoing and
     * failing with 1002 are both reported, INFORMATIONAL.
     */
    private static CaseExpectation nonMinimal(int length) {
        WireEvent echo = length < 0 ? text("Hello") : text(repeat("*", length));
        return CaseExpectation.fail(CloseCode.PROTOCOL_ERROR)
                .or(Verdict.PASS, List.of(echo), CaseExpectation.Ending.cleanCloseReply(1000))
                .reporting(CaseExpectation.Reporting.INFORMATIONAL_UNLESS_FAIL)
                .summary("fail 1002 or echo (informational)");
    }
}
