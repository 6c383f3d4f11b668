package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Opcode;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;

/** Autobahn category 7 and section 7 over a real socket: both directions of the closing handshake. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClosingOnTheWireTest {

    static Frame close(String bodyHex) {
        return new Frame(true, 0, Opcode.CLOSE, null, HexDump.parse(bodyHex));
    }

    @Test
    void aCloseWithoutBodyIsAnsweredWithAnEmptyCloseThenTheServerClosesTcp() throws Exception {
        try (Peer p = Peer.server()) {
            p.sendRaw("88 80 37 fa 21 3d");                    // 7.3.1: masked Close, empty body
            p.expect("88 00");                                 // answered with an empty Close: 1005 is never sent
            p.expectEof();                                     // 7.1.1: the server closes TCP first
            assertEquals(new CloseEvent(CloseCode.NO_STATUS_RECEIVED, "", true), p.events.awaitClose());
            assertEquals(ReadyState.CLOSED, p.connection.readyState());
        }
    }

    @Test
    void aCloseWithAOneByteBodyIs1002() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(close("03"));                               // 7.3.2
            assertEquals(CloseCode.PROTOCOL_ERROR, p.readClose().code());
            p.expectEof();
            assertEquals(CloseEvent.abnormal(), p.events.awaitClose());
        }
    }

    @ParameterizedTest(name = "close code {0} is echoed")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void validCodesAreEchoed(int code) throws Exception {
        String codeHex = "%02x %02x".formatted(code >> 8, code & 0xff);
        try (Peer p = Peer.server()) {
            p.send(close(codeHex));                            // 7.7.x
            p.expect("88 02 " + codeHex);                      // the same code comes back, no reason
            p.expectEof();
            assertEquals(new CloseEvent(CloseCode.of(code), "", true), p.events.awaitClose());
        }
    }

    @ParameterizedTest(name = "close code {0} -> 1002")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void invalidCodesAre1002(int code) throws Exception {
        try (Peer p = Peer.server()) {
            p.send(close("%02x %02x".formatted(code >> 8, code & 0xff)));   // 7.9.x
            ClosePayload answer = p.readClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, answer.code());
            assertTrue(answer.reason().contains("Close code " + code), answer.reason());
            p.expectEof();
            assertEquals(CloseEvent.abnormal(), p.events.awaitClose());
        }
    }

    @Test
    void anInvalidUtf8ReasonIs1007() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(close("03 e8 ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"));   // 7.5.1
            assertEquals(CloseCode.INVALID_PAYLOAD, p.readClose().code());
            p.expectEof();
        }
    }

    @Test
    void aReasonOf123BytesIsFineAndReported() throws Exception {
        String reason = "*".repeat(123);
        try (Peer p = Peer.server()) {
            p.send(new ClosePayload(CloseCode.NORMAL_CLOSURE, reason).toFrame());   // 7.3.5: 125-byte Close body
            p.expect("88 02 03 e8");
            p.expectEof();
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, reason, true), p.events.awaitClose());
        }
    }

    @Test
    void aCloseBodyOf126BytesIs1002() throws Exception {
        try (Peer p = Peer.server()) {
            byte[] body = new byte[126];
            body[0] = 0x03;
            body[1] = (byte) 0xe8;
            p.send(new Frame(true, 0, Opcode.CLOSE, null, body));   // 7.3.6: too long for a control frame
            assertEquals(CloseCode.PROTOCOL_ERROR, p.readClose().code());
        }
    }

    @Test
    void dataAfterTheCloseIsIgnored() throws Exception {
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            p.send(close("03 e8"));                            // 7.1.x: Close, then more frames
            p.send(Frame.text("after close"));
            p.send(Frame.ping("after close".getBytes()));
            p.expect("88 02 03 e8");                           // only the answering Close ...
            p.expectEof();                                     // ... then the end: no echo, no pong
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), p.events.awaitClose());
            assertTrue(p.events.queue.isEmpty(), "nothing after the Close was delivered: " + p.events.queue);
        }
    }

    @Test
    void theServerClosesWithCodeAndReasonAndTheClientAnswers() throws Exception {
        try (Peer p = Peer.server()) {
            p.connection.close(CloseCode.NORMAL_CLOSURE, "bye");
            assertEquals(ReadyState.CLOSING, p.connection.readyState());
            p.expect("88 05 03 e8 62 79 65");
            assertFalse(p.connection.sendText("too late"), "5.5.1: nothing is sent after a Close");
            p.send(close("03 e8"));                            // the client answers
            p.expectEof();                                     // and the server closes TCP first
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), p.events.awaitClose());
        }
    }

    @Test
    void messagesThatArriveBeforeTheAnsweringCloseAreStillDelivered() throws Exception {
        try (Peer p = Peer.server()) {
            p.connection.close(CloseCode.GOING_AWAY, "going away");
            p.expect("88 0c 03 e9 " + HexDump.hex("going away".getBytes()));
            p.send(Frame.text("last words"));                  // sent by the client before it saw our Close
            p.send(Frame.ping(new byte[] {7}));                // not answered: our Close went out already
            p.send(close("03 e9"));
            p.expectEof();                                     // no pong came before the end
            assertEquals("text:last words", p.events.next());
            assertEquals("ping:07", p.events.next());
            assertEquals(new CloseEvent(CloseCode.GOING_AWAY, "", true), p.events.awaitClose());
        }
    }

    @Test
    void simultaneousCloseCompletesWithoutExtraFrames() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(close("03 e8"));
            p.connection.close(CloseCode.GOING_AWAY, "");                      // may run before or after the Close is read
            ClosePayload first = p.readClose();
            assertTrue(first.code().code() == 1000 || first.code().code() == 1001, first.toString());
            p.expectEof();                                     // exactly one Close from the server, then EOF
            CloseEvent e = p.events.awaitClose();
            assertTrue(e.wasClean());
            assertEquals(CloseCode.NORMAL_CLOSURE, e.code(), "the code is the one received");
        }
    }

    @Test
    void aPeerThatNeverAnswersIsCutOffAfterTheCloseTimeout() throws Exception {
        try (Peer p = Peer.start(Role.SERVER, Peer.limits().withCloseTimeout(Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            p.connection.close(CloseCode.NORMAL_CLOSURE, "");
            p.expect("88 02 03 e8");                           // the peer reads our Close and says nothing
            CloseEvent e = p.events.awaitClose();
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(CloseEvent.abnormal(), e, "no Close came back: 1006, not clean");
            assertTrue(elapsedMs < 4_000, "closed within the bound, took " + elapsedMs + " ms");
            assertTrue(p.connection.awaitClosed(Duration.ofSeconds(1)));
        }
    }

    @Test
    void tcpDroppedWithoutACloseIs1006() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(new Frame(false, 0, Opcode.TEXT, null, "half a mess".getBytes()));
            p.raw.shutdownOutput();                           // EOF in the middle of a message, no Close
            assertEquals(CloseEvent.abnormal(), p.events.awaitClose());
            assertTrue(p.events.errors.isEmpty(), "a vanished peer is not an error: " + p.events.errors);
        }
    }

    @Test
    void closeRefusesCodesThatMustNotBeSent() throws Exception {
        try (Peer p = Peer.server()) {
            for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
                assertThrows(IllegalArgumentException.class, () -> p.connection.close(CloseCode.of(code), ""), "code " + code);
            }
            assertThrows(IllegalArgumentException.class, () -> p.connection.close(CloseCode.NORMAL_CLOSURE, "x".repeat(124)));
            assertEquals(ReadyState.OPEN, p.connection.readyState());
        }
    }

    // ---- the client side ----------------------------------------------------------------------------------

    @Test
    void aClientAnswersTheServersCloseMaskedAndWaitsForTheServerToCloseTcp() throws Exception {
        try (Peer p = Peer.client()) {
            p.sendRaw("88 02 03 e8");                          // the server closes
            p.expect("88 82 37 fa 21 3d 34 12");               // the client's answer: masked 03 e8
            assertEquals(ReadyState.CLOSING, p.connection.readyState(), "7.1.1: the client waits for the server's FIN");
            p.raw.shutdownOutput();                            // the server closes TCP first
            p.expectEof();                                     // and then the client closes its side
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), p.events.awaitClose());
        }
    }

    @Test
    void aClientGivesUpWaitingForTheServersFinAfterTheTimeout() throws Exception {
        try (Peer p = Peer.start(Role.CLIENT, Peer.limits().withCloseTimeout(Duration.ofMillis(300)))) {
            p.sendRaw("88 00");
            p.expect("88 80 37 fa 21 3d");                     // the empty Close, masked
            p.expectEof();                                     // the server never closes: the client does
            assertEquals(new CloseEvent(CloseCode.NO_STATUS_RECEIVED, "", true), p.events.awaitClose(), "the handshake completed: clean");
        }
    }

    @Test
    void aClientStartsTheCloseAndTheServerAnswers() throws Exception {
        try (Peer p = Peer.client()) {
            p.connection.close(CloseCode.of(4000), "done");
            Frame f = p.readFrame();
            assertEquals(new ClosePayload(CloseCode.of(4000), "done"), ClosePayload.parse(f.payload().toByteArray()));
            assertTrue(f.masked());
            p.sendRaw("88 02 0f a0");                          // the server echoes 4000
            p.raw.shutdownOutput();                            // and closes TCP
            p.expectEof();
            assertEquals(new CloseEvent(CloseCode.of(4000), "", true), p.events.awaitClose());
        }
    }

    @Test
    void aMaskedFrameFromTheServerFailsTheClientWith1002() throws Exception {
        try (Peer p = Peer.client()) {
            p.sendRaw("81 85 37 fa 21 3d 7f 9f 4d 51 58");     // a masked frame sent to a client (5.1)
            ClosePayload answer = p.readClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, answer.code());
            p.expectEof();                                     // 7.1.7: a failing client closes TCP itself
            assertEquals(CloseEvent.abnormal(), p.events.awaitClose());
            assertTrue(p.events.errors.poll(5, TimeUnit.SECONDS) instanceof wsfs.protocol.ProtocolViolation);
        }
    }
}
