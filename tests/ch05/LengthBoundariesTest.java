package ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.view.HexDump;
import wsfs.protocol.Role;

/** Section 5.2: every boundary of the three length forms, with the exact header bytes, both directions. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LengthBoundariesTest {

    @ParameterizedTest(name = "{0} bytes unmasked -> {1}")
    @CsvSource({
            "0,     82 00",
            "1,     82 01",
            "125,   82 7d",
            "126,   82 7e 00 7e",
            "127,   82 7e 00 7f",
            "65535, 82 7e ff ff",
            "65536, 82 7f 00 00 00 00 00 01 00 00",
            "65537, 82 7f 00 00 00 00 00 01 00 01",
    })
    void serverFrameRoundTrip(int length, String header) throws Exception {
        byte[] data = payload(length);
        byte[] wire = FrameCodec.encode(Frame.binary(data));
        byte[] expectedHeader = HexDump.parse(header);
        assertEquals(HexDump.hex(expectedHeader), HexDump.hex(wire, 0, expectedHeader.length));
        assertEquals(expectedHeader.length + length, wire.length);
        assertEquals(expectedHeader.length, FrameCodec.headerLength(length, false));
        assertEquals(Frame.binary(data), FrameParser.decode(wire, Role.CLIENT, 1 << 20));
    }

    @ParameterizedTest(name = "{0} bytes masked -> {1}")
    @CsvSource({
            "0,     82 80 01 02 03 04",
            "125,   82 fd 01 02 03 04",
            "126,   82 fe 00 7e 01 02 03 04",
            "65535, 82 fe ff ff 01 02 03 04",
            "65536, 82 ff 00 00 00 00 00 01 00 00 01 02 03 04",
    })
    void clientFrameRoundTrip(int length, String header) throws Exception {
        byte[] key = {1, 2, 3, 4};
        Frame frame = Frame.binary(payload(length)).withMaskingKey(key);
        byte[] wire = FrameCodec.encode(frame);
        byte[] expectedHeader = HexDump.parse(header);
        assertEquals(HexDump.hex(expectedHeader), HexDump.hex(wire, 0, expectedHeader.length));
        assertEquals(expectedHeader.length + length, wire.length);
        Frame back = FrameParser.decode(wire, Role.SERVER, 1 << 20);
        assertEquals(frame, back);
        assertArrayEquals(key, back.maskingKey().toByteArray());
    }

    static byte[] payload(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return data;
    }
}
