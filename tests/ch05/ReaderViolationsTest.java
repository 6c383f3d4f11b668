package ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.FrameCodec.LengthForm;
import wsfs.io.FrameReader;
import wsfs.view.HexDump;
import wsfs.protocol.ProtocolViolation;
import wsfs.conformance.RawFrame;
import wsfs.protocol.Role;

/** Every rule of sections 5.2 and 5.5 that the reader enforces, each with the close code it must produce. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReaderViolationsTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    static ProtocolViolation violation(byte[] wire, Role role, long max) {
        return assertThrows(ProtocolViolation.class, () -> FrameParser.decode(wire, role, max));
    }

    static void assertViolation(CloseCode code, String section, byte[] wire, Role role) {
        ProtocolViolation v = violation(wire, role, 1 << 20);
        assertEquals(code, v.closeCode(), v.getMessage());
        assertEquals(section, v.section(), v.getMessage());
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesAre1002(int opcode) {
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2", RawFrame.of(opcode, new byte[0]).toBytes(), Role.CLIENT);
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2", RawFrame.of(opcode, "x".getBytes()).mask(KEY).toBytes(), Role.SERVER);
    }

    @ParameterizedTest(name = "rsv {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void rsvBitsWithoutExtensionAre1002(int rsv) {
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2", RawFrame.of(0x1, "hi".getBytes()).rsv(rsv).toBytes(), Role.CLIENT);
    }

    @Test
    void rsvBitAllowedByAnExtensionIsAccepted() throws IOException {
        byte[] wire = RawFrame.of(0x1, "hi".getBytes()).rsv(4).toBytes(); // RSV1, as permessage-deflate uses it
        Frame f = new FrameReader(new ByteArrayInputStream(wire), Role.CLIENT, 100, 4).read();
        assertEquals(4, f.rsv());
        FrameReader strict = new FrameReader(new ByteArrayInputStream(RawFrame.of(0x1, new byte[0]).rsv(2).toBytes()), Role.CLIENT, 100);
        strict.setAllowedRsv(4);
        assertThrows(ProtocolViolation.class, strict::read); // RSV2 is still not allowed
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void controlFrameOver125BytesIs1002(int opcode) {
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.5", RawFrame.of(opcode, new byte[126]).toBytes(), Role.CLIENT);
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.5", RawFrame.of(opcode, new byte[126]).mask(KEY).toBytes(), Role.SERVER);
    }

    @Test
    void controlFrameOf125BytesIsFine() throws IOException {
        assertEquals(125, FrameParser.decode(RawFrame.of(0x9, new byte[125]).toBytes(), Role.CLIENT, 1000).payload().length());
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void fragmentedControlFrameIs1002(int opcode) {
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.5", RawFrame.of(opcode, new byte[0]).fin(false).toBytes(), Role.CLIENT);
    }

    @Test
    void sixteenBitFormForASmallLengthIs1002() {
        byte[] wire = RawFrame.of(0x2, new byte[125]).lengthForm(LengthForm.SIXTEEN_BIT).toBytes();
        assertEquals("82 7e 00 7d", HexDump.hex(wire, 0, 4));
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2", wire, Role.CLIENT);
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2", RawFrame.of(0x2, new byte[0]).lengthForm(LengthForm.SIXTEEN_BIT).toBytes(), Role.CLIENT);
    }

    @Test
    void sixtyFourBitFormForA16BitLengthIs1002() {
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2",
                RawFrame.of(0x2, new byte[65535]).lengthForm(LengthForm.SIXTY_FOUR_BIT).toBytes(), Role.CLIENT);
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2",
                RawFrame.of(0x1, "hi".getBytes()).lengthForm(LengthForm.SIXTY_FOUR_BIT).toBytes(), Role.CLIENT);
    }

    @Test
    void sixtyFourBitLengthWithMostSignificantBitSetIs1002() {
        byte[] wire = RawFrame.of(0x2, new byte[0]).declaredLength(0x8000_0000_0000_0010L).toBytes();
        assertEquals("82 7f 80 00 00 00 00 00 00 10", HexDump.hex(wire));
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.2", wire, Role.CLIENT);
    }

    @Test
    void payloadOverTheLimitIs1009BeforeAnyPayloadIsRead() {
        // The frame announces 2^62 bytes and sends none: the reader must refuse from the header alone,
        // without allocating or waiting for the payload.
        byte[] header = RawFrame.of(0x2, new byte[0]).declaredLength(1L << 62).toBytes();
        CountingStream in = new CountingStream(header);
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> new FrameReader(in, Role.CLIENT, 1 << 20).read());
        assertEquals(CloseCode.MESSAGE_TOO_BIG, v.closeCode());
        assertEquals(header.length, in.consumed.get());
    }

    @Test
    void limitIsInclusive() throws IOException {
        assertEquals(100, FrameParser.decode(RawFrame.of(0x2, new byte[100]).toBytes(), Role.CLIENT, 100).payload().length());
        assertEquals(CloseCode.MESSAGE_TOO_BIG, violation(RawFrame.of(0x2, new byte[101]).toBytes(), Role.CLIENT, 100).closeCode());
    }

    @Test
    void aServerRejectsAnUnmaskedFrameAndAClientAMaskedOne() {
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.1", HexDump.parse("81 05 48 65 6c 6c 6f"), Role.SERVER);
        assertViolation(CloseCode.PROTOCOL_ERROR, "5.1", HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"), Role.CLIENT);
    }

    @Test
    void endOfStreamBeforeAFrameIsEof() {
        EOFException e = assertThrows(EOFException.class,
                () -> new FrameReader(new ByteArrayInputStream(new byte[0]), Role.CLIENT, 100).read());
        assertTrue(e.getMessage().contains("before the next frame"), e.getMessage());
    }

    @Test
    void endOfStreamInsideAFrameIsEof() {
        for (String partial : new String[] {"81", "81 7e 01", "81 85 37 fa", "81 05 48 65"}) {
            EOFException e = assertThrows(EOFException.class,
                    () -> FrameParser.decode(HexDump.parse(partial), partial.startsWith("81 85") ? Role.SERVER : Role.CLIENT, 1000));
            assertTrue(e.getMessage().contains("middle of a frame"), partial + ": " + e.getMessage());
        }
    }

    @Test
    void messagesNameTheRule() {
        ProtocolViolation v = violation(RawFrame.of(0x9, new byte[0]).fin(false).toBytes(), Role.CLIENT, 100);
        assertEquals("Control frames must not be fragmented (FIN must be 1) (RFC 6455 section 5.5)", v.getMessage());
    }

    /** Counts the bytes the reader takes. */
    static final class CountingStream extends InputStream {
        final byte[] bytes;
        final AtomicLong consumed = new AtomicLong();

        CountingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            int at = (int) consumed.get();
            if (at >= bytes.length) {
                return -1;
            }
            consumed.incrementAndGet();
            return bytes[at] & 0xff;
        }
    }
}
