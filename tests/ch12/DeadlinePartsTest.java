package ch12;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.EdgeTimer;
import wsfs.io.FrameClockInputStream;
import wsfs.io.MemoryBudget;
import wsfs.io.Outbox;
import wsfs.io.OutboxWriter;
import wsfs.io.Transport;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;
import wsfs.view.HexDump;

/**
 * Chapter 12's parts alone, no socket: the transport and its close timeout, the frame clock, the one timer thread,
 * and the writer that drains the outbox. Chapter 13's tests check them inside a connection over real sockets.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeadlinePartsTest {

    static byte[] text(String s) {
        return FrameCodec.encode(Frame.text(s));
    }

    @Test
    void theCloseTimeoutClosesTheTransportOnPurposeOnce() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        int[] closes = {0};
        Closeable tcp = () -> {
            closes[0]++;
            closed.countDown();
        };
        Transport transport = new Transport(tcp, Duration.ofMillis(20));
        transport.startCloseTimeout();
        transport.startCloseTimeout();
        assertTrue(closed.await(5, TimeUnit.SECONDS), "the close timeout closes the transport");
        assertTrue(transport.closedOnPurpose(), "a timeout is our doing, not the peer's");
        transport.close();
        assertEquals(1, closes[0], "closed once, whoever asks");
    }

    @Test
    void drainingReadsToTheEndThenCloses() {
        int[] closes = {0};
        Transport transport = new Transport(() -> closes[0]++, Duration.ofSeconds(5));
        ByteArrayInputStream rest = new ByteArrayInputStream(new byte[20_000]);
        transport.drainAndClose(rest);
        assertEquals(0, rest.available(), "1.4: what follows a Close is read and discarded");
        assertEquals(1, closes[0]);
        assertEquals(false, transport.closedOnPurpose());
    }
    @Test
    void theFrameClockStartsWithAFramesFirstByteAndStopsAtItsEnd() throws Exception {
        FrameClockInputStream in = new FrameClockInputStream(new ByteArrayInputStream(HexDump.parse("81 02 68 69 89 00")));
        assertEquals(0, in.frameStartedAt(), "between frames no clock runs");
        in.read();
        long started = in.frameStartedAt();
        assertNotEquals(0, started, "the first byte starts the frame's clock");
        in.read(new byte[3], 0, 3);
        assertEquals(started, in.frameStartedAt(), "a trickle of bytes does not reset it: a deadline, not a per-read time-out");
        in.betweenFrames();
        assertEquals(0, in.frameStartedAt());
        in.stopWatching();
        in.read(new byte[2], 0, 2);
        assertEquals(0, in.frameStartedAt(), "closing: the close timeout bounds what is read now");
    }

    @Test
    void theOneTimerThreadRunsEveryTaskAndSurvivesOneThatThrows() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(2);
        String[] thread = new String[1];
        EdgeTimer.after(Duration.ofMillis(1), () -> {
            ran.countDown();
            throw new IllegalStateException("a task that fails");
        });
        EdgeTimer.after(Duration.ofMillis(5), () -> {
            thread[0] = Thread.currentThread().getName();
            ran.countDown();
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the second task still runs");
        assertEquals("wsfs-edge-timer", thread[0], "one daemon thread for every deadline of the process");
    }

    @Test
    void theWriterThreadWritesThePingFirstAndEndsAfterOurClose() throws Exception {
        Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int[] closes = {0};
        OutboxWriter writer = new OutboxWriter(outbox, wire, new Transport(() -> closes[0]++, Duration.ofSeconds(5)), () -> false);
        outbox.offerMessage(List.of(text("a")), false);
        outbox.offerControl(FrameCodec.encode(Frame.ping(new byte[0])));
        outbox.offerClose(FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, null, HexDump.parse("03 e8"))));
        writer.ensureStarted();
        writer.awaitDone(Duration.ofSeconds(5));
        assertEquals("89 00 81 01 61 88 02 03 e8", HexDump.hex(wire.toByteArray()),
                "5.4: the ping ahead of the data; 5.5.1: our Close last");
        assertEquals(0, closes[0], "a normal close: the writer leaves TCP open for the peer's Close");
        assertEquals(0, writer.writeStartedAt(), "no write under way");
    }
}
