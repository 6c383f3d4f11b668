package exercises;

import wsfs.io.FrameClockInputStream;
import wsfs.io.MemoryBudget;
import wsfs.io.Outbox;
import wsfs.io.OutboxWriter;
import wsfs.io.Transport;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 12's stages: the frame clock a deadline is measured with, and the writer that drains the outbox. */
final class Stages12 {
    private Stages12() {
    }

    static byte[] text(String s) {
        return FrameCodec.encode(Frame.text(s));
    }

    static byte[] close1000() {
        return FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, null, new byte[] {0x03, (byte) 0xe8}));
    }

    /** An output stream that counts its write calls and can be told to fail. */
    static class Wire extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean broken;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }
    }

    /** A TCP stand-in that remembers being closed. */
    static final class Tcp implements java.io.Closeable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** The writer's loop, run on this thread (it is the writer thread's whole work): it returns when the outbox says so. */
    static void writeLoop(OutboxWriter writer) throws Exception {
        Method loop = OutboxWriter.class.getDeclaredMethod("writeLoop");
        loop.setAccessible(true);
        try {
            loop.invoke(writer);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    static List<Stage> stages() {
        String deadline = "our policy (the RFC sets no time limits): a frame must arrive within frameTimeout of its first byte, or Close 1008";
        String writer = "RFC 6455 section 5.4: frames leave whole and in order; one writer per connection writes them";
        return List.of(
                core("12-frame-clock", "between frames no clock runs; a frame's first byte starts it", deadline,
                        "got(n): n > 0 and betweenFrames -> betweenFrames = false, frameStartedAt = System.nanoTime() | 1.", () -> {
                            FrameClockInputStream in = new FrameClockInputStream(new ByteArrayInputStream(new byte[] {(byte) 0x81, 0x05, 'H', 'e'}));
                            Expect.equal("frameStartedAt() before any read", 0L, in.frameStartedAt());
                            Expect.run("read() of the first byte, 81", "the clock started", in::read);
                            Expect.isTrue("frameStartedAt() after the first byte", in.frameStartedAt() != 0, "not 0", "0");
                        }),
                core("12-frame-clock", "the clock keeps the frame's start across reads", deadline + "; a trickling peer still runs out of time",
                        "Only the first read after a boundary starts the clock; later reads of the same frame leave frameStartedAt alone.", () -> {
                            FrameClockInputStream in = new FrameClockInputStream(new ByteArrayInputStream(new byte[] {(byte) 0x81, 0x05, 'H', 'e'}));
                            Expect.run("read() of 81", "the clock started", in::read);
                            long started = in.frameStartedAt();
                            in.read(new byte[3], 0, 3);
                            Expect.equal("frameStartedAt() after three more bytes of the same frame", started, in.frameStartedAt());
                        }),
                core("12-frame-clock", "betweenFrames() stops the clock; the next byte starts it again", deadline,
                        "betweenFrames(): when watching, betweenFrames = true and frameStartedAt = 0.", () -> {
                            FrameClockInputStream in = new FrameClockInputStream(new ByteArrayInputStream(new byte[] {(byte) 0x89, 0x00, (byte) 0x81, 0x00}));
                            in.read(new byte[2], 0, 2);
                            Expect.run("betweenFrames() after the ping 89 00", "frameStartedAt() 0", () -> {
                                in.betweenFrames();
                                return null;
                            });
                            Expect.equal("frameStartedAt() between frames", 0L, in.frameStartedAt());
                            in.read();
                            Expect.isTrue("frameStartedAt() after the next frame's first byte", in.frameStartedAt() != 0, "not 0", "0");
                        }),
                core("12-frame-clock", "the end of the stream starts nothing; closing stops the watch", deadline + "; while closing, the close timeout bounds the wait",
                        "read() = -1 and read(...) = -1 add no bytes; stopWatching(): watching = false, betweenFrames = false, frameStartedAt = 0.", () -> {
                            FrameClockInputStream empty = new FrameClockInputStream(new ByteArrayInputStream(new byte[0]));
                            Expect.equal("read() at the end of the stream", -1, () -> empty.read());
                            Expect.equal("read(b, 0, 4) at the end of the stream", -1, empty.read(new byte[4], 0, 4));
                            Expect.equal("frameStartedAt() after reading only the end", 0L, empty.frameStartedAt());
                            FrameClockInputStream closing = new FrameClockInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3}));
                            closing.read();
                            closing.stopWatching();
                            Expect.equal("frameStartedAt() after stopWatching()", 0L, closing.frameStartedAt());
                            closing.betweenFrames();
                            closing.read();
                            Expect.equal("frameStartedAt() for a byte read after stopWatching() and betweenFrames()", 0L, closing.frameStartedAt());
                        }),
                core("12-writer-drain", "the reading thread's own frames: written by writeDeferred, in one write", writer,
                        "write(batch): one frame is written as it is; several are joined into one array first; then flush; finally outbox.written(batch).", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            Wire wire = new Wire();
                            OutboxWriter w = new OutboxWriter(outbox, wire, new Transport(new Tcp(), Duration.ofSeconds(5)), () -> false);
                            outbox.offerMessage(List.of(text("a"), text("b")), true);
                            Expect.run("writeDeferred() with \"a\" and \"b\" queued by the reading thread", "81 01 61 81 01 62", () -> {
                                w.writeDeferred();
                                return null;
                            });
                            Expect.bytes("the bytes written", Stages04.hex("81 01 61 81 01 62"), wire.bytes.toByteArray());
                            Expect.equal("write calls", 1, wire.writes.get());
                            Expect.equal("outbox.queuedBytes() afterwards: written() was called", 0L, outbox.queuedBytes());
                        }),
                core("12-writer-drain", "the writer drains the outbox in its order and stops after our Close", writer + "; nothing after our Close (5.5.1)",
                        "writeLoop: while takeSome(WRITE_CHUNK) is not empty, write it; if its last frame is Kind.CLOSE, return (the FIN and the abort first).", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            Wire wire = new Wire();
                            Tcp tcp = new Tcp();
                            OutboxWriter w = new OutboxWriter(outbox, wire, new Transport(tcp, Duration.ofSeconds(5)), () -> false);
                            outbox.offerMessage(List.of(text("a")), false);
                            outbox.offerControl(FrameCodec.encode(Frame.ping(new byte[0])));
                            outbox.offerClose(close1000());
                            Expect.run("the writer's loop with \"a\", a ping and our Close 1000 queued", "89 00 81 01 61 88 02 03 e8", () -> {
                                writeLoop(w);
                                return null;
                            });
                            Expect.bytes("the bytes written (the ping went ahead)", Stages04.hex("89 00 81 01 61 88 02 03 e8"), wire.bytes.toByteArray());
                            Expect.equal("TCP closes on a normal close (the writer waits for the peer's Close)", 0, tcp.closes.get());
                        }),
                core("12-writer-drain", "an abort: our Close, then TCP is closed at once", "RFC 6455 section 7.1.7: fail the connection, send a Close if one can go, close TCP",
                        "After the batch with our Close: if closeAfterOurClose or failing, transport.shutdownOutput(); if closeAfterOurClose, transport.close().", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            Wire wire = new Wire();
                            Tcp tcp = new Tcp();
                            OutboxWriter w = new OutboxWriter(outbox, wire, new Transport(tcp, Duration.ofSeconds(5)), () -> true);
                            w.closeAfterOurClose();
                            outbox.failWith(FrameCodec.encode(new Frame(true, 0, Opcode.CLOSE, null, new byte[] {0x03, (byte) 0xf0})));
                            Expect.run("the writer's loop after an abort with 1008", "88 02 03 f0, then TCP closed", () -> {
                                writeLoop(w);
                                return null;
                            });
                            Expect.bytes("the bytes written", Stages04.hex("88 02 03 f0"), wire.bytes.toByteArray());
                            Expect.equal("TCP closes after our Close", 1, tcp.closes.get());
                        }),
                core("12-writer-drain", "a write that fails closes the transport and gives the bytes back", writer + "; the read loop then reports the peer gone (1006)",
                        "catch IOException in writeLoop: transport.close(); write() gives the batch back in a finally, whatever happened.", () -> {
                            MemoryBudget budget = new MemoryBudget(1 << 20);
                            Outbox outbox = new Outbox(1 << 20, budget);
                            Wire wire = new Wire();
                            wire.broken = true;
                            Tcp tcp = new Tcp();
                            OutboxWriter w = new OutboxWriter(outbox, wire, new Transport(tcp, Duration.ofSeconds(5)), () -> false);
                            outbox.offerMessage(List.of(text("lost")), false);
                            Expect.run("the writer's loop when the socket's write throws \"Broken pipe\"", "TCP closed, no exception", () -> {
                                writeLoop(w);
                                return null;
                            });
                            Expect.equal("TCP closed", 1, tcp.closes.get());
                            Expect.equal("budget.used() after the failed write", 0L, budget.used());
                        }),
                core("12-writer-drain", "a big frame goes out in 64 KiB chunks, each stamped", "our policy: the write deadline measures progress, one chunk at a time",
                        "for (at = 0; at < length; at += WRITE_CHUNK) { writeStartedAt = System.nanoTime() | 1; write that chunk }; writeStartedAt = 0 at the end.", () -> {
                            Outbox outbox = new Outbox(1 << 22, new MemoryBudget(1 << 22));
                            List<Long> stamps = new ArrayList<>();
                            OutboxWriter[] w = new OutboxWriter[1];
                            Wire wire = new Wire() {
                                @Override
                                public void write(byte[] b, int off, int len) throws IOException {
                                    stamps.add(w[0].writeStartedAt());
                                    super.write(b, off, len);
                                }
                            };
                            w[0] = new OutboxWriter(outbox, wire, new Transport(new Tcp(), Duration.ofSeconds(5)), () -> false);
                            byte[] frame = FrameCodec.encode(Frame.binary(new byte[200_000]));
                            outbox.offerMessage(List.of(frame), false);
                            outbox.finish();
                            Expect.run("the writer's loop with one frame of " + frame.length + " bytes", "4 writes of at most 65536 bytes", () -> {
                                writeLoop(w[0]);
                                return null;
                            });
                            Expect.equal("write calls for " + frame.length + " bytes", 4, wire.writes.get());
                            Expect.isTrue("writeStartedAt() during each write", stamps.stream().allMatch(s -> s != 0), "not 0 in every write", stamps.toString());
                            Expect.equal("writeStartedAt() after the writer is done", 0L, w[0].writeStartedAt());
                        }),
                challenge("12-writer-drain", "a hundred small frames that wait go out in a handful of writes", "one system call per batch, not per frame (chapter 21 measures it)",
                        "takeSome(WRITE_CHUNK) hands over every frame that waits; write joins them into one array before the one write.", () -> {
                            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
                            Wire wire = new Wire();
                            OutboxWriter w = new OutboxWriter(outbox, wire, new Transport(new Tcp(), Duration.ofSeconds(5)), () -> false);
                            for (int i = 0; i < 100; i++) {
                                outbox.offerMessage(List.of(text("m" + i)), false);
                            }
                            outbox.finish();
                            writeLoop(w);
                            Expect.isTrue("100 queued messages of 4-5 bytes, then the writer's loop: write calls", wire.writes.get() <= 2,
                                    "at most 2", String.valueOf(wire.writes.get()));
                            Expect.equal("bytes written", 100 * 4 + 90, wire.bytes.size());
                        }));
    }
}
