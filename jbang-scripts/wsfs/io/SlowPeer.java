package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Limits;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * When the edge gives up on a peer that is slow or greedy (chapter 13): the RFC sets no time limits, so these are our
 * policy, not its protocol. Each case becomes one call to {@link GiveUp}, which fails the connection and logs one line:
 * <ul>
 *   <li>a write blocked for {@link Limits#writeTimeout()} (the peer does not read): TCP is aborted at once, no Close
 *       can get through; the close event says 1006;</li>
 *   <li>a frame not complete {@link Limits#frameTimeout()} after its first byte (a peer trickling it): 1008, policy
 *       violation (section 7.4.1: "a generic status code ... when there is no other more suitable status code");</li>
 *   <li>more than {@link Limits#maxOutbox()} bytes waiting (the peer does not read fast enough): 1008 "not reading";</li>
 *   <li>the shared {@link MemoryBudget} spent: 1013, try again later (the IANA registry's code for an overloaded
 *       server; section 10.4 asks for such limits).</li>
 * </ul>
 * The deadlines are checked on the {@link EdgeTimer}, so {@link GiveUp} must never block.
 */
public final class SlowPeer {

    /** Fails the connection with {@code code} ({@code writeStuck}: no Close can be written) and logs {@code problem}. */
    @FunctionalInterface
    public interface GiveUp {
        void giveUp(CloseCode code, String reason, boolean writeStuck, String problem);
    }

    private SlowPeer() {
    }

    /**
     * Checks the write and frame deadlines every tenth of the shorter one (10 ms to 1 s), on the {@link EdgeTimer},
     * until the returned future is cancelled.
     *
     * @param writeStartedAt when the chunk being written started, 0 if none ({@link OutboxWriter#writeStartedAt})
     * @param frameStartedAt when the frame being read started, 0 if none ({@link FrameClockInputStream#frameStartedAt})
     */
    public static ScheduledFuture<?> watchDeadlines(Limits limits, LongSupplier writeStartedAt,
                                                    LongSupplier frameStartedAt, LongSupplier queuedBytes,
                                                    GiveUp giveUp) {
        Duration shortest = limits.writeTimeout().compareTo(limits.frameTimeout()) < 0
                ? limits.writeTimeout() : limits.frameTimeout();
        long periodMillis = Math.clamp(shortest.toMillis() / 10, 10, 1000);
        return EdgeTimer.every(Duration.ofMillis(periodMillis), () -> {
            long now = System.nanoTime();
            long writing = writeStartedAt.getAsLong();
            if (writing != 0 && now - writing > limits.writeTimeout().toNanos()) {
                giveUp.giveUp(CloseCode.POLICY_VIOLATION, "", true,
                        "write stalled for %d ms with %d bytes queued: the peer is not reading; TCP aborted"
                                .formatted(limits.writeTimeout().toMillis(), queuedBytes.getAsLong()));
                return;
            }
            long frame = frameStartedAt.getAsLong();
            if (frame != 0 && now - frame > limits.frameTimeout().toNanos()) {
                giveUp.giveUp(CloseCode.POLICY_VIOLATION, "Frame not complete within %d s (policy)"
                        .formatted(limits.frameTimeout().toSeconds()), false,
                        "1008 frame not complete %d ms after its first byte".formatted(limits.frameTimeout().toMillis()));
            }
        });
    }

    /** What a refused offer means: the peer does not read (1008) or the memory budget is spent (1013). */
    public static void refused(Outbox.Offer offer, long queued, Outbox outbox, MemoryBudget budget, GiveUp giveUp) {
        switch (offer) {
            case OVERFLOW -> giveUp.giveUp(CloseCode.POLICY_VIOLATION, "Not reading: " + queued + " bytes queued", false,
                    "1008 not reading: %d bytes queued (outbox bound %d)".formatted(queued, outbox.maxBytes()));
            case OVER_BUDGET -> giveUp.giveUp(CloseCode.TRY_AGAIN_LATER, "Server memory for messages spent", false,
                    "1013 the memory budget is spent (%d of %d bytes in use)".formatted(budget.used(), budget.capacity()));
            case QUEUED, CLOSED -> {
            }
        }
    }
}
