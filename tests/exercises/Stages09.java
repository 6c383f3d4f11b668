package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.CloseHandshake;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.hex;

/** Chapter 09's stages: the rules of a Close frame's body, and the closing handshake's state machine. */
final class Stages09 {
    private Stages09() {
    }

    static void parses(byte[] body, ClosePayload expected) throws Exception {
        Expect.equal("ClosePayload.parse(" + Show.inline(body) + ")", expected, () -> ClosePayload.parse(body));
    }

    static void refused(byte[] body, CloseCode code) throws Exception {
        Expect.violation("ClosePayload.parse(" + Show.inline(body) + ")", code, () -> ClosePayload.parse(body));
    }

    static String frame(Optional<Frame> f) {
        return f.map(x -> "a Close frame with body " + Show.inline(x.payload().toByteArray())).orElse("no frame");
    }

    static List<Stage> stages() {
        String body = "RFC 6455 section 5.5.1: a Close body is empty, or a 2-byte code (network order) and a UTF-8 reason";
        String codes = "RFC 6455 sections 7.4.1 and 7.4.2: 1005, 1006, 1015, 0-999 and 1016-2999 never appear in a Close frame";
        String states = "RFC 6455 sections 5.5.1 and 7.1: answer a Close once, echoing its code; after our Close, send nothing more";
        return List.of(
                core("09-close-payload", "an empty body: no status code (1005, only reported)", body,
                        "body.length == 0: return ClosePayload.EMPTY.", () -> parses(new byte[0], ClosePayload.EMPTY)),
                core("09-close-payload", "code 1000 and the reason \"bye\"", body,
                        "code = ((body[0] & 0xff) << 8) | (body[1] & 0xff); the reason is new String(body, 2, length - 2, UTF_8).", () ->
                                parses(hex("03 e8 62 79 65"), new ClosePayload(CloseCode.of(1000), "bye"))),
                core("09-close-payload", "one byte is no code: 1002", body,
                        "body.length == 1: ProtocolViolation(PROTOCOL_ERROR, \"5.5.1\", ...).", () -> refused(hex("03"), CloseCode.PROTOCOL_ERROR)),
                core("09-close-payload", "codes that may not be sent: 1002", codes,
                        "CloseCode.sendable(code) is the one answer; refuse the others with 1002 and section 7.4.1.", () -> {
                            for (String c : List.of("03 ed", "03 ee", "03 f7", "03 e7", "07 d0", "13 88")) {
                                refused(hex(c), CloseCode.PROTOCOL_ERROR);
                            }
                            parses(hex("0f a0"), ClosePayload.of(CloseCode.of(4000)));
                            parses(hex("0b b8"), ClosePayload.of(CloseCode.of(3000)));
                        }),
                core("09-close-payload", "a reason that is not UTF-8: 1007", body + "; invalid UTF-8 is 1007 (section 8.1)",
                        "Check body[2..] with a Utf8Validator (feed, finish); turn its violation into INVALID_PAYLOAD.", () ->
                                refused(hex("03 e8 ff"), CloseCode.INVALID_PAYLOAD)),
                core("09-closing-states", "we close: one Close, CLOSING, nothing more to send", states,
                        "close(): validate with payload.toFrame(); if OPEN and nothing sent, remember sent, go CLOSING, return the frame; else empty.", () -> {
                            CloseHandshake hs = new CloseHandshake(Role.SERVER);
                            Expect.equal("close(1000) on an OPEN connection", "a Close frame with body 03 e8", () -> frame(hs.close(ClosePayload.of(CloseCode.of(1000)))));
                            Expect.equal("state() after close(1000)", ReadyState.CLOSING, hs.state());
                            Expect.equal("maySend() after our Close", false, hs.maySend());
                            Expect.equal("close(1000) a second time", "no frame", frame(hs.close(ClosePayload.of(CloseCode.of(1000)))));
                        }),
                core("09-closing-states", "their Close is answered once, echoing the code", states,
                        "closeReceived(): remember it; if we sent nothing yet, answer with ClosePayload.of(code), or EMPTY for an empty Close.", () -> {
                            CloseHandshake hs = new CloseHandshake(Role.SERVER);
                            Expect.equal("closeReceived(1001 \"bye\") on an OPEN connection", "a Close frame with body 03 e9",
                                    frame(hs.closeReceived(new ClosePayload(CloseCode.of(1001), "bye"))));
                            Expect.equal("complete() after answering", true, hs.complete());
                            CloseHandshake empty = new CloseHandshake(Role.CLIENT);
                            Expect.equal("closeReceived(empty body)", "a Close frame with body (no bytes)", frame(empty.closeReceived(ClosePayload.EMPTY)));
                            CloseHandshake ours = new CloseHandshake(Role.CLIENT);
                            ours.close(ClosePayload.of(CloseCode.of(1000)));
                            Expect.equal("closeReceived(1000) after our own Close", "no frame", frame(ours.closeReceived(ClosePayload.of(CloseCode.of(1000)))));
                        }),
                core("09-closing-states", "the server closes TCP first; the client waits", "RFC 6455 section 7.1.1",
                        "closesTransportFirst(): role == SERVER, or failed, or the handshake is not complete.", () -> {
                            CloseHandshake client = new CloseHandshake(Role.CLIENT);
                            client.close(ClosePayload.of(CloseCode.of(1000)));
                            client.closeReceived(ClosePayload.of(CloseCode.of(1000)));
                            Expect.equal("a client after both Close frames: closesTransportFirst()", false, client.closesTransportFirst());
                            CloseHandshake server = new CloseHandshake(Role.SERVER);
                            server.closeReceived(ClosePayload.of(CloseCode.of(1000)));
                            Expect.equal("a server after both Close frames: closesTransportFirst()", true, server.closesTransportFirst());
                        }),
                core("09-closing-states", "clean with their code after both Close frames; 1006 without", "RFC 6455 sections 7.1.4 and 7.1.5",
                        "transportClosed(): CLOSED; complete() and not failed -> new CloseEvent(received code, reason, true); else CloseEvent.abnormal().", () -> {
                            CloseHandshake hs = new CloseHandshake(Role.SERVER);
                            hs.close(ClosePayload.of(CloseCode.of(1000)));
                            hs.closeReceived(new ClosePayload(CloseCode.of(1001), "going"));
                            Expect.equal("transportClosed() after both Close frames", new CloseEvent(CloseCode.of(1001), "going", true), hs.transportClosed());
                            Expect.equal("state() after transportClosed()", ReadyState.CLOSED, hs.state());
                            Expect.equal("transportClosed() with no Close at all", CloseEvent.abnormal(), new CloseHandshake(Role.CLIENT).transportClosed());
                        }),
                core("09-closing-states", "failing: a Close with the code and the rule, never clean", "RFC 6455 section 7.1.7",
                        "fail(): failed = true; CLOSING; unless a Close went out, send new ClosePayload(code, ClosePayload.truncateReason(reason)).", () -> {
                            CloseHandshake hs = new CloseHandshake(Role.SERVER);
                            Expect.equal("fail(PROTOCOL_ERROR, \"bad\")", "a Close frame with body 03 ea 62 61 64", frame(hs.fail(CloseCode.PROTOCOL_ERROR, "bad")));
                            hs.closeReceived(ClosePayload.of(CloseCode.of(1002)));
                            Expect.equal("transportClosed() after failing", false, hs.transportClosed().wasClean());
                        }),
                challenge("09-closing-states", "a reason over 123 bytes is cut, never inside a character", "RFC 6455 section 5.5: a control payload is at most 125 bytes",
                        "ClosePayload.truncateReason cuts at a character boundary; the Close must still be valid UTF-8.", () -> {
                            CloseHandshake hs = new CloseHandshake(Role.SERVER);
                            byte[] payload = hs.fail(CloseCode.PROTOCOL_ERROR, "é".repeat(100)).orElseThrow().payload().toByteArray();
                            Expect.isTrue("fail(PROTOCOL_ERROR, 100 times \"é\" = 200 bytes)", payload.length <= 125
                                            && ClosePayload.parse(payload).reason().equals("é".repeat(61)),
                                    "a body of 124 bytes: 03 ea and 61 whole characters", payload.length + " bytes: " + Show.inline(payload));
                            Expect.equal("its reason as UTF-8", 122, ClosePayload.parse(payload).reason().getBytes(StandardCharsets.UTF_8).length);
                        }));
    }
}
