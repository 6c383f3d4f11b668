package wsfs.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget for the message bytes an endpoint holds for its peers (chapter 11): messages being reassembled and
 * frames waiting in outboxes. The per-connection limits ({@link wsfs.protocol.Limits}) bound one peer; this bounds
 * all of them together, so twenty clients that each send a 64 MiB message and never read the answer get a Close
 * with 1013 (try again later) instead of filling the heap until every connection dies of OutOfMemoryError.
 * RFC 6455 section 10.4 asks for "implementation-specific limits"; this is the one that counts peers together.
 * <p>
 * Thread-safe; reservations are plain counters, no bytes are allocated here.
 */
public final class MemoryBudget {
    private static final MemoryBudget PROCESS = new MemoryBudget(Runtime.getRuntime().maxMemory() / 4);

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    /** @param capacity bytes that may be reserved at once */
    public MemoryBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a memory budget must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The default: a quarter of the heap ({@code Runtime.maxMemory() / 4}), shared by every connection of the process. */
    public static MemoryBudget processWide() {
        return PROCESS;
    }

    /** Takes {@code bytes} from the budget if they fit; false (and nothing taken) if they do not. */
    public boolean tryReserve(long bytes) {
        // EXERCISE 11-memory-budget: take the bytes only if they fit under the capacity, all or nothing, safely from many threads (compare-and-set; RFC 6455 section 10.4's limits)
        if (bytes <= 0) {
            return true;
        }
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
        // END EXERCISE
    }

    /** Gives back bytes taken with {@link #tryReserve}. */
    public void release(long bytes) {
        // EXERCISE 11-memory-budget: give back bytes taken with tryReserve
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
        // END EXERCISE
    }

    public long capacity() {
        return capacity;
    }

    public long used() {
        return used.get();
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + used() + " of " + capacity + " bytes]";
    }
}
