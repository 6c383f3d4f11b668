///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 03_HandshakeChecks.java
//SOURCES wsfs/protocol/Opcode.java
//SOURCES wsfs/protocol/Frame.java
//SOURCES wsfs/protocol/Role.java
//SOURCES wsfs/protocol/CloseCode.java
//SOURCES wsfs/protocol/ProtocolViolation.java
//SOURCES wsfs/protocol/FrameHeader.java
//SOURCES wsfs/protocol/FrameParser.java
//SOURCES wsfs/protocol/FrameCodec.java
//SOURCES wsfs/io/FrameReader.java
//SOURCES wsfs/io/FrameWriter.java
//SOURCES wsfs/conformance/RawFrame.java
//SOURCES wsfs/view/FrameDescriber.java
//SOURCES wsfs/protocol/Masking.java
//SOURCES wsfs/protocol/MaskingKeys.java
//MAIN Frames

// Chapter 04: frames, RFC 6455 section 5.2. After the handshake, both sides speak in frames: a 2-byte
// header, an optional extended length, a masking key on client frames, and the payload.
// (Masking and MaskingKeys are chapter 06's subject; the codec cannot work without them, so they come in here.)

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import wsfs.view.FrameDescriber;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.conformance.RawFrame;
import wsfs.protocol.Role;
import wsfs.io.TrickleInputStream;

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
            case "decode" -> decode(CommandLine.rest(args), false);
            case "encode" -> encode(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Frames::help);
        }
    }

    static void help() {
        System.out.println("""
                04_Frames.java: WebSocket frames, RFC 6455 section 5.2 (chapter 04)

                  (no arguments)     demo: the RFC's example frames field by field, frames over a loopback
                                     socket read one byte at a time, and the frames a strict reader refuses
                  decode HEX...      annotated breakdown of one or more frames given in hex, as separate
                                     arguments or one string ("81 05 48 65 6c 6c 6f", "8105 48656c6c6f",
                                     "0x81,0x05,..."); frames back to back are decoded one after another.
                                     A masked frame is read as client -> server, an unmasked one as server -> client.
                  encode [--mask KEY] [--opcode NAME] [--more] TEXT
                                     build a frame and show it: KEY is 8 hex digits (a client frame; a demo
                                     key, never a fixed key in real use), NAME is text, binary, ping, pong,
                                     close, continuation or a number 0-15; --more sets FIN = 0
                  --help             this text

                  Example: ./jbang jbang-scripts/04_Frames.java decode 81 05 48 65 6c 6c 6f
                """);
    }

    // ---- decode -----------------------------------------------------------------------------------------

    static void decode(String[] hex, boolean unmask) {
        decode(hex, unmask, "81 05 48 65 6c 6c 6f");
    }

    /**
     * The decode mode of this and every later script: the frames in {@code hex}, field by field. No bytes, or
     * words that are not hex, get one line naming the mistake and an {@code example}, and exit status 2.
     */
    static void decode(String[] hex, boolean unmask, String example) {
        if (hex.length == 0) {
            System.err.println("decode needs hex bytes, e.g. decode " + example);
            System.exit(2);
        }
        byte[] bytes;
        try {
            bytes = HexDump.parse(String.join(" ", hex));
            if (bytes.length == 0) {
                throw new IllegalArgumentException("no hex digits in " + String.join(" ", hex));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("not hex: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(FrameDescriber.text(bytes, unmask));
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
        System.out.print(FrameDescriber.text(wire, false));
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

        section("2. Frames over a loopback socket");
        System.out.println("""
                A server thread reads with FrameReader (role SERVER: frames must be masked) through a stream that
                hands it ONE byte per read(), and echoes each frame back unmasked with FrameWriter. The client
                writes with FrameWriter (role CLIENT, the fixed demo key) and reads the echoes with FrameReader
                (role CLIENT). The opening handshake of chapter 02 is left out so that only frames are on the wire.
                """);
        loopback(key);

        section("3. Frames a strict reader refuses (and the close code it must send)");
        refuse("reserved opcode 0x3", RawFrame.of(0x3, new byte[0]).toBytes());
        refuse("reserved control opcode 0xB", RawFrame.of(0xB, new byte[0]).toBytes());
        refuse("RSV1 set, no extension negotiated", RawFrame.of(0x1, "hi".getBytes(StandardCharsets.US_ASCII)).rsv(4).toBytes());
        refuse("a Ping with 126 bytes", RawFrame.of(0x9, new byte[126]).toBytes());
        refuse("a fragmented Close (FIN = 0)", RawFrame.of(0x8, new byte[0]).fin(false).toBytes());
        refuse("length 5 in the 16-bit form", RawFrame.of(0x1, "Hello".getBytes(StandardCharsets.US_ASCII))
                .lengthForm(FrameCodec.LengthForm.SIXTEEN_BIT).toBytes());
        refuse("64-bit length with the top bit set", RawFrame.of(0x2, new byte[0]).declaredLength(Long.MIN_VALUE + 5).toBytes());
        refuse("2 MiB frame, limit 1 MiB", RawFrame.of(0x2, new byte[0]).declaredLength(2L << 20).toBytes());
        refuse("a masked frame sent to a client", FrameCodec.encode(Frame.text("Hello").withMaskingKey(key)));
        System.out.println("\nTry: ./jbang jbang-scripts/04_Frames.java decode 81 05 48 65 6c 6c 6f");
    }

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    static void show(String title, byte[] wire) {
        System.out.println(title + ":");
        System.out.println("  " + HexDump.hex(wire));
        System.out.println(FrameDescriber.text(wire, false));
    }

    static void refuse(String what, byte[] wire) {
        try {
            FrameCodec.decode(wire, Role.CLIENT, MAX_FRAME);
            System.out.printf("%-38s accepted?!%n", what);
        } catch (ProtocolViolation v) {
            System.out.printf("%-38s %-40s -> %d: %s%n", what, abbreviate(HexDump.hex(wire), 40), v.closeCode().code(), v.getMessage());
        } catch (IOException e) {
            System.out.printf("%-38s %s%n", what, e);
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
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = Thread.ofVirtual().name("server").start(() -> serve(server));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(5_000);
                socket.setTcpNoDelay(true);
                FrameWriter writer = new FrameWriter(new Tap(socket.getOutputStream(), "client"), Role.CLIENT, MaskingKeys.fixed(key));
                FrameReader reader = new FrameReader(socket.getInputStream(), Role.CLIENT, MAX_FRAME);
                Frame[] toSend = {
                        Frame.text("Hello"),
                        Frame.text("Hel").withFin(false),
                        new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes(StandardCharsets.US_ASCII)),
                        Frame.ping("still there?".getBytes(StandardCharsets.US_ASCII)),
                        Frame.binary(new byte[300]),
                };
                for (Frame f : toSend) {
                    writer.write(f);
                    Frame echo = reader.read();
                    synchronized (System.out) {
                        System.out.println("client reads " + echo + "\n");
                    }
                }
                socket.shutdownOutput(); // end of stream: the server's next read() returns -1
                serverThread.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    static void serve(ServerSocket server) {
        try (Socket peer = server.accept()) {
            peer.setSoTimeout(5_000);
            TrickleInputStream trickle = new TrickleInputStream(peer.getInputStream(), 1);
            FrameReader reader = new FrameReader(trickle, Role.SERVER, MAX_FRAME);
            FrameWriter writer = new FrameWriter(new Tap(peer.getOutputStream(), "server"), Role.SERVER, null);
            while (true) {
                Frame f;
                try {
                    f = reader.read();
                } catch (java.io.EOFException e) {
                    System.out.println("server: " + e.getMessage() + "; done");
                    return;
                }
                synchronized (System.out) {
                    System.out.println("server reads " + f);
                }
                Opcode answer = f.opcode() == Opcode.PING ? Opcode.PONG : f.opcode(); // a Ping gets a Pong (5.5.2)
                writer.write(new Frame(f.fin(), 0, answer, null, f.payload()));
            }
        } catch (IOException e) {
            System.out.println("server: " + e);
        }
    }
}
