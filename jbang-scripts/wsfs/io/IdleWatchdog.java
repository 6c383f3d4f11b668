package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.ReadyState;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * An idle time-out (chapter 15): every so often, closes with 1001 "going away" (RFC 6455 section 7.4.1) the
 * connections of a server that have sent no byte for longer than the time-out. It ends with the server.
 */
final class IdleWatchdog {
    private IdleWatchdog() {
    }

    /** Starts watching {@code core}'s connections on a virtual thread of its own. */
    static void start(ServerCore core, Duration idleTimeout, Consumer<String> log) {
        Thread.ofVirtual().name("ws-idle-watchdog").start(() -> watch(core, idleTimeout, log));
    }

    private static void watch(ServerCore core, Duration idleTimeout, Consumer<String> log) {
        long limit = idleTimeout.toNanos();
        long every = Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4));
        while (core.isRunning()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            for (ServerCore.Session s : core.sessions()) {
                if (s.activity().idleNanos() > limit && s.connection().readyState() == ReadyState.OPEN) {
                    log.accept("closing the connection of " + s.peer() + " with 1001: idle for "
                            + idleTimeout.toSeconds() + " s");
                    s.connection().close(CloseCode.GOING_AWAY, "idle for too long");
                }
            }
        }
    }
}
