///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 11_Backpressure.java
//SOURCES wsfs/io/EdgeTimer.java
//SOURCES wsfs/io/Transport.java
//SOURCES wsfs/io/FrameClockInputStream.java
//SOURCES wsfs/io/OutboxWriter.java
//SOURCES wsfs/io/LockedConnection.java
//MAIN Deadlines

// Chapter 12: the edge's threads and clock. One writer thread per connection drains its outbox (the only code
// that writes to the socket); one timer thread for the whole process runs every deadline, measured from the moment
// a wait started (a frame's first byte, a chunk's write, the start of closing), never per read.

import wsfs.protocol.FrameParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.io.EdgeTimer;
import wsfs.io.FrameClockInputStream;
import wsfs.io.MemoryBudget;
import wsfs.io.Outbox;
import wsfs.io.OutboxWriter;
import wsfs.io.Transport;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Connection;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

class Deadlines {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Deadlines::help);
        }
    }

    static void help() {
        System.out.println("""
                12_Deadlines.java: the edge's threads and clock (chapter 12)

                  (no arguments)     demo over loopback: the writer thread drains an outbox (a ping first, our Close
                                     last); a peer trickling a frame runs out of its frame deadline (1008); a peer
                                     that never answers our Close meets the close timeout
                  --help             this text
                """);
    }

    /** A loopback pair: [0] our end, [1] the peer's. */
    static Socket[] pair(ServerSocket server) throws IOException {
        Socket ours = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        return new Socket[] {ours, server.accept()};
    }

    static void demo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            writer(server);
            frameDeadline(server);
            closeTimeout(server);
        }
        System.out.println("\nDone: chapter 13 puts these parts together in WebSocketConnection.");
    }

    static void writer(ServerSocket server) throws Exception {
        Close.section("1. One writer thread drains the outbox; the senders never touch the socket");
        Socket[] s = pair(server);
        try (Socket ours = s[0]; Socket peer = s[1]) {
            Outbox outbox = new Outbox(1 << 20, new MemoryBudget(1 << 20));
            Transport transport = new Transport(ours, Duration.ofSeconds(1));
            OutboxWriter writer = new OutboxWriter(outbox, ours.getOutputStream(), transport, () -> false);
            Thread app = Thread.ofPlatform().name("application").start(() -> {
                outbox.offerMessage(List.of(FrameCodec.encode(Frame.text("hello"))), false);
                outbox.offerControl(FrameCodec.encode(Frame.ping(new byte[] {'x'})));
                outbox.offerClose(FrameCodec.encode(new Frame(true, 0, wsfs.protocol.Opcode.CLOSE, null, HexDump.parse("03 e8"))));
            });
            app.join(5_000);
            System.out.println("The application thread queued \"hello\", a ping and our Close 1000, and returned.");
            writer.ensureStarted();
            writer.awaitDone(Duration.ofSeconds(5));
            byte[] got = peer.getInputStream().readNBytes(7 + 3 + 4);
            System.out.println("The writer thread (" + "ws-frame-writer" + ") wrote them; the peer read:\n");
            for (Frame f : FrameParser.parseAll(got, Role.CLIENT, 1 << 16)) {   // the peer reads as a client
                byte[] frame = FrameCodec.encode(f);
                System.out.printf("    %-24s %s%n", HexDump.hex(frame), Core.describe(frame, Role.SERVER));
            }
            System.out.println("\nThe ping went ahead of \"hello\" (section 5.4); the writer stopped after our Close (5.5.1).");
        }
    }

    static void frameDeadline(ServerSocket server) throws Exception {
        Close.section("2. A deadline, not a per-read time-out: a frame trickled one byte every 60 ms");
        Duration frameTimeout = Duration.ofMillis(200);
        Socket[] s = pair(server);
        try (Socket ours = s[0]; Socket peer = s[1]) {
            ours.setSoTimeout(1_000);                         // a per-read time-out that no single read trips
            FrameClockInputStream in = new FrameClockInputStream(ours.getInputStream());
            Transport transport = new Transport(ours, Duration.ofSeconds(1));
            CountDownLatch expired = new CountDownLatch(1);
            ScheduledFuture<?> check = EdgeTimer.every(Duration.ofMillis(20), () -> {
                long started = in.frameStartedAt();
                if (started != 0 && System.nanoTime() - started > frameTimeout.toNanos() && expired.getCount() > 0) {
                    transport.closingOnPurpose();
                    expired.countDown();
                    transport.close();                        // the timer never blocks: it closes, it does not write
                }
            });
            byte[] frame = HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58");   // a masked "Hello", RFC 6455 section 5.7
            Thread trickler = Thread.ofPlatform().start(() -> {
                try {
                    OutputStream out = peer.getOutputStream();
                    for (byte b : frame) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(60);                     // the peer is slow on purpose (not synchronisation)
                    }
                } catch (IOException | InterruptedException ignored) {
                    // We closed the connection under it.
                }
            });
            System.out.println("frameTimeout " + frameTimeout.toMillis() + " ms, a per-read time-out of 1000 ms. The peer sends "
                    + HexDump.hex(frame) + " one byte at a time:\n");
            long t0 = System.nanoTime();
            int n = 0;
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    n++;
                    System.out.printf("    %4d ms  byte %2d: %02x%n", (System.nanoTime() - t0) / 1_000_000, n, b);
                }
            } catch (IOException e) {
                // The timer closed the socket: the read fails.
            }
            check.cancel(false);
            trickler.join(5_000);
            boolean ran = expired.await(5, TimeUnit.SECONDS);
            System.out.printf("%n    %4d ms  frame deadline passed (%s): the edge fails the connection%n",
                    (System.nanoTime() - t0) / 1_000_000, ran ? "closed on purpose: " + transport.closedOnPurpose() : "not reached");
            Connection c = new Connection(Role.SERVER, Close.DEMO_LIMITS);
            c.fail(CloseCode.POLICY_VIOLATION, "frame not complete within " + frameTimeout.toMillis() + " ms");
            for (byte[] close : c.dataToSend()) {
                System.out.println("\nThe Close it queues first (section 7.1.7), then TCP is closed:\n    "
                        + Close.abbreviate(HexDump.hex(close), 60) + "\n    " + Core.describe(close, Role.SERVER));
            }
            System.out.println("\nNo read waited 1000 ms, so a per-read time-out would have waited for ever; the deadline ran"
                    + " from the frame's first byte.");
        }
    }

    static void closeTimeout(ServerSocket server) throws Exception {
        Close.section("3. The close timeout: a peer that never answers our Close");
        Socket[] s = pair(server);
        try (Socket ours = s[0]; Socket peer = s[1]) {
            Transport transport = new Transport(ours, Duration.ofMillis(300));
            byte[] close = FrameCodec.encode(new Frame(true, 0, wsfs.protocol.Opcode.CLOSE, null, HexDump.parse("03 e8")));
            ours.getOutputStream().write(close);
            System.out.println("We sent our Close " + HexDump.hex(close) + " and wait for the peer's; closeTimeout is 300 ms.");
            long t0 = System.nanoTime();
            transport.startCloseTimeout();
            InputStream in = ours.getInputStream();
            transport.drainAndClose(in);                      // reads to the peer's FIN, or until the timeout closes TCP
            System.out.printf("After %d ms the timer closed TCP (on purpose: %s); the close event says 1006.%n",
                    (System.nanoTime() - t0) / 1_000_000, transport.closedOnPurpose());
            peer.getInputStream().readNBytes(close.length);
        }
    }
}
