package ch08;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Message;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Receiver;
import wsfs.protocol.Receiver.CloseReceived;
import wsfs.protocol.Receiver.Event;
import wsfs.protocol.Receiver.MessageReceived;
import wsfs.protocol.Receiver.PingReceived;
import wsfs.protocol.Receiver.PongReceived;
import wsfs.protocol.Role;

/** Ping, pong and control frames between fragments, frame by frame (Autobahn categories 2 and 5). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReceiverTest {
    private final Receiver receiver = new Receiver(1 << 20);

    List<Event> feed(Frame... frames) throws ProtocolViolation {
        List<Event> events = new ArrayList<>();
        for (Frame f : frames) {
            receiver.receive(f).ifPresent(events::add);
        }
        return events;
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void anEmptyPingIsAnsweredWithAnEmptyPong() throws ProtocolViolation {
        // Autobahn 2.1
        Event e = receiver.receive(Frame.ping(new byte[0])).orElseThrow();
        assertEquals(new PingReceived(ByteString.EMPTY), e);
        assertEquals(Frame.pong(new byte[0]), ((PingReceived) e).reply());
    }

    @Test
    void thePongEchoesThePingPayloadTextOrBinary() throws ProtocolViolation {
        // Autobahn 2.2 (text payload), 2.3 (binary payload)
        for (byte[] payload : List.of("Hello, world!".getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc})) {
            PingReceived ping = (PingReceived) receiver.receive(Frame.ping(payload)).orElseThrow();
            assertEquals(Opcode.PONG, ping.reply().opcode());
            assertTrue(ping.reply().fin());
            assertArrayEquals(payload, ping.reply().payload().toByteArray());
        }
    }

    @Test
    void a125BytePingIsFineA126BytePingIs1002FromTheParser() throws ProtocolViolation {
        // Autobahn 2.4 and 2.5. The limit is the parser's (one check, from the header): the receiver never sees it.
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        assertEquals(List.of(new PingReceived(ByteString.of(bytes(125)))),
                parse(FrameCodec.encode(Frame.ping(bytes(125)).withMaskingKey(key)), 10));
        byte[] tooLong = new byte[2 + 2 + 4 + 126];
        tooLong[0] = (byte) 0x89;
        tooLong[1] = (byte) (0x80 | 126);
        tooLong[3] = 126;
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> parse(tooLong, tooLong.length));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
        assertEquals("5.5", e.section());
    }

    @Test
    void fragmentedControlFramesAre1002FromTheParser() {
        // Autobahn 2.6 and 5.1, 5.2: a ping/pong/close with FIN=0 (first byte 0x09, 0x0A, 0x08), one masked byte.
        for (int b0 : new int[] {0x09, 0x0A, 0x08}) {
            byte[] wire = {(byte) b0, (byte) 0x81, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x36};
            ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> parse(wire, wire.length));
            assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
            assertEquals("5.5", e.section());
        }
    }

    @Test
    void anUnsolicitedPongIsReportedButNeedsNoReply() throws ProtocolViolation {
        // Autobahn 2.7 and 2.8: an unsolicited pong (empty or with payload) is ignored by the protocol.
        assertEquals(List.of(new PongReceived(ByteString.EMPTY), new PongReceived(ByteString.utf8("unsolicited"))),
                feed(Frame.pong(new byte[0]), Frame.pong("unsolicited".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void tenPingsInARowAreTenEvents() throws ProtocolViolation {
        // Autobahn 2.10: every ping gets its own pong.
        List<Frame> pings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pings.add(Frame.ping(("ping " + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<Event> events = feed(pings.toArray(Frame[]::new));
        assertEquals(10, events.size());
        for (int i = 0; i < 10; i++) {
            assertEquals("ping " + i, ((PingReceived) events.get(i)).reply().payloadAsText());
        }
    }

    @Test
    void pingsBetweenFragmentsAreAnsweredAtOnceAndTheMessageStillCompletes() throws ProtocolViolation {
        // Autobahn 5.6 to 5.8: text fragments with a ping in between -> pong first, then the message.
        Frame first = new Frame(false, 0, Opcode.TEXT, null, "fragment1".getBytes(StandardCharsets.UTF_8));
        Frame last = new Frame(true, 0, Opcode.CONTINUATION, null, "fragment2".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), receiver.receive(first));
        assertTrue(receiver.inMessage());
        Event ping = receiver.receive(Frame.ping("ping".getBytes(StandardCharsets.UTF_8))).orElseThrow();
        assertEquals(new PingReceived(ByteString.utf8("ping")), ping);
        assertTrue(receiver.inMessage(), "the ping did not disturb the open message");
        assertEquals(new MessageReceived(new Message.Text("fragment1fragment2")), receiver.receive(last).orElseThrow());
        assertFalse(receiver.inMessage());
    }

    @Test
    void aMessageInManyFragmentsWithAPingAfterEach() throws ProtocolViolation {
        List<Frame> frames = new ArrayList<>();
        for (Frame f : wsfs.protocol.Fragmenter.fragment(new Message.Binary(bytes(20)), 3)) {
            frames.add(f);
            frames.add(Frame.ping(new byte[] {(byte) frames.size()}));
        }
        List<Event> events = feed(frames.toArray(Frame[]::new));
        assertEquals(8, events.size(), "7 pings and 1 message");
        assertEquals(new MessageReceived(new Message.Binary(bytes(20))), events.get(6));
        assertTrue(events.get(7) instanceof PingReceived);
    }

    @Test
    void dataFrameRulesStillApply() {
        // Autobahn 5.9: a continuation with no message open.
        ProtocolViolation e = assertThrows(ProtocolViolation.class,
                () -> receiver.receive(new Frame(true, 0, Opcode.CONTINUATION, null, new byte[] {1})));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
        assertEquals("5.4", e.section());
    }

    @Test
    void aCloseIsHandedUpUnparsed() throws ProtocolViolation {
        byte[] payload = {0x03, (byte) 0xe8};
        assertEquals(new CloseReceived(ByteString.of(payload)), receiver.receive(new Frame(true, 0, Opcode.CLOSE, null, payload)).orElseThrow());
    }

    /** What a server's receiver makes of these bytes, fed to the parser {@code perPiece} bytes at a time. */
    static List<Event> parse(byte[] wire, int perPiece) throws ProtocolViolation {
        List<Event> events = new ArrayList<>();
        Receiver sink = new Receiver(1 << 20, events::add);
        FrameParser parser = new FrameParser(Role.SERVER, 1 << 20);
        byte[] copy = wire.clone();
        for (int at = 0; at < copy.length; at += perPiece) {
            parser.feed(copy, at, Math.min(perPiece, copy.length - at), sink);
        }
        return events;
    }

    @Test
    void asASinkItChecksTextWhileAPingInterruptsTheMessage() throws Exception {
        // The receiver as a parser's sink: text fragment, ping, text fragment, fed in pieces of 1 to 7 bytes.
        // A code point split between the pieces and the fragments is fine; the ping is not part of the message.
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] text = "κόσμε€".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, key, Arrays.copyOf(text, 12))));
        wire.writeBytes(FrameCodec.encode(Frame.ping("probe".getBytes(StandardCharsets.UTF_8)).withMaskingKey(key)));
        wire.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, key,
                Arrays.copyOfRange(text, 12, text.length))));
        for (int perPiece = 1; perPiece <= 7; perPiece++) {
            assertEquals(List.of(new PingReceived(ByteString.utf8("probe")),
                            new MessageReceived(new Message.Text("κόσμε€"))),
                    parse(wire.toByteArray(), perPiece), perPiece + " byte(s) per piece");
        }
    }

    @Test
    void asASinkItFailsInvalidTextBeforeTheFrameIsComplete() {
        // Header and the first 4 payload bytes (61 62 ED A0: a surrogate) of a 100-byte text frame; no more.
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] payload = new byte[100];
        System.arraycopy(new byte[] {0x61, 0x62, (byte) 0xed, (byte) 0xa0}, 0, payload, 0, 4);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, key, payload));
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> parse(Arrays.copyOf(wire, 2 + 4 + 4), 100));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
    }
}
