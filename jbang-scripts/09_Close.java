///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 08_PingPong.java
//SOURCES wsfs/protocol/ClosePayload.java
//SOURCES wsfs/protocol/ReadyState.java
//SOURCES wsfs/protocol/CloseEvent.java
//SOURCES wsfs/protocol/CloseHandshake.java
//SOURCES wsfs/protocol/Connection.java
//SOURCES wsfs/io/MemoryBudget.java
//SOURCES wsfs/io/MessageReservation.java
//SOURCES wsfs/io/Outbox.java
//SOURCES wsfs/io/OnDemandBufferedInputStream.java
//SOURCES wsfs/io/EdgeTimer.java
//SOURCES wsfs/io/Transport.java
//SOURCES wsfs/io/FrameClockInputStream.java
//SOURCES wsfs/io/OutboxWriter.java
//SOURCES wsfs/io/LockedConnection.java
//SOURCES wsfs/io/WebSocketListener.java
//SOURCES wsfs/io/SlowPeer.java
//SOURCES wsfs/io/WebSocketConnection.java
//MAIN Close

// Chapter 09: closing, RFC 6455 sections 5.5.1, 7 and 7.4. The closing handshake (a Close each way, then the
// server closes TCP), the connection's states, the status codes, and Connection: the protocol core that puts
// every layer so far together without any I/O (bytes in, events out). WebSocketConnection drives it from a
// socket in the loopback sections.

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import wsfs.protocol.CloseCode;
import wsfs.app.CommandLine;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Connection;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.view.FrameDescriber;
import wsfs.view.HexDump;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

