package ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FrameWriterTest {

    @Test
    void serverWritesTheRfcBytesUnmasked() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out, Role.SERVER, null).write(Frame.text("Hello").withMaskingKey(new byte[4]));
        assertEquals("81 05 48 65 6c 6c 6f", HexDump.hex(out.toByteArray())); // a server never masks
    }

    @Test
    void clientMasksWithTheKeyItIsGiven() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FrameWriter(out, Role.CLIENT, MaskingKeys.fixed("37 fa 21 3d")).write(Frame.text("Hello"));
        assertEquals("81 85 37 fa 21 3d 7f 9f 4d 51 58", HexDump.hex(out.toByteArray()));
    }

    @Test
    void writerRefusesInvalidControlFrames() {
        FrameWriter writer = new FrameWriter(new ByteArrayOutputStream(), Role.SERVER, null);
        assertThrows(IllegalArgumentException.class, () -> writer.write(Frame.ping(new byte[126])));
        assertThrows(IllegalArgumentException.class, () -> writer.write(Frame.ping(new byte[0]).withFin(false)));
    }

    /** Records each write call separately, to check that a frame is handed over in one piece. */
    static final class RecordingStream extends OutputStream {
        final List<byte[]> writes = new ArrayList<>();
        int flushes;

        @Override
        public synchronized void write(int b) {
            writes.add(new byte[] {(byte) b});
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            writes.add(copy);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }
    }

    @Test
    void oneFrameIsOneWriteCallThenAFlush() throws Exception {
        RecordingStream out = new RecordingStream();
        new FrameWriter(out, Role.SERVER, null).write(Frame.binary(new byte[70_000]));
        assertEquals(1, out.writes.size());
        assertEquals(10 + 70_000, out.writes.get(0).length);
        assertEquals(1, out.flushes);
    }

    @Test
    void framesFromManyThreadsNeverInterleave() throws Exception {
        RecordingStream sink = new RecordingStream();
        FrameWriter writer = new FrameWriter(sink, Role.SERVER, null);
        int threads = 4;
        int perThread = 50;
        ManyWriters.write(writer, threads, perThread);
        assertEquals(threads * perThread, sink.writes.size(), "one write call per frame");
        for (byte[] w : sink.writes) {
            // 82 7e LL LL: a final binary frame, 16-bit length (1000 to 2813 bytes), not masked; then the payload
            assertEquals(0x82, w[0] & 0xff);
            assertEquals(0x7e, w[1] & 0xff);
            int length = ((w[2] & 0xff) << 8) | (w[3] & 0xff);
            assertEquals(4 + length, w.length, "a write call holds exactly one whole frame");
            for (int i = 4; i < w.length; i++) {
                assertEquals(w[4], w[i], "a frame holds bytes of one thread only");
            }
        }
    }
}
