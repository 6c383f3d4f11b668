///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 07_Messages.java
//SOURCES wsfs/protocol/Receiver.java
//SOURCES wsfs/io/Heartbeat.java
//MAIN PingPong

// Chapter 08: ping and pong, RFC 6455 sections 5.5, 5.5.2 and 5.5.3. A Ping must be answered with a Pong
// carrying the same bytes, at once, even between the fragments of a message; a Pong may also come unasked.
// On top of that: a heartbeat that pings on an interval, measures the round trip and notices a dead peer.

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.view.FrameDescriber;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.io.Heartbeat;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Receiver;
import wsfs.protocol.Role;

class PingPong {
    static final long MAX = 1 << 20;
    /** The masking key of the RFC's examples (section 5.7): a demo key, never a real client's. */
    static final String RFC_KEY = "37 fa 21 3d";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case "pingpong" -> pingpong(rest);
            case "heartbeat" -> heartbeat(rest);
            case "silent" -> silent(rest);
            case "decode" -> ReadingFrames.decode(rest, true);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], PingPong::help);
        }
    }

    static void help() {
        System.out.println("""
                08_PingPong.java: ping, pong and heartbeats, RFC 6455 sections 5.5.2 and 5.5.3 (chapter 08)

                  (no arguments)   demo: pings answered even between fragments, a heartbeat between two endpoints
                                   on loopback with round-trip times, and a silent peer detected as dead
                  pingpong HEX...  frames back to back, in hex: what an endpoint makes of each one and the exact
                                   bytes it answers (masked frames are read by a server, unmasked by a client)
                  heartbeat [--interval MS] [--timeout MS] [--count N]
                                   N pings (default 5) every MS ms (default 200) to an answering peer on loopback
                  silent [--interval MS] [--timeout MS]
                                   the heartbeat against a peer that reads everything and never answers
                  decode HEX...    as in 06_Masking.java: one frame at a time, field by field
                  --help           this text

                  Example: ./jbang jbang-scripts/08_PingPong.java pingpong 89 85 37 fa 21 3d 7f 9f 4d 51 58
                """);
    }

    // ---- pingpong -----------------------------------------------------------------------------------------

    static void pingpong(String[] hex) {
        byte[] bytes = CommandLine.hex(hex);
        boolean masked = bytes.length >= 2 && (bytes[1] & 0x80) != 0;
        Role role = masked ? Role.SERVER : Role.CLIENT;
        System.out.printf("Reading as the %s; its answers are %s.%n%n", role.name().toLowerCase(),
                role == Role.CLIENT ? "masked (with the demo key 37 fa 21 3d)" : "not masked");
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), role, MAX);
        Receiver receiver = new Receiver(MAX);
        for (int n = 1; ; n++) {
            Frame f;
            try {
                f = reader.read();
            } catch (EOFException end) {
                return;
            } catch (ProtocolViolation v) {
                System.out.printf("frame %d: refused by the frame reader -> close with %d: %s%n", n, v.closeCode().code(), v.getMessage());
                return;
            } catch (IOException e) {
                System.out.println("error: " + e);
                return;
            }
            System.out.printf("frame %d: %s%n", n, summary(f));
            try {
                System.out.println("         -> " + describe(receiver.receive(f), role));
            } catch (ProtocolViolation v) {
                System.out.printf("         -> close with %d: %s%n", v.closeCode().code(), v.getMessage());
                return;
            }
        }
    }

    static String describe(Optional<Receiver.Event> event, Role role) {
        if (event.isEmpty()) {
            return "a fragment; the message is not complete yet";
        }
        return switch (event.get()) {
            case Receiver.MessageReceived m -> "message: " + show(m.message());
            case Receiver.PingReceived p -> {
                Frame reply = p.reply();
                byte[] wire = FrameCodec.encode(role == Role.CLIENT ? reply.withMaskingKey(HexDump.parse(RFC_KEY)) : reply);
                yield "ping: answer at once with a pong, same payload: " + HexDump.hex(wire);
            }
            case Receiver.PongReceived p -> "pong: no answer (%s)".formatted(
                    Heartbeat.sequenceOf(p.payload().toByteArray()).isPresent()
                            ? "it could answer heartbeat ping " + Heartbeat.sequenceOf(p.payload().toByteArray()).getAsLong()
                            : "unsolicited or for someone else's ping; section 5.5.3 allows it");
            case Receiver.CloseReceived c -> "close: the closing handshake starts (chapter 09)";
        };
    }

    // ---- a minimal answering endpoint -------------------------------------------------------------------

    /** In a virtual thread: accepts one connection on {@code server} and answers it as the server. */
    static Thread answerOneClient(ServerSocket server) {
        return Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                answeringEndpoint(s, Role.SERVER, "server");
            } catch (IOException e) {
                say("server", e.toString());
            }
        });
    }

    /**
     * The smallest endpoint that keeps the ping rule: read frames, answer every ping at once, print the rest.
     * Chapter 09's WebSocketConnection does this and the closing handshake; here the loop ends at the first
     * Close or at the end of the stream.
     */
    static void answeringEndpoint(Socket socket, Role role, String name) {
        try {
            FrameReader reader = new FrameReader(socket.getInputStream(), role, MAX);
            FrameWriter writer = new FrameWriter(socket.getOutputStream(), role, MaskingKeys.fixed(RFC_KEY));
            Receiver receiver = new Receiver(MAX);
            while (true) {
                Frame f = reader.read();
                Optional<Receiver.Event> event = receiver.receive(f);
                if (event.isEmpty()) {
                    say(name, "reads a fragment: " + summary(f));
                    continue;
                }
                switch (event.get()) {
                    case Receiver.PingReceived p -> {
                        say(name, "reads a ping %s, answers with a pong".formatted(HexDump.hex(p.payload().toByteArray())));
                        writer.write(p.reply());            // 5.5.2: as soon as practical, same Application Data
                    }
                    case Receiver.MessageReceived m -> say(name, "reads the last fragment; message: " + show(m.message()));
                    case Receiver.PongReceived p -> say(name, "reads a pong " + HexDump.hex(p.payload().toByteArray()));
                    case Receiver.CloseReceived c -> {
                        say(name, "reads a Close; stops");
                        return;
                    }
                }
            }
        } catch (EOFException e) {
            // the peer closed the stream
        } catch (IOException e) {
            say(name, e.toString());
        }
    }

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    static String summary(Frame f) {
        String payload = HexDump.hex(f.payload().toByteArray());
        return "FIN=%d opcode=%-16s %3d bytes  %s".formatted(f.fin() ? 1 : 0,
                "0x%X %s".formatted(f.opcode().code(), f.opcode().name().toLowerCase()), f.payload().length(),
                payload.length() <= 48 ? payload : payload.substring(0, 45) + "...");
    }

    static String show(Message m) {
        return switch (m) {
            case Message.Text t -> "text \"" + t.text() + "\"";
            case Message.Binary b -> "binary, %d bytes".formatted(b.data().length());
        };
    }

    static void say(String who, String what) {
        synchronized (System.out) {
            System.out.printf("%-7s %s%n", who, what);
        }
    }

    // ---- heartbeat ----------------------------------------------------------------------------------------

    static void heartbeat(String[] args) throws Exception {
        runHeartbeat(CommandLine.intOption(args, "--interval", 200), CommandLine.intOption(args, "--timeout", 1000),
                CommandLine.intOption(args, "--count", 5));
    }

    /** Client pings on an interval; the server is the answering endpoint above. */
    static void runHeartbeat(long intervalMs, long timeoutMs, int count) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = answerOneClient(server);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setTcpNoDelay(true);
                FrameWriter writer = new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(RFC_KEY));
                CountDownLatch answered = new CountDownLatch(count);
                CountDownLatch dead = new CountDownLatch(1);
                Heartbeat hb = new Heartbeat(payload -> {
                    say("client", "sends ping " + HexDump.hex(payload));
                    writer.write(Frame.ping(payload));
                }, Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs), new Heartbeat.Listener() {
                    @Override
                    public void onRoundTrip(long sequence, Duration rtt) {
                        say("client", "pong for ping %d after %.2f ms".formatted(sequence, rtt.toNanos() / 1e6));
                        answered.countDown();
                    }

                    @Override
                    public void onDead(long sequence, Duration timeout) {
                        say("client", "no pong for ping %d within %d ms: the peer is dead".formatted(sequence, timeout.toMillis()));
                        dead.countDown();
                    }
                });
                Thread clientReader = pongReader(socket.getInputStream(), hb);
                hb.start();
                boolean done = answered.await(intervalMs * count + timeoutMs + 5_000, TimeUnit.MILLISECONDS);
                hb.close();
                System.out.printf("%d pings sent, %d pongs matched%s%n", hb.pingsSent(), hb.pongsMatched(),
                        done ? "" : " (stopped waiting)");
                writer.write(new Frame(true, 0, Opcode.CLOSE, null, HexDump.parse("03 e8")));
                serverThread.join(5_000);
                clientReader.join(5_000);
            }
        }
    }

    /** The client's reading thread: every pong goes to the heartbeat. */
    static Thread pongReader(InputStream in, Heartbeat hb) {
        return Thread.ofVirtual().start(() -> {
            FrameReader reader = new FrameReader(in, Role.CLIENT, MAX);
            try {
                while (true) {
                    Frame f = reader.read();
                    if (f.opcode() == Opcode.PONG) {
                        hb.pongReceived(f.payload().toByteArray());
                    }
                }
            } catch (IOException end) {
                // stream closed
            }
        });
    }

    static void silent(String[] args) throws Exception {
        runSilent(CommandLine.intOption(args, "--interval", 200), CommandLine.intOption(args, "--timeout", 600));
    }

    /** A peer that reads everything and never writes a byte: TCP stays up, but nobody is home. */
    static void runSilent(long intervalMs, long timeoutMs) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sink = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    long n = s.getInputStream().transferTo(OutputStream.nullOutputStream());
                    say("silent", "read %d bytes and answered none".formatted(n));
                } catch (IOException e) {
                    say("silent", e.toString());
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                FrameWriter writer = new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(RFC_KEY));
                CountDownLatch dead = new CountDownLatch(1);
                Heartbeat hb = new Heartbeat(payload -> {
                    say("client", "sends ping " + HexDump.hex(payload));
                    writer.write(Frame.ping(payload));
                }, Duration.ofMillis(intervalMs), Duration.ofMillis(timeoutMs), new Heartbeat.Listener() {
                    @Override
                    public void onDead(long sequence, Duration timeout) {
                        say("client", "no pong for ping %d within %d ms: the peer is taken for dead".formatted(sequence, timeout.toMillis()));
                        dead.countDown();
                    }
                });
                hb.start();
                if (!dead.await(intervalMs + timeoutMs + 5_000, TimeUnit.MILLISECONDS)) {
                    System.out.println("the heartbeat did not fire?!");
                }
                hb.close();
                say("client", "closes the TCP connection (chapter 09: abort with 1001, close event 1006)");
            }
            sink.join(5_000);
        }
    }

    // ---- the demo -----------------------------------------------------------------------------------------

    static void demo() throws Exception {
        section("1. What an endpoint does with each control frame (section 5.5)");
        System.out.println("RFC 6455 section 5.7's masked ping \"Hello\", an unsolicited pong, a fragmented ping:\n");
        pingpong(new String[] {"89 85 37 fa 21 3d 7f 9f 4d 51 58", "8a 80 37 fa 21 3d"});
        System.out.println();
        pingpong(new String[] {"09 80 37 fa 21 3d"});

        section("2. A ping between two fragments is answered before the message is complete");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = answerOneClient(server);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                FrameWriter writer = new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(RFC_KEY));
                FrameReader reader = new FrameReader(socket.getInputStream(), Role.CLIENT, MAX);
                say("client", "sends the first fragment \"Hel\" (FIN=0, text)");
                writer.write(Frame.text("Hel").withFin(false));
                say("client", "sends a ping \"ping\" and waits for the pong before finishing the message");
                writer.write(Frame.ping("ping".getBytes(StandardCharsets.US_ASCII)));
                Frame pong = reader.read();
                say("client", "reads %s \"%s\"".formatted(pong.opcode().name().toLowerCase(), pong.payloadAsText()));
                say("client", "sends the last fragment \"lo\" (FIN=1, continuation)");
                writer.write(new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes(StandardCharsets.US_ASCII)));
                writer.write(new Frame(true, 0, Opcode.CLOSE, null, HexDump.parse("03 e8")));
                serverThread.join(5_000);
            }
        }

        section("3. A heartbeat between two endpoints on loopback");
        System.out.println("""
                The client pings every 200 ms; each payload is a counter (8 bytes), so the pong says which ping it
                answers and the round trip can be timed. A new ping waits until the last one is answered.
                """);
        runHeartbeat(200, 1000, 3);

        section("4. A peer that stops answering");
        System.out.println("""
                This peer reads every byte (so TCP flows and the socket looks healthy) and never writes one. Only a
                missing pong shows that nobody is home: after 600 ms without one, the peer is taken for dead.
                """);
        runSilent(200, 600);
        System.out.println("\nTry: ./jbang jbang-scripts/08_PingPong.java heartbeat --interval 100 --count 10");
    }
}
