package wsfs.io;

import wsfs.view.LogLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The accept loop of a server (chapter 14): takes each new TCP connection off the listening socket and serves it
 * on a virtual thread of its own, so one slow client holds only its own thread, never the loop.
 * <p>
 * <b>It survives errors</b>: a failed {@code accept()} (most often EMFILE, "Too many open files": every file
 * descriptor is in use, so the kernel cannot hand us the waiting connection) does not end the loop. The connection
 * stays in the backlog, the failure is logged once per burst, the loop backs off (50 ms doubling to 1.6 s, as
 * Tomcat's acceptor does) and accepts again; descriptors come back as clients leave. Only {@link #stop} ends it.
 * <p>
 * Public so that chapter 14's checks can drive it with a listening socket that fails on purpose.
 */
public final class AcceptLoop implements Runnable {

    /** The first pause after a failed accept; each further failure in a row doubles it, up to the maximum. */
    static final Duration ACCEPT_BACKOFF_MIN = Duration.ofMillis(50);
    static final Duration ACCEPT_BACKOFF_MAX = Duration.ofMillis(1600);

    private final ServerSocket listener;
    private final Set<Socket> open;
    private final Consumer<Socket> serve;
    private final Consumer<String> log;
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running = true;

    /**
     * @param open  every accepted socket goes in here before its thread starts ({@code serve} takes it out at the
     *              end), so a shutdown can close the sockets that are still open
     * @param serve serves one socket, on that socket's own virtual thread
     */
    public AcceptLoop(ServerSocket listener, Set<Socket> open, Consumer<Socket> serve, Consumer<String> log) {
        this.listener = listener;
        this.open = open;
        this.serve = serve;
        this.log = log;
    }

    @Override
    public void run() {
        // EXERCISE 14-accept-loop: accept until stop(); each socket into open, then served on a virtual thread of its own; a failed accept is logged once per burst and backed off (50 ms doubling to 1.6 s), never the end
        long backoffMillis = 0;
        int failures = 0;
        while (running) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!running) {
                    return; // stop() closed the listener
                }
                if (failures++ == 0) {
                    log.accept("accept failed: " + LogLine.escape(String.valueOf(e.getMessage()))
                            + "; backing off (" + ACCEPT_BACKOFF_MIN.toMillis() + " ms doubling to "
                            + ACCEPT_BACKOFF_MAX.toMillis() + " ms) and accepting again");
                }
                backoffMillis = backoffMillis == 0 ? ACCEPT_BACKOFF_MIN.toMillis()
                        : Math.min(ACCEPT_BACKOFF_MAX.toMillis(), backoffMillis * 2);
                pause(backoffMillis);
                continue;
            }
            if (failures > 0) {
                log.accept("accepting again after " + failures + " failed accept" + (failures == 1 ? "" : "s"));
                failures = 0;
                backoffMillis = 0;
            }
            open.add(socket);
            int id = accepted.incrementAndGet();
            try {
                Thread.ofVirtual().name("ws-conn-" + id).start(() -> serve.accept(socket));
            } catch (RuntimeException | OutOfMemoryError e) {
                open.remove(socket);
                closeQuietly(socket);
                log.accept("could not start a thread for a new connection: " + e);
            }
        }
        // END EXERCISE
    }

    /** Ends the loop: no new connections (the listening socket is closed). Idempotent. */
    public void stop() {
        running = false;
        stopping.countDown();
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Waits {@code millis}, or less if the loop is stopping. */
    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
