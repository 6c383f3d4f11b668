package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Opcode;

import java.util.HexFormat;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 04's stages: FrameCodec's encoder and the close codes a violation carries. */
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

    static void encodes(Frame f, byte[] expected) throws Exception {
        Expect.frames("FrameCodec.encode(" + f + ")", expected, () -> FrameCodec.encode(f));
    }

    static List<Stage> stages() {
        String layout = "RFC 6455 section 5.2: byte 0 is FIN, RSV1-3, opcode; byte 1 is MASK and a 7-bit length (126: 16 bits follow, 127: 64 bits)";
        String hello = "81 05 48 65 6c 6c 6f";
        return List.of(
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
                core("04-close-codes", "the codes a Close frame may carry", "RFC 6455 section 7.4.1 and the IANA registry: 1000-1003, 1007-1014",
                        "sendable(): (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999).", () -> {
                            for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014}) {
                                Expect.equal("CloseCode.of(" + code + ").sendable()", true, () -> CloseCode.of(code).sendable());
                            }
                        }),
                core("04-close-codes", "1005, 1006 and 1015 never go on the wire; nor 1004, 0-999, 1016-2999, 5000+", "RFC 6455 sections 7.4.1 and 7.4.2",
                        "1005, 1006 and 1015 only report locally what happened; 1004 and 1016-2999 are reserved; below 1000 and above 4999 are not used.", () -> {
                            for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
                                Expect.equal("CloseCode.of(" + code + ").sendable()", false, () -> CloseCode.of(code).sendable());
                            }
                        }),
                core("04-close-codes", "3000-4999 belong to applications", "RFC 6455 section 7.4.2: 3000-3999 registered, 4000-4999 private use",
                        "Applications close with these: sendable() is true, and meaning() names the range.", () -> {
                            for (int code : new int[] {3000, 3999, 4000, 4999}) {
                                Expect.equal("CloseCode.of(" + code + ").sendable()", true, () -> CloseCode.of(code).sendable());
                            }
                            Expect.equal("CloseCode.of(4001).meaning()", "4000-4999 are private use, agreed between the two applications (section 7.4.2)",
                                    () -> CloseCode.of(4001).meaning());
                        }),
                core("04-close-codes", "every number has a meaning, and a reason when it may not be sent", "RFC 6455 section 7.4",
                        "meaning(): the registered meaning if there is one, else the range; whyNotSendable(): the short reason for the range.", () -> {
                            Expect.equal("CloseCode.PROTOCOL_ERROR.meaning()", "an endpoint is terminating the connection due to a protocol error",
                                    () -> CloseCode.PROTOCOL_ERROR.meaning());
                            Expect.equal("CloseCode.of(1004).meaning()", "1004 is reserved; its meaning might be defined in the future (section 7.4.1)",
                                    () -> CloseCode.of(1004).meaning());
                            Expect.equal("CloseCode.of(2000).meaning()", "1016-2999 are reserved for this protocol and its extensions, and none is assigned (section 7.4.2)",
                                    () -> CloseCode.of(2000).meaning());
                            Expect.equal("CloseCode.of(1006).whyNotSendable()", "1006 only reports locally what happened", () -> CloseCode.of(1006).whyNotSendable());
                            Expect.equal("CloseCode.of(999).whyNotSendable()", "0-999 are not used", () -> CloseCode.of(999).whyNotSendable());
                            Expect.equal("CloseCode.of(6000).whyNotSendable()", "codes above 4999 are not defined", () -> CloseCode.of(6000).whyNotSendable());
                        }),
                challenge("04-encoder", "the longest header: 64-bit length and a masking key, 14 bytes",
                        "RFC 6455 section 5.2: 2 bytes, 8 bytes of extended length, 4 bytes of masking key",
                        "65536 bytes need the 64-bit form (127 then 8 bytes, high first); a key sets the MASK bit and follows the length.", () -> {
                            byte[] payload = filled(65536);
                            byte[] actual = FrameCodec.encode(Frame.binary(payload).withMaskingKey(KEY));
                            Expect.bytes("FrameCodec.encode(Frame.binary(65536 bytes) with key 37 fa 21 3d): its 14-byte header",
                                    hex("82 ff 00 00 00 00 00 01 00 00 37 fa 21 3d"), java.util.Arrays.copyOf(actual, 14));
                            Expect.equal("the length of the whole frame", 14 + 65536, actual.length);
                        }));
    }
}
