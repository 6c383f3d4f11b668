package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Connection;
import wsfs.protocol.Limits;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.concat;
import static exercises.Stages04.hex;

/**
 * Chapter 10's stages: the sans-I/O {@link Connection} turns what the receiver made of each frame into events (and
 * the frames it answers with), and turns every broken rule into one Close frame. Bytes in, events and bytes out:
 * no socket, no thread, no clock.
 */
final class Stages10 {
    private Stages10() {
    }

    /** A masked "Hello" (the RFC's example of section 5.7). */
    static final String HELLO = "81 85 37 fa 21 3d 7f 9f 4d 51 58";
    /** "Hel" (FIN=0), an empty ping, "lo" (FIN=1), all masked with 37 fa 21 3d. */
    static final String PING_BETWEEN = "01 83 37 fa 21 3d 7f 9f 4d  89 80 37 fa 21 3d  80 82 37 fa 21 3d 5b 95";
    /** A masked Close 1000. */
    static final String CLOSE_1000 = "88 82 37 fa 21 3d 34 12";

    /** What a server Connection makes of these bytes fed in pieces of {@code piece}: its events, then what it writes. */
    static String feed(String wire, int piece) {
        Connection c = new Connection(Role.SERVER, Limits.defaults());
        byte[] bytes = hex(wire);
        List<String> out = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += piece) {
            c.receive(bytes, at, Math.min(piece, bytes.length - at)).forEach(e -> out.add(describe(e)));
        }
        for (byte[] frame : c.dataToSend()) {
            out.add("writes " + Show.inline(frame));
        }
        out.add("close TCP now: " + c.closeTransportNow());
        return String.join("; ", out);
    }

    static String describe(Connection.Event e) {
        return switch (e) {
            case Connection.Failure f -> "Failure " + f.closeCode().code() + " (" + f.violation().section() + ")";
            case Connection.BinaryReceived b -> "BinaryReceived " + Show.inline(b.data().toByteArray());
            case Connection.PingReceived p -> "PingReceived " + Show.inline(p.payload().toByteArray());
            case Connection.PongReceived p -> "PongReceived " + Show.inline(p.payload().toByteArray());
            default -> e.toString();
        };
    }

    static void fed(String what, String wire, String expected) throws Exception {
        Expect.equal("a server Connection fed " + what + " (" + wire.replaceAll("\\s+", " ") + ")", expected, () -> feed(wire, hex(wire).length));
    }

    static byte[] closeFrame(int code, String reason) {
        byte[] body = concat(new byte[] {(byte) (code >> 8), (byte) code}, reason.getBytes(StandardCharsets.UTF_8));
        return concat(new byte[] {(byte) 0x88, (byte) body.length}, body);
    }

    static List<Stage> stages() {
        String events = "RFC 6455 sections 5.6 and 5.5: a complete message, a Ping, a Pong and a Close each become one event, in order";
        String answers = "RFC 6455 section 5.5.2: a Ping is answered with a Pong carrying its payload, also between fragments";
        String closing = "RFC 6455 sections 5.5.1 and 1.4: a Close is answered, echoing its code; what follows it is discarded";
        String failing = "RFC 6455 section 7.1.7: fail the connection: one Close with the rule's code, then close TCP";
        return List.of(
                core("10-act", "a masked text becomes TextReceived", events,
                        "act(): case Receiver.MessageReceived(Message.Text(String text)) -> events.add(new TextReceived(text)).", () ->
                                fed("a masked \"Hello\"", HELLO, "TextReceived[text=Hello]; close TCP now: false")),
                core("10-act", "a binary message becomes BinaryReceived", events,
                        "case Receiver.MessageReceived(Message.Binary(ByteString data)) -> events.add(new BinaryReceived(data)).", () ->
                                fed("a masked binary 01 02 03", "82 83 37 fa 21 3d 36 f8 22",
                                        "BinaryReceived 01 02 03; close TCP now: false")),
                core("10-act", "a ping between two fragments is answered at once", answers,
                        "case Receiver.PingReceived ping: if handshake.maySend(), queue(ping.reply()); then events.add(new PingReceived(ping.payload())).", () ->
                                fed("\"Hel\", an empty ping, \"lo\"", PING_BETWEEN,
                                        "PingReceived (no bytes); TextReceived[text=Hello]; writes 8a 00; close TCP now: false")),
                core("10-act", "a pong is reported, never answered", "RFC 6455 section 5.5.3: a Pong needs no answer",
                        "case Receiver.PongReceived pong -> events.add(new PongReceived(pong.payload())); nothing is queued.", () ->
                                fed("a masked pong \"hi\"", "8a 82 37 fa 21 3d 5f 93", "PongReceived 68 69; close TCP now: false")),
                core("10-act", "a Close is answered with its code, and what follows is discarded", closing,
                        "case Receiver.CloseReceived close: ClosePayload.parse(...), handshake.closeReceived(payload).ifPresent(this::queue), discarding = true, the event.", () ->
                                fed("a masked Close 1000, then a masked \"Hello\"", CLOSE_1000 + "  " + HELLO,
                                        "CloseReceived[payload=1000]; writes 88 02 03 e8; close TCP now: true")),
                core("10-failure", "a continuation with no message open: one Failure, one Close 1002", failing,
                        "failed(): discarding = true; handshake.fail(code, reasonFor(violation)).ifPresent(this::queue); events.add(new Failure(violation)).", () ->
                                fed("a masked continuation frame, then a masked \"Hello\"", "80 80 37 fa 21 3d  " + HELLO,
                                        "Failure 1002 (5.4); writes " + Show.inline(closeFrame(1002,
                                                "A continuation frame arrived but no fragmented message was started (5.4)")) + "; close TCP now: true")),
                core("10-failure", "invalid UTF-8 fails with 1007 before the rest of its frame", failing + "; section 8.1: invalid UTF-8 is 1007",
                        "The assembler throws as soon as the bad bytes arrive; failed() does the rest, whichever layer threw.", () -> {
                            String first = "81 e4 37 fa 21 3d 56 98 cc 9d";           // 100 bytes announced; "ab" ED A0 arrived
                            String got = feed(first, 1);
                            Expect.isTrue("a text frame announcing 100 bytes whose 3rd and 4th are ED A0, fed one byte at a time",
                                    got.startsWith("Failure 1007 (") && got.endsWith("close TCP now: true") && got.contains("writes 88 "),
                                    "Failure 1007; a Close 03 ef ...; close TCP now: true", got);
                        }),
                core("10-failure", "a Close body of one byte: 1002, and no answer echoing it", failing + "; section 5.5.1: a code is 2 bytes",
                        "ClosePayload.parse throws inside act(); receive catches it and calls failed(): the Close carries 1002.", () -> {
                            String got = feed("88 81 37 fa 21 3d 34", 7);
                            Expect.isTrue("a masked Close whose body is the one byte 03", got.startsWith("Failure 1002 (5.5.1); writes 88 ")
                                            && got.contains(" 03 ea ") && got.endsWith("close TCP now: true"),
                                    "Failure 1002 (5.5.1); writes 88 .. 03 ea ...; close TCP now: true", got);
                        }),
                core("10-failure", "a long rule is cut to 123 bytes and keeps its section", "RFC 6455 section 5.5: a control frame carries at most 125 bytes",
                        "reasonFor(): rule + \" (\" + section + \")\" if it fits in 123 bytes; else ClosePayload.truncate(rule, 123 - section - 3) + \"...\" + section.", () -> {
                            Expect.equal("reasonFor(ProtocolViolation(1002, \"5.5\", \"Control frames must not be fragmented\"))",
                                    "Control frames must not be fragmented (5.5)", () -> Connection.reasonFor(
                                            new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.5", "Control frames must not be fragmented")));
                            String reason = Expect.run("reasonFor(a rule of 200 times \"é\", section 5.2)", "at most 123 bytes, ending in \"... (5.2)\"",
                                    () -> Connection.reasonFor(new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.2", "é".repeat(200))));
                            int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
                            Expect.isTrue("reasonFor(a rule of 200 times \"é\", section 5.2)", bytes <= ClosePayload.MAX_REASON_BYTES
                                            && reason.endsWith("... (5.2)") && reason.startsWith("éé"),
                                    "at most 123 bytes of whole characters, ending in \"... (5.2)\"", bytes + " bytes: " + reason);
                        }),
                challenge("10-act", "every split of the input gives the same events and bytes", "TCP delivers bytes, not frames (RFC 6455 section 5.4: intermediaries may split)",
                        "The parser keeps its state between calls; act() runs once per complete frame, whatever the split.", () -> {
                            String wire = PING_BETWEEN + "  " + CLOSE_1000;
                            String whole = feed(wire, hex(wire).length);
                            for (int piece = 1; piece < hex(wire).length; piece++) {
                                int p = piece;
                                Expect.equal("\"Hel\", a ping, \"lo\", a Close 1000, fed " + p + " bytes at a time", whole, () -> feed(wire, p));
                            }
                        }));
    }
}
