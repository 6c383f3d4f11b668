package wsfs.protocol;

import java.time.Duration;

/**
 * The bounds an endpoint puts on its peer (chapter 05; the close timeout is used from chapter 07).
 * RFC 6455 section 10.4: "Implementations SHOULD impose implementation-specific limits on frame sizes and
 * the total message size after reassembly from multiple frames" — a peer may announce a 2^63-byte frame,
 * and an endpoint that believes it runs out of memory. Past a limit the endpoint closes with 1009.
 *
 * @param maxFramePayload the largest frame payload read (larger: 1009 before reading the payload)
 * @param maxMessageSize  the largest reassembled message (larger: 1009 before buffering the fragment)
 * @param closeTimeout    how long to wait for the peer's part of the closing handshake (section 7.1.1)
 *                        before the TCP connection is closed anyway
 */
public record Limits(long maxFramePayload, long maxMessageSize, Duration closeTimeout) {

    public static final long MiB = 1024L * 1024L;

    public Limits {
        // A control frame carries up to 125 bytes (section 5.5); every endpoint must be able to read one.
        if (maxFramePayload < FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("maxFramePayload must be at least 125 (a control frame): " + maxFramePayload);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive: " + closeTimeout);
        }
    }

    /** 16 MiB frames, 64 MiB messages, 5 seconds to finish the closing handshake. */
    public static Limits defaults() {
        return new Limits(16 * MiB, 64 * MiB, Duration.ofSeconds(5));
    }

    public Limits withMaxFramePayload(long bytes) {
        return new Limits(bytes, maxMessageSize, closeTimeout);
    }

    public Limits withMaxMessageSize(long bytes) {
        return new Limits(maxFramePayload, bytes, closeTimeout);
    }

    public Limits withCloseTimeout(Duration timeout) {
        return new Limits(maxFramePayload, maxMessageSize, timeout);
    }
}
