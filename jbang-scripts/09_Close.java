///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 08_PingPong.java
//SOURCES wsfs/protocol/ClosePayload.java
//SOURCES wsfs/protocol/ReadyState.java
//SOURCES wsfs/protocol/CloseEvent.java
//SOURCES wsfs/protocol/CloseHandshake.java
//MAIN Close

// Chapter 09: closing, RFC 6455 sections 5.5.1, 7 and 7.4: the Close frame's body, the status codes, the closing
// handshake's states. No socket: the state machine is driven by method calls and prints the frames it would send.
// Chapter 10 puts it into the sans-I/O Connection.

import java.time.Duration;
import java.util.Optional;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseHandshake;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Role;
import wsfs.view.HexDump;
import wsfs.app.CommandLine;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Limits;
import wsfs.protocol.ProtocolViolation;

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
            case "close-payload" -> closePayload(rest);
            case "codes" -> codes();
            case "decode" -> ReadingFrames.decode(rest, true);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Close::help);
        }
    }

    static void help() {
        System.out.println("""
                09_Close.java: the Close frame, the status codes and the closing states, RFC 6455 sections 5.5.1, 7, 7.4 (chapter 09)

                  (no arguments)     demo: Close frames in hex, Close bodies read, the closing handshake four ways
                                     (a state machine, no socket), and the status code table
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

    /** One step of a closing handshake: who did what, the state after it, and the Close frame to send (if any). */
    static void step(CloseHandshake h, String who, String what, Optional<Frame> frame) {
        System.out.printf("  %-7s %-36s -> %-8s %s%n", who, what, h.state(),
                frame.map(f -> "sends " + HexDump.hex(FrameCodec.encode(f))).orElse("sends nothing"));
    }

    static void closesTcp(CloseHandshake server, CloseHandshake client) {
        System.out.printf("  TCP     closes first: server %s, client %s (7.1.1)%n",
                server.closesTransportFirst() ? "yes" : "no", client.closesTransportFirst() ? "yes" : "waits");
        System.out.printf("  close events: server %s, client %s%n", server.transportClosed(), client.transportClosed());
    }

    static void demo() {
        section("1. A Close frame, byte by byte (section 5.5.1)");
        byte[] bye = FrameCodec.encode(new ClosePayload(CloseCode.NORMAL_CLOSURE, "bye").toFrame());
        System.out.println(HexDump.hex(bye));
        System.out.println("""
                88        FIN=1, opcode 8: Close (a control frame: at most 125 bytes, never fragmented)
                05        MASK=0 (a server's frame), payload length 5
                03 e8     the status code, 2 bytes in network order: 0x03e8 = 1000 Normal Closure
                62 79 65  the reason in UTF-8: "bye" (at most 123 bytes)""");
        System.out.println(HexDump.hex(FrameCodec.encode(ClosePayload.EMPTY.toFrame()))
                + "     a Close without a body: no code at all; the receiver reports 1005 and answers with an empty Close");

        section("2. Close bodies read: code and reason, or the code to fail with");
        for (String body : new String[] {"", "03 e8", "03 e8 62 79 65", "03 ed", "03", "03 e8 ff"}) {
            System.out.println("body: " + (body.isEmpty() ? "(empty)" : body));
            closePayload(body.isEmpty() ? new String[0] : body.split(" "));
            System.out.println();
        }

        section("3. The closing handshake, four ways (CloseHandshake: no socket, no clock)");
        System.out.println("The client closes:");
        CloseHandshake server = new CloseHandshake(Role.SERVER);
        CloseHandshake client = new CloseHandshake(Role.CLIENT);
        ClosePayload done = new ClosePayload(CloseCode.NORMAL_CLOSURE, "done");
        step(client, "client", "close(1000 \"done\")", client.close(done));
        step(server, "server", "receives it", server.closeReceived(done));
        step(client, "client", "receives the echo 1000", client.closeReceived(ClosePayload.of(CloseCode.NORMAL_CLOSURE)));
        closesTcp(server, client);

        System.out.println("\nThe server closes:");
        server = new CloseHandshake(Role.SERVER);
        client = new CloseHandshake(Role.CLIENT);
        ClosePayload away = new ClosePayload(CloseCode.GOING_AWAY, "server shutting down");
        step(server, "server", "close(1001 \"server shutting down\")", server.close(away));
        step(client, "client", "receives it", client.closeReceived(away));
        step(server, "server", "receives the echo 1001", server.closeReceived(ClosePayload.of(CloseCode.GOING_AWAY)));
        closesTcp(server, client);

        System.out.println("\nBoth close at once: each Close is the other's answer, no third Close:");
        server = new CloseHandshake(Role.SERVER);
        client = new CloseHandshake(Role.CLIENT);
        step(client, "client", "close(1000)", client.close(ClosePayload.of(CloseCode.NORMAL_CLOSURE)));
        step(server, "server", "close(1001)", server.close(ClosePayload.of(CloseCode.GOING_AWAY)));
        step(client, "client", "receives 1001", client.closeReceived(ClosePayload.of(CloseCode.GOING_AWAY)));
        step(server, "server", "receives 1000", server.closeReceived(ClosePayload.of(CloseCode.NORMAL_CLOSURE)));
        closesTcp(server, client);

        System.out.println("\nThe peer never answers: the edge's close timeout (Limits.closeTimeout, "
                + DEMO_LIMITS.closeTimeout().toMillis() + " ms here) ends the wait:");
        server = new CloseHandshake(Role.SERVER);
        step(server, "server", "close(1000)", server.close(ClosePayload.of(CloseCode.NORMAL_CLOSURE)));
        System.out.printf("  %-7s %-36s -> %s (no Close came back)%n", "server", "the timeout expires: TCP closed", server.transportClosed());

        System.out.println("\nA broken rule: the connection is failed (7.1.7), never clean:");
        client = new CloseHandshake(Role.CLIENT);
        step(client, "client", "fail(1002, \"Reserved opcode (5.2)\")", client.fail(CloseCode.PROTOCOL_ERROR, "Reserved opcode (5.2)"));
        System.out.println("  client  closes TCP at once, even a client: " + client.closesTransportFirst() + "; " + client.transportClosed());

        section("4. The status codes (section 7.4.1 and the IANA registry)");
        codes();
    }
}
