package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.Opcode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frames a connection has to write, in the order they go on the wire (chapter 11). Senders put whole encoded
 * frames in and return at once; one writer thread per connection takes them out, as many as wait in one batch, and
 * blocks in the socket's {@code write} alone. So a peer that stops reading stops only its own writer, never the
 * threads that send to it. The connection's reading thread may write what it queued itself ({@link #takeDeferred});
 * one batch is out at a time, so the order stays the order of the offers.
 * <ul>
 *   <li><b>Order</b>: data frames leave in the order they were offered; a message's frames are offered together,
 *       so no other message gets between them.</li>
 *   <li><b>Control frames first</b>: a Ping or Pong goes ahead of the data frames that have not started yet.
 *       That is always at a frame boundary (the writer holds the frame it is writing), and section 5.4 allows
 *       control frames "in the middle of a fragmented message". A Close goes after what is queued, unless the
 *       connection is failing: then the queued data is dropped and the Close is next (section 7.1.7).</li>
 *   <li><b>Bound</b>: at most {@code maxBytes} may wait. One message larger than the bound is accepted when
 *       nothing waits, so a 64 MiB echo still works; anything past the bound is refused with {@link Offer#OVERFLOW}
 *       and the connection closes the peer (it is not reading). Data bytes are also taken from a {@link MemoryBudget}
 *       shared by every connection ({@link Offer#OVER_BUDGET} when it is spent).</li>
 * </ul>
 * No thread lives here: the writer is the connection's.
 */
public final class Outbox {

    /** What a queued frame is: data (bounded and budgeted), Ping/Pong, or our Close (the last frame). */
    public enum Kind { DATA, CONTROL, CLOSE }

    /**
     * One frame, encoded (and masked, for a client) exactly as it goes on the wire. The outbox takes the arrays it is
     * offered as they are ({@link ByteString#wrapOwned}, no copy): they are frames just encoded, which nobody else
     * holds or writes.
     */
    public record Encoded(ByteString bytes, Kind kind) {
    }

    /** The answer to an offer. */
    public enum Offer { QUEUED, OVERFLOW, OVER_BUDGET, CLOSED }

    private final long maxBytes;
    private final MemoryBudget budget;
    private final ArrayDeque<Encoded> control = new ArrayDeque<>(2);
    private final ArrayDeque<Encoded> data = new ArrayDeque<>(4);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private boolean abandoned;       // the transport is gone: nothing will be written any more
    private long queuedBytes;        // every byte offered and not yet written (the frame being written included)
    private long dataBytes;          // the part of queuedBytes that is data frames
    private boolean finished;        // nothing more will be offered; takeSome() returns nothing once empty
    private boolean deferred;        // the reading thread queued frames it will write itself: the writer was not woken
    private boolean writing;         // a batch is out (the writer's or the reading thread's): one at a time

    public Outbox(long maxBytes, MemoryBudget budget) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("an outbox bound must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /**
     * Queues the frames of one message, all or none. {@code deferred}: the connection's reading thread sends them and
     * will write them itself before it reads again ({@link #takeDeferred}), so the writer is not woken for them.
     */
    public Offer offerMessage(List<byte[]> frames, boolean deferred) {
        // EXERCISE 11-outbox-bound: queue one message's frames, all or none: CLOSED after our Close, OVERFLOW past the bound (one big message may pass when no data waits), OVER_BUDGET when the shared budget is spent
        long size = 0;
        for (byte[] f : frames) {
            size += f.length;
        }
        lock.lock();
        try {
            if (finished) {
                return Offer.CLOSED;
            }
            if (dataBytes > 0 && queuedBytes + size > maxBytes) {
                return Offer.OVERFLOW;                // one big message may pass, but only when no data waits
            }
            if (!budget.tryReserve(size)) {
                return Offer.OVER_BUDGET;
            }
            for (byte[] f : frames) {
                data.add(new Encoded(ByteString.wrapOwned(f), Kind.DATA));
            }
            queuedBytes += size;
            dataBytes += size;
            if (deferred) {
                this.deferred = true;
            } else {
                ready.signal();
            }
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
        // END EXERCISE
    }

    /**
     * Puts a Connection's frames in, by kind: Ping and Pong ahead of queued data, a message's data frames together,
     * our Close after what is queued, or, when {@code failing}, in place of it (section 7.1.7: the queued data is
     * dropped, and is dropped even when no Close may be sent). Returns how the offers went (the worst one).
     */
    public Offer offerFrames(List<byte[]> frames, boolean failing, boolean deferred) {
        Offer result = Offer.QUEUED;
        List<byte[]> message = new ArrayList<>();
        boolean closeQueued = false;
        for (byte[] frame : frames) {
            int opcode = frame[0] & 0x0F;
            if (opcode == Opcode.PING.code() || opcode == Opcode.PONG.code()) {
                result = worse(result, offerControl(frame));
            } else if (opcode == Opcode.CLOSE.code()) {
                if (!message.isEmpty()) {
                    result = worse(result, offerMessage(message, false));
                    message = new ArrayList<>();
                }
                if (failing) {
                    failWith(frame);
                } else {
                    offerClose(frame);
                }
                closeQueued = true;
            } else {
                message.add(frame);
            }
        }
        if (!message.isEmpty()) {
            result = worse(result, offerMessage(message, deferred));
        }
        if (failing && !closeQueued) {
            failWith(null);                                   // no Close may be sent: the data is dropped all the same
        }
        return result;
    }

    private static Offer worse(Offer a, Offer b) {
        return b == Offer.QUEUED ? a : a == Offer.QUEUED ? b : a;
    }

    /** Queues a Ping or Pong ahead of the data frames that have not started. */
    public Offer offerControl(byte[] frame) {
        // EXERCISE 11-outbox-bound: queue a Ping or Pong ahead of the data that has not started (section 5.4), within the bound
        lock.lock();
        try {
            if (finished) {
                return Offer.CLOSED;
            }
            if (queuedBytes + frame.length > maxBytes) {
                return Offer.OVERFLOW;                // a peer that pings and never reads our pongs
            }
            control.add(new Encoded(ByteString.wrapOwned(frame), Kind.CONTROL));
            queuedBytes += frame.length;
            ready.signal();
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
        // END EXERCISE
    }

    /** Queues our Close after everything queued (the closing handshake); nothing may follow it (section 5.5.1). */
    public Offer offerClose(byte[] frame) {
        lock.lock();
        try {
            if (finished) {
                return Offer.CLOSED;
            }
            data.add(new Encoded(ByteString.wrapOwned(frame), Kind.CLOSE));
            queuedBytes += frame.length;
            finished = true;
            ready.signal();
            return Offer.QUEUED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Failing the connection (section 7.1.7): the data frames that have not started are dropped, the Close (if not
     * null) is the next frame written, and nothing may follow it.
     */
    public void failWith(byte[] closeFrame) {
        lock.lock();
        try {
            dropData();
            if (closeFrame != null && !finished) {
                control.add(new Encoded(ByteString.wrapOwned(closeFrame), Kind.CLOSE));
                queuedBytes += closeFrame.length;
            }
            finished = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Nothing more will be offered: the writer writes what is queued, then {@link #take} returns null. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The transport is gone: drops everything and gives the budget back. */
    public void abandon() {
        lock.lock();
        try {
            dropData();
            for (Encoded e : control) {
                queuedBytes -= e.bytes().length();
            }
            control.clear();
            finished = true;
            abandoned = true;
            ready.signal();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dropData() {
        for (Encoded e : data) {
            queuedBytes -= e.bytes().length();
            if (e.kind() == Kind.DATA) {
                dataBytes -= e.bytes().length();
                budget.release(e.bytes().length());
            }
        }
        data.clear();
    }

    /**
     * The frames to write next, waiting for one: the first in line, then those behind it, in the same order, while
     * they come to at most {@code maxBytes} in all and up to our Close; empty once finished and empty. The writer puts
     * them on the wire in one write (a stream of small frames costs one system call per batch, not per frame), then
     * calls {@link #written}. Only one batch is out at a time, the writer's or the reading thread's.
     */
    public List<Encoded> takeSome(int maxBytes) throws InterruptedException {
        lock.lock();
        try {
            while (writing || control.isEmpty() && data.isEmpty()) {
                if (finished && !writing && control.isEmpty() && data.isEmpty()) {
                    return List.of();
                }
                ready.await(1, TimeUnit.MINUTES);
            }
            return batch(maxBytes, true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * For the reading thread, before it reads again: the frames it queued {@code deferred}, to write itself (no thread
     * hand-off for an echo), unless a batch is out already; what it leaves (our Close, more than {@code maxBytes}) goes
     * to the writer. Empty if there is nothing for it. Call {@link #written} after writing them.
     */
    public List<Encoded> takeDeferred(int maxBytes) {
        lock.lock();
        try {
            if (!deferred || writing) {
                return List.of();
            }
            deferred = false;
            List<Encoded> batch = batch(maxBytes, false);
            if (!control.isEmpty() || !data.isEmpty()) {
                ready.signal();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private List<Encoded> batch(int maxBytes, boolean closeToo) {
        List<Encoded> batch = new ArrayList<>(4);
        long size = 0;
        for (Encoded next; (next = control.isEmpty() ? data.peek() : control.peek()) != null; size += next.bytes().length()) {
            if (!batch.isEmpty() && (size + next.bytes().length() > maxBytes || batch.getLast().kind() == Kind.CLOSE)
                    || next.kind() == Kind.CLOSE && !closeToo) {
                break;
            }
            batch.add(control.isEmpty() ? data.poll() : control.poll());
        }
        writing = !batch.isEmpty();
        return batch;
    }

    /** The batch from {@link #takeSome} or {@link #takeDeferred} is written (or given up on): its bytes leave the count and the budget. */
    public void written(List<Encoded> batch) {
        long all = batch.stream().mapToLong(e -> e.bytes().length()).sum();
        long dataWritten = batch.stream().filter(e -> e.kind() == Kind.DATA).mapToLong(e -> e.bytes().length()).sum();
        lock.lock();
        try {
            queuedBytes -= all;
            dataBytes -= dataWritten;
            writing = false;
            if (finished || !control.isEmpty() || !data.isEmpty()) {
                ready.signal();                       // the writer may go on (not woken for nothing: no hand-off)
            }
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        budget.release(dataWritten);
    }

    /**
     * Waits until at most {@code bytes} are queued (0: everything offered so far is written), or nothing more will be
     * written. False if {@code timeout} passed first. A sender that wants back-pressure, not a bound, waits here.
     */
    public boolean awaitAtMost(long bytes, java.time.Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            if (deferred) {
                deferred = false;                     // the reading thread waits here: the writer writes them
                ready.signal();
            }
            while (queuedBytes > bytes && !abandoned) {
                if (left <= 0) {
                    return false;
                }
                left = drained.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes offered and not yet written. */
    public long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }
}
