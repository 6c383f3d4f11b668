package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.ProtocolViolation;

/**
 * The part of a {@link MemoryBudget} that the message being received holds (chapter 11). A data frame's announced
 * length is taken when its header arrives, before its payload is read ({@code Connection.announcedMessageBytes()}),
 * and goes back once the message is complete; so a peer cannot make us hold a 64 MiB message the budget has no room
 * for. For the connection's reading thread only.
 */
public final class MessageReservation {
    private final MemoryBudget budget;
    private long reserved;

    public MessageReservation(MemoryBudget budget) {
        this.budget = budget;
    }

    /**
     * Makes the reservation {@code want} bytes: gives back what is no longer needed, takes what is. Null, or the
     * violation to fail the connection with if the budget is spent (1013, section 10.4's limits).
     */
    public ProtocolViolation follow(long want) {
        // EXERCISE 11-memory-budget: make the reservation want bytes: give back what is no longer needed, take what is; a spent budget is a 1013 violation (section 10.4)
        if (want < reserved) {
            budget.release(reserved - want);
            reserved = want;
        } else if (want > reserved) {
            if (!budget.tryReserve(want - reserved)) {
                return new ProtocolViolation(CloseCode.TRY_AGAIN_LATER, "10.4",
                        "The server's memory for messages is spent; try again later");
            }
            reserved = want;
        }
        return null;
        // END EXERCISE
    }

    /** The connection is closed: everything goes back. */
    public void releaseAll() {
        // EXERCISE 11-memory-budget: the connection is closed: give everything back
        budget.release(reserved);
        reserved = 0;
        // END EXERCISE
    }
}
