package ch07;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.protocol.MessageAssembler;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;

/**
 * UTF-8 checked while a frame arrives, not once it is complete: the {@link MessageAssembler} as the sink of a
 * {@link FrameParser} fed bytes in pieces (Autobahn 6.4.3 and 6.4.4 in bytes), and its three steps by hand.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Utf8AsItArrivesTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");
    private final List<Message> messages = new ArrayList<>();
    private final MessageAssembler assembler = new MessageAssembler(1 << 20, messages::add);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static FrameHeader header(boolean fin, Opcode opcode, long length) {
        return new FrameHeader(fin, 0, opcode, null, length);
    }

    /** Feeds the bytes a server received to a parser whose sink is {@code sink}, {@code perPiece} bytes at a time. */
    static void feed(byte[] wire, int perPiece, FrameParser.Sink sink) throws ProtocolViolation {
        FrameParser parser = new FrameParser(Role.SERVER, 1 << 20);
        byte[] copy = wire.clone();                     // the parser unmasks in place
        for (int at = 0; at < copy.length; at += perPiece) {
            parser.feed(copy, at, Math.min(perPiece, copy.length - at), sink);
        }
    }

    @Test
    void anInvalidByteFailsBeforeTheRestOfTheFrameIsRead() {
        // Autobahn 6.4.3 as bytes: one text frame that announces 64 KiB; the peer sent the header and κόσμε F4 90
        // (F4 90 starts a code point above U+10FFFF) and nothing more. The assembler must fail with 1007 now.
        byte[] payload = new byte[65_536];
        Arrays.fill(payload, (byte) 'a');
        byte[] start = HexDump.parse("ce ba e1 bd b9 cf 83 ce bc ce b5 f4 90");
        System.arraycopy(start, 0, payload, 0, start.length);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, KEY, payload));
        byte[] sent = Arrays.copyOf(wire, 2 + 8 + 4 + start.length);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> feed(sent, sent.length, assembler));
        assertEquals(CloseCode.INVALID_PAYLOAD, v.closeCode());
        assertTrue(v.getMessage().contains("F4 90"), v.getMessage());
    }

    @ParameterizedTest(name = "{0} byte(s) per piece")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void codePointsSplitBetweenPiecesAreValid(int perPiece) throws ProtocolViolation {
        // Two- to four-byte characters at every alignment: some pieces end inside a character, and every piece
        // starts at a different key octet.
        String text = "κόσμε €1 😀 a€bc😀de κόσμε";
        feed(FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, KEY, utf8(text))), perPiece, assembler);
        assertEquals(List.of(new Message.Text(text)), messages);
    }

    @ParameterizedTest(name = "{0} byte(s) per piece")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void aFragmentedMessageFedInPiecesKeepsItsState(int perPiece) throws ProtocolViolation {
        // The validator's state carries over pieces and frames: € is split between the two fragments.
        byte[] bytes = utf8("abc€😀xyz");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, KEY, Arrays.copyOf(bytes, 5))));
        wire.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, KEY,
                Arrays.copyOfRange(bytes, 5, bytes.length))));
        feed(wire.toByteArray(), perPiece, assembler);
        assertEquals(List.of(new Message.Text("abc€😀xyz")), messages);
    }

    @Test
    void piecesByHandThenTheEnd() throws ProtocolViolation {
        byte[] euro = HexDump.parse("e2 82 ac");
        FrameHeader h = header(true, Opcode.TEXT, 3);
        assembler.header(h);
        assembler.payload(h, euro, 0, 2);
        assembler.payload(h, euro, 2, 1);
        assertEquals(List.of(), messages, "nothing before the end of the frame");
        assembler.end(h);
        assertEquals(List.of(new Message.Text("€")), messages);
    }

    @Test
    void invalidTextFailsInTheFirstPiece() throws ProtocolViolation {
        FrameHeader h = header(true, Opcode.TEXT, 1000);
        assembler.header(h);
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> assembler.payload(h, HexDump.parse("48 69 c0 af"), 0, 4));
        assertEquals(CloseCode.INVALID_PAYLOAD, v.closeCode());
    }

    @Test
    void aContinuationOfATextMessageIsCheckedAsItArrives() throws ProtocolViolation {
        assembler.accept(new Frame(false, 0, Opcode.TEXT, null, utf8("valid start ")));
        FrameHeader h = header(false, Opcode.CONTINUATION, 500);
        assembler.header(h);
        assertThrows(ProtocolViolation.class, () -> assembler.payload(h, HexDump.parse("61 fe"), 0, 2));
    }

    @Test
    void binaryIsNeverCheckedAsUtf8() throws ProtocolViolation {
        byte[] notText = HexDump.parse("c0 80 ed a0 80 ff fe");
        FrameHeader first = header(false, Opcode.BINARY, notText.length);
        assembler.header(first);
        assembler.payload(first, notText, 0, notText.length);
        assembler.end(first);
        FrameHeader last = header(true, Opcode.CONTINUATION, 1);
        assembler.header(last);
        assembler.payload(last, new byte[] {(byte) 0x80}, 0, 1);
        assembler.end(last);
        assertEquals(notText.length + 1, ((Message.Binary) messages.getFirst()).data().length());
    }

    @Test
    void orderAndSizeAreCheckedFromTheHeaderAlone() throws ProtocolViolation {
        // 1002: a continuation with no message open, before any payload byte.
        ProtocolViolation orphan = assertThrows(ProtocolViolation.class,
                () -> assembler.header(header(true, Opcode.CONTINUATION, 10)));
        assertEquals(CloseCode.PROTOCOL_ERROR, orphan.closeCode());

        // 1002: a new message while one is open; it wins over the invalid UTF-8 this frame would carry.
        MessageAssembler open = new MessageAssembler(100);
        open.accept(new Frame(false, 0, Opcode.BINARY, null, new byte[10]));
        ProtocolViolation interleaved = assertThrows(ProtocolViolation.class,
                () -> open.header(header(true, Opcode.TEXT, 5)));
        assertEquals(CloseCode.PROTOCOL_ERROR, interleaved.closeCode());

        // 1009: the message would pass the limit; the header says so before the bytes arrive.
        MessageAssembler small = new MessageAssembler(100);
        small.accept(new Frame(false, 0, Opcode.TEXT, null, new byte[60]));
        ProtocolViolation big = assertThrows(ProtocolViolation.class,
                () -> small.header(header(true, Opcode.CONTINUATION, 41)));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, big.closeCode());
    }

    @Test
    void aTooLargeMessageFailsFromTheHeaderBeforeItsPayloadArrives() {
        // The second fragment announces 1000 bytes that would take the message past 100: 1009 with nothing of
        // its payload sent, whatever that payload would have been.
        MessageAssembler small = new MessageAssembler(100, messages::add);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, KEY, utf8("first"))));
        byte[] second = FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, KEY, new byte[1000]));
        wire.write(second, 0, 2 + 2 + 4);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> feed(wire.toByteArray(), 1, small));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, v.closeCode());
    }

    @Test
    void misuseIsAProgrammingError() throws ProtocolViolation {
        FrameHeader text2 = header(true, Opcode.TEXT, 2);
        assertThrows(IllegalStateException.class, () -> assembler.payload(text2, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> assembler.header(header(true, Opcode.PING, 0)));
        assembler.header(text2);
        assertThrows(IllegalStateException.class, () -> assembler.payload(text2, new byte[3], 0, 3));
        assertThrows(IllegalStateException.class, () -> assembler.accept(Frame.text("not the frame started")));
        // Without a consumer, a message completed through the sink would be lost: that is refused.
        MessageAssembler noConsumer = new MessageAssembler(10);
        assertThrows(IllegalStateException.class, () -> feed(HexDump.parse("81 82 37 fa 21 3d 5f 93"), 8, noConsumer));
    }

    @Test
    void theAssemblerStillWorksWithWholeFramesOnly() throws ProtocolViolation {
        // accept alone, as notebooks use it: the same checks, fragment by fragment.
        List<Message> got = new ArrayList<>();
        for (Frame f : List.of(new Frame(false, 0, Opcode.TEXT, null, HexDump.parse("e2")),
                new Frame(true, 0, Opcode.CONTINUATION, null, HexDump.parse("82 ac")))) {
            assembler.accept(f).ifPresent(got::add);
        }
        assertEquals(List.of(new Message.Text("€")), got);
        assertEquals(List.of(), messages, "accept returns the message; the consumer is not called");
    }
}
