///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 06_Masking.java
//SOURCES wsfs/protocol/Message.java
//SOURCES wsfs/protocol/Limits.java
//SOURCES wsfs/protocol/Utf8Validator.java
//SOURCES wsfs/protocol/MessageAssembler.java
//SOURCES wsfs/protocol/Fragmenter.java
//MAIN Messages

// Chapter 07: messages, RFC 6455 sections 5.4 (fragmentation), 5.6 (text and binary) and 8.1 (UTF-8).
// A message travels as one frame or as a first frame, continuation frames and a last frame; the receiver
// puts it back together and checks, fragment by fragment, that a text message is UTF-8.

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.protocol.Fragmenter;
import wsfs.view.FrameDescriber;
import wsfs.protocol.Frame;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.MessageAssembler;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.protocol.Utf8Validator;

class Messages {
    static final long MAX_MESSAGE = 1 << 20;
    /** The masking key of the RFC's examples (section 5.7), fixed so the demo prints the same bytes every run. */
    static final String RFC_KEY = "37 fa 21 3d";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case "messages" -> messages(rest);
            case "decode" -> ReadingFrames.decode(rest, true);
            case "fragment" -> fragment(rest);
            case "utf8" -> utf8(rest);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Messages::help);
        }
    }

    static void help() {
        System.out.println("""
                07_Messages.java: messages, fragmentation and UTF-8, RFC 6455 sections 5.4, 5.6 and 8.1 (chapter 07)

                  (no arguments)   demo: a message cut into fragments, frames over a loopback socket put back
                                   together (with a ping between two fragments), and the sequences a receiver refuses
                  messages HEX...  frames back to back, in hex: what each frame does to the message being assembled,
                                   and the messages that come out (or the close code the receiver must send).
                                   Masked frames are read as client -> server, unmasked ones as server -> client.
                  fragment [--size N] [--binary] [--mask KEY] TEXT
                                   the frames that carry TEXT in fragments of N bytes (default 4); with --mask, as a
                                   client sends them (KEY: 8 hex digits, a demo key only)
                  utf8 HEX...      the UTF-8 state machine, byte by byte
                  decode HEX...    as in 06_Masking.java: one frame at a time, field by field
                  --help           this text

                  Examples:
                    ./jbang jbang-scripts/07_Messages.java messages 01 03 48 65 6c 80 02 6c 6f
                    ./jbang jbang-scripts/07_Messages.java fragment --size 3 "κόσμε"
                    ./jbang jbang-scripts/07_Messages.java utf8 e2 82 ac ed a0 80
                """);
    }

    // ---- messages -----------------------------------------------------------------------------------------

    static void messages(String[] hex) {
        byte[] bytes = parseHex(hex);
        boolean masked = bytes.length >= 2 && (bytes[1] & 0x80) != 0;
        Role reader = masked ? Role.SERVER : Role.CLIENT;
        System.out.printf("Reading as the %s (the frames are %s).%n%n", reader.name().toLowerCase(),
                masked ? "masked: client -> server" : "not masked: server -> client");
        int count = assemble(new ByteArrayInputStream(bytes), reader);
        if (count == 0) {
            System.out.println("No complete message.");
        }
    }

    /** Reads frames until the end, prints what each does; returns the number of complete messages. */
    static int assemble(InputStream in, Role role) {
        FrameReader reader = new FrameReader(in, role, MAX_MESSAGE);
        MessageAssembler assembler = new MessageAssembler(MAX_MESSAGE);
        int n = 0;
        int messages = 0;
        while (true) {
            Frame f;
            try {
                f = reader.read();
            } catch (EOFException e) {
                if (assembler.inMessage()) {
                    System.out.printf("The bytes end with a %s message still open after %d fragment(s).%n",
                            assembler.openType(), assembler.fragments());
                }
                return messages;
            } catch (ProtocolViolation v) {
                System.out.printf("frame %d: refused by the frame reader -> close with %d: %s%n", n + 1, v.closeCode().code(), v.getMessage());
                return messages;
            } catch (IOException e) {
                System.out.println("error: " + e);
                return messages;
            }
            n++;
            System.out.printf("frame %d: %s%n", n, summary(f));
            if (f.opcode().isControl()) {
                System.out.printf("         a control frame%s: not part of any message (chapter 08 answers it)%n",
                        assembler.inMessage() ? " between two fragments" : "");
                continue;
            }
            try {
                Optional<Message> m = assembler.accept(f);
                if (m.isPresent()) {
                    messages++;
                    System.out.println("         -> message complete: " + show(m.get()));
                } else {
                    System.out.printf("         -> fragment %d of a %s message; %d bytes buffered, UTF-8 so far: %s%n",
                            assembler.fragments(), assembler.openType(), assembler.bufferedBytes(),
                            assembler.openType() == Opcode.TEXT ? "fine" : "not checked (binary)");
                }
            } catch (ProtocolViolation v) {
                System.out.printf("         -> close with %d: %s%n", v.closeCode().code(), v.getMessage());
                return messages;
            }
        }
    }

    static String summary(Frame f) {
        return "FIN=%d opcode=%-16s %3d bytes  %s".formatted(f.fin() ? 1 : 0,
                "0x%X %s".formatted(f.opcode().code(), f.opcode().name().toLowerCase()),
                f.payload().length(), abbreviate(HexDump.hex(f.payload().toByteArray()), 48));
    }

    static String show(Message m) {
        return switch (m) {
            case Message.Text t -> "text \"" + t.text() + "\"";
            case Message.Binary b -> "binary, %d bytes: %s".formatted(b.data().length(), abbreviate(HexDump.hex(b.data().toByteArray()), 48));
        };
    }

    // ---- fragment -----------------------------------------------------------------------------------------

    static void fragment(String[] args) {
        int size = CommandLine.intOption(args, "--size", 4);
        boolean binary = CommandLine.flag(args, "--binary");
        byte[] key = CommandLine.option(args, "--mask").map(HexDump::parse).orElse(null);
        List<String> words = CommandLine.words(args, List.of("--binary"), List.of("--size", "--mask"));
        String text = String.join(" ", words);
        Message m = binary ? new Message.Binary(text.getBytes(StandardCharsets.UTF_8)) : new Message.Text(text);
        printFragments(m, size, key);
    }

    static void printFragments(Message m, int size, byte[] key) {
        List<Frame> frames = Fragmenter.fragment(m, size);
        System.out.printf("%s message of %d bytes in fragments of at most %d bytes: %d frame(s)%n",
                m.opcode() == Opcode.TEXT ? "A text" : "A binary", m.payload().length(), size, frames.size());
        System.out.println(" #  role    FIN  opcode            payload                   on the wire");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            String role = frames.size() == 1 ? "only" : i == 0 ? "first" : i == frames.size() - 1 ? "last" : "middle";
            byte[] wire = wsfs.protocol.FrameCodec.encode(key == null ? f : f.withMaskingKey(key));
            System.out.printf("%2d  %-6s  %d    0x%X %-12s  %-24s  %s%n", i + 1, role, f.fin() ? 1 : 0, f.opcode().code(),
                    f.opcode().name().toLowerCase(), HexDump.hex(f.payload().toByteArray()), HexDump.hex(wire));
        }
    }

    // ---- utf8 ---------------------------------------------------------------------------------------------

    static void utf8(String[] hex) {
        printTrace(parseHex(hex));
    }

    static void printTrace(byte[] bytes) {
        System.out.println("offset  byte  what it is                                      state after it");
        for (Utf8Validator.Step s : Utf8Validator.trace(bytes)) {
            String b = s.value() < 0 ? "end" : "%02X".formatted(s.value());
            System.out.printf("%6d  %-4s  %-46s  %s%n", s.offset(), b, s.meaning().length() > 46 && s.ok()
                    ? s.meaning().substring(0, 46) : s.ok() ? s.meaning() : "INVALID", s.ok() ? s.stateAfter() : s.meaning());
        }
        System.out.println(Utf8Validator.isValid(bytes) ? "Valid UTF-8." : "Not valid UTF-8: a text message with these bytes is closed with 1007.");
    }

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Like {@link CommandLine#hex}, and words without a single hex digit are refused too. */
    static byte[] parseHex(String[] hex) {
        byte[] bytes = CommandLine.hex(hex);
        if (bytes.length == 0 && !String.join("", hex).isBlank()) {
            System.err.println("not hex: no hex digits");
            System.exit(2);
        }
        return bytes;
    }

    // ---- the demo -----------------------------------------------------------------------------------------

    static void demo() throws Exception {
        section("1. One message, several frames (section 5.4): FIN and opcode of first, middle and last");
        printFragments(new Message.Text("Hello, κόσμε!"), 4, null);
        System.out.println("""

                The first frame carries the message's type (0x1 text), the others say 0x0 (continuation); only the
                last has FIN=1. Frame 2 ends with CE and frame 3 starts with BA: the character κ is cut in two,
                which is allowed, because only the whole message must be UTF-8 (section 5.6).""");

        section("2. Over a loopback socket: a client sends, the server puts messages back together");
        System.out.println("""
                The client masks every frame (fixed demo key 37 fa 21 3d); the server reads them with FrameReader
                and hands the data frames to a MessageAssembler. A ping arrives between two fragments: control frames
                may be injected there (section 5.4), and the assembler leaves them to the endpoint.
                """);
        loopback();

        section("3. What a receiver refuses");
        refuse("a continuation frame with no message started",
                List.of(new Frame(true, 0, Opcode.CONTINUATION, null, bytes("lo"))));
        refuse("a new text frame while a fragmented message is open",
                List.of(Frame.text("Hel").withFin(false), Frame.text("lo")));
        refuse("invalid UTF-8 (ED A0 80, a surrogate) in the FIRST fragment; the rest never needs to arrive",
                List.of(new Frame(false, 0, Opcode.TEXT, null, HexDump.parse("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80"))));
        refuse("a text message that ends in the middle of a character (E2 82 without AC)",
                List.of(new Frame(false, 0, Opcode.TEXT, null, HexDump.parse("61 e2")),
                        new Frame(true, 0, Opcode.CONTINUATION, null, HexDump.parse("82"))));
        refuse("an overlong encoding of '/' (C0 AF), a classic filter bypass",
                List.of(new Frame(true, 0, Opcode.TEXT, null, HexDump.parse("2e 2e c0 af"))));
        refuse("a message larger than the limit (here 10 bytes): checked before buffering",
                List.of(new Frame(false, 0, Opcode.BINARY, null, new byte[8]), new Frame(true, 0, Opcode.CONTINUATION, null, new byte[8])),
                10);

        section("4. The UTF-8 state machine, byte by byte");
        System.out.println("\"a€\" then a surrogate (ED A0 80): the check fails on A0, the first byte that proves it.\n");
        printTrace(HexDump.parse("61 e2 82 ac ed a0 80"));
        System.out.println("\nTry: ./jbang jbang-scripts/07_Messages.java messages 01 03 48 65 6c 80 02 6c 6f");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void refuse(String what, List<Frame> frames) {
        refuse(what, frames, MAX_MESSAGE);
    }

    static void refuse(String what, List<Frame> frames, long limit) {
        MessageAssembler a = new MessageAssembler(limit);
        for (int i = 0; i < frames.size(); i++) {
            try {
                a.accept(frames.get(i));
            } catch (ProtocolViolation v) {
                System.out.printf("%s%n    frame %d of %d -> close with %d: %s%n", what, i + 1, frames.size(),
                        v.closeCode().code(), v.getMessage());
                return;
            }
        }
        System.out.println(what + "\n    accepted?!");
    }

    static void loopback() throws Exception {
        byte[] key = HexDump.parse(RFC_KEY);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = Thread.ofVirtual().name("server").start(() -> {
                try (Socket peer = server.accept()) {
                    peer.setSoTimeout(5_000);
                    int n = assemble(peer.getInputStream(), Role.SERVER);
                    System.out.printf("server: the client closed the stream; %d messages received%n", n);
                } catch (IOException e) {
                    System.out.println("server: " + e);
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                FrameWriter writer = new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(key));
                List<Frame> text = Fragmenter.fragment(new Message.Text("Hello, κόσμε!"), 6);
                writer.write(text.get(0));
                writer.write(Frame.ping(bytes("are you there?")));      // between two fragments
                for (Frame f : text.subList(1, text.size())) {
                    writer.write(f);
                }
                writer.write(Frame.binary(HexDump.parse("de ad be ef")));
                for (Frame f : Fragmenter.fragment(new Message.Binary(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8}), 4)) {
                    writer.write(f);
                }
                socket.shutdownOutput();
                serverThread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }
}
