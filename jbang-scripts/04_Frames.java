///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 03_HandshakeChecks.java
//SOURCES wsfs/protocol/Opcode.java
//SOURCES wsfs/protocol/Frame.java
//SOURCES wsfs/protocol/Role.java
//SOURCES wsfs/protocol/CloseCode.java
//SOURCES wsfs/protocol/ProtocolViolation.java
//SOURCES wsfs/protocol/FrameCodec.java
//SOURCES wsfs/io/FrameWriter.java
//SOURCES wsfs/conformance/RawFrame.java
//SOURCES wsfs/view/FrameLayout.java
//SOURCES wsfs/protocol/Masking.java
//SOURCES wsfs/protocol/MaskingKeys.java
//MAIN Frames

// Chapter 04: frames, RFC 6455 section 5.2. After the handshake, both sides speak in frames: a 2-byte
// header, an optional extended length, a masking key on client frames, and the payload. This chapter writes
// them (FrameCodec.encode, FrameWriter); chapter 05 reads them back with a strict parser.
// (Masking and MaskingKeys are chapter 06's subject; the encoder cannot work without them, so they come in here.)

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameWriter;
import wsfs.view.FrameLayout;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.conformance.RawFrame;
import wsfs.protocol.Role;

class Frames {
    /** The masking key of the RFC's examples (section 5.7). Fixed so the demo prints the same bytes every run. */
    static final String RFC_KEY = "37 fa 21 3d";
    static final long MAX_FRAME = 1 << 20;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "encode" -> encode(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Frames::help);
        }
    }

    static void help() {
        System.out.println("""
                04_Frames.java: WebSocket frames, RFC 6455 section 5.2 (chapter 04)

                  (no arguments)     demo: the RFC's example frames built by FrameCodec.encode, field by field,
                                     the three length forms, frames written by FrameWriter over a loopback
                                     socket, and the control frames the encoder refuses to build
                  encode [--mask KEY] [--opcode NAME] [--more] TEXT
                                     build a frame and show it: KEY is 8 hex digits (a client frame; a demo
                                     key, never a fixed key in real use), NAME is text, binary, ping, pong,
                                     close, continuation or a number 0-15; --more sets FIN = 0
                  --help             this text

                  Example: ./jbang jbang-scripts/04_Frames.java encode --opcode ping hello
                  (05_ReadingFrames.java decode HEX explains any frame with the strict parser's verdict.)
                """);
    }

    // ---- encode -----------------------------------------------------------------------------------------

    static void encode(String[] args) {
        byte[] key = CommandLine.option(args, "--mask").map(HexDump::parse).orElse(null);
        int opcode = CommandLine.option(args, "--opcode").map(Frames::opcodeArg).orElse(Opcode.TEXT.code());
        boolean fin = !CommandLine.flag(args, "--more");
        List<String> words = CommandLine.words(args, List.of("--more"), List.of("--mask", "--opcode"));
        byte[] payload = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
        // RawFrame, not FrameCodec: encode shows whatever you ask for, valid or not, and the verdict says which.
        byte[] wire = RawFrame.of(opcode, payload).fin(fin).mask(key).toBytes();
        System.out.println(HexDump.hex(wire));
        System.out.print(FrameLayout.text(wire));
        System.out.println("Is it valid? ./jbang jbang-scripts/05_ReadingFrames.java decode " + HexDump.hex(wire).replace(" ", ""));
    }

    static int opcodeArg(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "continuation" -> 0x0;
            case "text" -> 0x1;
            case "binary" -> 0x2;
            case "close" -> 0x8;
            case "ping" -> 0x9;
            case "pong" -> 0xA;
            default -> Integer.decode(name);
        };
    }

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        byte[] key = HexDump.parse(RFC_KEY);
        section("1. The example frames of RFC 6455 section 5.7, built by FrameCodec.encode");
        show("A single-frame unmasked text message \"Hello\" (server -> client)", FrameCodec.encode(Frame.text("Hello")));
        show("The same message masked, as a client sends it (key " + RFC_KEY + ")",
                FrameCodec.encode(Frame.text("Hello").withMaskingKey(key)));
        ByteArrayOutputStream fragmented = new ByteArrayOutputStream();
        fragmented.writeBytes(FrameCodec.encode(Frame.text("Hel").withFin(false)));
        fragmented.writeBytes(FrameCodec.encode(new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes(StandardCharsets.US_ASCII))));
        show("A fragmented unmasked text message: \"Hel\" then \"lo\" (two frames back to back)", fragmented.toByteArray());
        show("An unmasked Ping with body \"Hello\"", FrameCodec.encode(Frame.ping("Hello".getBytes(StandardCharsets.US_ASCII))));
        show("A masked Pong with body \"Hello\" (a client's answer)",
                FrameCodec.encode(Frame.pong("Hello".getBytes(StandardCharsets.US_ASCII)).withMaskingKey(key)));
        for (int size : new int[] {125, 126, 256, 65535, 65536}) {
            byte[] wire = FrameCodec.encode(Frame.binary(new byte[size]));
            int header = FrameCodec.headerLength(size, false);
            System.out.printf("Binary, %6d bytes: header %-32s (%s form)%n", size, HexDump.hex(wire, 0, header),
                    FrameCodec.LengthForm.minimalFor(size).name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }

        section("2. Frames written by FrameWriter over a loopback socket");
        System.out.println("""
                The client writes with FrameWriter (role CLIENT: every frame masked, here with the fixed demo key),
                the server answers with FrameWriter (role SERVER: never masked). Each write call carries one whole
                frame. Each side then shows the bytes that arrived, laid out field by field; reading them with a
                parser that checks every rule is chapter 05. The opening handshake of chapter 02 is left out so
                that only frames are on the wire.
                """);
        loopback(key);

        section("3. Control frames the encoder refuses to build (section 5.5)");
        refuse("a Ping with 126 bytes", Frame.ping(new byte[126]));
        refuse("a fragmented Close (FIN = 0)", new Frame(false, 0, Opcode.CLOSE, null, new byte[0]));
        System.out.println("RawFrame builds them anyway, for tests; chapter 05's reader refuses them with 1002:");
        System.out.println("  " + HexDump.hex(RawFrame.of(0x9, new byte[126]).toBytes(), 0, 2) + " ... (a Ping announcing 126 bytes)");
        System.out.println("\nTry: ./jbang jbang-scripts/04_Frames.java encode --mask 37fa213d Hello");
    }

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    static void show(String title, byte[] wire) {
        System.out.println(title + ":");
        System.out.println("  " + HexDump.hex(wire));
        System.out.println(FrameLayout.text(wire));
    }

    static void refuse(String what, Frame frame) {
        try {
            FrameCodec.encode(frame);
            System.out.printf("%-30s encoded?!%n", what);
        } catch (IllegalArgumentException e) {
            System.out.printf("%-30s refused: %s%n", what, e.getMessage());
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** Prints, for each write call, the frame it carries: FrameWriter hands over one whole frame per write. */
    static final class Tap extends FilterOutputStream {
        private final String who;

        Tap(OutputStream out, String who) {
            super(out);
            this.who = who;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] bytes = java.util.Arrays.copyOfRange(b, off, off + len);
            synchronized (System.out) {
                System.out.println(who + " writes " + len + " bytes: " + abbreviate(HexDump.hex(bytes), 72));
            }
            out.write(b, off, len);
        }
    }

    static void loopback(byte[] key) throws Exception {
        Frame[] toSend = {
                Frame.text("Hello"),
                Frame.text("Hel").withFin(false),
                new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes(StandardCharsets.US_ASCII)),
                Frame.ping("still there?".getBytes(StandardCharsets.US_ASCII)),
                Frame.binary(new byte[300]),
        };
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = Thread.ofVirtual().name("server").start(() -> serve(server, toSend));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(5_000);
                socket.setTcpNoDelay(true);
                FrameWriter writer = new FrameWriter(new Tap(socket.getOutputStream(), "client"), Role.CLIENT, MaskingKeys.fixed(key));
                for (Frame f : toSend) {
                    writer.write(f);
                }
                socket.shutdownOutput(); // end of stream: the server's readAllBytes returns
                byte[] answers = socket.getInputStream().readAllBytes();
                serverThread.join(TimeUnit.SECONDS.toMillis(5));
                System.out.println("\nclient received " + answers.length + " bytes (the server's frames, not masked):");
                System.out.print(FrameLayout.text(answers));
            }
        }
    }

    static void serve(ServerSocket server, Frame[] answers) {
        try (Socket peer = server.accept()) {
            peer.setSoTimeout(5_000);
            byte[] received = peer.getInputStream().readAllBytes();
            synchronized (System.out) {
                System.out.println("\nserver received " + received.length + " bytes (the client's frames, masked):");
                System.out.print(FrameLayout.text(received));
            }
            FrameWriter writer = new FrameWriter(new Tap(peer.getOutputStream(), "server"), Role.SERVER, null);
            for (Frame f : answers) {
                // A server never masks (section 5.1); a Ping is answered with a Pong (section 5.5.2, chapter 08).
                writer.write(f.opcode() == Opcode.PING ? Frame.pong(f.payload()) : f);
            }
        } catch (IOException e) {
            System.out.println("server: " + e);
        }
    }
}
