package wsfs.io;

import wsfs.protocol.ByteString;

import java.time.Duration;

/**
 * The simplest useful server behaviour (chapter 14): every text and binary message goes back unchanged, text
 * as text and binary as binary. Pings are answered by the connection itself (section 5.5.2), so there is
 * nothing to do here for them. The echo mode of {@code 15_Operating.java serve}, which benchmarks and
 * conformance tools talk to, is a {@code WebSocketServer} with this listener.
 * <p>
 * An echo keeps pace with its peer: once more than {@link #HIGH_WATER} bytes of answers wait to be written, it
 * stops reading (this listener runs on the reading thread) until they are written. A peer that sends a burst
 * faster than it reads is slowed down by TCP instead of being closed for overflowing the outbox; a peer that
 * never reads is cut off by the write deadline.
 */
public final class EchoListener implements WebSocketListener {
    public static final long HIGH_WATER = 1 << 20;

    @Override
    public void onText(WebSocketConnection c, String text) {
        c.sendText(text); // false if the connection is closing: then there is no one to answer
        keepPace(c);
    }

    @Override
    public void onBinary(WebSocketConnection c, ByteString data) {
        c.sendBinary(data);
        keepPace(c);
    }

    private static void keepPace(WebSocketConnection c) {
        if (c.bufferedAmount() <= HIGH_WATER) {
            return;
        }
        try {
            Duration bound = c.limits().writeTimeout().multipliedBy(2);
            c.awaitDrained(bound);       // ends early when the connection closes (the write deadline closes it)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
