package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

import java.util.HexFormat;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 04's stages: the frame header's three length forms in FrameParser, and FrameCodec's encoder. */
final class Stages04 {
    private Stages04() {
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

    static void encodes(Frame f, byte[] expected) throws Exception {
        Expect.frames("FrameCodec.encode(" + f + ")", expected, () -> FrameCodec.encode(f));
    }

    static List<Stage> stages() {
        String layout = "RFC 6455 section 5.2: byte 0 is FIN, RSV1-3, opcode; byte 1 is MASK and a 7-bit length (126: 16 bits follow, 127: 64 bits)";
        String hello = "81 05 48 65 6c 6c 6f";
        return List.of(
                core("04-header-lengths", "a 7-bit length: an unmasked \"Hello\" read by a client", layout + "; example from section 5.7",
                        "b0 & 0x80 is FIN, (b0 >> 4) & 7 the RSV bits, b0 & 0x0F the opcode; sevenBitLength(b1) is the length when below 126.", () ->
                                parses(hex(hello), Role.CLIENT, Frame.text("Hello"))),
                core("04-header-lengths", "a masked \"Hello\" read by a server", layout + "; MASK=1 means 4 key bytes follow the length (5.3)",
                        "With the length known, call lengthKnown(length, sink): it reads the key when masked() and completes the header.", () ->
                                parses(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), Role.SERVER, new Frame(true, 0, Opcode.TEXT, KEY, "Hello".getBytes()))),
                core("04-header-lengths", "FIN=0, then a continuation frame", "RFC 6455 section 5.4 (example in 5.7): a fragmented \"Hello\"",
                        "FIN is the top bit of byte 0; opcode 0 is CONTINUATION.", () ->
                                parses(hex("01 03 48 65 6c 80 02 6c 6f"), Role.CLIENT,
                                        new Frame(false, 0, Opcode.TEXT, null, "Hel".getBytes()), new Frame(true, 0, Opcode.CONTINUATION, null, "lo".getBytes()))),
                core("04-header-lengths", "a 16-bit length: 256 bytes (7E 01 00)", layout,
                        "For 126 set state = State.EXTENDED_LENGTH and headTarget = 2 + 2; extendedLength() then reads bigEndian(head, 2, 2).", () -> {
                            byte[] payload = filled(256);
                            parses(concat(hex("82 7e 01 00"), payload), Role.CLIENT, new Frame(true, 0, Opcode.BINARY, null, payload));
                        }),
                core("04-header-lengths", "a 64-bit length: 65536 bytes (7F 00 00 00 00 00 01 00 00)", layout,
                        "For 127 the extended length is 8 bytes: headTarget = 2 + 8, and bigEndian(head, 2, 8).", () -> {
                            byte[] payload = filled(65536);
                            parses(concat(hex("82 7f 00 00 00 00 00 01 00 00"), payload), Role.CLIENT, new Frame(true, 0, Opcode.BINARY, null, payload));
                        }),
                core("04-header-lengths", "the header arrives one byte at a time", "TCP splits bytes anywhere (chapter 01); the parser keeps a partial header",
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
                core("04-header-lengths", "RSV bits with no extension: 1002", "RFC 6455 section 5.2: RSV1-3 MUST be 0 unless an extension defines them",
                        "(rsv & ~allowedRsv) != 0: throw violation(\"5.2\", ...).", () -> refused(hex("c1 05 48 65 6c 6c 6f"), Role.CLIENT, CloseCode.PROTOCOL_ERROR)),
                core("04-header-lengths", "a fragmented ping, a 126-byte ping: 1002", "RFC 6455 section 5.5: control frames have FIN=1 and at most 125 bytes",
                        "opcode.isControl(): FIN must be set and the 7-bit length at most MAX_CONTROL_PAYLOAD (126 and 127 are already too long).", () -> {
                            refused(hex("09 00"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                            refused(concat(hex("89 7e 00 7e"), filled(126)), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                        }),
                core("04-header-lengths", "a server refuses unmasked frames, a client masked ones: 1002", "RFC 6455 section 5.1",
                        "masked = (b1 & 0x80) != 0; compare with role.expectsMaskedIncoming().", () -> {
                            refused(hex(hello), Role.SERVER, CloseCode.PROTOCOL_ERROR);
                            refused(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                        }),
                core("04-header-lengths", "a length above the limit: 1009 from the header alone", "RFC 6455 section 7.4.1 (1009: message too big)",
                        "lengthKnown(...) checks maxFramePayload: call it as soon as the length is known.", () ->
                                Expect.violation("82 7f 00 00 00 00 00 10 00 00 (1 MiB announced) at a client that accepts 1024", CloseCode.MESSAGE_TOO_BIG,
                                        () -> FrameParser.parseAll(hex("82 7f 00 00 00 00 00 10 00 00"), Role.CLIENT, 1024))),
                core("04-encoder", "an unmasked text frame \"Hello\"", layout,
                        "writeHeader: byte 0 = (fin ? 0x80 : 0) | rsv << 4 | opcode; byte 1 = length when it is at most 125.", () ->
                                encodes(Frame.text("Hello"), hex(hello))),
                core("04-encoder", "a masked \"Hello\": the key, then the masked payload", "RFC 6455 sections 5.2 and 5.3 (example in 5.7)",
                        "MASK bit 0x80 in byte 1, the 4 key bytes after the length, then Masking.applyFast over the payload copy.", () ->
                                encodes(Frame.text("Hello").withMaskingKey(KEY), hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"))),
                core("04-encoder", "125 bytes in 7 bits, 126 in 16 bits, 65536 in 64 bits", layout + "; the minimal number of bytes MUST be used",
                        "LengthForm.minimalFor(length) says which form; 16 bits: 126 then length >>> 8, length; 64 bits: 127 then 8 bytes, high first.", () -> {
                            for (int n : new int[] {125, 126, 65535, 65536}) {
                                byte[] payload = filled(n);
                                byte[] header = switch (n) {
                                    case 125 -> hex("82 7d");
                                    case 126 -> hex("82 7e 00 7e");
                                    case 65535 -> hex("82 7e ff ff");
                                    default -> hex("82 7f 00 00 00 00 00 01 00 00");
                                };
                                byte[] actual = FrameCodec.encode(Frame.binary(payload));
                                byte[] actualHead = java.util.Arrays.copyOf(actual, Math.min(actual.length, header.length));
                                Expect.bytes("FrameCodec.encode(Frame.binary(" + n + " bytes)): its header", header, actualHead);
                                Expect.equal("the length of the whole frame for " + n + " bytes", header.length + n, actual.length);
                            }
                        }),
                core("04-encoder", "a control frame over 125 bytes is refused", "RFC 6455 section 5.5",
                        "encode checks f.opcode().isControl() and the payload length first: IllegalArgumentException.", () ->
                                Expect.thrown("FrameCodec.encode(Frame.ping(126 bytes))", IllegalArgumentException.class, () -> FrameCodec.encode(Frame.ping(filled(126))))),
                core("04-encoder", "whatever it encodes, the parser reads back", layout,
                        "encode and parse must agree for every length form, masked or not.", () -> {
                            for (int n : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
                                for (byte[] key : new byte[][] {null, KEY}) {
                                    Frame f = new Frame(true, 0, Opcode.BINARY, key, filled(n));
                                    List<Frame> back = parse(FrameCodec.encode(f), key == null ? Role.CLIENT : Role.SERVER);
                                    Expect.equal("parse(encode(" + f + "))", List.of(f).toString(), back.toString());
                                }
                            }
                        }),
                challenge("04-header-lengths", "non-minimal lengths and a 64-bit length with its top bit set: 1002",
                        "RFC 6455 section 5.2: \"the minimal number of bytes MUST be used\"; \"the most significant bit MUST be 0\"",
                        "In extendedLength(): 16 bits below 126, 64 bits below 65536, or a negative long, are violations of 5.2.", () -> {
                            refused(hex("81 7e 00 05 48 65 6c 6c 6f"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                            refused(hex("81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                            refused(hex("82 7f 80 00 00 00 00 00 00 00"), Role.CLIENT, CloseCode.PROTOCOL_ERROR);
                        }));
    }
}
