package ch09;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.ClosePayload;
import wsfs.view.HexDump;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;

/** Close frame bodies (RFC 6455 sections 5.5.1, 7.4), Autobahn category 7 at the payload level. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClosePayloadTest {

    @Test
    void anEmptyBodyHasNoStatusCodeReportedAs1005() throws ProtocolViolation {
        ClosePayload p = ClosePayload.parse(new byte[0]);
        assertEquals(ClosePayload.EMPTY, p);
        assertEquals(CloseCode.NO_STATUS_RECEIVED, p.code());
        assertFalse(p.hasCode());
        assertArrayEquals(new byte[0], p.toBytes(), "1005 is never sent: the body stays empty");
    }

    @Test
    void aOneByteBodyIs1002() {
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> ClosePayload.parse(new byte[] {0x03}));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
        assertEquals("5.5.1", e.section());
    }

    @ParameterizedTest(name = "code {0} is echoed")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void validCodesParseAndEncode(int code) throws ProtocolViolation {
        byte[] body = {(byte) (code >> 8), (byte) code};
        ClosePayload p = ClosePayload.parse(body);
        assertEquals(code, p.code().code());
        assertEquals("", p.reason());
        assertArrayEquals(body, p.toBytes());
        assertTrue(CloseCode.of(code).sendable());
    }

    @ParameterizedTest(name = "code {0} -> 1002")
    @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void codesThatMustNotBeSentAre1002(int code) {
        byte[] body = {(byte) (code >> 8), (byte) code};
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> ClosePayload.parse(body));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
        assertEquals("7.4.1", e.section());
        assertFalse(CloseCode.of(code).sendable());
        if (code != ClosePayload.NO_STATUS.code()) {     // 1005 is how EMPTY is written: it encodes as an empty body
            assertThrows(IllegalArgumentException.class, () -> ClosePayload.of(CloseCode.of(code)).toBytes());
        }
    }

    @Test
    void theReasonFollowsTheCode() throws ProtocolViolation {
        ClosePayload p = ClosePayload.parse(HexDump.parse("03 e8 62 79 65"));
        assertEquals(new ClosePayload(CloseCode.NORMAL_CLOSURE, "bye"), p);
        assertArrayEquals(HexDump.parse("03 e8 62 79 65"), p.toBytes());
        assertEquals(new ClosePayload(CloseCode.GOING_AWAY, "κόσμε"), ClosePayload.parse(new ClosePayload(CloseCode.GOING_AWAY, "κόσμε").toBytes()));
    }

    @Test
    void anInvalidUtf8ReasonIs1007() {
        // Autobahn 7.5.1: code 1000 and the invalid "κόσμε" + surrogate + "edited".
        byte[] body = HexDump.parse("03 e8 ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64");
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> ClosePayload.parse(body));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
        assertThrows(ProtocolViolation.class, () -> ClosePayload.parse(HexDump.parse("03 e8 e2 82")), "cut short");
    }

    @Test
    void aReasonOf123BytesFitsOf124DoesNot() throws ProtocolViolation {
        String max = "*".repeat(123);
        byte[] body = new ClosePayload(CloseCode.NORMAL_CLOSURE, max).toBytes();
        assertEquals(125, body.length);
        assertEquals(max, ClosePayload.parse(body).reason());
        assertThrows(IllegalArgumentException.class, () -> new ClosePayload(CloseCode.NORMAL_CLOSURE, max + "*").toBytes());
    }

    @Test
    void longReasonsAreCutAtACharacterBoundary() {
        String euros = "€".repeat(50);                             // 150 bytes
        String cut = ClosePayload.truncateReason(euros);
        assertEquals(41, cut.length(), "41 euro signs = 123 bytes");
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 123);
        assertEquals("a€", ClosePayload.truncateReason("a€"));
        String shifted = "ab" + euros;                             // the cut falls inside a character
        assertEquals(122, ClosePayload.truncateReason(shifted).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void meaningsCoverEveryRange() {
        assertTrue(CloseCode.of(500).meaning().contains("not used"));
        assertTrue(CloseCode.of(1004).meaning().contains("reserved"));
        assertTrue(CloseCode.of(1006).meaning().contains("without a Close frame"));
        assertTrue(CloseCode.of(1006).whyNotSendable().contains("only reports locally"));
        assertTrue(CloseCode.of(2000).meaning().contains("reserved"));
        assertTrue(CloseCode.of(3000).meaning().contains("IANA"));
        assertTrue(CloseCode.of(4000).meaning().contains("private"));
        assertTrue(CloseCode.of(5000).meaning().contains("not defined"));
    }

    @Test
    void readyStatesHaveTheBrowsersNumbers() {
        assertEquals(0, ReadyState.CONNECTING.value());
        assertEquals(1, ReadyState.OPEN.value());
        assertEquals(2, ReadyState.CLOSING.value());
        assertEquals(3, ReadyState.CLOSED.value());
        assertEquals(ReadyState.CLOSING, ReadyState.of(2));
    }
}
