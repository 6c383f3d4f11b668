package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Graceful shutdown of a server (chapter 15): no new connections; 1001 "server shutting down" to every open one
 * (RFC 6455 section 7.4.1: "a server going down"); wait up to the time-out for the closing handshakes to finish;
 * then close every socket still open. Bounded by the time-out whatever the peers do: every close starts at once
 * on its own virtual thread (a close may wait for a write to a peer that does not read), and all of them share
 * one deadline.
 */
final class GracefulShutdown {
    private GracefulShutdown() {
    }

    /** Shuts {@code core} down; returns how many connections finished their closing handshake in time. */
    static int run(ServerCore core, Duration timeout, Consumer<String> log) {
        core.stopAccepting();
        List<ServerCore.Session> open = new ArrayList<>(core.sessions());
        for (ServerCore.Session s : open) {
            Thread.ofVirtual().name("ws-shutdown-close").start(() -> {
                try {
                    s.connection().close(CloseCode.GOING_AWAY, "server shutting down");
                } catch (RuntimeException ignored) {
                    // the connection is closing or closed already
                }
            });
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int clean = 0;
        int cutOff = 0;
        for (ServerCore.Session s : open) {
            boolean ended;
            try {
                ended = s.ended().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = s.ended().getCount() == 0;
            }
            if (!ended) {
                cutOff++;
            } else if (s.connection().closeEvent().map(CloseEvent::wasClean).orElse(false)) {
                clean++;
            }
        }
        core.closeSockets(); // those that did not finish in time, and those still in their handshake
        int otherwise = open.size() - clean - cutOff;
        log.accept("shut down: %d of %d connections finished their closing handshake in time, %d cut off%s"
                .formatted(clean, open.size(), cutOff, otherwise == 0 ? "" : ", " + otherwise + " ended without one"));
        return clean;
    }
}
