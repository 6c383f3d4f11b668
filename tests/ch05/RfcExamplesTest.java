package ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.view.HexDump;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

/** The examples of RFC 6455 section 5.7, decoded and encoded byte for byte. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RfcExamplesTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");
    static final long MAX = 1 << 20;

    @Test
    void singleFrameUnmaskedText() throws Exception {
        byte[] wire = HexDump.parse("81 05 48 65 6c 6c 6f"); // contains "Hello"
        Frame f = FrameParser.decode(wire, Role.CLIENT, MAX);
        assertTrue(f.fin());
        assertEquals(Opcode.TEXT, f.opcode());
        assertNull(f.maskingKey());
        assertEquals("Hello", f.payloadAsText());
        assertArrayEquals(wire, FrameCodec.encode(Frame.text("Hello")));
    }

    @Test
    void singleFrameMaskedText() throws Exception {
        byte[] wire = HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"); // contains "Hello"
        Frame f = FrameParser.decode(wire, Role.SERVER, MAX);
        assertEquals(Opcode.TEXT, f.opcode());
        assertArrayEquals(KEY, f.maskingKey().toByteArray());
        assertEquals("Hello", f.payloadAsText()); // unmasked by the reader
        assertArrayEquals(wire, FrameCodec.encode(Frame.text("Hello").withMaskingKey(KEY)));
    }

    @Test
    void fragmentedUnmaskedText() throws Exception {
        byte[] wire = HexDump.parse("01 03 48 65 6c 80 02 6c 6f"); // "Hel" then "lo"
        List<Frame> frames = FrameParser.parseAll(wire, Role.CLIENT, MAX);
        assertEquals(2, frames.size());
        assertFalse(frames.get(0).fin());
        assertEquals(Opcode.TEXT, frames.get(0).opcode());
        assertEquals("Hel", frames.get(0).payloadAsText());
        assertTrue(frames.get(1).fin());
        assertEquals(Opcode.CONTINUATION, frames.get(1).opcode());
        assertEquals("lo", frames.get(1).payloadAsText());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FrameCodec.encode(Frame.text("Hel").withFin(false)));
        out.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes())));
        assertArrayEquals(wire, out.toByteArray());
    }

    @Test
    void unmaskedPing() throws Exception {
        byte[] wire = HexDump.parse("89 05 48 65 6c 6c 6f");
        Frame f = FrameParser.decode(wire, Role.CLIENT, MAX);
        assertEquals(Opcode.PING, f.opcode());
        assertEquals("Hello", f.payloadAsText());
        assertArrayEquals(wire, FrameCodec.encode(Frame.ping("Hello".getBytes())));
    }

    @Test
    void maskedPong() throws Exception {
        byte[] wire = HexDump.parse("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
        Frame f = FrameParser.decode(wire, Role.SERVER, MAX);
        assertEquals(Opcode.PONG, f.opcode());
        assertEquals("Hello", f.payloadAsText());
        assertArrayEquals(wire, FrameCodec.encode(Frame.pong("Hello".getBytes()).withMaskingKey(KEY)));
    }

    @Test
    void binary256BytesUses16BitLength() throws Exception {
        byte[] data = new byte[256];
        Arrays.fill(data, (byte) 0x42);
        byte[] wire = FrameCodec.encode(Frame.binary(data));
        assertEquals("82 7e 01 00", HexDump.hex(wire, 0, 4));
        assertEquals(4 + 256, wire.length);
        Frame f = FrameParser.decode(wire, Role.CLIENT, MAX);
        assertEquals(Opcode.BINARY, f.opcode());
        assertArrayEquals(data, f.payload().toByteArray());
    }

    @Test
    void binary64KiBUses64BitLength() throws Exception {
        byte[] data = new byte[65536];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        byte[] wire = FrameCodec.encode(Frame.binary(data));
        assertEquals("82 7f 00 00 00 00 00 01 00 00", HexDump.hex(wire, 0, 10));
        assertEquals(10 + 65536, wire.length);
        Frame f = FrameParser.decode(wire, Role.CLIENT, MAX);
        assertArrayEquals(data, f.payload().toByteArray());
    }
}
