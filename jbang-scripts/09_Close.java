///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 08_PingPong.java
//SOURCES wsfs/protocol/ClosePayload.java
//SOURCES wsfs/protocol/ReadyState.java
//SOURCES wsfs/protocol/CloseEvent.java
//SOURCES wsfs/protocol/CloseHandshake.java
//MAIN Close

// Chapter 09: closing, RFC 6455 sections 5.5.1, 7 and 7.4: the Close frame's body, the status codes, the closing
// handshake's states. (Work in progress of the relayout: chapter 10 adds the sans-I/O Connection.)

import java.time.Duration;
import wsfs.protocol.CloseCode;
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

                  (no arguments)     demo: Close bodies read, and the status code table
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

    static void demo() {
        section("1. Close bodies");
        for (String body : new String[] {"", "03 e8", "03 e8 62 79 65", "03 ed", "03"}) {
            System.out.println("body: " + (body.isEmpty() ? "(empty)" : body));
            closePayload(body.isEmpty() ? new String[0] : body.split(" "));
            System.out.println();
        }
        section("2. The status codes");
        codes();
    }
}
