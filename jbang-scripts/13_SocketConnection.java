///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 12_Deadlines.java
//SOURCES wsfs/io/WebSocketListener.java
//SOURCES wsfs/io/SlowPeer.java
//SOURCES wsfs/io/WebSocketConnection.java
//MAIN SocketConnection

// Chapter 13: a connection on a socket. WebSocketConnection drives chapter 10's Connection from a TCP socket, with
// chapter 11's outbox and chapter 12's writer thread and deadlines: closes over real loopback sockets, every frame
// each side writes as annotated hex, a broken rule failing the connection, a peer that never answers.

import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.FrameCodec;
import java.util.List;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import wsfs.protocol.CloseCode;
import wsfs.app.CommandLine;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameParser;
import wsfs.view.FrameDescriber;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

class SocketConnection {
    // The demo's printing helpers and its 1 s close timeout are chapter 09's (Close.section, say, DEMO_LIMITS...).

    /**
     * Prints each frame a connection writes. The writer hands over whole frames, several in one write when several
     * wait (chapter 12's batching), so the tap feeds what it sees to chapter 05's parser, which cuts it into frames.
     */
    static final class Tap extends FilterOutputStream {
        private final String who;
        private final Role role;
        private final FrameParser parser;
        private final FrameParser.FrameCollector frames = new FrameParser.FrameCollector(1 << 16);
        private int shown;

        Tap(OutputStream out, String who, Role role) {
            super(out);
            this.who = who;
            this.role = role;
            this.parser = new FrameParser(role.peer(), 1 << 24);   // read as the peer will
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            // The writer hands over whole batches of frames: chapter 05's parser cuts them into frames again.
            try {
                parser.feed(Arrays.copyOfRange(b, off, off + len), frames);
            } catch (ProtocolViolation v) {
                Close.say(who, "sends bytes the tap cannot read: " + v.getMessage());
            }
            for (List<Frame> all = frames.frames(); shown < all.size(); shown++) {
                byte[] frame = FrameCodec.encode(all.get(shown));
                Close.say(who, "sends " + Close.abbreviate(HexDump.hex(frame), 40) + "  " + Core.describe(frame, role));
            }
            out.write(b, off, len);
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
            Close.say(who, "onText \"" + text + "\"");
        }

        @Override
        public void onError(WebSocketConnection c, Throwable error) {
            Close.say(who, "onError " + error.getMessage());
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            Close.say(who, "onClose " + event + ", readyState " + c.readyState() + " (" + c.readyState().value() + ")");
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
                        new Tap(a.getOutputStream(), "client", Role.CLIENT), a, Role.CLIENT, Close.DEMO_LIMITS, ce,
                        MaskingKeys.fixed(Close.RFC_KEY));
                WebSocketConnection server = new WebSocketConnection(b.getInputStream(),
                        new Tap(b.getOutputStream(), "server", Role.SERVER), b, Role.SERVER, Close.DEMO_LIMITS, se);
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
        if (input.length == 0) {
            throw CommandLine.usageError("answer needs the bytes a peer sends, as hex, e.g. answer 88 82 37 fa 21 3d 34 12");
        }
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
                    Close.DEMO_LIMITS, events, MaskingKeys.fixed(Close.RFC_KEY));
            Thread.ofVirtual().start(c::run);
            Close.say("peer", "sends " + Close.abbreviate(HexDump.hex(input), 60));
            raw.getOutputStream().write(input);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            boolean ended = true;
            try {
                raw.getInputStream().transferTo(got);                // until the connection closes TCP
            } catch (java.net.SocketTimeoutException quiet) {
                ended = false;                                      // it still waits, e.g. for the rest of a frame
            }
            byte[] back = got.toByteArray();
            Close.say("peer", ended ? "reads %d bytes, then the end of the stream".formatted(back.length)
                    : "reads %d bytes, then nothing for 5 s: the connection waits for more; the peer closes TCP".formatted(back.length));
            if (back.length > 0) {
                System.out.println(HexDump.hex(back));
                System.out.print(FrameDescriber.text(back, true));
            }
            raw.close();
            events.closed.await(10, TimeUnit.SECONDS);
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
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], SocketConnection::help);
        }
    }

    static void help() {
        System.out.println("""
                13_SocketConnection.java: a connection on a socket (chapter 13)

                  (no arguments)     demo: closes started by the client, by the server and by both at once, a
                                     connection failed for a broken rule, and a peer that never answers
                  answer HEX...      a real WebSocketConnection on loopback receives these bytes from a raw peer;
                                     prints every byte it sends back and how it ends. Masked input: it plays the
                                     server; unmasked: the client. Example: answer 88 82 37 fa 21 3d 34 12
                  --help             this text
                """);
    }

    static void demo() throws Exception {
        Close.section("1. The client closes (section 7.1.2): Close, Close back, the server closes TCP first");
        try (Pair p = Pair.open()) {
            p.client().sendText("bye soon");
            p.client().close(CloseCode.NORMAL_CLOSURE, "done");
            Close.say("client", "readyState after close(): " + p.client().readyState());
        }

        Close.section("2. The server closes: the client answers, then waits for the server to close TCP");
        try (Pair p = Pair.open()) {
            p.server().close(CloseCode.GOING_AWAY, "server shutting down");
        }

        Close.section("3. Both close at the same moment: each Close is the other's answer");
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

        Close.section("4. A broken rule fails the connection: Close 1002 naming it, TCP closed, the event says 1006");
        System.out.println("The peer sends a fragmented ping (89 with FIN=0 is 09), masked:\n");
        runAgainstRawPeer(Role.SERVER, wsfs.conformance.RawFrame.of(0x9, new byte[0]).fin(false).mask(HexDump.parse(Close.RFC_KEY)).toBytes());

        Close.section("5. A Close with code 1005 on the wire: 1005 only reports a missing code, so 1002");
        runAgainstRawPeer(Role.SERVER, wsfs.conformance.RawFrame.of(0x8, HexDump.parse("03 ed")).mask(HexDump.parse(Close.RFC_KEY)).toBytes());

        Close.section("6. A peer that never answers our Close: cut off after the close timeout (here 1 s)");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket b = listener.accept()) {
            Printer events = new Printer("server");
            WebSocketConnection c = new WebSocketConnection(b.getInputStream(),
                    new Tap(b.getOutputStream(), "server", Role.SERVER), b, Role.SERVER, Close.DEMO_LIMITS, events);
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
            Close.say("server", "gave up after about %.1f s".formatted((System.nanoTime() - start) / 1e9));
            sink.join(5_000);
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
