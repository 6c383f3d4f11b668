package ch09;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.CloseHandshake;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;

/** The closing handshake as a pure state machine: no sockets, every transition checked. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CloseHandshakeTest {

    static Frame close(String hex) {
        return new Frame(true, 0, Opcode.CLOSE, null, HexDump.parse(hex));
    }

    @Test
    void weCloseFirst() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertEquals(ReadyState.OPEN, h.state());
        assertTrue(h.maySend());
        assertEquals(Optional.of(close("03 e8 62 79 65")), h.close(new ClosePayload(CloseCode.NORMAL_CLOSURE, "bye")));
        assertEquals(ReadyState.CLOSING, h.state());
        assertFalse(h.maySend(), "5.5.1: nothing after our Close");
        assertEquals(Optional.empty(), h.close(ClosePayload.of(CloseCode.GOING_AWAY)), "closing twice sends nothing");
        assertEquals(Optional.empty(), h.closeReceived(ClosePayload.of(CloseCode.NORMAL_CLOSURE)), "their Close is the answer: no reply");
        assertTrue(h.complete());
        assertTrue(h.closesTransportFirst(), "the server closes TCP first");
        assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), h.transportClosed());
        assertEquals(ReadyState.CLOSED, h.state());
    }

    @Test
    void theyCloseFirstAndWeEchoTheirCode() {
        CloseHandshake h = new CloseHandshake(Role.CLIENT);
        assertEquals(Optional.of(close("0b b8")), h.closeReceived(new ClosePayload(CloseCode.of(3000), "app says bye")));
        assertEquals(ReadyState.CLOSING, h.state());
        assertTrue(h.complete());
        assertFalse(h.closesTransportFirst(), "7.1.1: the client waits for the server to close TCP");
        assertEquals(new CloseEvent(CloseCode.of(3000), "app says bye", true), h.transportClosed());
    }

    @Test
    void anEmptyCloseIsAnsweredWithAnEmptyCloseAndReportedAs1005() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        Frame reply = h.closeReceived(ClosePayload.EMPTY).orElseThrow();
        assertArrayEquals(new byte[0], reply.payload().toByteArray(), "1005 must not be sent");
        assertEquals(new CloseEvent(CloseCode.NO_STATUS_RECEIVED, "", true), h.transportClosed());
    }

    @Test
    void bothCloseAtOnce() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertTrue(h.close(ClosePayload.of(CloseCode.NORMAL_CLOSURE)).isPresent());
        assertEquals(Optional.empty(), h.closeReceived(ClosePayload.of(CloseCode.GOING_AWAY)));
        assertEquals(new CloseEvent(CloseCode.GOING_AWAY, "", true), h.transportClosed(), "the code is the one received (7.1.5)");
    }

    @Test
    void failingSendsTheViolationsCodeAndIsNeverClean() {
        CloseHandshake h = new CloseHandshake(Role.CLIENT);
        Frame f = h.fail(CloseCode.PROTOCOL_ERROR, "Control frames must not be fragmented (5.5)").orElseThrow();
        assertEquals(new ClosePayload(CloseCode.PROTOCOL_ERROR, "Control frames must not be fragmented (5.5)"), parse(f));
        assertTrue(h.closesTransportFirst(), "7.1.7: the failing endpoint closes at once, even a client");
        assertEquals(CloseEvent.abnormal(), h.transportClosed());
        assertEquals(new CloseEvent(CloseCode.ABNORMAL_CLOSURE, "", false), CloseEvent.abnormal());
    }

    @Test
    void failingAfterOurCloseSendsNothingMore() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        h.close(ClosePayload.of(CloseCode.NORMAL_CLOSURE));
        assertEquals(Optional.empty(), h.fail(CloseCode.PROTOCOL_ERROR, "late violation"));
    }

    @Test
    void tcpClosingBeforeTheHandshakeIs1006() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertEquals(CloseEvent.abnormal(), h.transportClosed());
        CloseHandshake waiting = new CloseHandshake(Role.SERVER);
        waiting.close(ClosePayload.of(CloseCode.NORMAL_CLOSURE));
        assertEquals(CloseEvent.abnormal(), waiting.transportClosed(), "the peer never answered");
    }

    @Test
    void invalidCodesAndLongReasonsAreRefusedBeforeAnythingChanges() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        assertThrows(IllegalArgumentException.class, () -> h.close(ClosePayload.of(CloseCode.TLS_HANDSHAKE)));
        assertThrows(IllegalArgumentException.class, () -> h.close(ClosePayload.of(CloseCode.ABNORMAL_CLOSURE)));
        assertThrows(IllegalArgumentException.class, () -> h.close(new ClosePayload(CloseCode.NORMAL_CLOSURE, "x".repeat(124))));
        assertEquals(ReadyState.OPEN, h.state());
    }

    @Test
    void aLongReasonIsCutAtACharacterBoundary() {
        CloseHandshake h = new CloseHandshake(Role.SERVER);
        byte[] body = h.fail(CloseCode.INVALID_PAYLOAD, "é".repeat(100)).orElseThrow().payload().toByteArray();
        assertTrue(body.length <= 125, body.length + " bytes");
        assertEquals("é".repeat(61), h.sent().orElseThrow().reason(), "61 whole characters: 122 bytes");
    }

    static ClosePayload parse(Frame f) {
        try {
            return ClosePayload.parse(f.payload().toByteArray());
        } catch (ProtocolViolation e) {
            throw new AssertionError(e);
        }
    }
}
