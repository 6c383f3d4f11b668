package ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.conformance.RawFrame;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameCodec.LengthForm;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

/**
 * The incremental parser with byte arrays alone (OkHttp-style hex fixtures): the RFC 5.7 examples, every length
 * boundary, every rule, and the same bytes fed in every possible split giving the same events.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameParserTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    /** Writes every event as a line; consecutive payload pieces of a frame are joined, so splits compare equal. */
    static class Events implements FrameParser.Sink {
        final List<String> lines = new ArrayList<>();
        final List<Integer> pieceLengths = new ArrayList<>();
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        long payloadBytes;

        @Override
        public void header(FrameHeader h) {
            lines.add("header fin=%s rsv=%d %s mask=%s len=%d".formatted(h.fin(), h.rsv(), h.opcode(),
                    h.masked() ? HexDump.hex(h.maskingKey().toByteArray()) : "none", h.payloadLength()));
        }

        @Override
        public void payload(FrameHeader h, byte[] data, int offset, int length) throws ProtocolViolation {
            assertTrue(length > 0, "never an empty piece");
            pending.write(data, offset, length);
            pieceLengths.add(length);
            payloadBytes += length;
        }

        @Override
        public void end(FrameHeader h) {
            if (pending.size() > 0) {
                lines.add("payload " + HexFormat.of().formatHex(pending.toByteArray()));
                pending.reset();
            }
            lines.add("end");
        }
    }

    static List<String> events(String hex, Role role) throws ProtocolViolation {
        Events e = new Events();
        FrameParser p = new FrameParser(role, 1 << 20);
        p.feed(HexDump.parse(hex), e);
        assertTrue(p.atFrameBoundary());
        return e.lines;
    }

    // ---- RFC 6455 section 5.7 ------------------------------------------------------------------------

    @Test
    void rfcExamples() throws ProtocolViolation {
        assertEquals(List.of("header fin=true rsv=0 TEXT mask=none len=5", "payload 48656c6c6f", "end"),
                events("81 05 48 65 6c 6c 6f", Role.CLIENT)); // a single-frame unmasked text message "Hello"
        assertEquals(List.of("header fin=true rsv=0 TEXT mask=37 fa 21 3d len=5", "payload 48656c6c6f", "end"),
                events("81 85 37 fa 21 3d 7f 9f 4d 51 58", Role.SERVER)); // the same, masked
        assertEquals(List.of("header fin=false rsv=0 TEXT mask=none len=3", "payload 48656c", "end",
                        "header fin=true rsv=0 CONTINUATION mask=none len=2", "payload 6c6f", "end"),
                events("01 03 48 65 6c 80 02 6c 6f", Role.CLIENT)); // "Hel" + "lo"
        assertEquals(List.of("header fin=true rsv=0 PING mask=none len=5", "payload 48656c6c6f", "end"),
                events("89 05 48 65 6c 6c 6f", Role.CLIENT)); // unmasked Ping "Hello"
        assertEquals(List.of("header fin=true rsv=0 PONG mask=37 fa 21 3d len=5", "payload 48656c6c6f", "end"),
                events("8a 85 37 fa 21 3d 7f 9f 4d 51 58", Role.SERVER)); // masked Pong "Hello"
        assertEquals("header fin=true rsv=0 BINARY mask=none len=256", events("82 7e 01 00" + " 00".repeat(256), Role.CLIENT).get(0));
        assertEquals("header fin=true rsv=0 BINARY mask=none len=65536",
                events("82 7f 00 00 00 00 00 01 00 00" + " 00".repeat(65536), Role.CLIENT).get(0));
    }

    @Test
    void anEmptyFrameHasAHeaderAndAnEndAndNoPiece() throws ProtocolViolation {
        assertEquals(List.of("header fin=true rsv=0 PING mask=none len=0", "end"), events("89 00", Role.CLIENT));
        assertEquals(List.of("header fin=true rsv=0 TEXT mask=37 fa 21 3d len=0", "end"), events("81 80 37 fa 21 3d", Role.SERVER));
    }

    // ---- lengths ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 124, 125, 126, 127, 128, 65535, 65536, 65537})
    void everyBoundaryLengthRoundTrips(int length) throws Exception {
        byte[] payload = LengthBoundariesTest.payload(length);
        for (Frame f : List.of(Frame.binary(payload), Frame.binary(payload).withMaskingKey(KEY))) {
            byte[] wire = FrameCodec.encode(f);
            List<Frame> back = FrameParser.parseAll(wire, f.masked() ? Role.SERVER : Role.CLIENT, 1 << 20);
            assertEquals(List.of(f), back);
            assertArrayEquals(FrameCodec.encode(f), wire, "parseAll leaves its input as it was");
            FrameHeader h = FrameHeader.of(f);
            assertEquals(wire.length - length, h.headerLength());
            assertArrayEquals(Arrays.copyOf(wire, h.headerLength()), h.toBytes());
        }
    }

    // ---- every rule, with the reader's close codes, sections and sentences ----------------------------

    static ProtocolViolation violation(byte[] wire, Role role, long max) {
        FrameParser p = new FrameParser(role, max);
        return assertThrows(ProtocolViolation.class, () -> p.feed(wire, new Events()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reserved opcode 0x3      | 83 00                         | CLIENT | 1002 | 5.2 | Opcode 0x3 is reserved for further non-control frames and no extension defines it
            reserved opcode 0xB      | 8b 00                         | CLIENT | 1002 | 5.2 | Opcode 0xB is reserved for further control frames and no extension defines it
            RSV1 without extension   | c1 00                         | CLIENT | 1002 | 5.2 | RSV bits 100 are set but no negotiated extension defines them
            RSV3 without extension   | 91 00                         | CLIENT | 1002 | 5.2 | RSV bits 001 are set but no negotiated extension defines them
            fragmented ping          | 09 00                         | CLIENT | 1002 | 5.5 | Control frames must not be fragmented (FIN must be 1)
            ping of 126 bytes        | 89 7e 00 7e                   | CLIENT | 1002 | 5.5 | Control frames must have a payload of 125 bytes or less
            masked frame to client   | 81 85 37 fa 21 3d             | CLIENT | 1002 | 5.1 | A server must not mask the frames it sends; this frame is masked
            unmasked frame to server | 81 05 48 65 6c 6c 6f          | SERVER | 1002 | 5.1 | A client must mask every frame it sends; this frame is not masked
            16-bit form for 125      | 82 7e 00 7d                   | CLIENT | 1002 | 5.2 | Length 125 is sent in the 16-bit form but fits in 7 bits; the minimal number of bytes must be used
            64-bit form for 65535    | 82 7f 00 00 00 00 00 00 ff ff | CLIENT | 1002 | 5.2 | Length 65535 is sent in the 64-bit form but fits in 16 bits; the minimal number of bytes must be used
            64-bit length with MSB   | 82 7f 80 00 00 00 00 00 00 10 | CLIENT | 1002 | 5.2 | The most significant bit of a 64-bit payload length must be 0
            over the limit           | 82 7f 40 00 00 00 00 00 00 00 | CLIENT | 1009 | 7.4.1 | A frame announces 4611686018427387904 payload bytes, more than the 1048576 this endpoint accepts
            """)
    void everyRuleHasItsCodeSectionAndSentence(String name, String hex, Role role, int code, String section, String rule) {
        // Each fixture is only the bytes that decide the rule: the parser fails as soon as they are there.
        ProtocolViolation v = violation(HexDump.parse(hex), role, 1 << 20);
        assertEquals(code, v.closeCode().code(), name);
        assertEquals(section, v.section(), name);
        assertEquals(rule, v.rule(), name);
    }

    @Test
    void theLimitIsInclusiveAndDecidedFromTheHeader() throws ProtocolViolation {
        assertEquals(List.of("header fin=true rsv=0 BINARY mask=none len=3", "payload 010203", "end"),
                eventsWithLimit("82 03 01 02 03", 3));
        // A 2^62-byte announcement is refused after its 10 header bytes, before a payload byte exists.
        ProtocolViolation v = violation(HexDump.parse("82 7f 40 00 00 00 00 00 00 00"), Role.CLIENT, 3);
        assertEquals(CloseCode.MESSAGE_TOO_BIG, v.closeCode());
        assertEquals(CloseCode.MESSAGE_TOO_BIG, violation(HexDump.parse("82 04"), Role.CLIENT, 3).closeCode());
    }

    static List<String> eventsWithLimit(String hex, long max) throws ProtocolViolation {
        Events e = new Events();
        new FrameParser(Role.CLIENT, max).feed(HexDump.parse(hex), e);
        return e.lines;
    }

    @Test
    void anExtensionMayAllowRsvBits() throws ProtocolViolation {
        FrameParser p = new FrameParser(Role.CLIENT, 100);
        p.setAllowedRsv(4); // RSV1, as permessage-deflate uses it
        Events e = new Events();
        p.feed(HexDump.parse("c1 02 68 69"), e);
        assertEquals("header fin=true rsv=4 TEXT mask=none len=2", e.lines.get(0));
        assertThrows(ProtocolViolation.class, () -> p.feed(HexDump.parse("a1 00"), e)); // RSV2 still refused
        assertThrows(IllegalArgumentException.class, () -> p.setAllowedRsv(8));
    }

    @Test
    void aViewerParserTakesTheDirectionFromEachFrame() throws ProtocolViolation {
        FrameParser p = FrameParser.eitherDirection(1 << 20);
        Events e = new Events();
        p.feed(HexDump.parse("81 05 48 65 6c 6c 6f 81 85 37 fa 21 3d 7f 9f 4d 51 58"), e);
        assertEquals(List.of("header fin=true rsv=0 TEXT mask=none len=5", "payload 48656c6c6f", "end",
                "header fin=true rsv=0 TEXT mask=37 fa 21 3d len=5", "payload 48656c6c6f", "end"), e.lines);
        assertEquals("5.2", assertThrows(ProtocolViolation.class, () -> p.feed(HexDump.parse("83 00"), e)).section(),
                "every other rule is as strict");
        assertThrows(NullPointerException.class, () -> new FrameParser(null, 10));
    }

    @Test
    void afterAViolationTheParserRefusesInput() {
        FrameParser p = new FrameParser(Role.CLIENT, 100);
        assertThrows(ProtocolViolation.class, () -> p.feed(HexDump.parse("83 00"), new Events()));
        assertThrows(IllegalStateException.class, () -> p.feed(HexDump.parse("81 00"), new Events()));
    }

    @Test
    void aViolationFromTheSinkAlsoStopsTheParser() {
        FrameParser p = new FrameParser(Role.CLIENT, 100);
        FrameParser.Sink refuses = new Events() {
            @Override
            public void payload(FrameHeader h, byte[] data, int offset, int length) throws ProtocolViolation {
                throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "8.1", "not UTF-8");
            }
        };
        assertThrows(ProtocolViolation.class, () -> p.feed(HexDump.parse("81 02 c3"), refuses));
        assertThrows(IllegalStateException.class, () -> p.feed(HexDump.parse("28"), refuses));
    }

    // ---- any split ---------------------------------------------------------------------------------

    /** The RFC examples, a 16-bit and (if {@code big}) a 64-bit length, empty frames: client frames, read by a server. */
    static byte[] clientStream() {
        return clientStream(true);
    }

    static byte[] clientStream(boolean big) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        out.writeBytes(FrameCodec.encode(new Frame(false, 0, Opcode.TEXT, KEY, "Hel".getBytes())));
        out.writeBytes(FrameCodec.encode(Frame.ping(new byte[0]).withMaskingKey(KEY)));
        out.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, KEY, "lo".getBytes())));
        out.writeBytes(FrameCodec.encode(Frame.binary(LengthBoundariesTest.payload(300)).withMaskingKey(HexDump.parse("01 02 03 04"))));
        if (big) {
            out.writeBytes(FrameCodec.encode(Frame.binary(LengthBoundariesTest.payload(65536)).withMaskingKey(KEY)));
        }
        out.writeBytes(FrameCodec.encode(Frame.text("").withMaskingKey(KEY)));
        return out.toByteArray();
    }

    static List<String> feedInPieces(byte[] wire, int[] cuts) throws ProtocolViolation {
        byte[] copy = wire.clone();
        FrameParser p = new FrameParser(Role.SERVER, 1 << 20);
        Events e = new Events();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : copy.length;
            p.feed(copy, from, to - from, e);
            from = to;
        }
        assertTrue(p.atFrameBoundary());
        return e.lines;
    }

    @Test
    void everyTwoPartSplitGivesTheSameEvents() throws ProtocolViolation {
        byte[] wire = clientStream(false);
        List<String> whole = feedInPieces(wire, new int[0]);
        assertEquals(16, whole.size());
        for (int cut = 0; cut <= wire.length; cut++) {
            assertEquals(whole, feedInPieces(wire, new int[] {cut}), "cut at " + cut);
        }
        // With the 64-bit frame: every cut in its header and around its payload's edges.
        byte[] big = clientStream(true);
        List<String> bigWhole = feedInPieces(big, new int[0]);
        assertEquals(19, bigWhole.size());
        int start = wire.length - 6; // the 64 KiB frame starts where the empty text frame did
        for (int cut = start - 3; cut <= big.length; cut += cut < start + 30 || cut > big.length - 30 ? 1 : 997) {
            assertEquals(bigWhole, feedInPieces(big, new int[] {cut}), "cut at " + cut);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameEventsAndEachByteAsItArrives() throws ProtocolViolation {
        byte[] wire = clientStream();
        List<String> whole = feedInPieces(wire, new int[0]);
        byte[] copy = wire.clone();
        FrameParser p = new FrameParser(Role.SERVER, 1 << 20);
        Events e = new Events();
        for (int i = 0; i < copy.length; i++) {
            long before = e.payloadBytes;
            boolean inPayload = p.currentHeader() != null;
            p.feed(copy, i, 1, e);
            // A payload byte is handed on in the very call that brought it; a header byte never is.
            assertEquals(inPayload ? 1 : 0, e.payloadBytes - before, "byte " + i);
        }
        assertEquals(whole, e.lines);
    }

    @Test
    void threePartSplitsOfTheRfcExamples() throws ProtocolViolation {
        byte[] wire = HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58 81 85 37 fa 21 3d 7f 9f 4d 51 58");
        List<String> whole = feedInPieces(wire, new int[0]);
        for (int a = 0; a <= wire.length; a++) {
            for (int b = a; b <= wire.length; b++) {
                assertEquals(whole, feedInPieces(wire, new int[] {a, b}), "cuts at " + a + ", " + b);
            }
        }
    }

    @Test
    void piecesAreTheCallersBytesUnmaskedInPlace() throws ProtocolViolation {
        byte[] wire = HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        List<byte[]> arrays = new ArrayList<>();
        new FrameParser(Role.SERVER, 100).feed(wire, new Events() {
            @Override
            public void payload(FrameHeader h, byte[] data, int offset, int length) {
                arrays.add(data);
                assertEquals(6, offset);
            }
        });
        assertSame(wire, arrays.getFirst(), "a view, not a copy");
        assertEquals("Hello", new String(wire, 6, 5), "unmasked in place");
    }

    // ---- bytesNeeded --------------------------------------------------------------------------------

    @Test
    void feedingAtMostBytesNeededNeverReadsPastAFrame() throws ProtocolViolation {
        byte[] wire = clientStream();
        for (int cap : new int[] {1, 3, 7, 1000, Integer.MAX_VALUE}) {
            byte[] copy = wire.clone();
            FrameParser p = new FrameParser(Role.SERVER, 1 << 20);
            List<Integer> ends = new ArrayList<>();
            int at = 0;
            int[] fed = new int[1];
            FrameParser.Sink sink = new Events() {
                @Override
                public void end(FrameHeader h) {
                    ends.add(fed[0]);
                }
            };
            while (at < copy.length) {
                long needed = p.bytesNeeded();
                assertTrue(needed >= 1);
                int n = (int) Math.min(Math.min(needed, cap), copy.length - at);
                int endsBefore = ends.size();
                fed[0] = at + n;
                p.feed(copy, at, n, sink);
                at += n;
                assertTrue(ends.size() - endsBefore <= 1, "one feed of bytesNeeded ends at most one frame");
                if (ends.size() > endsBefore) {
                    assertTrue(p.atFrameBoundary(), "a frame ends exactly at the end of the bytes fed");
                }
            }
            assertEquals(7, ends.size(), "cap " + cap);
        }
    }

    @Test
    void bytesNeededCountsTheHeaderThenThePayload() throws ProtocolViolation {
        FrameParser p = new FrameParser(Role.SERVER, 1 << 20);
        byte[] wire = FrameCodec.encode(Frame.binary(new byte[300]).withMaskingKey(KEY)); // 82 fe 01 2c key ...
        Events e = new Events();
        assertEquals(2, p.bytesNeeded());
        assertTrue(p.atFrameBoundary());
        p.feed(wire, 0, 1, e);
        assertEquals(1, p.bytesNeeded());
        assertFalse(p.atFrameBoundary());
        p.feed(wire, 1, 1, e);
        assertEquals(2 + 4, p.bytesNeeded(), "the 16-bit length and the key");
        p.feed(wire, 2, 2, e);
        assertEquals(4, p.bytesNeeded(), "the key");
        p.feed(wire, 4, 4, e);
        assertEquals(300, p.bytesNeeded(), "the payload");
        p.feed(wire, 8, 100, e);
        assertEquals(200, p.bytesNeeded());
        p.feed(wire, 108, 200, e);
        assertTrue(p.atFrameBoundary());
        assertEquals(2, p.bytesNeeded(), "the next frame's first two bytes");
    }

    @Test
    void parseAllSaysWhereTheBytesEnd() {
        for (String partial : new String[] {"81", "81 7e 01", "81 05 48 65"}) {
            Exception e = assertThrows(java.io.EOFException.class,
                    () -> FrameParser.parseAll(HexDump.parse(partial), Role.CLIENT, 1000));
            assertTrue(e.getMessage().contains("middle of a frame"), e.getMessage());
        }
    }

    @Test
    void aNonMinimalRawFrameIsRefused() {
        byte[] wire = RawFrame.of(0x1, "hi".getBytes()).lengthForm(LengthForm.SIXTY_FOUR_BIT).toBytes();
        assertEquals("5.2", violation(wire, Role.CLIENT, 100).section());
    }
}
