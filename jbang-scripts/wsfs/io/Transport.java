package wsfs.io;

import wsfs.protocol.Role;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TCP under a WebSocket connection and how it ends (chapter 12): closed once, whoever asks first; the FIN after
 * our last frame ({@link #shutdownOutput}); reading to the peer's FIN before closing; and the close timeout, which
 * closes it if the peer does not finish in time. Thread-safe: the reading thread, the writer and the
 * {@link EdgeTimer} all may close it.
 */
public final class Transport {
    private final Closeable transport;
    private final Duration closeTimeout;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean timerStarted = new AtomicBoolean();
    private volatile ScheduledFuture<?> closeTimer;
    private volatile boolean closedOnPurpose;     // we closed it (abort, timeout): the read that fails is no error

    /**
     * @param transport    what to close (usually the Socket; if it is one, its output can be shut down first)
     * @param closeTimeout how long closing may take once it starts, whatever the peer does
     */
    public Transport(Closeable transport, Duration closeTimeout) {
        this.transport = transport;
        this.closeTimeout = closeTimeout;
    }

    /** Closes it, once; the close timeout has nothing left to do. */
    public void close() {
        if (closing.compareAndSet(false, true)) {
            try {
                transport.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            }
            ScheduledFuture<?> timer = closeTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /** Sends our FIN (section 7.1.1: the side that closes first); a TLS socket or a closed one is left alone. */
    public void shutdownOutput() {
        if (transport instanceof Socket socket) {
            try {
                socket.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // Already closed, or a TLS socket: closing is enough.
            }
        }
    }

    /** Starts the close timeout (the first call only): when it runs out, the transport is closed on purpose. */
    public void startCloseTimeout() {
        if (!timerStarted.compareAndSet(false, true)) {
            return;
        }
        closeTimer = EdgeTimer.after(closeTimeout, () -> {
            if (!closing.get()) {
                closedOnPurpose = true;                       // the peer did not finish closing in time
                close();
            }
        });
    }

    /**
     * Reads and discards until the peer's FIN, then closes. Reading to the end, rather than closing at once, keeps
     * unread bytes from turning our close into a reset that could destroy our Close frame before the peer reads it.
     * The close timeout bounds the wait (it closes the transport, which ends the read).
     */
    public void drainAndClose(InputStream in) {
        byte[] discard = new byte[8192];
        try {
            while (in.read(discard) != -1) {
                // 1.4: "after receiving a control frame indicating the connection should be closed, a peer
                // discards any further data received".
            }
        } catch (IOException ignored) {
            // The timeout closed the transport, or the peer reset it: either way, we are done.
        }
        close();
    }

    /** From now on a failed read or write is our doing (an abort, a deadline), not the peer's. */
    public void closingOnPurpose() {
        closedOnPurpose = true;
    }

    public boolean closedOnPurpose() {
        return closedOnPurpose;
    }

    /** The peer's address for a log line. */
    public String peer(Role role) {
        return transport instanceof Socket s ? String.valueOf(s.getRemoteSocketAddress())
                : role.toString().toLowerCase() + " peer";
    }
}
