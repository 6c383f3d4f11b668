package ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch04.ManyWriters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

/** Chapter 04's writer and chapter 05's reader together: what one writes, the other reads back whole. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WriterReaderTest {

    @Test
    void framesFromManyThreadsNeverInterleave() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(sink, Role.CLIENT, MaskingKeys.secure());
        int threads = 4;
        int perThread = 50;
        ManyWriters.write(writer, threads, perThread);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(sink.toByteArray()), Role.SERVER, 1 << 20);
        for (int i = 0; i < threads * perThread; i++) {
            Frame f = reader.read();
            byte first = f.payload().byteAt(0);
            for (byte b : f.payload().toByteArray()) {
                assertEquals(first, b, "a frame holds bytes of one thread only");
            }
        }
    }

    @Test
    void encodeIgnoresNothingAndDecodeKeepsTheKey() throws Exception {
        byte[] key = {9, 8, 7, 6};
        Frame f = new Frame(false, 0, Opcode.TEXT, key, "part".getBytes());
        Frame back = FrameParser.decode(FrameCodec.encode(f), Role.SERVER, 100);
        assertEquals(f, back);
        assertArrayEquals(key, back.maskingKey().toByteArray());
        assertNull(FrameParser.decode(FrameCodec.encode(f.withMaskingKey(null)), Role.CLIENT, 100).maskingKey());
    }
}
