package ch03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.Frame;
import wsfs.FrameCodec;
import wsfs.FrameReader;
import wsfs.Opcode;
import wsfs.Role;

/** TCP may hand the reader one byte per read(): frames must still come out whole and in order. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OneByteAtATimeTest {
    static final byte[] KEY = {0x11, 0x22, 0x33, 0x44};

    /** Returns at most one byte per read call, whatever the caller asks for. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int at;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c == -1) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }

        @Override
        public int available() {
            return 0; // a network stream rarely knows; the reader must not rely on it
        }
    }

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
        FrameReader reader = new FrameReader(new Trickle(wire.toByteArray()), Role.SERVER, 1 << 20);
        for (Frame expected : frames) {
            assertEquals(expected, reader.read());
        }
        assertThrows(EOFException.class, reader::read);
    }
}
