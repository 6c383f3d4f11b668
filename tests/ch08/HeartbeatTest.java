package ch08;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.Heartbeat;
import wsfs.view.HexDump;

/** The heartbeat's bookkeeping, with an in-memory peer instead of a socket. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HeartbeatTest {
    static final Duration INTERVAL = Duration.ofMillis(50);
    static final Duration TIMEOUT = Duration.ofMillis(200);

    @Test
    void thePayloadIsAnEightByteCounter() {
        assertArrayEquals(HexDump.parse("00 00 00 00 00 00 00 2a"), Heartbeat.payloadFor(42));
        assertEquals(OptionalLong.of(42), Heartbeat.sequenceOf(Heartbeat.payloadFor(42)));
        assertEquals(OptionalLong.empty(), Heartbeat.sequenceOf(new byte[0]));
        assertEquals(OptionalLong.empty(), Heartbeat.sequenceOf(new byte[] {1, 2, 3}));
    }

    @Test
    void aPeerThatAnswersIsAliveAndTheRoundTripIsMeasured() throws InterruptedException {
        CountDownLatch threeAnswers = new CountDownLatch(3);
        List<Long> sequences = new CopyOnWriteArrayList<>();
        Heartbeat[] hb = new Heartbeat[1];
        hb[0] = new Heartbeat(payload -> hb[0].pongReceived(payload), INTERVAL, TIMEOUT, new Heartbeat.Listener() {
            @Override
            public void onRoundTrip(long sequence, Duration roundTrip) {
                sequences.add(sequence);
                threeAnswers.countDown();
            }

            @Override
            public void onDead(long sequence, Duration timeout) {
                throw new AssertionError("a peer that answers is not dead");
            }
        });
        try (Heartbeat heartbeat = hb[0].start()) {
            assertTrue(threeAnswers.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(1L, 2L, 3L), sequences.subList(0, 3));
            assertTrue(heartbeat.lastRoundTrip().isPresent());
            assertFalse(heartbeat.dead());
        }
    }

    @Test
    void aSilentPeerIsDeclaredDeadOnce() throws InterruptedException {
        BlockingQueue<Long> dead = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
        Heartbeat heartbeat = new Heartbeat(sent::add, INTERVAL, TIMEOUT, new Heartbeat.Listener() {
            @Override
            public void onDead(long sequence, Duration timeout) {
                dead.add(sequence);
            }
        }).start();
        try (heartbeat) {
            assertEquals(1L, dead.poll(10, TimeUnit.SECONDS), "ping 1 was never answered");
            assertTrue(heartbeat.dead());
            assertEquals(1, heartbeat.pingsSent(), "no second ping while the first was unanswered");
            assertEquals(1, sent.size());
            assertEquals(0, heartbeat.pongsMatched());
        }
    }

    @Test
    void pongsThatAnswerNoOutstandingPingAreIgnored() throws InterruptedException {
        BlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
        BlockingQueue<Long> dead = new LinkedBlockingQueue<>();
        Heartbeat heartbeat = new Heartbeat(sent::add, INTERVAL, TIMEOUT, new Heartbeat.Listener() {
            @Override
            public void onDead(long sequence, Duration timeout) {
                dead.add(sequence);
            }
        });
        try (heartbeat) {
            assertFalse(heartbeat.pongReceived(new byte[0]), "an unsolicited pong before any ping");
            heartbeat.start();
            byte[] ping = sent.poll(10, TimeUnit.SECONDS);
            assertFalse(heartbeat.pongReceived(Heartbeat.payloadFor(99)), "a pong for a ping never sent");
            assertFalse(heartbeat.pongReceived("hello".getBytes()), "an unsolicited pong with other data");
            assertTrue(heartbeat.pongReceived(ping), "the real answer");
            assertFalse(heartbeat.pongReceived(ping), "the same answer twice counts once");
            assertEquals(1, heartbeat.pongsMatched());
        }
    }
}
