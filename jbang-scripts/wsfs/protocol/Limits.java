package wsfs.protocol;

import java.time.Duration;

/**
 * The bounds an endpoint puts on its peer (chapter 07; the close timeout is used from chapter 09, the write and
 * frame deadlines and the outbox bound from chapter 14).
 * RFC 6455 section 10.4: "Implementations SHOULD impose implementation-specific limits on frame sizes and
 * the total message size after reassembly from multiple frames" — a peer may announce a 2^63-byte frame,
 * and an endpoint that believes it runs out of memory. Past a limit the endpoint closes with 1009.
 *
 * @param maxFramePayload the largest frame payload read (larger: 1009 before reading the payload)
 * @param maxMessageSize  the largest reassembled message (larger: 1009 before buffering the fragment)
 * @param closeTimeout    how long to wait for the peer's part of the closing handshake (section 7.1.1)
 *                        before the TCP connection is closed anyway
 * @param writeTimeout    how long one write to the socket may stay blocked (the peer does not read) before the
 *                        TCP connection is aborted (chapter 14)
 * @param frameTimeout    how long a frame may take from its first header byte to its last payload byte before the
 *                        connection is failed with 1008 (chapter 14: a peer trickling a frame must run out of time)
 * @param maxOutbox       how many bytes of frames may wait to be written; one message larger than this is accepted
 *                        when nothing else waits (chapter 14). Past it the connection is failed with 1008
 */
public record Limits(long maxFramePayload, long maxMessageSize, Duration closeTimeout,
                     Duration writeTimeout, Duration frameTimeout, long maxOutbox) {

    public static final long MiB = 1024L * 1024L;

    public Limits {
        // A control frame carries up to 125 bytes (section 5.5); every endpoint must be able to read one.
        if (maxFramePayload < FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("maxFramePayload must be at least 125 (a control frame): " + maxFramePayload);
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        requirePositive("closeTimeout", closeTimeout);
        requirePositive("writeTimeout", writeTimeout);
        requirePositive("frameTimeout", frameTimeout);
        if (maxOutbox < 1) {
            throw new IllegalArgumentException("maxOutbox must be positive: " + maxOutbox);
        }
    }

    /** The size limits and close timeout of chapters 07-13, with chapter 14's defaults for the rest. */
    public Limits(long maxFramePayload, long maxMessageSize, Duration closeTimeout) {
        this(maxFramePayload, maxMessageSize, closeTimeout, Duration.ofSeconds(30), Duration.ofSeconds(30), 16 * MiB);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** 16 MiB frames, 64 MiB messages, 5 s to finish the closing handshake, 30 s write and frame deadlines,
     *  16 MiB of queued frames (OkHttp's bound). */
    public static Limits defaults() {
        return new Limits(16 * MiB, 64 * MiB, Duration.ofSeconds(5));
    }

    public Limits withMaxFramePayload(long bytes) {
        return new Limits(bytes, maxMessageSize, closeTimeout, writeTimeout, frameTimeout, maxOutbox);
    }

    public Limits withMaxMessageSize(long bytes) {
        return new Limits(maxFramePayload, bytes, closeTimeout, writeTimeout, frameTimeout, maxOutbox);
    }

    public Limits withCloseTimeout(Duration timeout) {
        return new Limits(maxFramePayload, maxMessageSize, timeout, writeTimeout, frameTimeout, maxOutbox);
    }

    public Limits withWriteTimeout(Duration timeout) {
        return new Limits(maxFramePayload, maxMessageSize, closeTimeout, timeout, frameTimeout, maxOutbox);
    }

    public Limits withFrameTimeout(Duration timeout) {
        return new Limits(maxFramePayload, maxMessageSize, closeTimeout, writeTimeout, timeout, maxOutbox);
    }

    public Limits withMaxOutbox(long bytes) {
        return new Limits(maxFramePayload, maxMessageSize, closeTimeout, writeTimeout, frameTimeout, bytes);
    }
}
