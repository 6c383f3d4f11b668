package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;
import wsfs.io.FrameReader;
import wsfs.io.TrickleInputStream;

import java.io.ByteArrayInputStream;

import java.util.HexFormat;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 05's stages: the frame header's three length forms and their rules in FrameParser, and FrameReader. */
final class Stages05 {
    private Stages05() {
    }

    static final byte[] KEY = hex("37fa213d");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] filled(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    static String read(byte[] bytes, Role role) {
        return "these bytes, read by a " + role.name().toLowerCase() + ":\n    " + Show.frames(bytes);
    }

    static List<Frame> parse(byte[] bytes, Role role) throws Exception {
        return FrameParser.parseAll(bytes, role, 1 << 20);
    }

    static void parses(byte[] bytes, Role role, Frame... expected) throws Exception {
        Expect.equal(read(bytes, role), List.of(expected).toString(), () -> parse(bytes, role).toString());
    }

    static void refused(byte[] bytes, Role role, CloseCode code) throws Exception {
        Expect.violation(read(bytes, role), code, () -> parse(bytes, role));
    }

    static List<Stage> stages() {
        String layout = "RFC 6455 section 5.2: byte 0 is FIN, RSV1-3, opcode; byte 1 is MASK and a 7-bit length (126: 16 bits follow, 127: 64 bits)";
        String hello = "81 05 48 65 6c 6c 6f";
        return List.of(
                core("05-header-lengths", "a 7-bit length: an unmasked \"Hello\" read by a client", layout + "; example from section 5.7",
                        "b0 & 0x80 is FIN, (b0 >> 4) & 7 the RSV bits, b0 & 0x0F the opcode; FrameCodec.sevenBitLength(b1) is the length when below 126.", () ->
                                parses(hex(hello), Role.CLIENT, Frame.text("Hello"))),
                core("05-header-lengths", "a masked \"Hello\" read by a server", layout + "; MASK=1 means 4 key bytes follow the length (5.3)",
                        "With the length known, call lengthKnown(length, sink): it reads the key when masked() and completes the header.", () ->
                                parses(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), Role.SERVER, new Frame(true, 0, Opcode.TEXT, KEY, "Hello".getBytes()))),
                core("05-header-lengths", "FIN=0, then a continuation frame", "RFC 6455 section 5.4 (example in 5.7): a fragmented \"Hello\"",
                        "FIN is the top bit of byte 0; opcode 0 is CONTINUATION.", () ->
                                parses(hex("01 03 48 65 6c 80 02 6c 6f"), Role.CLIENT,
                                        new Frame(false, 0, Opcode.TEXT, null, "Hel".getBytes()), new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes()))),
                core("05-header-lengths", "a 16-bit length: 256 bytes (7E 01 00)", layout,
                        "For 126 set state = State.EXTENDED_LENGTH and headTarget = 2 + 2; extendedLength() then reads bigEndian(head, 2, 2).", () -> {
                            byte[] payload = filled(256);
                            parses(concat(hex("82 7e 01 00"), payload), Role.CLIENT, new Frame(true, 0, Opcode.BINARY, null, payload));
                        }),
                core("05-header-lengths", "a 64-bit length: 65536 bytes (7F 00 00 00 00 00 01 00 00)", layout,
                        "For 127 the extended length is 8 bytes: headTarget = 2 + 8, and bigEndian(head, 2, 8).", () -> {
                            byte[] payload = filled(65536);
                            parses(concat(hex("82 7f 00 00 00 00 00 01 00 00"), payload), Role.CLIENT, new Frame(true, 0, Opcode.BINARY, null, payload));
                        }),
                core("05-header-lengths", "the header arrives one byte at a time", "TCP splits bytes anywhere (chapter 01); the parser keeps a partial header",
                        "Keep the state in the fields (state, headTarget), never in local variables: feed() may stop after any byte.", () -> {
                            byte[] bytes = concat(hex("81 fe 00 7e 37 fa 21 3d"), filled(126));
                            byte[] unmaskedCopy = bytes.clone();
                            FrameParser p = new FrameParser(Role.SERVER, 1 << 20);
                            FrameParser.FrameCollector c = new FrameParser.FrameCollector(1000);
                            for (int i = 0; i < bytes.length; i++) {
                                p.feed(bytes, i, 1, c);
                            }
                            Expect.equal(read(unmaskedCopy, Role.SERVER) + " (fed one byte per call)", "1 frame of 126 bytes",
                                    c.count() + " frame" + (c.count() == 1 ? " of " + c.frames().get(0).payload().length() + " bytes" : "s"));
                        }),
                core("05-header-lengths", "RSV bits with no extension: 1002", "RFC 6455 section 5.2: RSV1-3 MUST be 0 unless an extension defines them",
                        "(rsv & ~allowedRsv) != 0: throw violation(\"5.2\", ...).", () -> refused(hex("c1 05 48 65 6c 6c 6f"), Role.CLIENT, CloseCode.PROTOCOL_ERROR)),
                core("05-header-lengths", "a fragmented ping, a 126-byte ping: 1002", "RFC 6455 section 5.5: control frames have FIN=1 and at most 125 bytes",
                        "opcode.isControl(): FIN must be set and the 7-bit length at most MAX_CONTROL_PAYLOAD (126 and 127 are already too long).", () -> {
                            refused(hex("09 00"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                            refused(concat(hex("89 7e 00 7e"), filled(126)), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                        }),
                core("05-header-lengths", "a server refuses unmasked frames, a client masked ones: 1002", "RFC 6455 section 5.1",
                        "masked = (b1 & 0x80) != 0; compare with role.expectsMaskedIncoming().", () -> {
                            refused(hex(hello), Role.SERVER, CloseCode.PROTOCOL_ERROR);
                            refused(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                        }),
                core("05-header-lengths", "a length above the limit: 1009 from the header alone", "RFC 6455 section 7.4.1 (1009: message too big)",
                        "lengthKnown(...) checks maxFramePayload: call it as soon as the length is known.", () ->
                                Expect.violation("82 7f 00 00 00 00 00 10 00 00 (1 MiB announced) at a client that accepts 1024", CloseCode.MESSAGE_TOO_BIG,
                                        () -> FrameParser.parseAll(hex("82 7f 00 00 00 00 00 10 00 00"), Role.CLIENT, 1024))),
                core("05-header-lengths", "whatever the encoder writes, the parser reads back", layout,
                        "encode (chapter 04) and parse must agree for every length form, masked or not.", () -> {
                            for (int n : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
                                for (byte[] key : new byte[][] {null, KEY}) {
                                    Frame f = new Frame(true, 0, Opcode.BINARY, key, filled(n));
                                    List<Frame> back = parse(FrameCodec.encode(f), key == null ? Role.CLIENT : Role.SERVER);
                                    Expect.equal("parse(encode(" + f + "))", List.of(f).toString(), back.toString());
                                }
                            }
                        }),
                core("05-frame-reader", "FrameReader reads the RFC's frames from a stream", "RFC 6455 section 5.2 (examples in 5.7)",
                        "read(): while the frame is not complete, readHeaderBytes until the parser reports the header, then readPayloadBytes.", () -> {
                            byte[] bytes = concat(hex("01 03 48 65 6c"), hex("89 05 48 65 6c 6c 6f"), hex("80 02 6c 6f"));
                            FrameReader r = new FrameReader(new ByteArrayInputStream(bytes), Role.CLIENT, 1 << 20);
                            Expect.equal(read(bytes, Role.CLIENT) + " with FrameReader.read() three times",
                                    List.of(new Frame(false, 0, Opcode.TEXT, null, "Hel".getBytes()), Frame.ping("Hello".getBytes()),
                                            new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes())).toString(),
                                    () -> List.of(r.read(), r.read(), r.read()).toString());
                        }),
                core("05-frame-reader", "one byte per read(), a masked 300-byte frame", "TCP may deliver one byte per read (chapter 01)",
                        "Never ask the stream for more than parser.bytesNeeded(); keep reading until the parser says the frame ended.", () -> {
                            byte[] payload = filled(300);
                            Frame sent = Frame.binary(payload).withMaskingKey(KEY);
                            byte[] bytes = FrameCodec.encode(sent);
                            FrameReader r = new FrameReader(new TrickleInputStream(new ByteArrayInputStream(bytes), 1), Role.SERVER, 1 << 20);
                            Expect.equal(read(bytes, Role.SERVER) + " one byte per read()", sent.toString(), () -> r.read().toString());
                        }),
                core("05-frame-reader", "exactly one frame: the next frame's bytes stay in the stream", "RFC 6455 section 5.2: the length says where a frame ends",
                        "Ask for at most bytesNeeded() bytes, header and payload alike: then nothing of the next frame is read.", () -> {
                            byte[] bytes = concat(hex("81 05 48 65 6c 6c 6f"), hex("82 02 01 02"));
                            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
                            FrameReader r = new FrameReader(in, Role.CLIENT, 1 << 20);
                            r.read();
                            Expect.equal(read(bytes, Role.CLIENT) + ": bytes left in the stream after one read()", 4, in.available());
                        }),
                core("05-frame-reader", "the end of the stream is an EOFException that says where", "not a violation: the endpoint decides what a vanished peer means (1006, chapter 09)",
                        "in.read(...) < 0: before a frame, \"the stream ended before the next frame\"; inside one, say so.", () -> {
                            Expect.thrown("FrameReader.read() on an empty stream", java.io.EOFException.class,
                                    () -> new FrameReader(new ByteArrayInputStream(new byte[0]), Role.CLIENT, 1024).read());
                            Expect.thrown("FrameReader.read() on 81 05 48 65 (the payload cut short)", java.io.EOFException.class,
                                    () -> new FrameReader(new ByteArrayInputStream(hex("81 05 48 65")), Role.CLIENT, 1024).read());
                        }),
                challenge("05-header-lengths", "non-minimal lengths and a 64-bit length with its top bit set: 1002",
                        "RFC 6455 section 5.2: \"the minimal number of bytes MUST be used\"; \"the most significant bit MUST be 0\"",
                        "In extendedLength(): 16 bits below 126, 64 bits below 65536, or a negative long, are violations of 5.2.", () -> {
                            refused(hex("81 7e 00 05 48 65 6c 6c 6f"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                            refused(hex("81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                            refused(hex("82 7f 80 00 00 00 00 00 00 00"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                        }));
    }
}
