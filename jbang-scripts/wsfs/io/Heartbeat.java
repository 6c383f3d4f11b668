package wsfs.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keepalive with ping and pong (chapter 08). Every {@code interval} it sends a Ping whose payload is a counter
 * (8 bytes, big-endian). The peer must answer with a Pong carrying the same bytes (RFC 6455 section 5.5.2), so
 * the Pong tells which ping it answers and the round-trip time can be measured. If the Pong for a ping has not
 * arrived {@code timeout} after it was sent, the peer is declared dead and {@link Listener#onDead} runs once;
 * the heartbeat then stops. What to do with a dead peer is the endpoint's decision (chapter 09 fails the connection).
 * <p>
 * A new ping is not sent while the previous one is unanswered: a slow peer is given its full timeout, and
 * section 5.5.3 allows a peer that got several pings to answer only the latest. Pongs that match no outstanding
 * ping (unsolicited ones, allowed by section 5.5.3, or late ones) are ignored.
 * <p>
 * Time and threads live here, at the edge: by default one daemon scheduler thread per heartbeat; an endpoint with
 * many connections passes its one shared scheduler instead (chapter 12's {@code EdgeTimer}). The pinger runs on
 * that scheduler, so it must not block: an endpoint queues the Ping rather than writing it, and a peer whose Pong
 * does not come back is declared dead on time even when the write of the Ping is stuck.
 */
public final class Heartbeat implements AutoCloseable {

    /** Sends a Ping frame with this payload. */
    @FunctionalInterface
    public interface Pinger {
        void ping(byte[] payload) throws IOException;
    }

    /** Called on the heartbeat's thread. */
    public interface Listener {
        /** The pong for ping number {@code sequence} arrived {@code roundTrip} after the ping was sent. */
        default void onRoundTrip(long sequence, Duration roundTrip) {
        }

        /** Ping number {@code sequence} got no pong within {@code timeout}: the peer is considered dead. */
        default void onDead(long sequence, Duration timeout) {
        }
    }

    private final Pinger pinger;
    private final Duration interval;
    private final Duration timeout;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();

    private long sequence;            // the number of the last ping sent
    private long outstanding;         // the ping awaiting its pong, 0 if none
    private long sentAtNanos;
    private Duration lastRoundTrip;
    private long answered;
    private boolean started;
    private boolean stopped;
    private boolean dead;

    public Heartbeat(Pinger pinger, Duration interval, Duration timeout, Listener listener) {
        this(pinger, interval, timeout, listener, null);
    }

    /**
     * As above, on {@code scheduler} (shared, not shut down by {@link #close}); null: a thread of its own. The
     * pinger must then return at once (queue the Ping, never write it).
     */
    public Heartbeat(Pinger pinger, Duration interval, Duration timeout, Listener listener,
                     ScheduledExecutorService scheduler) {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive");
        }
        this.pinger = pinger;
        this.interval = interval;
        this.timeout = timeout;
        this.listener = listener;
        this.ownScheduler = scheduler == null;
        this.scheduler = scheduler != null ? scheduler : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts pinging: the first ping goes out after one interval. Returns this. */
    public synchronized Heartbeat start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        tasks.add(scheduler.scheduleAtFixedRate(this::tick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS));
        return this;
    }

    /**
     * Give every Pong that arrives here. Returns true if it answered the outstanding ping (then the round trip
     * is measured), false for any other pong.
     */
    public boolean pongReceived(byte[] payload) {
        // EXERCISE 08-match-pong: true only for the pong that answers the outstanding ping; measure its round trip (RFC 6455 sections 5.5.2 and 5.5.3)
        OptionalLong seq = sequenceOf(payload);
        Duration rtt;
        long matched;
        synchronized (this) {
            if (stopped || seq.isEmpty() || outstanding == 0 || seq.getAsLong() != outstanding) {
                return false;
            }
            matched = outstanding;
            rtt = Duration.ofNanos(System.nanoTime() - sentAtNanos);
            lastRoundTrip = rtt;
            answered++;
            outstanding = 0;
        }
        listener.onRoundTrip(matched, rtt);
        return true;
        // END EXERCISE
    }

    private void tick() {
        long seq;
        synchronized (this) {
            if (stopped || outstanding != 0) {
                return;           // still waiting for the previous pong: its timeout decides
            }
            seq = ++sequence;
            outstanding = seq;
            sentAtNanos = System.nanoTime();
        }
        try {
            pinger.ping(payloadFor(seq));
        } catch (IOException | RuntimeException e) {
            close();              // the connection is broken; the endpoint notices that by itself
            return;
        }
        synchronized (this) {
            if (!stopped) {
                tasks.removeIf(java.util.concurrent.Future::isDone);
                tasks.add(scheduler.schedule(() -> checkAnswered(seq), timeout.toNanos(), TimeUnit.NANOSECONDS));
            }
        }
    }

    private void checkAnswered(long seq) {
        synchronized (this) {
            if (stopped || outstanding != seq) {
                return;
            }
            dead = true;
        }
        stop(false);             // not shutdownNow: that would interrupt this very task
        listener.onDead(seq, timeout);
    }

    /** The round-trip time of the last answered ping. */
    public synchronized Optional<Duration> lastRoundTrip() {
        return Optional.ofNullable(lastRoundTrip);
    }

    public synchronized long pingsSent() {
        return sequence;
    }

    public synchronized long pongsMatched() {
        return answered;
    }

    /** True once a ping went unanswered for the timeout. */
    public synchronized boolean dead() {
        return dead;
    }

    /** Stops pinging. Idempotent. */
    @Override
    public void close() {
        stop(true);
    }

    private void stop(boolean interrupt) {
        synchronized (this) {
            stopped = true;
            for (java.util.concurrent.Future<?> task : tasks) {
                task.cancel(false);
            }
            tasks.clear();
        }
        if (ownScheduler && interrupt) {
            scheduler.shutdownNow();
        } else if (ownScheduler) {
            scheduler.shutdown();
        }
    }

    /** The ping payload for a counter value: 8 bytes, big-endian. */
    public static byte[] payloadFor(long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    /** The counter in a pong payload, or empty if the payload is not one of ours. */
    public static OptionalLong sequenceOf(byte[] payload) {
        // EXERCISE 08-match-pong: the counter in a pong payload (8 bytes, big-endian), or empty if it is not one of ours
        if (payload == null || payload.length != Long.BYTES) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ByteBuffer.wrap(payload).getLong());
        // END EXERCISE
    }
}
