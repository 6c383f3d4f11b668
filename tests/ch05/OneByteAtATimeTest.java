package ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameReader;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;
import wsfs.io.TrickleInputStream;

/** TCP may hand the reader one byte per read(): frames must still come out whole and in order. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OneByteAtATimeTest {
    static final byte[] KEY = {0x11, 0x22, 0x33, 0x44};

    @Test
    void framesOfEveryLengthFormArriveWhole() throws IOException {
        Frame[] frames = {
                Frame.text("Hello").withMaskingKey(KEY),
                new Frame(false, 0, Opcode.BINARY, KEY, LengthBoundariesTest.payload(300)),
                Frame.ping("are you there?".getBytes()).withMaskingKey(KEY),
                new Frame(true, 0, Opcode.CONTINUATION, KEY, LengthBoundariesTest.payload(70_000)),
                Frame.text("").withMaskingKey(KEY),
        };
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Frame f : frames) {
            wire.writeBytes(FrameCodec.encode(f));
        }
        FrameReader reader = new FrameReader(new TrickleInputStream(new ByteArrayInputStream(wire.toByteArray()), 1), Role.SERVER, 1 << 20);
        for (Frame expected : frames) {
            assertEquals(expected, reader.read());
        }
        assertThrows(EOFException.class, reader::read);
    }

    @Test
    void aFrameCutShortIsAnEofNotAHang() {
        byte[] wire = FrameCodec.encode(Frame.text("Hello").withMaskingKey(KEY));
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 1);
        FrameReader reader = new FrameReader(new TrickleInputStream(new ByteArrayInputStream(cut), 1), Role.SERVER, 100);
        assertThrows(EOFException.class, reader::read);
    }
}
