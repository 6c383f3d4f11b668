package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Connection;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The sans-I/O {@link Connection} shared by the threads of one socket (chapter 12): the reading thread, the senders and
 * the timer. One lock guards it, and the frames each call produces go into the {@link Outbox} under that same lock,
 * so the order on the wire is the order of the calls; the lock is never held while writing (the
 * {@link OutboxWriter} writes). Nothing here blocks on the peer, so the {@link EdgeTimer} may call it.
 */
public final class LockedConnection {

    /** What one read meant, taken from the Connection under the lock; the reading thread acts on it outside it. */
    public record Step(List<Connection.Event> events, int consumed, boolean atFrameBoundary, boolean closing,
                       Outbox.Offer offer, long queued) {
        /** Before the first read: at a frame boundary, nothing to act on. */
        public static final Step START = new Step(List.of(), 0, true, false, Outbox.Offer.QUEUED, 0);
    }

    /** What a send became: how the outbox took its frames and how many bytes wait now. */
    public record Offered(Outbox.Offer offer, long queued) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection conn;                // only under the lock
    private final Outbox outbox;
    private final OutboxWriter writer;
    private final MessageReservation reservation;

    public LockedConnection(Connection conn, Outbox outbox, MessageReservation reservation, OutputStream out,
                            Transport transport) {
        this.conn = conn;
        this.outbox = outbox;
        this.reservation = reservation;
        this.writer = new OutboxWriter(outbox, out, transport, this::failed);
    }

    public OutboxWriter writer() {
        return writer;
    }

    public ReadyState state() {
        lock.lock();
        try {
            return conn.state();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the Connection failed (a violation, ours or the peer's). */
    public boolean failed() {
        lock.lock();
        try {
            return conn.failed();
        } finally {
            lock.unlock();
        }
    }

    /** Whether we are the side that closes TCP first (section 7.1.1: the server, or a failing side). */
    public boolean closeTransportNow() {
        lock.lock();
        try {
            return conn.closeTransportNow();
        } finally {
            lock.unlock();
        }
    }

    /** TCP is closed: the close event. */
    public CloseEvent transportClosed() {
        lock.lock();
        try {
            return conn.transportClosed();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The bytes (up to one frame's events; the EOF if {@code n < 0}) to the Connection, its answers to the outbox.
     * The memory for the message being received is reserved here ({@link MessageReservation}). Reading thread.
     */
    public Step receive(byte[] buffer, int at, int n) {
        lock.lock();
        try {
            Connection.Received got = n < 0 ? new Connection.Received(conn.receiveEof(), 0) : conn.receiveFrame(buffer, at, n);
            List<Connection.Event> events = got.events();
            boolean failure = !events.isEmpty() && events.getLast() instanceof Connection.Failure;
            boolean dropQueued = false;
            if (!failure && n >= 0) {
                ProtocolViolation spent = reservation.follow(conn.announcedMessageBytes());
                if (spent != null) {
                    conn.fail(spent.closeCode(), Connection.reasonFor(spent));
                    events = new ArrayList<>(events);
                    events.add(new Connection.Failure(spent));
                    dropQueued = true;                        // memory is short: what waits is dropped
                }
            }
            // A peer's violation: what we had already sent (the echo of its last good message) still goes out,
            // then our Close; nothing more is accepted (5.5.1). The close timeout bounds the wait.
            Outbox.Offer offer = enqueue(conn.dataToSend(), dropQueued, false);
            boolean closing = conn.closeTransportNow() || conn.closeEvent().isPresent()
                    || !events.isEmpty() && events.getLast() instanceof Connection.CloseReceived;   // one frame's events
            return new Step(events, got.consumed(), !conn.midFrame(), closing, offer, outbox.queuedBytes());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The call to the Connection (a send, a ping), then its frames into the outbox, whole, after everything sent
     * before them. Null if the Connection refused (not OPEN, our Close sent). {@code deferred}: the reading thread
     * sends, and writes its frames itself ({@link OutboxWriter#writeDeferred}).
     */
    public Offered offer(Predicate<Connection> call, boolean deferred) {
        lock.lock();
        try {
            if (!call.test(conn)) {
                return null;         // 5.5.1: nothing after our Close; the browser ignores sends when not OPEN
            }
            return new Offered(enqueue(conn.dataToSend(), false, deferred), outbox.queuedBytes());
        } finally {
            lock.unlock();
        }
    }

    /** Starts the closing handshake (our Close after what is queued); false if closing has already started. */
    public boolean close(CloseCode code, String reason) {
        lock.lock();
        try {
            boolean queued = conn.close(code, reason);
            if (queued) {
                enqueue(conn.dataToSend(), false, false);
            }
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails the Connection with {@code code} ({@link Connection#fail} builds the Close): the queued data is dropped and
     * the Close is next, unless {@code writeStuck} (then nothing can get through). {@code thenCloseTcp}: the writer
     * closes TCP right after that Close. True if a Close was queued.
     */
    public boolean fail(CloseCode code, String reason, boolean writeStuck, boolean thenCloseTcp) {
        lock.lock();
        try {
            conn.fail(code, reason);
            List<byte[]> close = conn.dataToSend();
            boolean closeQueued = !close.isEmpty() && !writeStuck;
            if (closeQueued && thenCloseTcp) {
                writer.closeAfterOurClose();
            }
            enqueue(closeQueued ? close : List.of(), true, false);
            return closeQueued;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the frames into the outbox by kind ({@link Outbox#offerFrames}); the writer starts for them. */
    private Outbox.Offer enqueue(List<byte[]> frames, boolean failing, boolean deferred) {
        Outbox.Offer result = outbox.offerFrames(frames, failing, deferred);
        if (!frames.isEmpty()) {
            writer.ensureStarted();
        }
        return result;
    }
}
