package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Opcode;

/** Autobahn category 2 over a real socket: what a server connection answers, byte for byte. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PingPongOnTheWireTest {

    @Test
    void anEmptyPingGetsAnEmptyPong() throws Exception {
        try (Peer p = Peer.server()) {
            p.sendRaw("89 80 37 fa 21 3d");                     // masked empty ping (2.1)
            p.expect("8a 00");
            assertEquals("ping:", p.events.next());
        }
    }

    @Test
    void thePongCarriesThePingsPayload() throws Exception {
        try (Peer p = Peer.server()) {
            p.sendRaw("89 85 37 fa 21 3d 7f 9f 4d 51 58");     // RFC 5.7's masked "Hello", as a ping (2.2)
            p.expect("8a 05 48 65 6c 6c 6f");
            p.send(Frame.ping(HexDump.parse("00 ff fe fd fc fb 00 ff")));   // binary payload (2.3)
            p.expect("8a 08 00 ff fe fd fc fb 00 ff");
        }
    }

    @Test
    void a125BytePingIsAnswered() throws Exception {
        try (Peer p = Peer.server()) {
            byte[] payload = new byte[125];
            java.util.Arrays.fill(payload, (byte) 0xfe);
            p.send(Frame.ping(payload));                       // 2.4
            Frame pong = p.readFrame();
            assertEquals(Opcode.PONG, pong.opcode());
            assertEquals(HexDump.hex(payload), HexDump.hex(pong.payload().toByteArray()));
        }
    }

    @Test
    void a126BytePingFailsTheConnectionWith1002() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(Frame.ping(new byte[126]));                 // 2.5: 7-bit length 126 on a control frame
            assertEquals(CloseCode.PROTOCOL_ERROR, p.readClose().code());
            p.expectEof();
            assertEquals(CloseEvent.abnormal(), p.events.awaitClose());
        }
    }

    @Test
    void aFragmentedPingFailsTheConnectionWith1002() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(new Frame(false, 0, Opcode.PING, null, "frag".getBytes()));   // 2.6
            assertEquals(CloseCode.PROTOCOL_ERROR, p.readClose().code());
            p.expectEof();
        }
    }

    @Test
    void anUnsolicitedPongGetsNoAnswer() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(Frame.pong(new byte[0]));                   // 2.7
            p.send(Frame.pong("unsolicited pong payload".getBytes()));   // 2.8
            p.send(Frame.ping(new byte[] {1}));
            p.expect("8a 01 01");                              // the first bytes back answer the ping
            assertEquals("pong:", p.events.next());
            assertEquals("pong:" + HexDump.hex("unsolicited pong payload".getBytes()), p.events.next());
            assertEquals("ping:01", p.events.next());
        }
    }

    @Test
    void tenPingsInARowGetTenPongsInOrder() throws Exception {
        try (Peer p = Peer.server()) {
            for (int i = 0; i < 10; i++) {                     // 2.10 and 2.11
                p.send(Frame.ping(("payload-" + i).getBytes()));
            }
            for (int i = 0; i < 10; i++) {
                Frame pong = p.readFrame();
                assertEquals(Opcode.PONG, pong.opcode());
                assertEquals("payload-" + i, pong.payloadAsText());
            }
        }
    }

    @Test
    void aClientConnectionMasksItsPong() throws Exception {
        try (Peer p = Peer.client()) {
            p.sendRaw("89 05 48 65 6c 6c 6f");                 // RFC 5.7: unmasked ping "Hello"
            p.expect("8a 85 37 fa 21 3d 7f 9f 4d 51 58");      // RFC 5.7: masked pong "Hello" (the fixed test key)
        }
    }

    @Test
    void pingsFromTheApplicationAndTheirPongs() throws Exception {
        try (Peer p = Peer.server()) {
            assertEquals(true, p.connection.ping("hi".getBytes()));
            p.expect("89 02 68 69");
            p.send(Frame.pong("hi".getBytes()));
            assertEquals("pong:68 69", p.events.next());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> p.connection.ping(new byte[126]));
        }
    }
}
