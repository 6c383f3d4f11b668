package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.ProtocolViolation;

/**
 * The part of a {@link MemoryBudget} that the message being received holds (chapter 09). A data frame's announced
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
    }

    /** The connection is closed: everything goes back. */
    public void releaseAll() {
        budget.release(reserved);
        reserved = 0;
    }
}
