package wsfs.io;

import java.net.SocketTimeoutException;

/**
 * The edge gave up on a peer (chapters 07 and 08): a write stalled past its deadline, a frame did not complete in
 * time, the outbox overflowed, the memory budget was spent, or the heartbeat found the peer dead. The connection
 * has already logged its one line for it; the listener's onError receives this as the cause.
 */
public final class EdgeFailure extends SocketTimeoutException {
    public EdgeFailure(String problem) {
        super(problem);
    }
}
