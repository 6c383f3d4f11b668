package ch05;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
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
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte fill = (byte) ('a' + t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        byte[] payload = new byte[1000 + i * 37];
                        java.util.Arrays.fill(payload, fill);
                        writer.write(new Frame(true, 0, Opcode.BINARY, null, payload));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
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
