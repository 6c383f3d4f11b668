///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 04_Frames.java
//SOURCES wsfs/protocol/FrameHeader.java
//SOURCES wsfs/protocol/FrameParser.java
//SOURCES wsfs/io/FrameReader.java
//SOURCES wsfs/view/FrameDescriber.java
//MAIN ReadingFrames

// Chapter 05: reading frames, RFC 6455 sections 5.1, 5.2 and 5.5. A strict, incremental parser takes bytes in
// any split and checks every rule of the frame format; a blocking reader on top of it takes exactly one frame
// from a stream, however TCP cuts it, and the describer explains any frame with the parser's verdict.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
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

class ReadingFrames {
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
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], ReadingFrames::help);
        }
    }

    static void help() {
        System.out.println("""
                05_ReadingFrames.java: reading WebSocket frames, RFC 6455 sections 5.1, 5.2 and 5.5 (chapter 05)

                  (no arguments)     demo: the RFC's example frames read by the strict parser, the parser's
                                     events for bytes in any split, frames over a loopback socket read one
                                     byte at a time, and the frames a strict reader refuses
                  decode HEX...      annotated breakdown of one or more frames given in hex, as separate
                                     arguments or one string ("81 05 48 65 6c 6c 6f", "8105 48656c6c6f",
                                     "0x81,0x05,..."); frames back to back are decoded one after another,
                                     each with the strict parser's verdict.
                                     A masked frame is read as client -> server, an unmasked one as server -> client.
                  --help             this text

                  Example: ./jbang jbang-scripts/05_ReadingFrames.java decode 81 05 48 65 6c 6c 6f
                  (04_Frames.java encode builds a frame for you to decode here.)
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

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        byte[] key = HexDump.parse(RFC_KEY);
        section("1. The example frames of RFC 6455 section 5.7, read by the strict FrameParser");
        show("A single-frame unmasked text message \"Hello\" (server -> client)", HexDump.parse("81 05 48 65 6c 6c 6f"));
        show("The same message masked, as a client sends it (key " + RFC_KEY + ")", HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        show("A fragmented unmasked text message: \"Hel\" then \"lo\" (two frames back to back)", HexDump.parse("01 03 48 65 6c 80 02 6c 6f"));
        show("A masked Pong with body \"Hello\" (a client's answer)", HexDump.parse("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));

        section("1b. The parser's events: the masked \"Hello\" fed in pieces of 3 bytes");
        events(HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"), 3);

        section("2. Frames over a loopback socket, read one byte at a time");
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
        System.out.println("\nTry: ./jbang jbang-scripts/05_ReadingFrames.java decode 81 05 48 65 6c 6c 6f");
    }

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    static void show(String title, byte[] wire) {
        System.out.println(title + ":");
        System.out.println("  " + HexDump.hex(wire));
        System.out.println(FrameDescriber.text(wire, false));
    }

    /** Feeds {@code wire} to a server-side parser {@code piece} bytes per call and prints each event it reports. */
    static void events(byte[] wire, int piece) throws ProtocolViolation {
        FrameParser parser = new FrameParser(Role.SERVER, MAX_FRAME);
        FrameParser.Sink printer = new FrameParser.Sink() {
            public void header(FrameHeader h) {
                System.out.printf("    header   %s FIN=%s key=%s length %d%n", h.opcode(), h.fin(), h.maskingKey(), h.payloadLength());
            }

            public void payload(FrameHeader h, byte[] data, int offset, int length) {
                System.out.printf("    payload  %s (unmasked in place: \"%s\")%n", HexDump.hex(data, offset, offset + length),
                        new String(data, offset, length, StandardCharsets.UTF_8));
            }

            public void end(FrameHeader h) {
                System.out.println("    end");
            }
        };
        for (int at = 0; at < wire.length; at += piece) {
            int n = Math.min(piece, wire.length - at);
            System.out.printf("  feed %-10s bytesNeeded before: %d%n", HexDump.hex(wire, at, at + n), parser.bytesNeeded());
            parser.feed(wire, at, n, printer);
        }
    }

    static void refuse(String what, byte[] wire) {
        try {
            FrameParser.decode(wire, Role.CLIENT, MAX_FRAME);
            System.out.printf("%-38s accepted?!%n", what);
        } catch (ProtocolViolation v) {
            System.out.printf("%-38s %-40s -> %d: %s%n", what, Frames.abbreviate(HexDump.hex(wire), 40), v.closeCode().code(), v.getMessage());
        } catch (IOException e) {
            System.out.printf("%-38s %s%n", what, e);
        }
    }

    static void loopback(byte[] key) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = Thread.ofVirtual().name("server").start(() -> serve(server));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(5_000);
                socket.setTcpNoDelay(true);
                FrameWriter writer = new FrameWriter(new Frames.Tap(socket.getOutputStream(), "client"), Role.CLIENT, MaskingKeys.fixed(key));
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
            FrameWriter writer = new FrameWriter(new Frames.Tap(peer.getOutputStream(), "server"), Role.SERVER, null);
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
