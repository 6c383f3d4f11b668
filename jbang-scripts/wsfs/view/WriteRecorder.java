package wsfs.view;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An output stream that remembers every {@code write} call it passes on, so that a demo or a test can see how many
 * system calls a connection's writer made and what each carried (chapter 21). Optionally it holds the first write
 * until {@link #release()}: the writer is then blocked as it would be on a slow network, and what is sent meanwhile
 * waits in the connection's outbox.
 */
public final class WriteRecorder extends OutputStream {
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(10);

    private final OutputStream out;
    private final List<byte[]> writes = new ArrayList<>();
    private final CountDownLatch firstWrite = new CountDownLatch(1);
    private final CountDownLatch released;

    /** Passes every write on to {@code out}; with {@code holdFirstWrite}, the first waits for {@link #release()}. */
    public WriteRecorder(OutputStream out, boolean holdFirstWrite) {
        this.out = out;
        this.released = new CountDownLatch(holdFirstWrite ? 1 : 0);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        boolean first;
        synchronized (writes) {
            first = writes.isEmpty();
            writes.add(java.util.Arrays.copyOfRange(b, off, off + len));
        }
        if (first) {
            firstWrite.countDown();
            try {
                if (!released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("the first write was held for " + LONGEST_HOLD.toSeconds() + " s and never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the first write was held");
            }
        }
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        release();
        out.close();
    }

    /** Waits until the first write has begun (and, if held, is waiting); false after {@code timeout}. */
    public boolean awaitFirstWrite(Duration timeout) throws InterruptedException {
        return firstWrite.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets the held first write go on. */
    public void release() {
        released.countDown();
    }

    /** Every write so far, each as the bytes it carried, in order. */
    public List<byte[]> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }
}
