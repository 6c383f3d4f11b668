package exercises;

import wsfs.io.Heartbeat;
import wsfs.protocol.ByteString;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Message;
import wsfs.protocol.Receiver;
import wsfs.protocol.Role;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.concat;
import static exercises.Stages04.hex;

/** Chapter 08's stages: control frames routed apart from messages, and a heartbeat that matches its pongs. */
final class Stages08 {
    private Stages08() {
    }

    /** What a client-side receiver makes of these server frames, fed {@code step} bytes at a time. */
    static List<Receiver.Event> receive(byte[] bytes, int step) throws Exception {
        List<Receiver.Event> events = new ArrayList<>();
        FrameParser p = new FrameParser(Role.CLIENT, 1 << 20);
        Receiver r = new Receiver(1 << 20, events::add);
        byte[] copy = bytes.clone();
        for (int at = 0; at < copy.length; at += step) {
            p.feed(copy, at, Math.min(step, copy.length - at), r);
        }
        return events;
    }

    static void events(byte[] bytes, int step, Receiver.Event... expected) throws Exception {
        Expect.equal("these frames" + (step == 1 ? ", fed one byte at a time" : "") + ":\n    " + Show.frames(bytes),
                List.of(expected).toString(), () -> receive(bytes, step).toString());
    }

    static List<Stage> stages() {
        String between = "RFC 6455 sections 5.4 and 5.5: control frames may come between the fragments of a message and are not part of it";
        String pong = "RFC 6455 section 5.5.2: a Pong answers a Ping with the same payload; 5.5.3: an unsolicited Pong is no answer";
        byte[] ping = hex("89 02 68 69");          // ping "hi"
        byte[] fragmented = concat(hex("01 03 48 65 6c"), ping, hex("80 02 6c 6f"));
        return List.of(
                core("08-route-control", "a ping becomes a PingReceived with its payload", between,
                        "header(): for a control opcode make control = new byte[length]; payload() copies into it; end() calls onEvent with controlEvent(...).", () ->
                                events(ping, 100, new Receiver.PingReceived(ByteString.of("hi".getBytes())))),
                core("08-route-control", "a ping between two fragments: the ping at once, then the whole message", between,
                        "A data frame's header, payload and end go to the assembler; a control frame's never do.", () ->
                                events(fragmented, 100, new Receiver.PingReceived(ByteString.of("hi".getBytes())), new Receiver.MessageReceived(new Message.Text("Hello")))),
                core("08-route-control", "the same, one byte at a time", between + "; a control payload may arrive in pieces",
                        "payload(): System.arraycopy(data, offset, control, controlFilled, length); controlFilled += length.", () ->
                                events(fragmented, 1, new Receiver.PingReceived(ByteString.of("hi".getBytes())), new Receiver.MessageReceived(new Message.Text("Hello")))),
                core("08-route-control", "pong and close events", "RFC 6455 sections 5.5.1 and 5.5.3",
                        "controlEvent(opcode, payload) makes the right event; end() hands it on.", () ->
                                events(hex("8a 00 88 02 03 e8"), 100, new Receiver.PongReceived(ByteString.of(new byte[0])), new Receiver.CloseReceived(ByteString.of(hex("03 e8"))))),
                core("08-match-pong", "the counter in a pong payload: 8 bytes, big-endian", pong,
                        "sequenceOf: null or not 8 bytes -> OptionalLong.empty(); else ByteBuffer.wrap(payload).getLong().", () -> {
                            Expect.equal("sequenceOf(" + Show.inline(Heartbeat.payloadFor(42)) + ")", OptionalLong.of(42), () -> Heartbeat.sequenceOf(Heartbeat.payloadFor(42)));
                            Expect.equal("sequenceOf(68 69)", OptionalLong.empty(), Heartbeat.sequenceOf(hex("68 69")));
                        }),
                core("08-match-pong", "the pong for the outstanding ping is matched; an unsolicited one is not", pong,
                        "pongReceived: under the lock, compare sequenceOf(payload) with outstanding (0: none); on a match set outstanding = 0, count it, call onRoundTrip.", () -> {
                            CompletableFuture<byte[]> sent = new CompletableFuture<>();
                            try (Heartbeat hb = new Heartbeat(sent::complete, Duration.ofMillis(20), Duration.ofSeconds(30), new Heartbeat.Listener() {
                            })) {
                                Expect.equal("a pong before any ping was sent (unsolicited)", false, hb.pongReceived(Heartbeat.payloadFor(1)));
                                hb.start();
                                byte[] payload = sent.get(5, TimeUnit.SECONDS);
                                Expect.equal("a pong with another payload than the ping's " + Show.inline(payload), false, hb.pongReceived(hex("68 69")));
                                Expect.equal("the pong answering the ping " + Show.inline(payload), true, hb.pongReceived(payload));
                                Expect.equal("pongsMatched() after that pong", 1L, hb.pongsMatched());
                                Expect.equal("the same pong a second time (already answered)", false, hb.pongReceived(payload));
                            }
                        }),
                challenge("08-route-control", "ten pings between the fragments of a message, one byte at a time", between,
                        "Nothing in the control path may touch the assembler's state.", () -> {
                            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                            List<Receiver.Event> expected = new ArrayList<>();
                            bytes.writeBytes(hex("01 01 61"));
                            for (int i = 0; i < 10; i++) {
                                bytes.writeBytes(new byte[] {(byte) 0x89, 1, (byte) ('0' + i)});
                                expected.add(new Receiver.PingReceived(ByteString.of(new byte[] {(byte) ('0' + i)})));
                                bytes.writeBytes(new byte[] {0x00, 1, (byte) ('b' + i)});
                            }
                            bytes.writeBytes(hex("80 00"));
                            expected.add(new Receiver.MessageReceived(new Message.Text("abcdefghijk")));
                            events(bytes.toByteArray(), 1, expected.toArray(Receiver.Event[]::new));
                        }));
    }
}
