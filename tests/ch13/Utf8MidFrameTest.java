package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.view.HexDump;
import wsfs.protocol.Limits;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.io.TrickleInputStream;

/**
 * Invalid UTF-8 fails the connection as soon as the bad bytes are read, even in the middle of one frame whose
 * rest never comes (Autobahn 6.4.3 and 6.4.4, strict). The raw peer sends a text frame's header announcing
 * 64 KiB and only a first piece of its payload; the Close with 1007 must arrive while the rest is still unsent.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Utf8MidFrameTest {
    static final int ANNOUNCED = 64 * 1024;
    static final byte[] KOSME = HexDump.parse("ce ba e1 bd b9 cf 83 ce bc ce b5");

    /** A text frame of ANNOUNCED bytes that starts with {@code start}, as the peer (the other role) sends it. */
    static byte[] wireFrame(Role connectionRole, Opcode opcode, boolean fin, byte[] start) {
        byte[] payload = new byte[ANNOUNCED];
        Arrays.fill(payload, (byte) 'x');
        System.arraycopy(start, 0, payload, 0, start.length);
        return FrameCodec.encode(new Frame(fin, 0, opcode, connectionRole == Role.SERVER ? Peer.KEY : null, payload));
    }

    /** Header length of a 64 KiB frame: 2 + 8 (64-bit length), + 4 if masked. */
    static int headerLength(Role connectionRole) {
        return 2 + 8 + (connectionRole == Role.SERVER ? 4 : 0);
    }

    /** The peer sends the header and the first {@code start.length} payload bytes, and then nothing. */
    static void sendOnlyTheStart(Peer p, Opcode opcode, boolean fin, byte[] start) throws IOException {
        byte[] wire = wireFrame(p.connectionRole, opcode, fin, start);
        p.rawOut.write(wire, 0, headerLength(p.connectionRole) + start.length);
        p.rawOut.flush();
    }

    /** The Close with 1007 arrives within Peer.WAIT (the raw socket's read time-out), then TCP closes. */
    static void expect1007WithTheRestUnsent(Peer p) throws Exception {
        ClosePayload close = p.readClose();
        assertEquals(CloseCode.INVALID_PAYLOAD, close.code());
        assertTrue(close.reason().startsWith("Text must be valid UTF-8"), close.reason());
        p.expectEof();
        CloseEvent event = p.events.awaitClose();
        assertEquals(CloseCode.ABNORMAL_CLOSURE, event.code());
        assertFalse(event.wasClean());
        Throwable error = p.events.errors.poll(Peer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(CloseCode.INVALID_PAYLOAD, assertInstanceOf(ProtocolViolation.class, error).closeCode());
        assertTrue(p.events.queue.isEmpty(), "no message was delivered: " + p.events.queue);
    }

    @ParameterizedTest(name = "server, first piece ends with {0}")
    @ValueSource(strings = {"f4 90 80 80 65 64 69 74 65 64", "f4 90", "ed a0 80", "c0 af", "80", "fe"})
    void theServerFailsAt1007BeforeTheRestOfTheFrameIsSent(String bad) throws Exception {
        try (Peer p = Peer.server()) {
            byte[] start = concat(KOSME, HexDump.parse(bad));
            sendOnlyTheStart(p, Opcode.TEXT, true, start);
            expect1007WithTheRestUnsent(p);
        }
    }

    @ParameterizedTest(name = "client, first piece ends with {0}")
    @ValueSource(strings = {"f4 90 80 80 65 64 69 74 65 64", "f4 90"})
    void theClientFailsAt1007BeforeTheRestOfTheFrameIsSent(String bad) throws Exception {
        try (Peer p = Peer.client()) {
            sendOnlyTheStart(p, Opcode.TEXT, true, concat(KOSME, HexDump.parse(bad)));
            expect1007WithTheRestUnsent(p);
        }
    }

    @Test
    void anInvalidByteInTheMiddleOfAContinuationFrameFailsAtOnce() throws Exception {
        // Messages up to 1 MiB here: 12 bytes + 64 KiB would be more than Peer.limits() allows (1009).
        try (Peer p = Peer.start(Role.SERVER, new Limits(1 << 16, 1 << 20, Duration.ofSeconds(2)))) {
            p.send(new Frame(false, 0, Opcode.TEXT, null, "valid start ".getBytes(StandardCharsets.UTF_8)));
            sendOnlyTheStart(p, Opcode.CONTINUATION, true, HexDump.parse("61 62 63 ed a0 80"));
            expect1007WithTheRestUnsent(p);
        }
    }

    @Test
    void aCharacterSplitBetweenTheFirstPieceAndTheUnsentRestIsNotAnError() throws Exception {
        // The first piece ends with E2 82, which may still become €: no failure yet. The peer then sends the rest,
        // starting with AC, and the message is echoed.
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            byte[] start = concat(KOSME, HexDump.parse("e2 82"));
            byte[] text = concat(start, HexDump.parse("ac"));
            byte[] wire = wireFrame(Role.SERVER, Opcode.TEXT, true, text);
            int cut = headerLength(Role.SERVER) + start.length;
            sendInTwoWrites(p, wire, cut);
            Frame echo = p.readFrame();
            assertEquals(Opcode.TEXT, echo.opcode());
            assertEquals(ANNOUNCED, echo.payload().length());
            assertEquals(HexDump.hex(text), HexDump.hex(echo.payload().slice(0, text.length).toByteArray()));
        }
    }

    @ParameterizedTest(name = "{0} byte(s) per read")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
    void codePointsAndMaskingKeyOctetsStraddleReads(int perRead) throws Exception {
        // The connection reads through a TrickleInputStream: every piece starts at a different key octet and many
        // end inside a character. Valid texts are echoed; an invalid one straddling two reads still fails.
        try (Peer p = Peer.start(Role.SERVER, Peer.limits(), in -> new TrickleInputStream(in, perRead))) {
            p.events.echo = true;
            for (String text : new String[] {"κόσμε", "a€b😀c", "€€€€€€€ 😀😀😀😀 κόσμε κόσμε", "x".repeat(37) + "€"}) {
                p.send(Frame.text(text));
                assertEquals(text, p.readFrame().payloadAsText(), "per read " + perRead);
            }
            p.send(new Frame(true, 0, Opcode.TEXT, null, concat(KOSME, HexDump.parse("ed a0 80 61"))));
            assertEquals(CloseCode.INVALID_PAYLOAD, p.readClose().code());
        }
    }

    @Test
    void aLargeTextFrameReadInManyPiecesIsEchoedIntact() throws Exception {
        // Pieces of at most 4099 bytes (not a multiple of 4) and the reader's own 8 KiB limit.
        String text = "κόσμε € 😀 ".repeat(2000);
        Limits limits = new Limits(1 << 20, 1 << 20, Duration.ofSeconds(2));
        try (Peer p = Peer.start(Role.SERVER, limits, in -> new TrickleInputStream(in, 4099))) {
            p.events.echo = true;
            p.send(Frame.text(text));
            assertEquals(text, p.readFrame().payloadAsText());
        }
    }

    @Test
    void binaryIsNotCheckedWhileItArrives() throws Exception {
        // The first piece of a binary frame is anything but UTF-8; the connection waits for the rest and echoes it.
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            byte[] start = HexDump.parse("c0 80 ed a0 80 ff fe f4 90");
            byte[] wire = wireFrame(Role.SERVER, Opcode.BINARY, true, start);
            int cut = headerLength(Role.SERVER) + start.length;
            sendInTwoWrites(p, wire, cut);
            Frame echo = p.readFrame();
            assertEquals(Opcode.BINARY, echo.opcode());
            assertEquals(HexDump.hex(start), HexDump.hex(echo.payload().slice(0, start.length).toByteArray()));
        }
    }

    @Test
    void aMessageTooLargeIsStill1009() throws Exception {
        // 1009 as before: the second fragment would take the message past 1000 bytes. Its payload is never sent
        // (the header is enough to know), and its invalid UTF-8 would not matter: 1009 comes first.
        try (Peer p = Peer.start(Role.SERVER, new Limits(1 << 16, 1000, Duration.ofSeconds(2)))) {
            p.send(new Frame(false, 0, Opcode.TEXT, null, new byte[600]));
            sendOnlyTheStart(p, Opcode.CONTINUATION, true, HexDump.parse("ff"));
            assertEquals(CloseCode.MESSAGE_TOO_BIG, p.readClose().code());
            p.expectEof();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The frame's bytes up to {@code cut} in one write, the rest in a second: the endpoint sees two reads. */
    static void sendInTwoWrites(Peer p, byte[] wire, int cut) throws java.io.IOException {
        p.rawOut.write(wire, 0, cut);
        p.rawOut.flush();
        p.rawOut.write(wire, cut, wire.length - cut);
        p.rawOut.flush();
    }
}
