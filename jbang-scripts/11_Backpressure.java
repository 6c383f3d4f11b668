///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 10_Core.java
//SOURCES wsfs/io/MemoryBudget.java
//SOURCES wsfs/io/MessageReservation.java
//SOURCES wsfs/io/Outbox.java
//SOURCES wsfs/io/OnDemandBufferedInputStream.java
//MAIN Backpressure

// Chapter 11: the outbox and the memory budget. A connection's frames wait in a bounded outbox (order, control
// frames first, a bound past which the peer is closed with 1008); every byte held for any peer is counted against
// one memory budget (1013 when it is spent); an input buffer is held only while bytes wait.

import wsfs.io.FrameReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import wsfs.app.CommandLine;
import wsfs.io.MemoryBudget;
import wsfs.io.MessageReservation;
import wsfs.io.OnDemandBufferedInputStream;
import wsfs.io.Outbox;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

class Backpressure {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "outbox" -> outbox(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Backpressure::help);
        }
    }

    static void help() {
        System.out.println("""
                11_Backpressure.java: the outbox and the memory budget (chapter 11)

                  (no arguments)     demo: the outbox's order and bound, the shared memory budget, a buffer only
                                     while bytes wait (loopback)
                  outbox BOUND TEXT...
                                     offers each TEXT as a message to an outbox of BOUND bytes and says how each
                                     offer went (QUEUED, OVERFLOW), then the frames in the order the writer takes them
                  --help             this text
                """);
    }

    static byte[] text(String s) {
        return FrameCodec.encode(Frame.text(s));
    }

    static void show(List<Outbox.Encoded> batch) {
        for (Outbox.Encoded e : batch) {
            byte[] wire = e.bytes().toByteArray();
            System.out.printf("    %-30s %-7s %s%n", Close.abbreviate(HexDump.hex(wire), 30), e.kind(), Core.describe(wire, Role.SERVER));
        }
    }

    static void outbox(String[] rest) throws InterruptedException {
        if (rest.length < 2) {
            System.err.println("outbox: give a bound in bytes and at least one message, e.g. outbox 20 hello world again");
            System.exit(2);
        }
        long bound;
        try {
            bound = Long.parseLong(rest[0]);
        } catch (NumberFormatException e) {
            bound = -1;
        }
        if (bound < 1) {
            System.err.println("outbox: the bound must be a positive number of bytes, not \"" + rest[0] + "\"");
            System.exit(2);
        }
        Outbox outbox = new Outbox(bound, new MemoryBudget(1 << 30));
        for (int i = 1; i < rest.length; i++) {
            byte[] frame = text(rest[i]);
            Outbox.Offer offer = outbox.offerMessage(List.of(frame), false);
            System.out.printf("  offer \"%s\" (%d bytes on the wire): %s, %d bytes wait%n", Close.abbreviate(rest[i], 30),
                    frame.length, offer, outbox.queuedBytes());
        }
        outbox.finish();
        System.out.println("  the writer takes, in one batch:");
        show(outbox.takeSome(1 << 16));
    }

    static void demo() throws Exception {
        Close.section("1. The outbox: senders queue whole frames and return; one writer takes them out");
        System.out.println("A server's outbox bound to 20 bytes. Two messages are offered, then a ping, then a third message.\n");
        Outbox outbox = new Outbox(20, new MemoryBudget(1 << 20));
        System.out.println("  offer \"hello\"  (7 bytes): " + outbox.offerMessage(List.of(text("hello")), false));
        System.out.println("  offer \"world\"  (7 bytes): " + outbox.offerMessage(List.of(text("world")), false));
        System.out.println("  offer a ping \"x\" (3 bytes): " + outbox.offerControl(FrameCodec.encode(Frame.ping(new byte[] {'x'}))));
        System.out.println("  offer \"again\"  (7 bytes): " + outbox.offerMessage(List.of(text("again")), false)
                + "   (17 + 7 > 20: the peer is not reading; the edge closes it with 1008)");
        System.out.println("\nThe writer takes what waits, in one batch: the ping went ahead of the data (section 5.4).\n");
        show(outbox.takeSome(1 << 16));

        System.out.println("\nOne message larger than the bound is accepted when nothing waits, so a big echo still works:");
        Outbox empty = new Outbox(20, new MemoryBudget(1 << 20));
        byte[] big = FrameCodec.encode(Frame.binary(new byte[1000]));
        System.out.println("  offer 1000 bytes of binary (" + big.length + " on the wire) to an empty outbox of 20: "
                + empty.offerMessage(List.of(big), false));

        Close.section("2. One memory budget for every peer: 1013 when it is spent");
        MemoryBudget budget = new MemoryBudget(100);
        MessageReservation alice = new MessageReservation(budget);
        MessageReservation bob = new MessageReservation(budget);
        System.out.println("A budget of 100 bytes, two peers. A frame header announces its length before any payload:\n");
        System.out.println("  alice's header: 82 3c (60 bytes)   reserve 60: " + verdict(alice.follow(60)) + ", " + budget);
        ProtocolViolation spent = bob.follow(50);
        System.out.println("  bob's header:   82 32 (50 bytes)   reserve 50: " + verdict(spent) + ", " + budget);
        System.out.println("  alice's message is delivered: her 60 bytes go back, " + release(alice, budget));
        System.out.println("  bob again:                          reserve 50: " + verdict(bob.follow(50)) + ", " + budget);
        System.out.println("\nThe Close the edge sends bob the first time, from the violation (section 7.1.7):\n");
        wsfs.protocol.Connection c = new wsfs.protocol.Connection(Role.SERVER, Close.DEMO_LIMITS);
        c.fail(spent.closeCode(), wsfs.protocol.Connection.reasonFor(spent));
        for (byte[] frame : c.dataToSend()) {
            System.out.println("  " + Close.abbreviate(HexDump.hex(frame), 60) + "  " + Core.describe(frame, Role.SERVER));
        }

        Close.section("3. A buffer only while bytes wait (loopback)");
        onDemand();
        System.out.println("\nDone: every offer, reservation and read above is what chapter 13's WebSocketConnection does per frame.");
    }

    static String verdict(ProtocolViolation v) {
        return v == null ? "ok" : "refused, " + v.closeCode().code() + " (" + v.section() + ")";
    }

    static String release(MessageReservation r, MemoryBudget budget) {
        r.releaseAll();
        return budget.toString();
    }

    /** Ten small frames over a loopback socket, read as a frame reader reads them: 2 header bytes, then the rest. */
    static void onDemand() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            byte[] all = new byte[0];
            for (int i = 0; i < 10; i++) {
                byte[] f = text("m" + i);
                byte[] joined = java.util.Arrays.copyOf(all, all.length + f.length);
                System.arraycopy(f, 0, joined, all.length, f.length);
                all = joined;
            }
            OutputStream out = peer.getOutputStream();
            out.write(all);
            out.flush();
            System.out.println("The peer wrote ten text frames in one write: " + Close.abbreviate(HexDump.hex(all), 44));
            AtomicInteger socketReads = new AtomicInteger();
            InputStream raw = client.getInputStream();
            InputStream counting = new InputStream() {
                @Override
                public int read() throws IOException {
                    socketReads.incrementAndGet();
                    return raw.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    socketReads.incrementAndGet();
                    return raw.read(b, off, len);
                }

                @Override
                public int available() throws IOException {
                    return raw.available();
                }
            };
            long until = System.nanoTime() + 5_000_000_000L;
            while (raw.available() < all.length && System.nanoTime() < until) {
                Thread.onSpinWait();                  // the ten frames are in the socket's buffer: all are waiting
            }
            OnDemandBufferedInputStream in = new OnDemandBufferedInputStream(counting);
            FrameReader frames = new FrameReader(in, Role.CLIENT, 1 << 16);    // chapter 05's reader: a header, then the payload
            StringBuilder texts = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                texts.append(frames.read().payloadAsText()).append(' ');
            }
            System.out.println("Chapter 05's FrameReader read the ten frames (each in small reads: its header, then its payload): "
                    + texts.toString().trim());
            System.out.println("They reached the socket " + socketReads.get() + " time(s): one 8 KiB buffer, taken while the bytes"
                    + " waited, dropped when it was empty.");
        }
    }
}
