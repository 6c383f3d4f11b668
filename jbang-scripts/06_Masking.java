///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 05_ReadingFrames.java
//MAIN MaskingDemo

// Chapter 06: masking, RFC 6455 sections 5.3 and 10.3. Every client frame is XORed with a fresh,
// unpredictable 4-byte key; a server rejects unmasked frames, a client rejects masked ones.
// How much faster the 8-bytes-at-a-time routine is: bench/MaskingBench.java measures it with JMH (its own
// script, so that JMH does not ride along in this chapter and every later one).
// The class is not called Masking: that name belongs to wsfs.protocol.Masking, which it imports.

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import wsfs.protocol.CloseCode;
import wsfs.app.CommandLine;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.view.FrameDescriber;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
import wsfs.protocol.Masking;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;

class MaskingDemo {
    /** The masking key of the RFC's examples (section 5.7). Fixed so the demo prints the same bytes every run. */
    static final String RFC_KEY = "37 fa 21 3d";
    /** The masked client frame captured in the document "Python WebSocket development over raw sockets". */
    static final String DOCUMENT_001_FRAME = "81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "decode" -> decode(CommandLine.rest(args));
            case "bench" -> benchMoved(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], MaskingDemo::help);
        }
    }

    static void help() {
        System.out.println("""
                06_Masking.java: masking, RFC 6455 sections 5.3 and 10.3 (chapter 06)

                  (no arguments)   demo: XOR masking byte by byte, the captured frame of the document
                                   "Python WebSocket development over raw sockets", fresh keys per frame,
                                   and both sides closing with 1002 over a loopback socket
                  decode HEX...    like 05_ReadingFrames.java decode, and now masked payloads are unmasked
                  --help           this text

                  Example: ./jbang jbang-scripts/06_Masking.java decode %s
                  The JMH benchmark of the two masking routines: %s --help
                """.formatted(DOCUMENT_001_FRAME, BENCH));
    }

    // ---- decode: chapter 05's mode, now with the payload unmasked ---------------------------------------

    static void decode(String[] hex) {
        if (hex.length > 0 && CommandLine.isHelp(hex[0])) {
            help();
            return;
        }
        ReadingFrames.decode(hex, true, DOCUMENT_001_FRAME);
    }

    static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        section("1. Masking \"Hello\" with the key of RFC 6455 section 5.7: byte i XOR key[i % 4]");
        byte[] key = HexDump.parse(RFC_KEY);
        byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
        byte[] masked = Masking.copy(hello, key);
        System.out.println(" i  original      key[i % 4]   masked");
        for (int i = 0; i < hello.length; i++) {
            System.out.printf("%2d  %02x '%c' %s  %02x %s  %02x %s%n", i, hello[i], (char) hello[i],
                    bits(hello[i]), key[i % 4] & 0xff, bits(key[i % 4]),
                    masked[i] & 0xff, bits(masked[i]));
        }
        System.out.println("XOR the masked bytes with the same key again and \"" + new String(Masking.copy(masked, key),
                StandardCharsets.US_ASCII) + "\" comes back: masking and unmasking are one operation.");

        section("2. The captured client frame of \"Python WebSocket development over raw sockets\"");
        System.out.println(DOCUMENT_001_FRAME);
        System.out.print(FrameDescriber.text(HexDump.parse(DOCUMENT_001_FRAME), true));
        System.out.println("""

                The document says the browser sent "Hello World", and splits these bytes as a 2-byte mask (04 89)
                and 13 bytes of data. The masking key is 4 bytes (section 5.2: 32 bits when MASK is 1), so the data
                is the 11 bytes that the length field announces, and they unmask to "Hello world" with a lower-case w.""");

        section("3. A fresh key for every frame (MaskingKeys.secure(): SecureRandom)");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameWriter client = new FrameWriter(wire, Role.CLIENT); // keys from SecureRandom, a new one per frame
        for (int i = 0; i < 3; i++) {
            wire.reset();
            client.write(Frame.text("Hello"));
            System.out.println("\"Hello\" on the wire: " + HexDump.hex(wire.toByteArray()));
        }
        System.out.println("""
                The same text looks different each time, and a script in the page cannot know the next key.
                (This demo's other frames use the fixed RFC key so that you can compare them with the RFC; a fixed
                key is for demos only: section 5.3 requires keys a server or proxy cannot predict.)""");

        section("4. The masking rule enforced over a loopback socket");
        unmaskedClientFrame();
        maskedServerFrame();

        section("5. The readable routine and the 8-bytes-at-a-time routine agree");
        Random random = new Random(4);
        int checked = 0;
        for (int n = 0; n < 2000; n++) {
            byte[] data = new byte[random.nextInt(200)];
            random.nextBytes(data);
            byte[] k = new byte[4];
            random.nextBytes(k);
            int offset = random.nextInt(data.length + 1);
            int length = random.nextInt(data.length - offset + 1);
            int keyOffset = random.nextInt(4);
            byte[] slow = data.clone();
            byte[] fast = data.clone();
            Masking.apply(slow, offset, length, k, keyOffset);
            Masking.applyFast(fast, offset, length, k, keyOffset);
            if (!java.util.Arrays.equals(slow, fast)) {
                throw new AssertionError("the routines differ on input " + n);
            }
            checked++;
        }
        System.out.println(checked + " random inputs: equal. How much faster is the fast one? Run:");
        System.out.println("  " + BENCH + " --quick");
    }

    /** A byte as two groups of four bits, "0100 1000". */
    static String bits(byte b) {
        String s = Integer.toBinaryString(0x100 | (b & 0xff)).substring(1);
        return s.substring(0, 4) + " " + s.substring(4);
    }

    /**
     * A Close frame's payload: the status code in two bytes, big-endian, then a UTF-8 reason (section 5.5.1),
     * cut so the whole payload fits a control frame's 125 bytes. Chapter 09 brings a proper close model.
     */
    static byte[] closePayload(CloseCode code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, 123);
        while (length > 0 && length < text.length && (text[length] & 0xC0) == 0x80) {
            length--; // do not cut a UTF-8 sequence in half
        }
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code.code() >> 8);
        payload[1] = (byte) code.code();
        System.arraycopy(text, 0, payload, 2, length);
        return payload;
    }

    /** A raw client sends an unmasked frame; the server's FrameReader refuses it and the server closes with 1002. */
    static void unmaskedClientFrame() throws Exception {
        System.out.println("a) A client that forgets to mask: the server must close (section 5.1), here with 1002.");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = Thread.ofVirtual().start(() -> {
                try (Socket peer = server.accept()) {
                    peer.setSoTimeout(5_000);
                    FrameReader reader = new FrameReader(peer.getInputStream(), Role.SERVER, 1 << 20);
                    FrameWriter writer = new FrameWriter(peer.getOutputStream(), Role.SERVER, null);
                    try {
                        Frame f = reader.read();
                        System.out.println("   server: read " + f);
                    } catch (ProtocolViolation v) {
                        System.out.println("   server: " + v.getMessage());
                        System.out.println("   server: sends Close " + v.closeCode() + " and closes the connection");
                        writer.write(new Frame(true, 0, Opcode.CLOSE, null, closePayload(v.closeCode(), v.rule())));
                    }
                } catch (IOException e) {
                    System.out.println("   server: " + e);
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(5_000);
                byte[] unmasked = FrameCodec.encode(Frame.text("Hello")); // no key: MASK = 0
                System.out.println("   client: sends " + HexDump.hex(unmasked) + " (MASK bit 0)");
                socket.getOutputStream().write(unmasked);
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                byte[] reply = in.readAllBytes(); // until the server closes
                System.out.println("   client: received " + reply.length + " bytes, then end of stream:");
                System.out.print(indent(FrameDescriber.text(reply)));
            }
            serverThread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** A server that masks its frame; the client's FrameReader refuses it and the client closes with 1002. */
    static void maskedServerFrame() throws Exception {
        System.out.println("\nb) A server that masks: the client must close (section 5.1), here with 1002.");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = Thread.ofVirtual().start(() -> {
                try (Socket peer = server.accept()) {
                    peer.setSoTimeout(5_000);
                    byte[] masked = FrameCodec.encode(Frame.text("Hello").withMaskingKey(HexDump.parse(RFC_KEY)));
                    System.out.println("   server: sends " + HexDump.hex(masked) + " (MASK bit 1)");
                    OutputStream out = peer.getOutputStream();
                    out.write(masked);
                    out.flush();
                    FrameReader reader = new FrameReader(peer.getInputStream(), Role.SERVER, 1 << 20);
                    Frame close = reader.read();
                    System.out.println("   server: received " + close.opcode() + " with status "
                            + (((close.payload().byteAt(0) & 0xff) << 8) | (close.payload().byteAt(1) & 0xff)));
                } catch (IOException e) {
                    System.out.println("   server: " + e);
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(5_000);
                FrameReader reader = new FrameReader(socket.getInputStream(), Role.CLIENT, 1 << 20);
                FrameWriter writer = new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(RFC_KEY));
                try {
                    System.out.println("   client: read " + reader.read());
                } catch (ProtocolViolation v) {
                    System.out.println("   client: " + v.getMessage());
                    byte[] payload = closePayload(v.closeCode(), "masked frame from the server");
                    System.out.println("   client: sends Close " + v.closeCode() + " (masked, as every client frame)");
                    writer.write(new Frame(true, 0, Opcode.CLOSE, null, payload));
                    // Drain the rest of the bad frame until the server hangs up: closing a socket with unread
                    // bytes makes the kernel send a reset, which could destroy our Close before it is read.
                    socket.shutdownOutput();
                    socket.getInputStream().readAllBytes();
                }
            }
            serverThread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    static String indent(String text) {
        return text.lines().map(l -> "   " + l + "\n").reduce("", String::concat);
    }

    // ---- bench: moved to its own script -----------------------------------------------------------------

    static final String BENCH = "./jbang jbang-scripts/bench/MaskingBench.java";

    /** The benchmark needs JMH, which no chapter script carries: say in one line where it went. */
    static void benchMoved(String[] args) {
        System.err.println("the masking benchmark has its own script now: " + String.join(" ", BENCH, String.join(" ", args)).strip());
        System.exit(2);
    }
}
