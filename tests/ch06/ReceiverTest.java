package ch06;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameReader;
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
import wsfs.io.TrickleInputStream;

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
        assertEquals(new PingReceived(new byte[0]), e);
        assertEquals(Frame.pong(new byte[0]), ((PingReceived) e).reply());
    }

    @Test
    void thePongEchoesThePingPayloadTextOrBinary() throws ProtocolViolation {
        // Autobahn 2.2 (text payload), 2.3 (binary payload)
        for (byte[] payload : List.of("Hello, world!".getBytes(StandardCharsets.UTF_8), new byte[] {0, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc})) {
            PingReceived ping = (PingReceived) receiver.receive(Frame.ping(payload)).orElseThrow();
            assertEquals(Opcode.PONG, ping.reply().opcode());
            assertTrue(ping.reply().fin());
            assertArrayEquals(payload, ping.reply().payload());
        }
    }

    @Test
    void a125BytePingIsFineA126BytePingIs1002() throws ProtocolViolation {
        // Autobahn 2.4 and 2.5
        PingReceived ok = (PingReceived) receiver.receive(Frame.ping(bytes(125))).orElseThrow();
        assertArrayEquals(bytes(125), ok.reply().payload());
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> receiver.receive(Frame.ping(bytes(126))));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
        assertEquals("5.5", e.section());
    }

    @Test
    void fragmentedControlFramesAre1002() {
        // Autobahn 2.6 and 5.1, 5.2: a ping/pong with FIN=0
        for (Opcode op : List.of(Opcode.PING, Opcode.PONG, Opcode.CLOSE)) {
            ProtocolViolation e = assertThrows(ProtocolViolation.class,
                    () -> new Receiver(100).receive(new Frame(false, 0, op, null, new byte[] {1})));
            assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
            assertEquals("Control frames must not be fragmented", e.rule());
        }
    }

    @Test
    void anUnsolicitedPongIsReportedButNeedsNoReply() throws ProtocolViolation {
        // Autobahn 2.7 and 2.8: an unsolicited pong (empty or with payload) is ignored by the protocol.
        assertEquals(List.of(new PongReceived(new byte[0]), new PongReceived("unsolicited".getBytes(StandardCharsets.UTF_8))),
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
        assertEquals(new PingReceived("ping".getBytes(StandardCharsets.UTF_8)), ping);
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
        assertEquals(new CloseReceived(payload), receiver.receive(new Frame(true, 0, Opcode.CLOSE, null, payload)).orElseThrow());
    }

    @Test
    void asAnObserverItChecksTextWhileAPingInterruptsTheMessage() throws Exception {
        // The receiver watching a FrameReader: text fragment, ping, text fragment, each read in 3-byte pieces.
        // A code point split between the pieces and the fragments is fine; the ping is not part of the message.
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] text = "κόσμε€".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, key, Arrays.copyOf(text, 12))));
        wire.writeBytes(FrameCodec.encode(Frame.ping("probe".getBytes(StandardCharsets.UTF_8)).withMaskingKey(key)));
        wire.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, key,
                Arrays.copyOfRange(text, 12, text.length))));
        FrameReader reader = new FrameReader(new TrickleInputStream(
                new ByteArrayInputStream(wire.toByteArray()), 3), Role.SERVER, 1 << 20);
        assertEquals(Optional.empty(), receiver.receive(reader.read(receiver)));
        assertEquals(new PingReceived("probe".getBytes(StandardCharsets.UTF_8)), receiver.receive(reader.read(receiver)).orElseThrow());
        assertEquals(new MessageReceived(new Message.Text("κόσμε€")), receiver.receive(reader.read(receiver)).orElseThrow());
    }

    @Test
    void asAnObserverItFailsInvalidTextBeforeTheFrameIsComplete() {
        // Header and the first 4 payload bytes (61 62 ED A0: a surrogate) of a 100-byte text frame; no more.
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] payload = new byte[100];
        System.arraycopy(new byte[] {0x61, 0x62, (byte) 0xed, (byte) 0xa0}, 0, payload, 0, 4);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, key, payload));
        InputStream sent = new SequenceInputStream(
                new ByteArrayInputStream(Arrays.copyOf(wire, 2 + 4 + 4)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the reader waited for bytes the peer never sent");
                    }
                });
        FrameReader reader = new FrameReader(sent, Role.SERVER, 1 << 20);
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> reader.read(receiver));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
    }
}
