package ch11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.MemoryBudget;
import wsfs.io.MessageReservation;
import wsfs.io.Outbox;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.view.HexDump;

/**
 * Chapter 11's parts alone, no socket: the outbox (order, control frames first, the bound) and the memory budget
 * with the message reservation. Chapter 13's tests (ClosingOnTheWireTest, EdgeDrivesConnectionTest, SlowPeerTest)
 * check them working together in a connection.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OutboxTest {

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
    void aSecondMessagePastTheBoundOverflowsButOneBigMessagePassesAlone() {
        Outbox outbox = new Outbox(8, new MemoryBudget(1 << 20));
        byte[] big = FrameCodec.encode(Frame.binary(new byte[1000]));
        assertEquals(Outbox.Offer.QUEUED, outbox.offerMessage(List.of(big), false), "one message larger than the bound, nothing waiting");
        assertEquals(Outbox.Offer.OVERFLOW, outbox.offerMessage(List.of(text("a")), false), "the peer does not read: 1008 at the edge");
        assertEquals(1004, outbox.queuedBytes(), "the refused message left nothing behind");
    }

    @Test
    void theSharedBudgetRefusesWhatTheBoundWouldAllow() {
        MemoryBudget budget = new MemoryBudget(10);
        Outbox one = new Outbox(1 << 20, budget);
        Outbox two = new Outbox(1 << 20, budget);
        assertEquals(Outbox.Offer.QUEUED, one.offerMessage(List.of(text("hello")), false));
        assertEquals(Outbox.Offer.OVER_BUDGET, two.offerMessage(List.of(text("world")), false), "two outboxes, one budget (10.4)");
        one.abandon();
        assertEquals(0, budget.used(), "an abandoned outbox gives its budget back");
        assertEquals(Outbox.Offer.QUEUED, two.offerMessage(List.of(text("world")), false));
    }

    @Test
    void writtenFramesLeaveTheCountAndTheBudget() throws InterruptedException {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Outbox outbox = new Outbox(1 << 20, budget);
        outbox.offerMessage(List.of(text("a"), text("b")), false);
        List<Outbox.Encoded> batch = outbox.takeSome(1 << 16);
        assertEquals(6, budget.used(), "taken is not written: the bytes still count");
        outbox.written(batch);
        assertEquals(0, outbox.queuedBytes());
        assertEquals(0, budget.used());
        assertTrue(outbox.awaitAtMost(0, Duration.ofSeconds(1)), "a sender waiting for the outbox to drain returns at once");
    }

    @Test
    void aBudgetMustBePositiveAndCountsNothingForNothing() {
        MemoryBudget budget = new MemoryBudget(1);
        assertTrue(budget.tryReserve(0));
        assertEquals(0, budget.used());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(0));
    }
}
