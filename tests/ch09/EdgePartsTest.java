package ch09;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.MemoryBudget;
import wsfs.io.MessageReservation;
import wsfs.io.Outbox;
import wsfs.io.Transport;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.view.HexDump;

/**
 * The parts WebSocketConnection is put together from, each alone: no socket, no connection. The connection's tests
 * (ClosingOnTheWireTest, chapter 14's EdgeDrivesConnectionTest and SlowPeerTest) check them working together.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EdgePartsTest {

    static byte[] text(String s) {
        return FrameCodec.encode(Frame.text(s));
    }

    static byte[] ping() {
        return FrameCodec.encode(Frame.ping(new byte[0]));
    }

    static byte[] close() {
        return FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, null, HexDump.parse("03 e8")));
    }

    static List<Opcode> kinds(List<Outbox.Encoded> batch) {
        return batch.stream().map(e -> {
            int code = e.bytes().toByteArray()[0] & 0x0F;
            return Arrays.stream(Opcode.values()).filter(o -> o.code() == code).findFirst().orElseThrow();
        }).toList();
    }

    @Test
    void offerFramesPutsAPingAheadOfDataAndTheCloseLast() throws InterruptedException {
        Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
        assertEquals(Outbox.Offer.QUEUED, outbox.offerFrames(List.of(text("a"), text("b")), false, false));
        assertEquals(Outbox.Offer.QUEUED, outbox.offerFrames(List.of(ping(), close()), false, false));
        assertEquals(List.of(Opcode.PING, Opcode.TEXT, Opcode.TEXT, Opcode.CLOSE), kinds(outbox.takeSome(1 << 16)),
                "5.4: a control frame may go between data frames; our Close after what is queued (5.5.1)");
    }

    @Test
    void failingDropsTheQueuedDataAndPutsTheCloseNext() throws InterruptedException {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Outbox outbox = new Outbox(1 << 20, budget);
        outbox.offerFrames(List.of(text("queued")), false, false);
        outbox.offerFrames(List.of(close()), true, false);
        assertEquals(List.of(Opcode.CLOSE), kinds(outbox.takeSome(1 << 16)), "7.1.7: failing, the Close is next");
        assertEquals(0, budget.used(), "the dropped data gave its budget back");
        assertEquals(Outbox.Offer.CLOSED, outbox.offerFrames(List.of(text("late")), false, false), "5.5.1: nothing after our Close");
    }

    @Test
    void failingWithNoCloseToSendStillDropsTheData() throws InterruptedException {
        Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
        outbox.offerFrames(List.of(text("queued")), false, false);
        outbox.offerFrames(List.of(), true, false);
        assertEquals(List.of(), outbox.takeSome(1 << 16));
    }

    @Test
    void aMessageReservationFollowsTheAnnouncedLengthAndGivesItAllBack() {
        MemoryBudget budget = new MemoryBudget(100);
        MessageReservation reservation = new MessageReservation(budget);
        assertNull(reservation.follow(60));
        assertEquals(60, budget.used());
        assertNull(reservation.follow(20));
        assertEquals(20, budget.used(), "what is no longer needed goes back");
        ProtocolViolation spent = reservation.follow(101);
        assertNotNull(spent);
        assertEquals(CloseCode.TRY_AGAIN_LATER, spent.closeCode());
        assertEquals(20, budget.used(), "a refused reservation takes nothing");
        reservation.releaseAll();
        assertEquals(0, budget.used());
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
}
