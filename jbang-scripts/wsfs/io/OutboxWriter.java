package wsfs.io;

import wsfs.protocol.ByteString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The only code that writes a connection's frames to the socket (chapter 12): one writer thread that drains the
 * {@link Outbox} in its order, the frames that wait in one write, and the reading thread's own frames (an echo),
 * which it writes itself before it reads again ({@link #writeDeferred}), as Netty's event loop does: a request and
 * its answer then cost no hand-off between threads. A big frame goes out in chunks, each stamped
 * ({@link #writeStartedAt}), so that the write deadline measures progress, not size.
 */
public final class OutboxWriter {
    /** The most one write takes; a stalled write is one that moved no chunk for the deadline. */
    public static final int WRITE_CHUNK = 64 * 1024;

    private final Outbox outbox;
    private final OutputStream out;
    private final Transport transport;
    private final BooleanSupplier failing;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long writeStartedAt;         // System.nanoTime() when the current chunk write began; 0: none
    private volatile boolean closeAfterOurClose;  // abort: close TCP right after our Close

    /**
     * @param out     where frames are written (unbuffered is best: whole frames are written)
     * @param failing whether the connection is failing: then our Close is followed by our FIN (section 7.1.7)
     */
    public OutboxWriter(Outbox outbox, OutputStream out, Transport transport, BooleanSupplier failing) {
        this.outbox = outbox;
        this.out = out;
        this.transport = transport;
        this.failing = failing;
    }

    /** Starts the writer thread, the first time there is something to write. */
    public void ensureStarted() {
        if (started.compareAndSet(false, true)) {
            Thread.ofVirtual().name("ws-frame-writer").start(this::writeLoop);
        }
    }

    /** An abort: the writer puts our Close out, then closes TCP without waiting for an answer. */
    public void closeAfterOurClose() {
        closeAfterOurClose = true;
    }

    /** When the chunk being written started ({@code System.nanoTime()}), or 0 when no write is under way. */
    public long writeStartedAt() {
        return writeStartedAt;
    }

    /** Waits, at most {@code timeout}, for the writer to end (after our Close, or once the outbox is finished). */
    public void awaitDone(Duration timeout) {
        if (started.get()) {
            try {
                done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Frames from the outbox, in its order. Ends after our Close (nothing may follow it, section 5.5.1), when the
     * outbox is finished, or on an I/O error (then the transport is closed and the read loop reports it).
     */
    private void writeLoop() {
        // EXERCISE 12-writer-drain: take batches from the outbox and write them, in order, until the batch that ends with our Close (then the FIN when failing or aborting, and close TCP on an abort, section 7.1.7), the end of the outbox, or an I/O error (close the transport)
        try {
            List<Outbox.Encoded> batch;
            while (!(batch = outbox.takeSome(WRITE_CHUNK)).isEmpty()) {
                write(batch);
                if (batch.getLast().kind() == Outbox.Kind.CLOSE) {
                    if (closeAfterOurClose || failing.getAsBoolean()) {
                        transport.shutdownOutput();           // 7.1.7: failing, we close first; the FIN follows our Close
                    }
                    if (closeAfterOurClose) {
                        transport.close();
                    }
                    return;
                }
            }
        } catch (IOException e) {
            transport.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
        // END EXERCISE
    }

    /** The reading thread, before it reads again, writes what it sent itself (an echo): no hand-off to the writer. */
    public void writeDeferred() {
        List<Outbox.Encoded> batch = outbox.takeDeferred(WRITE_CHUNK);
        try {
            if (!batch.isEmpty()) {
                write(batch);
            }
        } catch (IOException e) {
            transport.close();                                // the read that follows reports it
        }
    }

    /** One batch in one write (a big frame in chunks, so the write deadline measures progress), flushed. */
    private void write(List<Outbox.Encoded> batch) throws IOException {
        // EXERCISE 12-writer-drain: one batch in one write, in chunks of WRITE_CHUNK each stamped in writeStartedAt, flushed; always give the batch back with outbox.written
        try {
            ByteString bytes = batch.getFirst().bytes();
            if (batch.size() > 1) {                           // small frames that waited: one write, not one each
                ByteArrayOutputStream joined = new ByteArrayOutputStream(batch.stream().mapToInt(e -> e.bytes().length()).sum());
                for (Outbox.Encoded e : batch) {
                    e.bytes().writeTo(joined);
                }
                bytes = ByteString.wrapOwned(joined.toByteArray());
            }
            for (int at = 0; at < bytes.length(); at += WRITE_CHUNK) {
                writeStartedAt = System.nanoTime() | 1;
                bytes.writeTo(out, at, Math.min(WRITE_CHUNK, bytes.length() - at));
            }
            out.flush();
        } finally {
            writeStartedAt = 0;
            outbox.written(batch);
        }
        // END EXERCISE
    }
}
