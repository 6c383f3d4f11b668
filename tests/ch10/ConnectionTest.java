package ch10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Connection;
import wsfs.protocol.Connection.BinaryReceived;
import wsfs.protocol.Connection.CloseReceived;
import wsfs.protocol.Connection.Event;
import wsfs.protocol.Connection.Failure;
import wsfs.protocol.Connection.PingReceived;
import wsfs.protocol.Connection.PongReceived;
import wsfs.protocol.Connection.TextReceived;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

/**
 * The sans-I/O connection with byte arrays alone: hex fixtures in, events and the exact bytes to write out.
 * No socket, no thread, no clock. Every fixture is also fed split at every position, and one byte at a time:
 * the events and the bytes must not change.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionTest {
    static final String KEY = "37 fa 21 3d";

    static Connection server() {
        return new Connection(Role.SERVER, Limits.defaults());
    }

    static Connection client() {
        return new Connection(Role.CLIENT, Limits.defaults(), MaskingKeys.fixed(KEY));
    }

    /** What came out of one run: the events (as text, so failures compare by code, section and rule) and the bytes. */
    record Outcome(List<String> events, String written) {
    }

    static String show(Event e) {
        return e instanceof Failure f
                ? "Failure[" + f.closeCode().code() + " " + f.violation().section() + " " + f.violation().rule() + "]"
                : e.toString();
    }

    static String written(Connection c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.dataToSend().forEach(out::writeBytes);
        return HexDump.hex(out.toByteArray());
    }

    /** Feeds the pieces to a fresh connection; the input is copied first, since the parser unmasks in place. */
    static Outcome run(Connection c, byte[] input, int... cuts) {
        byte[] data = input.clone();
        List<String> events = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            c.receive(data, from, cut - from).forEach(e -> events.add(show(e)));
            from = cut;
        }
        c.receive(data, from, data.length - from).forEach(e -> events.add(show(e)));
        return new Outcome(events, written(c));
    }

    /** The outcome of the whole input in one piece, after checking that every split gives the same one. */
    static Outcome everySplit(Role role, String hex) {
        byte[] input = HexDump.parse(hex);
        Outcome whole = run(role == Role.SERVER ? server() : client(), input);
        for (int i = 0; i <= input.length; i++) {
            for (int j = i; j <= input.length; j += Math.max(1, input.length / 7)) {
                assertEquals(whole, run(role == Role.SERVER ? server() : client(), input, i, j), "cut at " + i + " and " + j);
            }
        }
        int[] everyByte = new int[input.length];
        Arrays.setAll(everyByte, i -> i);
        assertEquals(whole, run(role == Role.SERVER ? server() : client(), input, everyByte), "one byte at a time");
        return whole;
    }

    static String utf8Hex(String s) {
        return HexDump.hex(s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- messages -----------------------------------------------------------------------------------------

    @Test
    void aMaskedHelloIsOneTextEventWhateverTheSplit() {
        // RFC 6455 section 5.7: "A single-frame masked text message".
        Outcome o = everySplit(Role.SERVER, "81 85 37 fa 21 3d 7f 9f 4d 51 58");
        assertEquals(new Outcome(List.of(new TextReceived("Hello").toString()), ""), o);
    }

    @Test
    void twoFramesInOneReadAreTwoEventsInOrder() {
        // "Hel"+"lo" fragmented, then a binary 01 02: two messages.
        Outcome o = everySplit(Role.CLIENT, "01 03 48 65 6c 80 02 6c 6f 82 02 01 02");
        assertEquals(List.of(new TextReceived("Hello").toString(), new BinaryReceived(ByteString.of(new byte[] {1, 2})).toString()),
                o.events());
    }

    @Test
    void aPingBetweenFragmentsIsAnsweredAtOnceAndTheMessageStillCompletes() {
        // "Hel" (FIN=0), a ping "hi", "lo" (FIN=1), all masked: the pong goes out before the message is complete.
        Outcome o = everySplit(Role.SERVER, "01 83 37 fa 21 3d 7f 9f 4d  89 82 37 fa 21 3d 5f 93  80 82 37 fa 21 3d 5b 95");
        assertEquals(List.of(new PingReceived(ByteString.utf8("hi")).toString(),
                new TextReceived("Hello").toString()), o.events());
        assertEquals("8a 02 68 69", o.written(), "a server's pong: unmasked, the same payload (5.5.2)");
    }

    @Test
    void aClientMasksItsPongAndEveryFrameItSends() {
        // Section 5.7: "Unmasked Ping request and masked Ping response".
        Connection c = client();
        assertEquals(List.of(new PingReceived(ByteString.utf8("Hello"))),
                c.receive(HexDump.parse("89 05 48 65 6c 6c 6f")));
        assertEquals("8a 85 37 fa 21 3d 7f 9f 4d 51 58", written(c));
        assertTrue(c.send(Message.text("Hello")));
        assertEquals("81 85 37 fa 21 3d 7f 9f 4d 51 58", written(c));
        assertTrue(c.sendFragmented(Message.text("Hello"), 3));
        assertEquals("01 83 37 fa 21 3d 7f 9f 4d 80 82 37 fa 21 3d 5b 95", written(c));
    }

    @Test
    void pongsAreReportedNeverAnswered() {
        Outcome o = everySplit(Role.CLIENT, "8a 00 8a 01 78");
        assertEquals(List.of(new PongReceived(ByteString.EMPTY).toString(), new PongReceived(ByteString.of(new byte[] {0x78})).toString()),
                o.events());
        assertEquals("", o.written());
    }

    @Test
    void sendingQueuesWholeFramesInCallOrder() {
        Connection s = server();
        assertTrue(s.send(Message.binary(new byte[] {1, 2, 3})));
        assertTrue(s.ping(new byte[] {9}));
        assertTrue(s.pong(new byte[0]));
        assertTrue(s.sendText("hi"));
        assertTrue(s.close());
        assertEquals(List.of("82 03 01 02 03", "89 01 09", "8a 00", "81 02 68 69", "88 02 03 e8"),
                s.dataToSend().stream().map(HexDump::hex).toList());
        assertEquals(List.of(), s.dataToSend(), "dataToSend forgets what it returned");
        assertThrows(IllegalArgumentException.class, () -> s.ping(new byte[126]), "section 5.5: at most 125 bytes");
    }

    // ---- closing ------------------------------------------------------------------------------------------

    @Test
    void thePeerClosesTheServerAnswersAndClosesTcpFirst() {
        // A masked Close 1000 "bye" from the client.
        Outcome o = everySplit(Role.SERVER, "88 85 37 fa 21 3d 34 12 43 44 52");
        assertEquals(List.of(new CloseReceived(new ClosePayload(CloseCode.NORMAL_CLOSURE, "bye")).toString()), o.events());
        assertEquals("88 02 03 e8", o.written(), "5.5.1: the answer echoes the code");

        Connection s = server();
        s.receive(HexDump.parse("88 85 37 fa 21 3d 34 12 43 44 52"));
        s.dataToSend();
        assertEquals(ReadyState.CLOSING, s.state());
        assertTrue(s.closeTransportNow(), "7.1.1: the server closes TCP first");
        assertEquals(Optional.of(new CloseEvent(CloseCode.NORMAL_CLOSURE, "bye", true)), s.closeEvent());
        assertFalse(s.send(Message.text("late")), "nothing after our Close");
        assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "bye", true), s.transportClosed());
        assertEquals(ReadyState.CLOSED, s.state());
    }

    @Test
    void weCloseAndTheClientWaitsForTheServerToCloseTcp() {
        Connection c = client();
        assertTrue(c.close(CloseCode.NORMAL_CLOSURE, "bye"));
        assertEquals("88 85 37 fa 21 3d 34 12 43 44 52", written(c));
        assertEquals(ReadyState.CLOSING, c.state());
        assertFalse(c.close(CloseCode.GOING_AWAY, ""), "closing twice does nothing");
        assertFalse(c.send(Message.text("late")));
        assertFalse(c.ping(new byte[0]));

        assertEquals(List.of(new CloseReceived(ClosePayload.of(CloseCode.NORMAL_CLOSURE))), c.receive(HexDump.parse("88 02 03 e8")));
        assertEquals("", written(c), "our Close was already sent: no answer");
        assertFalse(c.closeTransportNow(), "7.1.1: the client waits for the server to close TCP");
        assertEquals(Optional.of(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true)), c.closeEvent());
        assertEquals(List.of(), c.receiveEof());
        assertTrue(c.closeTransportNow());
        assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), c.transportClosed());
    }

    @Test
    void weCloseAndTheServerClosesTcpOnceTheAnswerArrives() {
        Connection s = server();
        assertTrue(s.close(CloseCode.of(4000), "done"));
        assertEquals("88 06 0f a0 " + utf8Hex("done"), written(s));
        assertFalse(s.closeTransportNow(), "the handshake is not complete yet");
        assertEquals(List.of(new CloseReceived(ClosePayload.of(CloseCode.of(4000)))),
                s.receive(HexDump.parse("88 82 37 fa 21 3d 38 5a")));
        assertTrue(s.closeTransportNow());
    }

    @Test
    void anEmptyCloseIsAnsweredWithAnEmptyCloseAndReportedAs1005() {
        Outcome o = everySplit(Role.SERVER, "88 80 37 fa 21 3d");
        assertEquals(List.of(new CloseReceived(ClosePayload.EMPTY).toString()), o.events());
        assertEquals("88 00", o.written(), "1005 is never sent");
    }

    @Test
    void aPingAfterOurCloseIsReportedButNotAnswered() {
        Connection s = server();
        s.close(CloseCode.NORMAL_CLOSURE, "");
        s.dataToSend();
        assertEquals(List.of(new PingReceived(ByteString.EMPTY)), s.receive(HexDump.parse("89 80 37 fa 21 3d")));
        assertEquals("", written(s), "5.5.1: nothing more after our Close");
    }

    @Test
    void everythingAfterACloseIsDiscarded() {
        // Close 1000, then a text frame and then bytes that would break every rule: none of it counts.
        Outcome o = everySplit(Role.CLIENT, "88 02 03 e8  81 02 68 69  ff ff ff ff");
        assertEquals(List.of(new CloseReceived(ClosePayload.of(CloseCode.NORMAL_CLOSURE)).toString()), o.events());
        assertEquals("88 82 37 fa 21 3d 34 12", o.written());
    }

    @Test
    void codesThatMayNotBeSentAreRefusedBeforeAnythingChanges() {
        Connection s = server();
        for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2999, 5000}) {
            assertThrows(IllegalArgumentException.class, () -> s.close(CloseCode.of(code), ""), "code " + code);
        }
        assertThrows(IllegalArgumentException.class, () -> s.close(CloseCode.NO_STATUS_RECEIVED, ""));
        assertThrows(IllegalArgumentException.class, () -> s.close(CloseCode.NORMAL_CLOSURE, "x".repeat(124)));
        assertEquals(ReadyState.OPEN, s.state());
        assertEquals("", written(s));
    }

    // ---- failures: the one place a violation becomes a Close frame ----------------------------------------

    @Test
    void aViolationBecomesACloseFrameWithItsCodeRuleAndSection() {
        // A masked continuation frame with no message open (section 5.4): 1002, the reason names the rule.
        Outcome o = everySplit(Role.SERVER, "80 80 37 fa 21 3d");
        String reason = "A continuation frame arrived but no fragmented message was started (5.4)";
        assertEquals(List.of("Failure[1002 5.4 A continuation frame arrived but no fragmented message was started]"),
                o.events());
        assertEquals("88 %02x 03 ea %s".formatted(2 + reason.length(), utf8Hex(reason)), o.written());
    }

    @Test
    void eventsBeforeAViolationInTheSameReadStillCount() {
        // A masked "hi", then an unmasked frame (section 5.1), in one read: the message first, then the failure.
        Outcome o = everySplit(Role.SERVER, "81 82 37 fa 21 3d 5f 93  81 00");
        assertEquals(2, o.events().size(), o.events().toString());
        assertEquals(new TextReceived("hi").toString(), o.events().get(0));
        assertTrue(o.events().get(1).startsWith("Failure[1002 5.1 "), o.events().toString());
        assertTrue(o.written().startsWith("88 "), o.written());
    }

    @Test
    void aBrokenFrameRuleFromTheParserGoesThroughTheSamePlace() {
        // An unmasked frame sent to a server (section 5.1): whatever the parser's wording, Close 1002 "<rule> (5.1)".
        Connection s = server();
        List<Event> events = s.receive(HexDump.parse("81 02 68 69"));
        Failure f = (Failure) events.getFirst();
        assertEquals(CloseCode.PROTOCOL_ERROR, f.closeCode());
        assertEquals("5.1", f.violation().section());
        String reason = f.violation().rule() + " (5.1)";
        assertEquals("88 %02x 03 ea %s".formatted(2 + reason.getBytes(StandardCharsets.UTF_8).length, utf8Hex(reason)),
                written(s));
        assertTrue(s.closeTransportNow(), "7.1.7: the failing endpoint closes TCP at once");
        assertEquals(ReadyState.CLOSING, s.state());
        assertEquals(List.of(), s.receive(HexDump.parse("81 80 37 fa 21 3d")), "input after a failure is discarded");
        assertFalse(s.send(Message.text("late")));
        assertEquals(CloseEvent.abnormal(), s.transportClosed(), "we failed it: 1006, not clean");
    }

    @Test
    void invalidUtf8InTheFirstPieceFailsBeforeTheRestArrives() {
        // A masked text frame that announces 100 bytes; only 61 62 ED A0 (a surrogate) has arrived.
        byte[] payload = new byte[100];
        System.arraycopy(HexDump.parse("61 62 ed a0"), 0, payload, 0, 4);
        byte[] wire = wsfs.protocol.FrameCodec.encode(new wsfs.protocol.Frame(true, 0, wsfs.protocol.Opcode.TEXT,
                HexDump.parse(KEY), payload));
        Connection s = server();
        List<Event> events = s.receive(Arrays.copyOf(wire, 2 + 4 + 4));
        assertEquals(1, events.size());
        Failure f = (Failure) events.getFirst();
        assertEquals(CloseCode.INVALID_PAYLOAD, f.closeCode());
        assertEquals("8.1", f.violation().section());
        String close = written(s);
        assertTrue(close.startsWith("88 7d 03 ef "), "Close 1007, reason cut to 123 bytes: " + close);
        assertTrue(close.endsWith(utf8Hex("... (8.1)")), close);
        assertEquals(List.of(), s.receive(wire, 10, wire.length - 10), "the rest is discarded");
    }

    @Test
    void aMalformedClosePayloadIs1002() {
        // A Close with a 1-byte body (section 5.5.1), and one with code 1005 on the wire (section 7.4.1).
        Outcome one = everySplit(Role.CLIENT, "88 01 03");
        assertTrue(one.events().getFirst().startsWith("Failure[1002 5.5.1 "), one.events().toString());
        Outcome local = everySplit(Role.CLIENT, "88 02 03 ed");
        assertTrue(local.events().getFirst().startsWith("Failure[1002 7.4.1 "), local.events().toString());
        assertTrue(local.written().matches("88 .. 37 fa 21 3d 34 10 .*"), "a masked Close 1002 (03 ea): " + local.written());
    }

    @Test
    void aTooLargeFrameIs1009FromItsHeader() {
        Connection s = new Connection(Role.SERVER, Limits.defaults().withMaxMessageSize(10));
        List<Event> events = s.receive(HexDump.parse("82 8b 37 fa 21 3d"));     // 11 bytes announced, none sent
        assertEquals(CloseCode.MESSAGE_TOO_BIG, ((Failure) events.getFirst()).closeCode());
        assertTrue(written(s).startsWith("88 "));
    }

    @Test
    void theEdgesOwnFailureQueuesItsCloseAndClosesTcp() {
        Connection s = server();
        s.fail(CloseCode.TRY_AGAIN_LATER, "Outbox full");
        assertEquals("88 0d 03 f5 " + utf8Hex("Outbox full"), written(s));
        assertTrue(s.closeTransportNow());
        assertEquals(List.of(), s.receive(HexDump.parse("81 80 37 fa 21 3d")));

        Connection quiet = server();
        quiet.fail(CloseCode.ABNORMAL_CLOSURE, "the write stalled");
        assertEquals("", written(quiet), "1006 is never sent");
        assertTrue(quiet.closeTransportNow());
    }

    // ---- the end of TCP, and what the edge asks -----------------------------------------------------------

    @Test
    void eofAtAFrameBoundaryIsNoFailureButNotClean() {
        Connection s = server();
        assertEquals(List.of(), s.receiveEof());
        assertTrue(s.closeTransportNow());
        assertEquals(CloseEvent.abnormal(), s.transportClosed());
        assertEquals(ReadyState.CLOSED, s.state());
        assertThrows(IllegalStateException.class, () -> s.receive(new byte[1]));
    }

    @Test
    void eofInTheMiddleOfAFrameIsA1006Failure() {
        Connection s = server();
        s.receive(HexDump.parse("81 85 37 fa 21"));
        assertTrue(s.midFrame());
        List<Event> events = s.receiveEof();
        assertEquals(CloseCode.ABNORMAL_CLOSURE, ((Failure) events.getFirst()).closeCode());
        assertEquals("", written(s), "1006 is never sent");
        assertEquals(CloseEvent.abnormal(), s.transportClosed());
    }

    @Test
    void midFrameAndBufferedBytesFollowTheInput() {
        Connection s = server();
        assertFalse(s.midFrame());
        s.receive(HexDump.parse("01 83 37 fa 21 3d 7f 9f"));          // "He" of a 3-byte first fragment
        assertTrue(s.midFrame());
        assertEquals(2, s.bufferedMessageBytes());
        s.receive(HexDump.parse("4d"));
        assertFalse(s.midFrame(), "between two fragments");
        assertEquals(3, s.bufferedMessageBytes());
        assertEquals(List.of(new TextReceived("Hello")), s.receive(HexDump.parse("80 82 37 fa 21 3d 5b 95")));
        assertEquals(0, s.bufferedMessageBytes());
    }

    @Test
    void misuseIsAProgrammingError() {
        Connection s = server();
        s.transportClosed();
        assertThrows(IllegalStateException.class, () -> s.receive(new byte[1]));
        assertThrows(IllegalStateException.class, s::receiveEof);
        assertFalse(s.send(Message.text("after the end")));
        assertThrows(IndexOutOfBoundsException.class, () -> server().receive(new byte[2], 1, 2));
    }

    @Test
    void aViolationsReasonIsAtMost123BytesAndKeepsItsSection() throws Exception {
        ProtocolViolation v = new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "8.1", "é".repeat(100));
        String reason = Connection.reasonFor(v);
        assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= 123, reason);
        assertTrue(reason.endsWith("... (8.1)"), reason);
    }

    @Test
    void bytesNeededNeverReachesPastTheCurrentFrame() {
        // "Hello" masked (RFC 6455 section 5.7): 2 header bytes, then the key, then 5 payload bytes.
        Connection s = server();
        assertEquals(2, s.bytesNeeded(), "between frames: the first two header bytes");
        s.receive(HexDump.parse("81 85"));
        assertEquals(4, s.bytesNeeded(), "the masking key");
        s.receive(HexDump.parse("37 fa 21 3d"));
        assertEquals(5, s.bytesNeeded(), "the payload");
        s.receive(HexDump.parse("7f 9f"));
        assertEquals(3, s.bytesNeeded());
        assertEquals(List.of(new TextReceived("Hello")), s.receive(HexDump.parse("4d 51 58")));
        assertEquals(2, s.bytesNeeded(), "the next frame's header");
    }

    @Test
    void announcedMessageBytesCountsAFramesPayloadFromItsHeaderOn() {
        Connection s = server();
        assertEquals(0, s.announcedMessageBytes());
        s.receive(HexDump.parse("01 83 37 fa 21 3d"));                // header of a 3-byte first fragment, no payload yet
        assertEquals(3, s.announcedMessageBytes(), "announced before a payload byte arrived");
        assertEquals(0, s.bufferedMessageBytes());
        s.receive(HexDump.parse("7f 9f 4d"));
        assertEquals(3, s.announcedMessageBytes());
        s.receive(HexDump.parse("89 80 37 fa 21 3d"));                // a ping between the fragments does not count
        assertEquals(3, s.announcedMessageBytes());
        s.receive(HexDump.parse("80 82 37 fa 21 3d"));                // the last fragment's header: 2 more
        assertEquals(5, s.announcedMessageBytes());
        assertEquals(List.of(new TextReceived("Hello")), s.receive(HexDump.parse("5b 95")));
        assertEquals(0, s.announcedMessageBytes(), "the message is delivered: nothing is held");
    }

    @Test
    void failedTellsAPeersViolationOrTheEdgesFailureFromAnOrdinaryClose() {
        Connection a = server();
        a.close();
        assertFalse(a.failed());
        Connection b = server();
        b.receive(HexDump.parse("81 05 48 65 6c 6c 6f"));             // unmasked to a server: 1002
        assertTrue(b.failed());
        Connection c = server();
        c.fail(CloseCode.POLICY_VIOLATION, "Not reading");
        assertTrue(c.failed());
        assertTrue(c.closeTransportNow());
        assertEquals("88 0d 03 f0 4e 6f 74 20 72 65 61 64 69 6e 67", written(c));
    }

    @Test
    void anApplicationCodeTravelsEndToEnd() {
        // Section 7.4.2: 4000-4999 are private use. The client closes with 4001; the server echoes it; both report it.
        Connection c = client();
        Connection s = server();
        assertTrue(c.close(CloseCode.of(4001), "done"));
        byte[] close = HexDump.parse(written(c));
        assertEquals(List.of(new CloseReceived(new ClosePayload(CloseCode.of(4001), "done"))), s.receive(close));
        assertEquals("88 02 0f a1", written(s), "the answer echoes the code");
        assertEquals(new CloseEvent(CloseCode.of(4001), "done", true), s.transportClosed());
        assertEquals(CloseCode.of(4001), s.transportClosed().code());
    }

    @Test
    void aServerNeedsNoMaskingKeys() {
        Connection s = new Connection(Role.SERVER, Limits.defaults());
        assertTrue(s.sendText("Hi"));
        assertEquals("81 02 48 69", written(s), "a server never masks (section 5.1)");
    }

    @Test
    void longViolationReasonsAreCutAndKeepTheirSection() {
        ProtocolViolation v = new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "8.1", "é".repeat(100));
        String reason = Connection.reasonFor(v);
        assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= 123, reason);
        assertTrue(reason.endsWith("... (8.1)"), reason);
    }
}
