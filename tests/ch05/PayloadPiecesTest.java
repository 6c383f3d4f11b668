package ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.io.FrameReader;
import wsfs.view.HexDump;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.io.TrickleInputStream;

/**
 * A {@link FrameParser} fed from a blocking stream, at most {@link FrameParser#bytesNeeded()} bytes per read, shows
 * its {@link FrameParser.Sink} the header, then the payload in pieces, each unmasked with the right key octet
 * (section 5.3: octet i uses key[i % 4], wherever a piece starts), each seen before the next one is read. This is
 * how a later chapter checks a payload as it arrives; {@link FrameReader} just returns whole frames.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PayloadPiecesTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    /** Records what the sink saw: the header, and each piece (copied) with its position in the payload. */
    static class Recording implements FrameParser.Sink {
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream joined = new ByteArrayOutputStream();
        FrameHeader header;
        int largest;
        boolean ended;

        @Override
        public void header(FrameHeader h) {
            calls.add("header " + h.opcode() + " " + h.payloadLength());
            header = h;
        }

        @Override
        public void payload(FrameHeader h, byte[] data, int offset, int length) throws ProtocolViolation {
            assertSame(header, h, "every piece comes with the header announced first");
            assertTrue(length > 0, "never an empty piece");
            calls.add("piece " + joined.size() + "+" + length);
            joined.write(data, offset, length);
            largest = Math.max(largest, length);
        }

        @Override
        public void end(FrameHeader h) {
            ended = true;
        }

        /** The frame as the sink saw it. */
        Frame frame() {
            return new Frame(header.fin(), header.rsv(), header.opcode(), header.maskingKey(), ByteString.of(joined.toByteArray()));
        }
    }

    /** Reads one frame from {@code in} into {@code sink}: never more than the parser needs, at most a chunk a read. */
    static Frame readOne(InputStream in, FrameParser parser, Recording sink) throws IOException {
        byte[] buffer = new byte[FrameReader.PAYLOAD_CHUNK];
        while (!sink.ended) {
            int n = in.read(buffer, 0, (int) Math.min(parser.bytesNeeded(), buffer.length));
            if (n < 0) {
                throw new EOFException("the stream ended in the middle of a frame");
            }
            parser.feed(buffer, 0, n, sink);
        }
        return sink.frame();
    }

    static Frame readOne(InputStream in, Role role, long max, Recording sink) throws IOException {
        return readOne(in, new FrameParser(role, max), sink);
    }

    static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 7 + 3);
        }
        return p;
    }

    @ParameterizedTest(name = "{0} byte(s) per read")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void everyPieceIsUnmaskedWithTheRightKeyOctet(int perRead) throws IOException {
        // Piece boundaries fall at every offset mod 4: a piece unmasked from key octet 0 would be garbage.
        byte[] plain = payload(61);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.BINARY, KEY, plain));
        Recording seen = new Recording();
        Frame f = readOne(new TrickleInputStream(new ByteArrayInputStream(wire), perRead), Role.SERVER, 1 << 20, seen);
        assertArrayEquals(plain, f.payload().toByteArray());
        assertArrayEquals(plain, seen.joined.toByteArray(), "the pieces, joined, are the unmasked payload");
        assertEquals("header BINARY 61", seen.calls.getFirst());
        assertEquals((61 + perRead - 1) / perRead, seen.calls.size() - 1, "one piece per read");
        assertArrayEquals(KEY, seen.header.maskingKey().toByteArray());
    }

    @Test
    void aLargePayloadComesInPiecesOfAtMostTheChunkSize() throws IOException {
        byte[] plain = payload(70_000);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.TEXT, KEY, plain));
        Recording seen = new Recording();
        Frame f = readOne(new ByteArrayInputStream(wire), Role.SERVER, 1 << 20, seen);
        assertArrayEquals(plain, f.payload().toByteArray());
        assertArrayEquals(plain, seen.joined.toByteArray());
        assertTrue(seen.largest <= FrameReader.PAYLOAD_CHUNK, "largest piece " + seen.largest);
        assertTrue(seen.calls.size() - 1 >= 70_000 / FrameReader.PAYLOAD_CHUNK);
    }

    @Test
    void theSinkSeesWhatFrameReaderReturns() throws IOException {
        Frame[] frames = {
                Frame.text("Hello").withMaskingKey(KEY),
                new Frame(false, 0, Opcode.BINARY, KEY, payload(300)),
                Frame.ping("are you there?".getBytes()).withMaskingKey(KEY),
                new Frame(true, 0, Opcode.CONTINUATION, KEY, payload(70_000)),
                Frame.text("").withMaskingKey(KEY),
        };
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Frame f : frames) {
            wire.writeBytes(FrameCodec.encode(f));
        }
        FrameReader plainReader = new FrameReader(new ByteArrayInputStream(wire.toByteArray()), Role.SERVER, 1 << 20);
        InputStream watched = new TrickleInputStream(new ByteArrayInputStream(wire.toByteArray()), 5);
        FrameParser parser = new FrameParser(Role.SERVER, 1 << 20);
        for (Frame expected : frames) {
            Recording seen = new Recording();
            assertEquals(expected, plainReader.read());
            assertEquals(expected, readOne(watched, parser, seen));
            assertArrayEquals(expected.payload().toByteArray(), seen.joined.toByteArray());
            assertEquals(expected.opcode(), seen.header.opcode());
            assertEquals(expected.fin(), seen.header.fin());
        }
    }

    @Test
    void anUnmaskedFrameHasNoKeyInItsHeader() throws IOException {
        Recording seen = new Recording();
        Frame f = readOne(new ByteArrayInputStream(HexDump.parse("81 05 48 65 6c 6c 6f")), Role.CLIENT, 1 << 20, seen);
        assertEquals("Hello", f.payloadAsText());
        assertNull(seen.header.maskingKey());
        assertEquals(List.of("header TEXT 5", "piece 0+5"), seen.calls);
    }

    @Test
    void anEmptyPayloadGivesAHeaderAndNoPiece() throws IOException {
        Recording seen = new Recording();
        readOne(new ByteArrayInputStream(HexDump.parse("89 80 37 fa 21 3d")), Role.SERVER, 125, seen);
        assertEquals(List.of("header PING 0"), seen.calls);
    }

    @Test
    void aHeaderThatBreaksARuleNeverReachesTheSink() {
        Recording seen = new Recording();
        // An unmasked frame to a server: 1002 from the header, before the sink hears of it.
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () ->
                readOne(new ByteArrayInputStream(HexDump.parse("81 05 48 65 6c 6c 6f")), Role.SERVER, 1 << 20, seen));
        assertEquals(CloseCode.PROTOCOL_ERROR, v.closeCode());
        // Too large for the frame limit: 1009, still before any call.
        ProtocolViolation big = assertThrows(ProtocolViolation.class, () ->
                readOne(new ByteArrayInputStream(HexDump.parse("82 fe 01 00 37 fa 21 3d")), Role.SERVER, 255, seen));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, big.closeCode());
        assertTrue(seen.calls.isEmpty(), seen.calls.toString());
    }

    /** A stream whose bytes run out where the sender stopped: one more read is a test failure. */
    static InputStream stopsAfter(byte[] sent) {
        return new SequenceInputStream(new ByteArrayInputStream(sent), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the reader asked for bytes the peer never sent");
            }
        });
    }

    @Test
    void aSinkThatThrowsStopsTheReadBeforeTheRestOfTheFrame() throws IOException {
        // The header announces 1000 bytes; only 6 were sent. The sink refuses the first piece, and the reader
        // must not ask for more (asking would hit the IOException above).
        byte[] plain = payload(1000);
        byte[] wire = FrameCodec.encode(new Frame(true, 0, Opcode.BINARY, KEY, plain));
        int headerLength = 2 + 2 + 4;
        byte[] sent = Arrays.copyOf(wire, headerLength + 6);
        List<Integer> pieces = new ArrayList<>();
        Recording refuses = new Recording() {
            @Override
            public void payload(FrameHeader h, byte[] data, int offset, int length) throws ProtocolViolation {
                pieces.add(length);
                assertArrayEquals(Arrays.copyOfRange(plain, 0, length), Arrays.copyOfRange(data, offset, offset + length));
                throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "8.1", "Refused by the test");
            }
        };
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> readOne(stopsAfter(sent), Role.SERVER, 1 << 20, refuses));
        assertEquals(CloseCode.INVALID_PAYLOAD, v.closeCode());
        assertEquals(List.of(6), pieces);
    }

    @Test
    void theReaderStopsAtTheEndOfTheFrame() throws IOException {
        // Two frames back to back; watching the first must not consume a byte of the second.
        byte[] first = FrameCodec.encode(Frame.text("one").withMaskingKey(KEY));
        byte[] second = FrameCodec.encode(Frame.text("two").withMaskingKey(KEY));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(first);
        wire.writeBytes(second);
        InputStream in = new ByteArrayInputStream(wire.toByteArray());
        Recording seen = new Recording();
        assertEquals("one", readOne(in, Role.SERVER, 1 << 20, seen).payloadAsText());
        assertEquals("two", new FrameReader(in, Role.SERVER, 1 << 20).read().payloadAsText());
        assertFalse(seen.calls.isEmpty());
    }
}
