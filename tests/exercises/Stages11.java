package exercises;

import wsfs.io.MemoryBudget;
import wsfs.io.MessageReservation;
import wsfs.io.Outbox;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 11's stages: the memory budget shared by every connection, and the outbox's bound. */
final class Stages11 {
    private Stages11() {
    }

    static byte[] text(String s) {
        return FrameCodec.encode(Frame.text(s));
    }

    static byte[] ping() {
        return FrameCodec.encode(Frame.ping(new byte[0]));
    }

    static String kinds(List<Outbox.Encoded> batch) {
        List<String> out = new ArrayList<>();
        for (Outbox.Encoded e : batch) {
            out.add(Show.inline(e.bytes().toByteArray()));
        }
        return out.toString();
    }

    static List<Stage> stages() {
        String limits = "RFC 6455 section 10.4: \"implementation-specific limits\"; this one counts every peer together";
        String bound = "our policy (the RFC sets no queue size): a peer that does not read is closed with 1008 (section 7.4.1)";
        return List.of(
                core("11-memory-budget", "bytes are taken while they fit, refused when they do not", limits,
                        "tryReserve: if used + bytes > capacity return false and take nothing; else add them and return true.", () -> {
                            MemoryBudget budget = new MemoryBudget(100);
                            Expect.equal("new MemoryBudget(100).tryReserve(60)", true, () -> budget.tryReserve(60));
                            Expect.equal("then tryReserve(41)", false, budget.tryReserve(41));
                            Expect.equal("used() after a refused tryReserve(41)", 60L, budget.used());
                            Expect.equal("then tryReserve(40)", true, budget.tryReserve(40));
                            Expect.equal("used() with the budget full", 100L, budget.used());
                        }),
                core("11-memory-budget", "bytes given back can be taken again", limits,
                        "release(bytes): used goes down by bytes (nothing for bytes <= 0).", () -> {
                            MemoryBudget budget = new MemoryBudget(100);
                            budget.tryReserve(100);
                            Expect.run("release(30) on a full budget of 100", "used() 70", () -> {
                                budget.release(30);
                                return null;
                            });
                            Expect.equal("used() after release(30)", 70L, budget.used());
                            Expect.equal("then tryReserve(30)", true, budget.tryReserve(30));
                        }),
                core("11-memory-budget", "a message's reservation follows its announced length, then goes back", limits + "; 1013 when it is spent",
                        "follow(want): want < reserved -> release the difference; want > reserved -> tryReserve the difference or return a 1013 violation.", () -> {
                            MemoryBudget budget = new MemoryBudget(100);
                            MessageReservation reservation = new MessageReservation(budget);
                            Expect.equal("follow(60) on an empty budget of 100", null, () -> reservation.follow(60));
                            Expect.equal("used() after follow(60)", 60L, budget.used());
                            Expect.equal("follow(20): the message needs less now", null, reservation.follow(20));
                            Expect.equal("used() after follow(20)", 20L, budget.used());
                            ProtocolViolation spent = reservation.follow(101);
                            Expect.equal("follow(101) on a budget of 100: the violation's code", CloseCode.TRY_AGAIN_LATER,
                                    spent == null ? null : spent.closeCode());
                            Expect.equal("used() after a refused follow(101)", 20L, budget.used());
                            reservation.releaseAll();
                            Expect.equal("used() after releaseAll()", 0L, budget.used());
                        }),
                core("11-outbox-bound", "a message within the bound is queued, in order", bound,
                        "offerMessage: not finished, within the bound, budget reserved: add each frame as Kind.DATA, count its bytes, signal ready.", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            Expect.equal("offerMessage([\"a\"]) on an empty outbox", Outbox.Offer.QUEUED, () -> outbox.offerMessage(List.of(text("a")), false));
                            outbox.offerMessage(List.of(text("b")), false);
                            Expect.equal("queuedBytes() after two 3-byte frames", 6L, outbox.queuedBytes());
                            Expect.equal("the batch the writer takes", List.of("81 01 61", "81 01 62").toString(), kinds(outbox.takeSome(1 << 16)));
                        }),
                core("11-outbox-bound", "past the bound: OVERFLOW, and nothing of the message is queued", bound,
                        "dataBytes > 0 && queuedBytes + size > maxBytes -> Offer.OVERFLOW, before anything is added.", () -> {
                            Outbox outbox = new Outbox(8, new MemoryBudget(1 << 20));
                            outbox.offerMessage(List.of(text("hello")), false);
                            Expect.equal("a second 7-byte message into an outbox bound to 8 bytes", Outbox.Offer.OVERFLOW,
                                    () -> outbox.offerMessage(List.of(text("world")), false));
                            Expect.equal("queuedBytes() after the refused offer", 7L, outbox.queuedBytes());
                        }),
                core("11-outbox-bound", "one message larger than the bound passes when no data waits", bound + "; so a 64 MiB echo still works",
                        "The bound applies only when data already waits (dataBytes > 0).", () -> {
                            Outbox outbox = new Outbox(8, new MemoryBudget(1 << 20));
                            Expect.equal("a 1000-byte message into an empty outbox bound to 8 bytes", Outbox.Offer.QUEUED,
                                    () -> outbox.offerMessage(List.of(FrameCodec.encode(Frame.binary(new byte[1000]))), false));
                        }),
                core("11-outbox-bound", "the shared budget spent: OVER_BUDGET", limits + "; 1013 (try again later)",
                        "budget.tryReserve(size) false -> Offer.OVER_BUDGET (after the bound check, before adding).", () -> {
                            MemoryBudget budget = new MemoryBudget(10);
                            Outbox outbox = new Outbox(1 << 20, budget);
                            Expect.equal("a 7-byte message, budget 10", Outbox.Offer.QUEUED, () -> outbox.offerMessage(List.of(text("hello")), false));
                            Expect.equal("another 7-byte message, 3 bytes of budget left", Outbox.Offer.OVER_BUDGET, outbox.offerMessage(List.of(text("world")), false));
                            Expect.equal("budget.used()", 7L, budget.used());
                        }),
                core("11-outbox-bound", "nothing after our Close: CLOSED", "RFC 6455 section 5.5.1: after a Close, no more data frames",
                        "finished -> Offer.CLOSED, first of all.", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            outbox.offerClose(FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, null, new byte[] {0x03, (byte) 0xe8})));
                            Expect.equal("offerMessage after offerClose", Outbox.Offer.CLOSED, () -> outbox.offerMessage(List.of(text("late")), false));
                            Expect.equal("offerControl(ping) after offerClose", Outbox.Offer.CLOSED, outbox.offerControl(ping()));
                        }),
                core("11-outbox-bound", "a Ping goes ahead of the waiting data", "RFC 6455 section 5.4: control frames may come between data frames",
                        "offerControl: within the bound, add to the control queue (the writer takes it first), count its bytes, signal ready.", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            outbox.offerMessage(List.of(text("a")), false);
                            Expect.equal("offerControl(ping) behind a queued \"a\"", Outbox.Offer.QUEUED, () -> outbox.offerControl(ping()));
                            Expect.equal("the batch the writer takes", List.of("89 00", "81 01 61").toString(), kinds(outbox.takeSome(1 << 16)));
                            Outbox full = new Outbox(4, new MemoryBudget(1 << 20));
                            full.offerMessage(List.of(text("a")), false);
                            Expect.equal("offerControl(ping) with 3 of 4 bytes waiting", Outbox.Offer.OVERFLOW, full.offerControl(ping()));
                        }),
                challenge("11-memory-budget", "sixteen threads race for the last bytes: never more than the capacity", limits,
                        "Read used, check, then compareAndSet(now, now + bytes), in a loop: a get-then-add lets two threads take the same bytes.", () -> {
                            for (int round = 0; round < 20; round++) {
                                MemoryBudget budget = new MemoryBudget(5_000);
                                AtomicInteger granted = new AtomicInteger();
                                CountDownLatch go = new CountDownLatch(1);
                                List<Thread> threads = new ArrayList<>();
                                for (int t = 0; t < 16; t++) {
                                    threads.add(Thread.ofPlatform().start(() -> {
                                        try {
                                            go.await();
                                        } catch (InterruptedException e) {
                                            return;
                                        }
                                        for (int i = 0; i < 1_000; i++) {
                                            if (budget.tryReserve(1)) {
                                                granted.incrementAndGet();
                                            }
                                        }
                                    }));
                                }
                                go.countDown();
                                for (Thread t : threads) {
                                    t.join(10_000);
                                }
                                Expect.equal("16 threads x 1,000 tryReserve(1) on a budget of 5,000 (round " + (round + 1) + "): reservations granted",
                                        5_000, granted.get());
                                Expect.equal("used() after the race", 5_000L, budget.used());
                            }
                        }));
    }
}
