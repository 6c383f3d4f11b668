package ch07;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.protocol.MessageAssembler;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;

/** Frames to messages (RFC 6455 section 5.4), with Autobahn categories 5 and 6 as frame-level cases. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MessageAssemblerTest {
    private final MessageAssembler assembler = new MessageAssembler(1 << 20);

    static Frame first(Opcode type, byte[] payload) {
        return new Frame(false, 0, type, null, payload);
    }

    static Frame middle(byte[] payload) {
        return new Frame(false, 0, Opcode.CONTINUATION, null, payload);
    }

    static Frame last(byte[] payload) {
        return new Frame(true, 0, Opcode.CONTINUATION, null, payload);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds all frames; returns the messages completed, in order. */
    List<Message> feed(List<Frame> frames) throws ProtocolViolation {
        List<Message> out = new ArrayList<>();
        for (Frame f : frames) {
            assembler.accept(f).ifPresent(out::add);
        }
        return out;
    }

    @Test
    void aSingleFrameIsAWholeMessage() throws ProtocolViolation {
        assertEquals(Optional.of(new Message.Text("Hello")), assembler.accept(Frame.text("Hello")));
        assertEquals(Optional.of(new Message.Binary(new byte[] {1, 2, 3})), assembler.accept(Frame.binary(new byte[] {1, 2, 3})));
        assertEquals(Optional.of(new Message.Text("")), assembler.accept(Frame.text("")));
        assertEquals(Optional.of(new Message.Binary(new byte[0])), assembler.accept(Frame.binary(new byte[0])));
    }

    @Test
    void rfcExampleHelloInTwoFragments() throws ProtocolViolation {
        // RFC 6455 section 5.7: 0x01 0x03 "Hel" then 0x80 0x02 "lo".
        assertEquals(Optional.empty(), assembler.accept(first(Opcode.TEXT, utf8("Hel"))));
        assertTrue(assembler.inMessage());
        assertEquals(Opcode.TEXT, assembler.openType());
        assertEquals(1, assembler.fragments());
        assertEquals(3, assembler.bufferedBytes());
        assertEquals(Optional.of(new Message.Text("Hello")), assembler.accept(last(utf8("lo"))));
        assertFalse(assembler.inMessage());
        assertEquals(0, assembler.fragments());
    }

    @Test
    void firstMiddleAndLastFragments() throws ProtocolViolation {
        List<Message> got = feed(List.of(first(Opcode.BINARY, new byte[] {1}), middle(new byte[] {2}),
                middle(new byte[0]), last(new byte[] {3})));
        assertEquals(List.of(new Message.Binary(new byte[] {1, 2, 3})), got);
    }

    @Test
    void oneToManyFragmentsGiveTheSameMessage() throws ProtocolViolation {
        // Autobahn 5.x: a message in 1, 2, ... N fragments.
        Message text = new Message.Text("fragmentation is invisible to the application: κόσμε €");
        Message binary = new Message.Binary(new byte[] {(byte) 0xff, 0, (byte) 0xc0, (byte) 0x80, 1, 2, 3, 4, 5});
        for (Message m : List.of(text, binary)) {
            int length = m.payload().length();
            for (int size = 1; size <= length + 1; size++) {
                List<Frame> frames = Fragmenter.fragment(m, size);
                assertEquals(List.of(m), feed(frames), "fragment size " + size);
            }
        }
    }

    @Test
    void aContinuationWithNoMessageOpenIs1002() {
        // Autobahn 5.9 to 5.14: continuation frames without a start.
        for (Frame f : List.of(last(utf8("x")), middle(utf8("x")))) {
            ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> new MessageAssembler(100).accept(f));
            assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
            assertEquals("5.4", e.section());
        }
    }

    @Test
    void aContinuationAfterACompletedMessageIs1002() throws ProtocolViolation {
        assembler.accept(Frame.text("done"));
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> assembler.accept(last(utf8("more"))));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
    }

    @Test
    void aNewDataFrameWhileAMessageIsOpenIs1002() throws ProtocolViolation {
        // Autobahn 5.17-5.20 send a new message's start inside a fragmented one.
        for (Frame intruder : List.of(Frame.text("new"), Frame.binary(new byte[] {1}), first(Opcode.TEXT, utf8("n")))) {
            MessageAssembler a = new MessageAssembler(100);
            a.accept(first(Opcode.TEXT, utf8("Hel")));
            ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> a.accept(intruder));
            assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
            assertEquals("5.4", e.section());
        }
    }

    @Test
    void controlFramesAreNotTheAssemblersBusiness() {
        assertThrows(IllegalArgumentException.class, () -> assembler.accept(Frame.ping(new byte[0])));
        assertThrows(IllegalArgumentException.class, () -> assembler.accept(new Frame(true, 0, Opcode.CLOSE, null, new byte[0])));
    }

    @Test
    void aValidTextSplitAtEveryBytePositionIsAccepted() throws ProtocolViolation {
        // Autobahn 6.x: a code point cut between two fragments is valid; only the whole message must be UTF-8.
        byte[] text = utf8("κόσμε € \uD83D\uDE00 \uDBFF\uDFFF");   // 2-, 3- and 4-byte characters, U+10FFFF last
        for (int split = 0; split <= text.length; split++) {
            List<Message> got = feed(List.of(
                    first(Opcode.TEXT, java.util.Arrays.copyOfRange(text, 0, split)),
                    last(java.util.Arrays.copyOfRange(text, split, text.length))));
            assertEquals(List.of(new Message.Text(new String(text, StandardCharsets.UTF_8))), got, "split at " + split);
        }
    }

    @Test
    void aTextSentOneByteAFrameIsAccepted() throws ProtocolViolation {
        Message m = new Message.Text("\uD83D\uDE00 € ß");
        assertEquals(List.of(m), feed(Fragmenter.fragment(m, 1)));
    }

    @ParameterizedTest(name = "invalid UTF-8 {0} -> 1007")
    @ValueSource(strings = {"80", "c0 80", "e0 80 80", "f0 80 80 80", "ed a0 80", "f4 90 80 80", "f5 80 80 80",
            "ff", "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64", "c2", "e2 82", "f0 9f 98"})
    void invalidUtf8IsRejectedWith1007InOneFrameAndInFragments(String hex) throws ProtocolViolation {
        byte[] bytes = HexDump.parse(hex);
        ProtocolViolation whole = assertThrows(ProtocolViolation.class,
                () -> new MessageAssembler(100).accept(new Frame(true, 0, Opcode.TEXT, null, bytes)));
        assertEquals(CloseCode.INVALID_PAYLOAD, whole.closeCode());
        assertEquals("8.1", whole.section());

        for (int size = 1; size <= bytes.length; size++) {
            List<Frame> frames = Fragmenter.fragment(Opcode.TEXT, ByteString.of(bytes), size);
            MessageAssembler a = new MessageAssembler(100);
            ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> {
                for (Frame f : frames) {
                    a.accept(f);
                }
            });
            assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode(), "fragment size " + size);
        }
    }

    @Test
    void anInvalidByteInTheFirstFragmentFailsBeforeTheNextFragmentArrives() {
        // Autobahn 6.4.1: the first fragment alone already proves the text invalid (ED A0 is a surrogate).
        ProtocolViolation e = assertThrows(ProtocolViolation.class,
                () -> assembler.accept(first(Opcode.TEXT, HexDump.parse("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80"))));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
        assertTrue(e.rule().contains("surrogate"), e.rule());
    }

    @Test
    void aTextThatEndsInsideACharacterFailsOnTheLastFrame() throws ProtocolViolation {
        assembler.accept(first(Opcode.TEXT, HexDump.parse("61 e2")));
        assembler.accept(middle(HexDump.parse("82")));                  // still fine: the € may finish later
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> assembler.accept(last(new byte[0])));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
        assertTrue(e.rule().contains("ends in the middle of a character"), e.rule());
    }

    @Test
    void binaryMessagesAreNotCheckedAsUtf8() throws ProtocolViolation {
        byte[] notUtf8 = HexDump.parse("c0 80 ed a0 80 ff");
        assertEquals(Optional.of(new Message.Binary(notUtf8)), assembler.accept(Frame.binary(notUtf8)));
    }

    @Test
    void aMessageAtTheLimitIsFineOneByteMoreIs1009BeforeBuffering() throws ProtocolViolation {
        MessageAssembler a = new MessageAssembler(10);
        assertEquals(Optional.of(new Message.Binary(new byte[10])), a.accept(Frame.binary(new byte[10])));
        assertThrows(ProtocolViolation.class, () -> a.accept(Frame.binary(new byte[11])));

        MessageAssembler b = new MessageAssembler(10);
        b.accept(first(Opcode.BINARY, new byte[6]));
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> b.accept(middle(new byte[5])));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, e.closeCode());
        assertEquals("10.4", e.section());
        assertEquals(6, b.bufferedBytes(), "the fragment that crossed the limit was not buffered");
    }

    @Test
    void theAssemblerIsReadyForTheNextMessageAfterOne() throws ProtocolViolation {
        List<Message> got = feed(List.of(first(Opcode.TEXT, utf8("a")), last(utf8("b")),
                Frame.binary(new byte[] {9}), first(Opcode.BINARY, new byte[] {1}), last(new byte[] {2}), Frame.text("c")));
        assertEquals(List.of(new Message.Text("ab"), new Message.Binary(new byte[] {9}),
                new Message.Binary(new byte[] {1, 2}), new Message.Text("c")), got);
    }

    @Test
    void binaryMessagesCompareByContent() {
        assertEquals(new Message.Binary(new byte[] {1, 2}), new Message.Binary(new byte[] {1, 2}));
        assertEquals(new Message.Binary(new byte[] {1, 2}).hashCode(), new Message.Binary(new byte[] {1, 2}).hashCode());
        assertArrayEquals(new byte[] {1, 2}, Message.binary(new byte[] {1, 2}).payload().toByteArray());
    }
}
