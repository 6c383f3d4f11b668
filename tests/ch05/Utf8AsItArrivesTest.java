package ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameReader;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.protocol.MessageAssembler;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.io.TrickleInputStream;

/**
 * UTF-8 checked while a frame arrives, not once it is complete: {@link MessageAssembler#frameStarted} and
 * {@link MessageAssembler#payloadArrived}, driven by a {@link FrameReader} (Autobahn 6.4.3 and 6.4.4 in bytes).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Utf8AsItArrivesTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");
    private final MessageAssembler assembler = new MessageAssembler(1 << 20);

    /** The observer an endpoint gives its frame reader: data frames go to the assembler as they arrive. */
    final FrameReader.PayloadObserver toAssembler = new FrameReader.PayloadObserver() {
        @Override
        public void onHeader(FrameReader.Header h) throws ProtocolViolation {
            assembler.frameStarted(h);
        }

        @Override
        public void onPayload(FrameReader.Header h, byte[] data, int offset, int length) throws ProtocolViolation {
            assembler.payloadArrived(data, offset, length);
        }
    };

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static FrameReader.Header header(boolean fin, Opcode opcode, long length) {
        return new FrameReader.Header(fin, 0, opcode, null, length);
    }

    /** A stream holding only what the peer sent; a read past it means the reader waited for more. */
    static InputStream onlyThese(byte[] sent) {
        return new SequenceInputStream(new ByteArrayInputStream(sent), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the reader waited for bytes the peer never sent");
            }
        });
    }

    @Test
    void anInvalidByteFailsBeforeTheRestOfTheFrameIsRead() {
        // Autobahn 6.4.3 as bytes: one text frame that announces 64 KiB; the peer sent the header and κόσμε F4 90
        // (F4 90 starts a code point above U+10FFFF) and nothing more. The reader must fail with 1007 now.
        byte[] payload = new byte[65_536];
        Arrays.fill(payload, (byte) 'a');
        byte[] start = HexDump.parse("ce ba e1 bd b9 cf 83 ce bc ce b5 f4 90");
        System.arraycopy(start, 0, payload, 0, start.length);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, KEY, payload));
        byte[] sent = Arrays.copyOf(wire, 2 + 8 + 4 + start.length);
        FrameReader reader = new FrameReader(onlyThese(sent), Role.SERVER, 1 << 20);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> reader.read(toAssembler));
        assertEquals(CloseCode.INVALID_PAYLOAD, v.closeCode());
        assertTrue(v.getMessage().contains("F4 90"), v.getMessage());
    }

    @ParameterizedTest(name = "{0} byte(s) per read")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void codePointsSplitBetweenReadsAreValid(int perRead) throws IOException {
        // Two- to four-byte characters at every alignment: some reads end inside a character, and every piece
        // starts at a different key octet.
        String text = "κόσμε €1 😀 a€bc😀de κόσμε";
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, KEY, utf8(text)));
        FrameReader reader = new FrameReader(new TrickleInputStream(new ByteArrayInputStream(wire), perRead),
                Role.SERVER, 1 << 20);
        Frame f = reader.read(toAssembler);
        assertEquals(Optional.of(new Message.Text(text)), assembler.accept(f));
    }

    @ParameterizedTest(name = "{0} byte(s) per read")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void aFragmentedMessageReadInPiecesKeepsItsState(int perRead) throws IOException {
        // The validator's state carries over pieces and frames: € is split between the two fragments.
        byte[] bytes = utf8("abc€😀xyz");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, KEY, Arrays.copyOf(bytes, 5))));
        wire.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, KEY,
                Arrays.copyOfRange(bytes, 5, bytes.length))));
        FrameReader reader = new FrameReader(new TrickleInputStream(new ByteArrayInputStream(wire.toByteArray()), perRead),
                Role.SERVER, 1 << 20);
        assertEquals(Optional.empty(), assembler.accept(reader.read(toAssembler)));
        assertEquals(Optional.of(new Message.Text("abc€😀xyz")), assembler.accept(reader.read(toAssembler)));
    }

    @Test
    void acceptDoesNotCheckTheSameBytesTwice() throws ProtocolViolation {
        // E2 82 already checked as they arrived; checking them again would read E2 82 E2 82 AC: invalid.
        byte[] euro = HexDump.parse("e2 82 ac");
        assembler.frameStarted(header(true, Opcode.TEXT, 3));
        assembler.payloadArrived(euro, 0, 2);
        assembler.payloadArrived(euro, 2, 1);
        assertEquals(Optional.of(new Message.Text("€")), assembler.accept(Frame.text("€")));
    }

    @Test
    void bytesNotSeenAsTheyArrivedAreCheckedByAccept() throws ProtocolViolation {
        // Only the first piece went through payloadArrived; accept checks the rest (here: invalid).
        byte[] bad = HexDump.parse("61 62 ed a0 80");
        assembler.frameStarted(header(true, Opcode.TEXT, bad.length));
        assembler.payloadArrived(bad, 0, 2);
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> assembler.accept(new Frame(true, 0, Opcode.TEXT, null, bad)));
        assertEquals(CloseCode.INVALID_PAYLOAD, v.closeCode());
    }

    @Test
    void invalidTextFailsInTheFirstPiece() throws ProtocolViolation {
        assembler.frameStarted(header(true, Opcode.TEXT, 1000));
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> assembler.payloadArrived(HexDump.parse("48 69 c0 af"), 0, 4));
        assertEquals(CloseCode.INVALID_PAYLOAD, v.closeCode());
    }

    @Test
    void aContinuationOfATextMessageIsCheckedAsItArrives() throws ProtocolViolation {
        assembler.accept(new Frame(false, 0, Opcode.TEXT, null, utf8("valid start ")));
        assembler.frameStarted(header(false, Opcode.CONTINUATION, 500));
        assertThrows(ProtocolViolation.class, () -> assembler.payloadArrived(HexDump.parse("61 fe"), 0, 2));
    }

    @Test
    void binaryIsNeverCheckedAsUtf8() throws ProtocolViolation {
        byte[] notText = HexDump.parse("c0 80 ed a0 80 ff fe");
        assembler.frameStarted(header(false, Opcode.BINARY, notText.length));
        assembler.payloadArrived(notText, 0, notText.length);
        assertEquals(Optional.empty(), assembler.accept(new Frame(false, 0, Opcode.BINARY, null, notText)));
        assembler.frameStarted(header(true, Opcode.CONTINUATION, 1));
        assembler.payloadArrived(new byte[] {(byte) 0x80}, 0, 1);
        Optional<Message> m = assembler.accept(new Frame(true, 0, Opcode.CONTINUATION, null, new byte[] {(byte) 0x80}));
        assertEquals(notText.length + 1, ((Message.Binary) m.orElseThrow()).data().length);
    }

    @Test
    void orderAndSizeAreCheckedFromTheHeaderAlone() throws ProtocolViolation {
        // 1002: a continuation with no message open, before any payload byte.
        ProtocolViolation orphan = assertThrows(ProtocolViolation.class,
                () -> assembler.frameStarted(header(true, Opcode.CONTINUATION, 10)));
        assertEquals(CloseCode.PROTOCOL_ERROR, orphan.closeCode());

        // 1002: a new message while one is open; it wins over the invalid UTF-8 this frame would carry.
        MessageAssembler open = new MessageAssembler(100);
        open.accept(new Frame(false, 0, Opcode.BINARY, null, new byte[10]));
        ProtocolViolation interleaved = assertThrows(ProtocolViolation.class,
                () -> open.frameStarted(header(true, Opcode.TEXT, 5)));
        assertEquals(CloseCode.PROTOCOL_ERROR, interleaved.closeCode());

        // 1009: the message would pass the limit; the header says so before the bytes arrive.
        MessageAssembler small = new MessageAssembler(100);
        small.accept(new Frame(false, 0, Opcode.TEXT, null, new byte[60]));
        ProtocolViolation big = assertThrows(ProtocolViolation.class,
                () -> small.frameStarted(header(true, Opcode.CONTINUATION, 41)));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, big.closeCode());
    }

    @Test
    void aTooLargeMessageFailsFromTheHeaderBeforeItsPayloadIsRead() throws IOException {
        // The second fragment announces 1000 bytes that would take the message past 100: 1009 with nothing of
        // its payload sent, whatever that payload would have been.
        MessageAssembler small = new MessageAssembler(100);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, KEY, utf8("first"))));
        byte[] second = FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, KEY, new byte[1000]));
        wire.write(second, 0, 2 + 2 + 4);
        FrameReader reader = new FrameReader(onlyThese(wire.toByteArray()), Role.SERVER, 1 << 20);
        FrameReader.PayloadObserver observer = new FrameReader.PayloadObserver() {
            @Override
            public void onHeader(FrameReader.Header h) throws ProtocolViolation {
                small.frameStarted(h);
            }

            @Override
            public void onPayload(FrameReader.Header h, byte[] data, int offset, int length) throws ProtocolViolation {
                small.payloadArrived(data, offset, length);
            }
        };
        assertEquals(Optional.empty(), small.accept(reader.read(observer)));
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> reader.read(observer));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, v.closeCode());
    }

    @Test
    void misuseIsAProgrammingError() throws ProtocolViolation {
        assertThrows(IllegalStateException.class, () -> assembler.payloadArrived(new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> assembler.frameStarted(header(true, Opcode.PING, 0)));
        assembler.frameStarted(header(true, Opcode.TEXT, 2));
        assertThrows(IllegalStateException.class, () -> assembler.payloadArrived(new byte[3], 0, 3));
        assertThrows(IllegalStateException.class, () -> assembler.accept(Frame.text("not the frame started")));
    }

    @Test
    void theAssemblerStillWorksWithWholeFramesOnly() throws ProtocolViolation {
        // accept alone, as chapters 05 and 06 use it: the same checks, fragment by fragment.
        List<Message> got = new ArrayList<>();
        for (Frame f : List.of(new Frame(false, 0, Opcode.TEXT, null, HexDump.parse("e2")),
                new Frame(true, 0, Opcode.CONTINUATION, null, HexDump.parse("82 ac")))) {
            assembler.accept(f).ifPresent(got::add);
        }
        assertEquals(List.of(new Message.Text("€")), got);
    }
}
