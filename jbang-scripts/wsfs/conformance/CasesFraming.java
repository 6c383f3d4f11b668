package wsfs.conformance;

import wsfs.protocol.CloseCode;
import wsfs.view.WireEvent;

import static wsfs.conformance.CaseKit.binary;
import static wsfs.conformance.CaseKit.filled;
import static wsfs.conformance.CaseKit.plan;
import static wsfs.conformance.CaseKit.pong;
import static wsfs.conformance.CaseKit.repeat;
import static wsfs.conformance.CaseKit.text;
import static wsfs.conformance.CaseStep.send;

import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases of categories 1 to 4 (chapter 20), numbered as in the Autobahn|Testsuite:
 * 1 framing (payload lengths at every boundary of the 7/16/64-bit length encoding, section 5.2),
 * 2 ping and pong (section 5.5.2, 5.5.3), 3 reserved bits (section 5.2), 4 reserved opcodes (section 5.2).
 */
final class CasesFraming {
    private CasesFraming() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        framing(cases);
        pingPong(cases);
        reservedBits(cases);
        opcodes(cases);
        return cases;
    }

    /** The lengths that sit on both sides of the 7-bit (125), 16-bit (65535) boundaries. */
    private static final int[] LENGTHS = {0, 125, 126, 127, 128, 65535, 65536};

    private static void framing(List<ConformanceCase> cases) {
        for (int kind = 1; kind <= 2; kind++) {
            boolean isBinary = kind == 2;
            String name = isBinary ? "binary" : "text";
            for (int i = 0; i < LENGTHS.length; i++) {
                int n = LENGTHS[i];
                cases.add(ConformanceCase.of("1.%d.%d".formatted(kind, i + 1),
                        "Send a %s message with a payload of length %d.".formatted(name, n), () -> {
                            byte[] data = isBinary ? filled(n, 0xfe) : repeat("*", n);
                            FuzzFrame f = isBinary ? FuzzFrame.binary(data) : FuzzFrame.text(data);
                            return plan(CaseExpectation.echo(isBinary ? binary(data) : text(data)), send(f));
                        }));
            }
            cases.add(ConformanceCase.of("1.%d.8".formatted(kind),
                    "Send a %s message with a payload of length 65536, sent in chops of 997 octets.".formatted(name), () -> {
                        byte[] data = isBinary ? filled(65536, 0xfe) : repeat("*", 65536);
                        FuzzFrame f = isBinary ? FuzzFrame.binary(data) : FuzzFrame.text(data);
                        return plan(CaseExpectation.echo(isBinary ? binary(data) : text(data)),
                                send(CaseStep.Chopping.chunks(997), f));
                    }));
        }
    }

    private static void pingPong(List<ConformanceCase> cases) {
        cases.add(ConformanceCase.of("2.1", "Send a Ping without payload.",
                () -> plan(CaseExpectation.echo(pong(new byte[0])), send(FuzzFrame.ping(new byte[0])))));
        cases.add(ConformanceCase.of("2.2", "Send a Ping with a small text payload.",
                () -> plan(CaseExpectation.echo(pong("Hello, world!")), send(FuzzFrame.ping("Hello, world!")))));
        byte[] small = {0x00, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, (byte) 0xfb, 0x00, (byte) 0xff};
        cases.add(ConformanceCase.of("2.3", "Send a Ping with a small binary (non UTF-8) payload.",
                () -> plan(CaseExpectation.echo(pong(small)), send(FuzzFrame.ping(small)))));
        cases.add(ConformanceCase.of("2.4", "Send a Ping with a binary payload of 125 octets.",
                () -> plan(CaseExpectation.echo(pong(filled(125, 0xfe))), send(FuzzFrame.ping(filled(125, 0xfe))))));
        cases.add(ConformanceCase.of("2.5", "Send a Ping with a binary payload of 126 octets (section 5.5: control frames carry at most 125).",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(FuzzFrame.ping(filled(126, 0xfe))))));
        cases.add(ConformanceCase.of("2.6", "Send a Ping with a binary payload of 125 octets, one octet per write.",
                () -> plan(CaseExpectation.echo(pong(filled(125, 0xfe))),
                        send(CaseStep.Chopping.OCTETS, FuzzFrame.ping(filled(125, 0xfe))))));
        cases.add(ConformanceCase.of("2.7", "Send an unsolicited Pong without payload (section 5.5.3: no response expected).",
                () -> plan(CaseExpectation.echo(), send(FuzzFrame.pong(new byte[0])))));
        cases.add(ConformanceCase.of("2.8", "Send an unsolicited Pong with payload.",
                () -> plan(CaseExpectation.echo(), send(FuzzFrame.pong("unsolicited pong payload")))));
        cases.add(ConformanceCase.of("2.9", "Send an unsolicited Pong with payload, then a Ping with payload.",
                () -> plan(CaseExpectation.echo(pong("ping payload")),
                        send(FuzzFrame.pong("unsolicited pong payload"), FuzzFrame.ping("ping payload")))));
        for (int n = 10; n <= 11; n++) {
            boolean chopped = n == 11;
            cases.add(ConformanceCase.of("2." + n, "Send 10 Pings with payload" + (chopped ? ", one octet per write." : "."), () -> {
                FuzzFrame[] pings = new FuzzFrame[10];
                WireEvent[] pongs = new WireEvent[10];
                for (int i = 0; i < 10; i++) {
                    pings[i] = FuzzFrame.ping("payload-" + i);
                    pongs[i] = pong("payload-" + i);
                }
                // Section 5.5.3: an endpoint MAY answer only the most recent of several Pings.
                CaseExpectation e = CaseExpectation.echo(pongs)
                        .or(Verdict.PASS, List.of(pongs[9]), CaseExpectation.Ending.cleanCloseReply(1000))
                        .summary("10 pongs (or the last one only, section 5.5.3); clean close");
                return plan(e, send(chopped ? CaseStep.Chopping.OCTETS : CaseStep.Chopping.WHOLE, pings));
            }));
        }
    }

    private static void reservedBits(List<ConformanceCase> cases) {
        String hello = "Hello, world!";
        cases.add(ConformanceCase.of("3.1", "Send a small text message with RSV = 1.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(FuzzFrame.text(hello).rsv(1)))));
        record Variant(int rsv, CaseStep.Chopping chop, String how) {
        }
        Variant[] variants = {
            new Variant(2, CaseStep.Chopping.WHOLE, ""),
            new Variant(3, CaseStep.Chopping.OCTETS, ", one octet per write"),
            new Variant(4, CaseStep.Chopping.PER_FRAME, ", one write per frame")};
        for (int i = 0; i < variants.length; i++) {
            Variant v = variants[i];
            cases.add(ConformanceCase.of("3." + (i + 2),
                    "Send a small text message, then the same with RSV = %d, then a Ping%s.".formatted(v.rsv, v.how),
                    () -> plan(echoThenFail(text(hello)),
                            send(v.chop, FuzzFrame.text(hello), FuzzFrame.text(hello).rsv(v.rsv), FuzzFrame.ping(new byte[0])))));
        }
        cases.add(ConformanceCase.of("3.5", "Send a small binary message with RSV = 5.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(FuzzFrame.binary(new byte[]{0, 1, 2, 3}).rsv(5)))));
        cases.add(ConformanceCase.of("3.6", "Send a Ping with payload and RSV = 6.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(FuzzFrame.ping(hello).rsv(6)))));
        cases.add(ConformanceCase.of("3.7", "Send a Close with RSV = 7.",
                () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(FuzzFrame.close(1000, "").rsv(7)))));
    }

    /**
     * The first (valid) message is echoed, then the peer fails the connection on the bad frame, and the
     * Ping after it is never answered. Failing before even echoing the first message is NON-STRICT, as in
     * the Autobahn|Testsuite.
     */
    static CaseExpectation echoThenFail(WireEvent firstEcho) {
        return CaseExpectation.fail(List.of(firstEcho), CloseCode.PROTOCOL_ERROR)
                .or(Verdict.NON_STRICT, List.of(), CaseExpectation.Ending.peerFails(1002));
    }

    private static void opcodes(List<ConformanceCase> cases) {
        String hello = "Hello, world!";
        for (int group = 1; group <= 2; group++) {
            int base = group == 1 ? 3 : 11; // reserved non-control 0x3-0x7, control 0xB-0xF
            String kind = group == 1 ? "non-control" : "control";
            for (int i = 0; i < 5; i++) {
                int op = base + i;
                String id = "4.%d.%d".formatted(group, i + 1);
                boolean withPayload = i == 1 || i >= 3; // as in Autobahn: x.1 and x.3 empty, the others not
                byte[] payload = withPayload ? CaseKit.utf8("reserved opcode payload") : new byte[0];
                String with = withPayload ? " with payload" : "";
                if (i < 2) {
                    cases.add(ConformanceCase.of(id, "Send a frame with reserved %s opcode %d%s.".formatted(kind, op, with),
                            () -> plan(CaseExpectation.fail(CloseCode.PROTOCOL_ERROR), send(FuzzFrame.of(op, payload)))));
                } else {
                    cases.add(ConformanceCase.of(id,
                            "Send a small text message, then a frame with reserved %s opcode %d%s, then a Ping.".formatted(kind, op, with),
                            () -> plan(echoThenFail(text(hello)),
                                    send(FuzzFrame.text(hello), FuzzFrame.of(op, payload), FuzzFrame.ping(new byte[0])))));
                }
            }
        }
    }
}
