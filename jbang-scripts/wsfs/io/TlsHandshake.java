package wsfs.io;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The TLS handshake both sides run (chapter 24): ALPN "http/1.1" (RFC 7301), one deadline for the whole handshake,
 * and the chain of an exception's messages, which is where the JDK says what went wrong.
 */
public final class TlsHandshake {
    private TlsHandshake() {
    }

    /** ALPN: WebSocket's opening handshake is HTTP/1.1 (RFC 6455 section 4.1; over HTTP/2 it would be RFC 8441). */
    public static final String[] ALPN = {"http/1.1"};

    /**
     * Runs the TLS handshake with one deadline for the whole of it: a peer that sends its ClientHello one byte at a
     * time still runs out of time (the socket's read time-out alone restarts with every byte).
     */
    static void run(SSLSocket tls, Socket tcp, Duration budget, String peer) throws IOException {
        ScheduledFuture<?> deadline = EdgeTimer.after(budget, () -> {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing is the point
            }
        });
        try {
            tls.startHandshake();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("the TLS handshake with " + peer + " did not finish within "
                    + budget.toMillis() + " ms");
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new SocketTimeoutException("the TLS handshake with " + peer + " did not finish within "
                        + budget.toMillis() + " ms");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /** The messages of {@code e} and all its causes, joined: the JDK's reason is often a few causes down. */
    static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
