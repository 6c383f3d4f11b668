package wsfs.io;

import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on open WebSocket connections (chapter 15): the upgrade request beyond the cap gets 503 with Retry-After
 * during the handshake, before it costs a connection's memory. RFC 6455 section 4.2.2: the server may answer
 * with any HTTP status; 503 says "not now" (RFC 9110 section 15.6.4).
 */
final class ConnectionCap {
    private final int maxConnections;
    private final AtomicInteger reserved = new AtomicInteger();

    ConnectionCap(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Takes a slot, or refuses with 503 when all are taken; each slot taken is given back by {@link #release}. */
    void admit() throws HandshakeRejected {
        if (reserved.incrementAndGet() > maxConnections) {
            reserved.decrementAndGet();
            throw new HandshakeRejected(503, "This server has " + maxConnections
                    + " connections already (its connection limit); try again later",
                    "RFC 9110 section 15.6.4", HttpHeaders.of("Retry-After", "5"));
        }
    }

    void release() {
        reserved.decrementAndGet();
    }
}
