package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.protocol.Opcode;

/** Autobahn category 5 over a real socket, with an echoing application. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FragmentsOnTheWireTest {

    static Frame first(Opcode type, String text) {
        return new Frame(false, 0, type, null, text.getBytes(StandardCharsets.UTF_8));
    }

    static Frame cont(boolean fin, String text) {
        return new Frame(fin, 0, Opcode.CONTINUATION, null, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoFragmentsMakeOneMessage() throws Exception {
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            p.sendRaw("01 83 37 fa 21 3d 7f 9f 4d");          // RFC 5.7's "Hel", masked, FIN=0
            p.sendRaw("80 82 37 fa 21 3d 5b 95");             // "lo", FIN=1
            p.expect("81 05 48 65 6c 6c 6f");                  // the echo: one frame "Hello"
            assertEquals("text:Hello", p.events.next());
        }
    }

    @Test
    void pingsBetweenFragmentsAreAnsweredBeforeTheMessageIsComplete() throws Exception {
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            p.send(first(Opcode.TEXT, "fragment1"));            // 5.6
            p.send(Frame.ping("ping".getBytes()));
            p.expect("8a 04 70 69 6e 67");                     // the pong comes at once, mid-message
            p.send(cont(false, "fragment2"));
            p.send(Frame.ping("again".getBytes()));
            p.expect("8a 05 61 67 61 69 6e");
            p.send(cont(true, "fragment3"));
            p.expect("81 1b " + HexDump.hex("fragment1fragment2fragment3".getBytes()));
            assertEquals("ping:70 69 6e 67", p.events.next());
        }
    }

    @Test
    void oneToManyFragments() throws Exception {
        try (Peer p = Peer.server()) {
            p.events.echo = true;
            Message m = new Message.Binary(HexDump.parse("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10"));
            for (int size : new int[] {17, 16, 8, 3, 1}) {
                for (Frame f : Fragmenter.fragment(m, size)) {
                    p.send(f);
                }
                p.expect("82 11 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10");
            }
        }
    }

    @Test
    void aContinuationWithoutAStartIs1002() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(cont(true, "non-continuation payload"));   // 5.9
            assertEquals(CloseCode.PROTOCOL_ERROR, p.readClose().code());
            p.expectEof();
            assertEquals(CloseEvent.abnormal(), p.events.awaitClose());
        }
    }

    @Test
    void aNewTextWhileAMessageIsOpenIs1002() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(first(Opcode.TEXT, "fragment1"));            // 5.18-like: a second start
            p.send(Frame.text("fragment2"));
            var close = p.readClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, close.code());
            assertTrue(close.reason().contains("5.4"), close.reason());
            p.expectEof();
        }
    }

    @Test
    void aFragmentedPongIs1002() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(new Frame(false, 0, Opcode.PONG, null, "fragment1".getBytes()));   // 5.2
            assertEquals(CloseCode.PROTOCOL_ERROR, p.readClose().code());
            p.expectEof();
        }
    }

    @Test
    void aMessageOverTheLimitIs1009() throws Exception {
        try (Peer p = Peer.start(wsfs.protocol.Role.SERVER, Peer.limits().withMaxMessageSize(10))) {
            p.send(new Frame(false, 0, Opcode.BINARY, null, new byte[6]));
            p.send(new Frame(true, 0, Opcode.CONTINUATION, null, new byte[6]));
            assertEquals(CloseCode.MESSAGE_TOO_BIG, p.readClose().code());
            p.expectEof();
        }
    }

    @Test
    void aServerSendsFragmentsWithFinAndOpcodeAsSection54Says() throws Exception {
        try (Peer p = Peer.server()) {
            p.connection.sendFragmented(new Message.Text("Hello"), 2);
            p.expect("01 02 48 65");     // first: FIN=0, TEXT
            p.expect("00 02 6c 6c");     // middle: FIN=0, CONTINUATION
            p.expect("80 01 6f");        // last: FIN=1, CONTINUATION
        }
    }
}
