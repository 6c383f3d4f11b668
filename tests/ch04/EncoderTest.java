package ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;
import wsfs.view.HexDump;

/**
 * FrameCodec.encode from hex fixtures, no network (chapter 04): the example frames of RFC 6455 section 5.7, every
 * length boundary with its exact header (section 5.2: the minimal form), and the control frames section 5.5 forbids.
 * Reading the same bytes back is chapter 05's (tests/ch05/RfcExamplesTest, LengthBoundariesTest).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EncoderTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    static String encoded(Frame f) {
        return HexDump.hex(FrameCodec.encode(f));
    }

    @Test
    void theExamplesOfSection57() {
        assertEquals("81 05 48 65 6c 6c 6f", encoded(Frame.text("Hello")));
        assertEquals("81 85 37 fa 21 3d 7f 9f 4d 51 58", encoded(Frame.text("Hello").withMaskingKey(KEY)));
        assertEquals("01 03 48 65 6c", encoded(Frame.text("Hel").withFin(false)));
        assertEquals("80 02 6c 6f", encoded(new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes())));
        assertEquals("89 05 48 65 6c 6c 6f", encoded(Frame.ping("Hello".getBytes())));
        assertEquals("8a 85 37 fa 21 3d 7f 9f 4d 51 58", encoded(Frame.pong("Hello".getBytes()).withMaskingKey(KEY)));
    }

    @ParameterizedTest
    @CsvSource({"0, 82 00", "125, 82 7d", "126, 82 7e 00 7e", "256, 82 7e 01 00", "65535, 82 7e ff ff",
            "65536, 82 7f 00 00 00 00 00 01 00 00"})
    void theMinimalLengthForm(int length, String header) {
        byte[] wire = FrameCodec.encode(Frame.binary(new byte[length]));
        int headerLength = FrameCodec.headerLength(length, false);
        assertEquals(header, HexDump.hex(wire, 0, headerLength));
        assertEquals(headerLength + length, wire.length);
    }

    @Test
    void aClientHeaderAddsTheKeyAfterTheLength() {
        byte[] wire = FrameCodec.encode(Frame.binary(new byte[126]).withMaskingKey(KEY));
        assertEquals("82 fe 00 7e 37 fa 21 3d", HexDump.hex(wire, 0, 8));
        assertEquals(14, FrameCodec.headerLength(1L << 40, true), "the longest header: 2 + 8 + 4 bytes");
    }

    @Test
    void theEncoderRefusesControlFramesThatBreakSection55() {
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode(Frame.ping(new byte[126])));
        assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.encode(new Frame(false, 0, Opcode.CLOSE, null, new byte[0])));
        assertEquals(2 + 125, FrameCodec.encode(Frame.ping(new byte[125])).length, "125 bytes is allowed");
    }
}
