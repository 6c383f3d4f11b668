///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 09_Close.java
//SOURCES wsfs/protocol/Connection.java
//MAIN Core

// Chapter 10: Connection, the protocol core that puts every layer so far together without any I/O: bytes in,
// events out; calls in, bytes out. The demo feeds it one byte at a time: no socket, no thread, no clock.

import java.io.IOException;
import wsfs.app.CommandLine;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Connection;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameParser;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

class Core {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case "core" -> core(rest);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Core::help);
        }
    }

    static void help() {
        System.out.println("""
                10_Core.java: the sans-I/O Connection (chapter 10)

                  (no arguments)     demo: every event at the byte that completes it
                  core HEX...        a Connection (the sans-I/O core) is fed these bytes one at a time; prints each
                                     event at the byte that completes it, the exact bytes it would write, and
                                     whether TCP should be closed now
                  --help             this text
                """);
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
        Connection c = new Connection(role, Close.DEMO_LIMITS, MaskingKeys.fixed(Close.RFC_KEY));
        byte[] bytes = input.clone();                  // the parser unmasks in place
        for (int i = 0; i < bytes.length; i++) {
            for (Connection.Event e : c.receive(bytes, i, 1)) {
                System.out.printf("  byte %3d  %s%n", i + 1, show(e));
            }
            for (byte[] frame : c.dataToSend()) {
                System.out.printf("            writes %s  %s%n", Close.abbreviate(HexDump.hex(frame), 40), describe(frame, role));
            }
        }
        System.out.printf("state %s, mid-frame %s, close TCP now: %s%n", c.state(), c.midFrame(), c.closeTransportNow());
    }

    static String payload(byte[] bytes) {
        return bytes.length == 0 ? "(empty)" : HexDump.hex(bytes);
    }

    static String show(Connection.Event e) {
        return switch (e) {
            case Connection.TextReceived t -> "text \"" + Close.abbreviate(t.text(), 40) + "\"";
            case Connection.BinaryReceived b -> "binary " + Close.abbreviate(HexDump.hex(b.data().toByteArray()), 40);
            case Connection.PingReceived p -> "ping " + payload(p.payload().toByteArray()) + " (its pong is queued)";
            case Connection.PongReceived p -> "pong " + payload(p.payload().toByteArray());
            case Connection.CloseReceived r -> "Close " + r.payload() + " (our answer is queued; the rest is discarded)";
            case Connection.Failure f -> "Failure %d: %s (%s)".formatted(f.closeCode().code(), f.violation().rule(),
                    f.violation().section());
        };
    }

    static void demo() {
        Close.section("1. The core without a socket: every event at the byte that completes it");
        System.out.println("The peer sends \"Hel\" (FIN=0), an empty ping, \"lo\" and a Close 1000, masked with 37 fa 21 3d:");
        System.out.println("""
                  01 83 37 fa 21 3d 7f 9f 4d   text, FIN=0, masked, 3 bytes: "Hel"
                  89 80 37 fa 21 3d            ping, empty (a control frame between two fragments, section 5.4)
                  80 82 37 fa 21 3d 5b 95      continuation, FIN=1: "lo"
                  88 82 37 fa 21 3d 34 12      Close, body 03 e8 (1000) once unmasked
                The Connection answers the ping between the fragments and the Close at once; a server closes TCP first.
                """);
        runCore(Role.SERVER, HexDump.parse("01 83 37 fa 21 3d 7f 9f 4d  89 80 37 fa 21 3d  80 82 37 fa 21 3d 5b 95"
                + "  88 82 37 fa 21 3d 34 12"));

        Close.section("2. The one place a failure becomes a Close frame");
        System.out.println("A masked continuation frame with no message open (80 80 37 fa 21 3d), then a \"Hello\" that is discarded:\n");
        runCore(Role.SERVER, HexDump.parse("80 80 37 fa 21 3d  81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        System.out.println("\nA text frame announcing 100 bytes (81 e4) whose 3rd and 4th are ED A0 (a surrogate): it fails there,");
        System.out.println("the other 96 never needed:\n");
        runCore(Role.SERVER, HexDump.parse("81 e4 37 fa 21 3d 56 98 cc 9d"));

        Close.section("3. The client role: it masks what it writes and waits for the server's FIN");
        System.out.println("A server's unmasked \"Hi\" (81 02 48 69) and its Close 1001 (88 02 03 e9); the client's answer is masked");
        System.out.println("with the demo key 37 fa 21 3d, and after the handshake the client does not close TCP itself (7.1.1):\n");
        runCore(Role.CLIENT, HexDump.parse("81 02 48 69  88 02 03 e9"));
    }
}
