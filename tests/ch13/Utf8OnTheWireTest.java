package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.protocol.Opcode;

/** Autobahn category 6 over a real socket: valid text in any split is echoed, invalid text is closed with 1007. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Utf8OnTheWireTest {

    @Test
    void validMultiByteTextInOneToManyFragmentsIsEchoed() throws Exception {
        String text = "Hello-µ@ßöäüàá-UTF-8!! κόσμε \uD83D\uDE00";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            for (int size = 1; size <= bytes.length; size += 3) {
                for (Frame f : Fragmenter.fragment(new Message.Text(text), size)) {
                    p.send(f);
                }
                Frame echo = p.readFrame();
                assertEquals(text, echo.payloadAsText(), "fragment size " + size);
            }
        }
    }

    @Test
    void aValidTextSplitAtEveryBytePositionIsAccepted() throws Exception {
        byte[] bytes = "κόσμε€\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            for (int split = 0; split <= bytes.length; split++) {
                p.send(new Frame(false, 0, Opcode.TEXT, null, java.util.Arrays.copyOfRange(bytes, 0, split)));
                p.send(new Frame(true, 0, Opcode.CONTINUATION, null, java.util.Arrays.copyOfRange(bytes, split, bytes.length)));
                assertEquals(HexDump.hex(bytes), HexDump.hex(p.readFrame().payload().toByteArray()), "split at " + split);
            }
        }
    }

    @ParameterizedTest(name = "invalid text {0} -> 1007")
    @ValueSource(strings = {"80", "bf", "c0 80", "c1 bf", "e0 80 80", "f0 80 80 80", "ed a0 80", "ed bf bf",
            "f4 90 80 80", "f5 80 80 80", "fe", "ff", "c2", "e2 82", "f0 9f 98", "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"})
    void invalidTextIsClosedWith1007(String hex) throws Exception {
        try (Peer p = Peer.server()) {
            p.send(new Frame(true, 0, Opcode.TEXT, null, HexDump.parse(hex)));
            ClosePayload close = p.readClose();
            assertEquals(CloseCode.INVALID_PAYLOAD, close.code());
            assertTrue(close.reason().startsWith("Text must be valid UTF-8"), close.reason());
            p.expectEof();
        }
    }

    @Test
    void anInvalidFirstFragmentIsRejectedBeforeTheRestIsSent() throws Exception {
        // Autobahn 6.4.1: the first fragment already holds ED A0 (a surrogate). The peer sends nothing more and
        // must still get the 1007 Close: the endpoint did not wait for the end of the message.
        try (Peer p = Peer.server()) {
            p.send(new Frame(false, 0, Opcode.TEXT, null,
                    HexDump.parse("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80")));
            assertEquals(CloseCode.INVALID_PAYLOAD, p.readClose().code());
            p.expectEof();
        }
    }

    @Test
    void aTextEndingInsideACharacterIs1007() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(new Frame(false, 0, Opcode.TEXT, null, HexDump.parse("61 e2 82")));
            p.send(new Frame(true, 0, Opcode.CONTINUATION, null, new byte[0]));
            assertEquals(CloseCode.INVALID_PAYLOAD, p.readClose().code());
        }
    }

    @Test
    void binaryIsNotCheckedAsUtf8() throws Exception {
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            p.send(Frame.binary(HexDump.parse("c0 80 ed a0 80 ff")));
            p.expect("82 06 c0 80 ed a0 80 ff");
        }
    }
}
