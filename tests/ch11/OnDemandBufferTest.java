package ch11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.OnDemandBufferedInputStream;

/** OnDemandBufferedInputStream: a buffer only while bytes wait, one read call per buffer of small frames, no bytes lost. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OnDemandBufferTest {

    /** Counts the reads that reach the "socket". */
    static final class Counting extends InputStream {
        final InputStream in;
        final AtomicInteger reads = new AtomicInteger();

        Counting(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            reads.incrementAndGet();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads.incrementAndGet();
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }

    @Test
    void manySmallReadsCostOneReadOfTheSocketPerBuffer() throws IOException {
        byte[] frames = new byte[100 * 7];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = (byte) i;
        }
        Counting socket = new Counting(frames);
        OnDemandBufferedInputStream in = new OnDemandBufferedInputStream(socket, 8192);
        byte[] back = new byte[frames.length];
        for (int at = 0; at < back.length; at += 7) {
            assertEquals(2, in.read(back, at, 2), "a header's first two bytes");
            assertEquals(5, in.read(back, at + 2, 5), "the rest of the small frame");
        }
        assertArrayEquals(frames, back, "every byte, in order");
        assertEquals(1, socket.reads.get(), "700 waiting bytes: one read of the socket, not 200");
    }

    @Test
    void anIdleStreamIsReadWithoutABufferOfOurs() throws IOException {
        Counting socket = new Counting(new byte[] {1, 2, 3});
        InputStream quiet = new InputStream() {        // nothing waiting: available() is 0, read() would block
            @Override
            public int read() throws IOException {
                return socket.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return socket.read(b, off, len);
            }
        };
        OnDemandBufferedInputStream in = new OnDemandBufferedInputStream(quiet, 8192);
        byte[] two = new byte[2];
        assertEquals(2, in.read(two, 0, 2), "straight into the caller's array");
        assertEquals(0, in.available(), "nothing kept back: no buffer was taken");
        assertEquals(3, in.read());
        assertEquals(-1, in.read());
    }
}
