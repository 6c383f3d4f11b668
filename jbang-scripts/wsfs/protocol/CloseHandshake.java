package wsfs.protocol;

import java.util.Optional;

/**
 * The closing handshake and the connection state as a pure state machine (chapter 09): no socket, no clock, no
 * bytes. {@link Connection} feeds it what happens and queues the Close frames it answers.
 * <pre>
 *   OPEN --we close: send Close----------------------------> CLOSING (Close sent)  --their Close arrives--+
 *   OPEN --their Close arrives: answer with Close----------> CLOSING (both sent)   ----------------------+--> handshake complete
 *   OPEN --a rule is broken: send Close with its code------> CLOSING (failed)                                   |
 *   any  --TCP closed--------------------------------------> CLOSED  (clean only if the handshake completed) <---+
 * </pre>
 * Rules it enforces:
 * <ul>
 *   <li>Section 5.5.1: after sending a Close frame, an endpoint sends nothing more ({@link #maySend()} turns false;
 *       the RFC forbids data frames, we also hold back pongs, as the peer discards everything after our Close).</li>
 *   <li>Section 5.5.1: an endpoint that receives a Close and has not sent one answers with a Close, echoing the
 *       status code (an empty Close is answered with an empty Close, since 1005 must not be sent).</li>
 *   <li>Section 7.1.1: once both Close frames are exchanged, the server closes the TCP connection first; the client
 *       waits for that (bounded by a timeout). When the connection is failed, whoever fails it closes at once
 *       (section 7.1.7).</li>
 *   <li>Sections 7.1.4 and 7.1.5: the connection closed cleanly if the handshake completed; the close code is the
 *       one in the Close frame received, 1005 if it had none, 1006 if none was received.</li>
 * </ul>
 * Every method is synchronized, so the edge of chapter 14 may ask for the state from any thread.
 */
public final class CloseHandshake {
    private final Role role;
    private ReadyState state = ReadyState.OPEN;
    private ClosePayload sent;        // the Close we sent, or null
    private ClosePayload received;    // the Close we received, or null
    private boolean failed;           // we failed the connection (section 7.1.7)

    /** A handshake for a connection that is already OPEN (the opening handshake is done). */
    public CloseHandshake(Role role) {
        this.role = role;
    }

    public Role role() {
        return role;
    }

    public synchronized ReadyState state() {
        return state;
    }

    /** Whether data frames, pings and pongs may still be sent: OPEN and no Close sent (section 5.5.1). */
    public synchronized boolean maySend() {
        return state == ReadyState.OPEN && sent == null;
    }

    public synchronized Optional<ClosePayload> sent() {
        return Optional.ofNullable(sent);
    }

    public synchronized Optional<ClosePayload> received() {
        return Optional.ofNullable(received);
    }

    /** Both Close frames have been exchanged. */
    public synchronized boolean complete() {
        return sent != null && received != null;
    }

    public synchronized boolean failed() {
        return failed;
    }

    /**
     * The application starts the closing handshake. Returns the Close frame to send, or nothing if a Close was
     * already sent or received (closing twice does nothing, as in the browser).
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    public synchronized Optional<Frame> close(ClosePayload payload) {
        // EXERCISE 09-closing-states: we start closing: our Close once, then CLOSING (RFC 6455 sections 5.5.1 and 7.1.2)
        Frame frame = payload.toFrame();          // validates code and reason first
        if (state != ReadyState.OPEN || sent != null) {
            return Optional.empty();
        }
        sent = payload;
        state = ReadyState.CLOSING;
        return Optional.of(frame);
        // END EXERCISE
    }

    /**
     * The peer's Close frame arrived. Returns our answering Close (section 5.5.1), or nothing if we had already
     * sent ours (then this Close is the answer and the handshake is complete).
     */
    public synchronized Optional<Frame> closeReceived(ClosePayload payload) {
        // EXERCISE 09-closing-states: their Close arrived: answer once, echoing the code (RFC 6455 section 5.5.1)
        if (received != null) {
            throw new IllegalStateException("a second Close frame: the endpoint stops reading after the first");
        }
        received = payload;
        if (state == ReadyState.OPEN) {
            state = ReadyState.CLOSING;
        }
        if (sent != null || state == ReadyState.CLOSED) {
            return Optional.empty();
        }
        sent = payload.hasCode() ? ClosePayload.of(payload.code()) : ClosePayload.EMPTY;
        return Optional.of(sent.toFrame());
        // END EXERCISE
    }

    /**
     * The endpoint must fail the connection (section 7.1.7) with this code. Returns the Close frame to send first,
     * with a reason naming the rule (cut to 123 bytes), or nothing if a Close was already sent.
     */
    public synchronized Optional<Frame> fail(CloseCode code, String reason) {
        // EXERCISE 09-closing-states: fail the connection: a Close with the code and the reason cut to 123 bytes, unless one was sent (section 7.1.7)
        failed = true;
        if (state == ReadyState.OPEN) {
            state = ReadyState.CLOSING;
        }
        if (sent != null || state == ReadyState.CLOSED || !code.sendable()) {
            return Optional.empty();
        }
        sent = new ClosePayload(code, ClosePayload.truncateReason(reason));
        return Optional.of(sent.toFrame());
        // END EXERCISE
    }

    /**
     * Who closes TCP now. True: close it (after our last bytes are out). False: wait for the peer to close it
     * first, then close it ourselves (bounded by a timeout). Section 7.1.1: "the server MUST close the underlying
     * TCP connection first ... the client SHOULD wait for the server to close the connection"; a failing endpoint
     * closes without waiting (section 7.1.7).
     */
    public synchronized boolean closesTransportFirst() {
        // EXERCISE 09-closing-states: the server (or a failing endpoint) closes TCP first; the client waits (section 7.1.1)
        return role == Role.SERVER || failed || !complete();
        // END EXERCISE
    }

    /** The TCP connection is closed: CLOSED, and the event the application gets. Idempotent. */
    public synchronized CloseEvent transportClosed() {
        // EXERCISE 09-closing-states: TCP is closed: CLOSED; clean only if both Close frames were exchanged and nothing failed (sections 7.1.4, 7.1.5)
        state = ReadyState.CLOSED;
        if (complete() && !failed) {
            return new CloseEvent(received.code(), received.reason(), true);
        }
        return CloseEvent.abnormal();
        // END EXERCISE
    }
}