class Close {
    static final Limits DEMO_LIMITS = Limits.defaults().withCloseTimeout(Duration.ofSeconds(1));
    /** The masking key of the RFC's examples (section 5.7): a demo key, never a real client's. */
    static final String RFC_KEY = "37 fa 21 3d";

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static void say(String who, String what) {
        synchronized (System.out) {
            System.out.printf("%-7s %s%n", who, what);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case "answer" -> answer(rest);
            case "core" -> core(rest);
            case "close-payload" -> closePayload(rest);
            case "codes" -> codes();
            case "decode" -> ReadingFrames.decode(rest, true);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Close::help);
        }
    }

    static void help() {
        System.out.println("""
                09_Close.java: the closing handshake, states and status codes, RFC 6455 sections 5.5.1, 7, 7.4 (chapter 09)

                  (no arguments)     demo: closes started by the client, by the server and by both at once, a
                                     connection failed for a broken rule, and a peer that never answers
                  answer HEX...      a real WebSocketConnection on loopback receives these bytes from a raw peer;
                                     prints every byte it sends back and how it ends. Masked input: it plays the
                                     server; unmasked: the client. Example: answer 88 82 37 fa 21 3d 34 12
                  core HEX...        the same without a socket: a Connection (the sans-I/O core) is fed these bytes
                                     one at a time; prints each event at the byte that completes it, the exact
                                     bytes it would write, and whether TCP should be closed now
                  close-payload HEX  reads a Close frame's body: code and reason, or the close code to answer with
                  codes              the status code table (section 7.4.1 and the IANA registry)
                  decode HEX...      as in 06_Masking.java: one frame at a time, field by field
                  --help             this text
                """);
    }

    // ---- codes and close-payload --------------------------------------------------------------------------

    static void codes() {
        System.out.println("code       may be sent  meaning");
        for (CloseCode c : CloseCode.registered()) {
            System.out.printf("%-10d %-12s %s%n", c.code(), c.sendable() ? "yes" : "NO", c.meaning());
        }
        System.out.printf("%-10s %-12s %s%n", "1004", "NO", CloseCode.of(1004).meaning());
        for (int[] range : new int[][] {{0, 999}, {1016, 2999}, {3000, 3999}, {4000, 4999}, {5000, 65535}}) {
            System.out.printf("%-10s %-12s %s%n", range[0] + "-" + range[1],
                    CloseCode.of(range[0]).sendable() ? "yes" : "NO", CloseCode.of(range[0]).meaning());
        }
    }

    static void closePayload(String[] hex) {
        byte[] body = CommandLine.hex(hex);
        try {
            ClosePayload p = ClosePayload.parse(body);
            if (!p.hasCode()) {
                System.out.println("An empty body: no status code. Reported locally as 1005; answered with an empty Close.");
            } else {
                System.out.printf("code %d (%s)%nreason \"%s\" (%d bytes of UTF-8)%nanswer: a Close with code %d%n",
                        p.code().code(), p.code().meaning(), p.reason(), body.length - 2, p.code().code());
            }
        } catch (ProtocolViolation v) {
            System.out.printf("invalid -> fail the connection with %d: %s%n", v.closeCode().code(), v.getMessage());
        }
    }

    // ---- watching the wire --------------------------------------------------------------------------------

    /** Prints each frame a connection writes (FrameWriter hands over one whole frame per write call). */
    static final class Tap extends FilterOutputStream {
        private final String who;
        private final Role role;

        Tap(OutputStream out, String who, Role role) {
            super(out);
            this.who = who;
            this.role = role;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] bytes = Arrays.copyOfRange(b, off, off + len);
            say(who, "sends " + abbreviate(HexDump.hex(bytes), 40) + "  " + describe(bytes, role));
            out.write(b, off, len);
        }
    }

    static String describe(byte[] wire, Role sender) {
        try {
            Frame f = FrameParser.decode(wire, sender.peer(), 1 << 24);
            if (f.opcode() == Opcode.CLOSE) {
                return "Close " + ClosePayload.parse(f.payload().toByteArray());
            }
            return f.opcode().name().toLowerCase() + (f.opcode() == Opcode.TEXT ? " \"" + f.payloadAsText() + "\"" : "");
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** A listener that prints what it hears and remembers how it ended. */
    static final class Printer implements WebSocketListener {
        final String who;
        final CountDownLatch closed = new CountDownLatch(1);

        Printer(String who) {
            this.who = who;
        }

        @Override
        public void onText(WebSocketConnection c, String text) {
            say(who, "onText \"" + text + "\"");
        }

        @Override
        public void onError(WebSocketConnection c, Throwable error) {
            say(who, "onError " + error.getMessage());
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            say(who, "onClose " + event + ", readyState " + c.readyState() + " (" + c.readyState().value() + ")");
            closed.countDown();
        }
    }

    /** A client and a server WebSocketConnection on the two ends of one loopback TCP connection. */
    record Pair(WebSocketConnection client, WebSocketConnection server, Printer clientEvents, Printer serverEvents)
            implements AutoCloseable {
        static Pair open() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket a = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket b = listener.accept();
                Printer ce = new Printer("client");
                Printer se = new Printer("server");
                WebSocketConnection client = new WebSocketConnection(a.getInputStream(),
                        new Tap(a.getOutputStream(), "client", Role.CLIENT), a, Role.CLIENT, DEMO_LIMITS, ce,
                        MaskingKeys.fixed(RFC_KEY));
                WebSocketConnection server = new WebSocketConnection(b.getInputStream(),
                        new Tap(b.getOutputStream(), "server", Role.SERVER), b, Role.SERVER, DEMO_LIMITS, se);
                Thread.ofVirtual().start(client::run);
                Thread.ofVirtual().start(server::run);
                return new Pair(client, server, ce, se);
            }
        }

        void awaitBoth() throws InterruptedException {
            clientEvents.closed.await(10, TimeUnit.SECONDS);
            serverEvents.closed.await(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            awaitBoth();
        }
    }

    // ---- answer -------------------------------------------------------------------------------------------

    static void answer(String[] hex) throws Exception {
        byte[] input = CommandLine.hex(hex);
        boolean masked = input.length >= 2 && (input[1] & 0x80) != 0;
        Role role = masked ? Role.SERVER : Role.CLIENT;
        System.out.printf("A %s WebSocketConnection receives %d bytes from a raw peer.%n", role.name().toLowerCase(), input.length);
        if (role == Role.CLIENT) {
            System.out.println("(A client waits for the server to close TCP first, section 7.1.1; this raw peer never does,\n"
                    + "so after a closing handshake the close timeout, 1 s here, ends the wait.)");
        }
        System.out.println();
        runAgainstRawPeer(role, input);
    }

    static void runAgainstRawPeer(Role role, byte[] input) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket b = listener.accept()) {
            raw.setSoTimeout(5_000);
            Printer events = new Printer("conn");
            WebSocketConnection c = new WebSocketConnection(b.getInputStream(), b.getOutputStream(), b, role,
                    DEMO_LIMITS, events, MaskingKeys.fixed(RFC_KEY));
            Thread.ofVirtual().start(c::run);
            say("peer", "sends " + abbreviate(HexDump.hex(input), 60));
            raw.getOutputStream().write(input);
            byte[] back = raw.getInputStream().readAllBytes();      // until the connection closes TCP
            say("peer", "reads %d bytes, then the end of the stream".formatted(back.length));
            if (back.length > 0) {
                System.out.println(HexDump.hex(back));
                System.out.print(FrameDescriber.text(back, true));
            }
            raw.close();
            events.closed.await(10, TimeUnit.SECONDS);
        }
    }

    // ---- core -------------------------------------------------------------------------------------------

    static void core(String[] hex) {
        byte[] input = CommandLine.hex(hex);
        if (input.length == 0) {
            System.err.println("core: give the bytes a peer sends, in hex (e.g. core 88 82 37 fa 21 3d 34 12)");
            System.exit(2);
        }
        boolean masked = input.length >= 2 && (input[1] & 0x80) != 0;
        runCore(masked ? Role.SERVER : Role.CLIENT, input);
    }

    /** Feeds a Connection one byte at a time: no socket, no thread, no clock. */
    static void runCore(Role role, byte[] input) {
        System.out.printf("A %s Connection is fed %d bytes, one at a time.%n", role.name().toLowerCase(), input.length);
        Connection c = new Connection(role, DEMO_LIMITS, MaskingKeys.fixed(RFC_KEY));
        byte[] bytes = input.clone();                  // the parser unmasks in place
        for (int i = 0; i < bytes.length; i++) {
            for (Connection.Event e : c.receive(bytes, i, 1)) {
                System.out.printf("  byte %3d  %s%n", i + 1, show(e));
            }
            for (byte[] frame : c.dataToSend()) {
                System.out.printf("            writes %s  %s%n", abbreviate(HexDump.hex(frame), 40), describe(frame, role));
            }
        }
        System.out.printf("state %s, mid-frame %s, close TCP now: %s%n", c.state(), c.midFrame(), c.closeTransportNow());
    }

    static String payload(byte[] bytes) {
        return bytes.length == 0 ? "(empty)" : HexDump.hex(bytes);
    }

    static String show(Connection.Event e) {
        return switch (e) {
            case Connection.TextReceived t -> "text \"" + abbreviate(t.text(), 40) + "\"";
            case Connection.BinaryReceived b -> "binary " + abbreviate(HexDump.hex(b.data().toByteArray()), 40);
            case Connection.PingReceived p -> "ping " + payload(p.payload().toByteArray()) + " (its pong is queued)";
            case Connection.PongReceived p -> "pong " + payload(p.payload().toByteArray());
            case Connection.CloseReceived r -> "Close " + r.payload() + " (our answer is queued; the rest is discarded)";
            case Connection.Failure f -> "Failure %d: %s (%s)".formatted(f.closeCode().code(), f.violation().rule(),
                    f.violation().section());
        };
    }

    // ---- the demo -----------------------------------------------------------------------------------------

    static void demo() throws Exception {
        section("1. The client closes (section 7.1.2): Close, Close back, the server closes TCP first");
        try (Pair p = Pair.open()) {
            p.client().sendText("bye soon");
            p.client().close(CloseCode.NORMAL_CLOSURE, "done");
            say("client", "readyState after close(): " + p.client().readyState());
        }

        section("2. The server closes: the client answers, then waits for the server to close TCP");
        try (Pair p = Pair.open()) {
            p.server().close(CloseCode.GOING_AWAY, "server shutting down");
        }

        section("3. Both close at the same moment: each Close is the other's answer");
        try (Pair p = Pair.open()) {
            CountDownLatch go = new CountDownLatch(1);
            Thread t = Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                p.server().close(CloseCode.NORMAL_CLOSURE, "");
            });
            go.countDown();
            p.client().close(CloseCode.NORMAL_CLOSURE, "");
            t.join();
        }
        System.out.println("(Who wrote first varies from run to run; either way there are exactly two Close frames.)");

        section("4. A broken rule fails the connection: Close 1002 naming it, TCP closed, the event says 1006");
        System.out.println("The peer sends a fragmented ping (89 with FIN=0 is 09), masked:\n");
        runAgainstRawPeer(Role.SERVER, wsfs.conformance.RawFrame.of(0x9, new byte[0]).fin(false).mask(HexDump.parse(RFC_KEY)).toBytes());

        section("5. A Close with code 1005 on the wire: 1005 only reports a missing code, so 1002");
        runAgainstRawPeer(Role.SERVER, wsfs.conformance.RawFrame.of(0x8, HexDump.parse("03 ed")).mask(HexDump.parse(RFC_KEY)).toBytes());

        section("6. A peer that never answers our Close: cut off after the close timeout (here 1 s)");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket b = listener.accept()) {
            Printer events = new Printer("server");
            WebSocketConnection c = new WebSocketConnection(b.getInputStream(),
                    new Tap(b.getOutputStream(), "server", Role.SERVER), b, Role.SERVER, DEMO_LIMITS, events);
            Thread.ofVirtual().start(c::run);
            Thread sink = Thread.ofVirtual().start(() -> {
                try {
                    raw.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // closed
                }
            });
            long start = System.nanoTime();
            c.close(CloseCode.NORMAL_CLOSURE, "");
            events.closed.await(10, TimeUnit.SECONDS);
            say("server", "gave up after about %.1f s".formatted((System.nanoTime() - start) / 1e9));
            sink.join(5_000);
        }
        section("7. The core without a socket: every event at the byte that completes it");
        System.out.println("The peer sends \"Hel\" (FIN=0), an empty ping, \"lo\" and a Close 1000, masked. The Connection");
        System.out.println("answers the ping between the fragments and the Close at once; a server closes TCP first.\n");
        runCore(Role.SERVER, HexDump.parse("01 83 37 fa 21 3d 7f 9f 4d  89 80 37 fa 21 3d  80 82 37 fa 21 3d 5b 95"
                + "  88 82 37 fa 21 3d 34 12"));
        System.out.println("\nA text frame announcing 100 bytes whose 3rd and 4th are ED A0 (a surrogate): it fails there.\n");
        runCore(Role.SERVER, HexDump.parse("81 e4 37 fa 21 3d 56 98 cc 9d"));

        System.out.println("\nTry: ./jbang jbang-scripts/09_Close.java answer 88 82 37 fa 21 3d 34 12");
        System.out.println("     ./jbang jbang-scripts/09_Close.java core 81 85 37 fa 21 3d 7f 9f 4d 51 58");
        System.out.println("     ./jbang jbang-scripts/09_Close.java codes");
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
