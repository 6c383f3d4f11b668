package wsfs.io;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one clock of the edge (chapter 12): a single daemon thread for the whole process runs every deadline of
 * every connection (write stalled, frame not finished, closing handshake not finished) and every heartbeat tick.
 * Ten thousand connections cost ten thousand small scheduled tasks, not ten thousand sleeping threads.
 * <p>
 * The rule that makes one thread enough: a task here never blocks. It reads a few fields, enqueues a frame or
 * closes a socket, and returns; it never writes to a socket (a peer that does not read would stop the clock for
 * everyone).
 */
public final class EdgeTimer {
    private static final ScheduledExecutorService SHARED = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wsfs-edge-timer");
        t.setDaemon(true);
        return t;
    });

    private EdgeTimer() {
    }

    /** The process-wide scheduler (its tasks must not block). */
    public static ScheduledExecutorService shared() {
        return SHARED;
    }

    /** Runs {@code task} once after {@code delay}. */
    public static ScheduledFuture<?> after(Duration delay, Runnable task) {
        return SHARED.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} every {@code period}, the first time after one period, until cancelled. */
    public static ScheduledFuture<?> every(Duration period, Runnable task) {
        return SHARED.scheduleWithFixedDelay(guarded(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A task that throws would be cancelled silently by the executor; report and go on instead. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("wsfs-edge-timer: a task failed: " + e);
            }
        };
    }
}
