package ch04;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import wsfs.io.FrameWriter;
import wsfs.protocol.Frame;
import wsfs.protocol.Opcode;

/** Threads that write binary frames through one {@link FrameWriter} at once: thread t fills its payloads with 'a' + t. */
public final class ManyWriters {
    private ManyWriters() {
    }

    /** Starts {@code threads} threads together; each writes {@code perThread} frames of 1000 + 37 i bytes. */
    public static void write(FrameWriter writer, int threads, int perThread) throws Exception {
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
                        Arrays.fill(payload, fill);
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
    }
}
