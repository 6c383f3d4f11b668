package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.Message;
import wsfs.protocol.MessageAssembler;
import wsfs.protocol.Opcode;
import wsfs.protocol.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.hex;

/** Chapter 07's stages: reassembling fragments into messages, and the incremental UTF-8 check. */
final class Stages07 {
    private Stages07() {
    }

    static Frame frame(boolean fin, Opcode op, String text) {
        return new Frame(fin, 0, op, null, text.getBytes(StandardCharsets.UTF_8));
    }

    static Frame frame(boolean fin, Opcode op, byte[] payload) {
        return new Frame(fin, 0, op, null, payload);
    }

    /** Gives the frames to a fresh assembler; the results of accept, one per frame. */
    static List<Optional<Message>> assemble(long limit, Frame... frames) throws Exception {
        MessageAssembler a = new MessageAssembler(limit);
        List<Optional<Message>> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(a.accept(f));
        }
        return out;
    }

    static String frames(Frame... frames) {
        StringBuilder s = new StringBuilder("the frames, one after another:");
        for (Frame f : frames) {
            s.append("\n      ").append(f);
        }
        return s.toString();
    }

    static void valid(byte[] text) throws Exception {
        Utf8Validator v = new Utf8Validator();
        v.feed(text);
        v.finish();
    }

    static void invalid(String what, byte[] bytes) throws Exception {
        Expect.violation(what + ": " + Show.inline(bytes), CloseCode.INVALID_PAYLOAD, () -> valid(bytes));
    }

    static boolean jdkValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static List<Stage> stages() {
        String order = "RFC 6455 section 5.4: TEXT or BINARY with FIN=0, CONTINUATION frames with FIN=0, a last CONTINUATION with FIN=1";
        String utf8 = "RFC 6455 section 8.1 and RFC 3629 section 4: a text message must be valid UTF-8, or the connection fails with 1007";
        return List.of(
                core("07-reassemble", "one frame with FIN=1 is one message", order,
                        "In frameEnded(): with FIN set, take buffer.toByteArray(), reset the fields, return the Text or Binary message.", () -> {
                            Frame f = Frame.text("Hello");
                            Expect.equal(frames(f), List.of(Optional.of(new Message.Text("Hello"))), () -> assemble(1000, f));
                        }),
                core("07-reassemble", "three fragments are one message", order,
                        "header(): remember the opcode of the first frame (open); frameEnded() without FIN sets fragmented and returns empty.", () -> {
                            Frame[] fs = {frame(false, Opcode.TEXT, "Hel"), frame(false, Opcode.CONTINUATION, "l"), frame(true, Opcode.CONTINUATION, "o")};
                            Expect.equal(frames(fs), List.of(Optional.empty(), Optional.empty(), Optional.of(new Message.Text("Hello"))), assemble(1000, fs));
                        }),
                core("07-reassemble", "binary fragments keep their bytes; the next message starts fresh", order,
                        "After a message, open, fragmented and the buffer are reset, so the next message starts empty.", () -> {
                            Frame[] fs = {frame(false, Opcode.BINARY, hex("00 ff")), frame(true, Opcode.CONTINUATION, hex("80")), Frame.text("next")};
                            Expect.equal(frames(fs), List.of(Optional.empty(), Optional.of(new Message.Binary(hex("00 ff 80"))),
                                    Optional.of(new Message.Text("next"))), assemble(1000, fs));
                        }),
                core("07-reassemble", "a continuation with no message open: 1002", order,
                        "header(): opcode CONTINUATION while !fragmented is a ProtocolViolation(PROTOCOL_ERROR, \"5.4\", ...).", () -> {
                            Frame f = frame(true, Opcode.CONTINUATION, "lo");
                            Expect.violation(frames(f), CloseCode.PROTOCOL_ERROR, () -> assemble(1000, f));
                        }),
                core("07-reassemble", "a new TEXT frame inside a fragmented message: 1002", order + "; fragments of two messages never interleave",
                        "header(): a TEXT or BINARY opcode while fragmented is a violation of 5.4.", () -> {
                            Frame[] fs = {frame(false, Opcode.TEXT, "Hel"), frame(true, Opcode.TEXT, "lo")};
                            Expect.violation(frames(fs), CloseCode.PROTOCOL_ERROR, () -> assemble(1000, fs));
                        }),
                core("07-reassemble", "a message over the limit: 1009 from the header", "RFC 6455 section 10.4: limit what you buffer (1009, message too big)",
                        "header(): buffer.size() + header.payloadLength() > maxMessageSize is a ProtocolViolation(MESSAGE_TOO_BIG, \"10.4\", ...).", () -> {
                            Frame[] fs = {frame(false, Opcode.BINARY, new byte[6]), frame(true, Opcode.CONTINUATION, new byte[6])};
                            Expect.violation(frames(fs) + " (limit 10 bytes)", CloseCode.MESSAGE_TOO_BIG, () -> assemble(10, fs));
                        }),
                core("07-utf8", "valid text: 1- to 4-byte characters", utf8,
                        "need == 0: 00..7F is ASCII, C2..DF starts 1 continuation, E0..EF 2, F0..F4 3 (start(b, n, lo, hi)); else need-- for 80..BF.", () -> {
                            byte[] text = "κόσμε € 𝄞 ascii".getBytes(StandardCharsets.UTF_8);
                            Expect.equal("Utf8Validator.isValid(" + Show.inline(text) + ")", true, () -> Utf8Validator.isValid(text));
                        }),
                core("07-utf8", "a character split between two pieces is fine", utf8 + "; the state carries over between fragments",
                        "Keep need, lo and hi in the fields, so feed() can stop inside a character and go on with the next call.", () -> {
                            Utf8Validator v = new Utf8Validator();
                            v.feed(hex("e2 82"));
                            v.feed(hex("ac"));
                            v.finish();
                        }),
                core("07-utf8", "a continuation byte with no lead byte, a byte that never appears: 1007", utf8,
                        "need == 0 and b in 80..BF, or b in C0, C1, F5..FF: return a sentence saying why (not null).", () -> {
                            invalid("a lone continuation byte", hex("80"));
                            invalid("C0 starts only overlong forms", hex("c0 af"));
                            invalid("F5 never appears", hex("f5 80 80 80"));
                        }),
                core("07-utf8", "overlong forms, surrogates, code points above U+10FFFF: 1007", utf8 + " (the table in RFC 3629 section 4)",
                        "The first continuation byte's range depends on the lead: E0 -> A0..BF, ED -> 80..9F, F0 -> 90..BF, F4 -> 80..8F.", () -> {
                            invalid("E0 80 80 is an overlong encoding", hex("e0 80 80"));
                            invalid("ED A0 80 is the surrogate U+D800", hex("ed a0 80"));
                            invalid("F0 80 80 80 is overlong", hex("f0 80 80 80"));
                            invalid("F4 90 80 80 is above U+10FFFF", hex("f4 90 80 80"));
                        }),
                core("07-utf8", "a text that ends inside a character: 1007 at finish()", utf8,
                        "finish() reports need > 0; step() only has to keep need right.", () -> {
                            Utf8Validator v = new Utf8Validator();
                            v.feed(hex("e2 82"));
                            Expect.violation("e2 82, then finish()", CloseCode.INVALID_PAYLOAD, v::finish);
                        }),
                core("07-utf8", "a bad byte fails at once, in the first fragment", utf8 + "; fail fast, before the next fragment arrives",
                        "Return the problem from the very byte that breaks the text; MessageAssembler.payload feeds every piece as it arrives.", () -> {
                            Frame f = frame(false, Opcode.TEXT, hex("ce ba ed a0 80"));
                            Expect.violation(frames(f) + " (the message's first fragment)", CloseCode.INVALID_PAYLOAD, () -> assemble(1000, f));
                        }),
                challenge("07-utf8", "agree with the JDK's strict decoder on every 1- and 2-byte input and every edge of the longer forms", utf8,
                        "Any disagreement is a byte range in step() that is off by one.", () -> {
                            List<byte[]> inputs = new ArrayList<>();
                            for (int a = 0; a < 256; a++) {
                                inputs.add(new byte[] {(byte) a});
                                for (int b = 0; b < 256; b++) {
                                    inputs.add(new byte[] {(byte) a, (byte) b});
                                }
                            }
                            int[] edges = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
                            for (int a = 0xe0; a <= 0xf4; a++) {
                                for (int b : edges) {
                                    for (int c : edges) {
                                        inputs.add(new byte[] {(byte) a, (byte) b, (byte) c});
                                        for (int d : edges) {
                                            inputs.add(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                                        }
                                    }
                                }
                            }
                            for (byte[] in : inputs) {
                                boolean expected = jdkValid(in);
                                boolean actual = Utf8Validator.isValid(in);
                                Expect.isTrue("Utf8Validator.isValid(" + Show.inline(in) + ")", expected == actual,
                                        String.valueOf(expected) + " (the JDK's strict decoder)", String.valueOf(actual));
                            }
                        }));
    }
}
