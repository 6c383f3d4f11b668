package ch07;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.ByteString;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.protocol.Opcode;

/** The sender's side of section 5.4: FIN and opcode of the first, middle and last frames. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FragmenterTest {

    @Test
    void firstMiddleLast() {
        List<Frame> frames = Fragmenter.fragment(new Message.Text("Hello, world"), 5);
        assertEquals(3, frames.size());
        assertEquals(List.of(false, false, true), frames.stream().map(Frame::fin).toList());
        assertEquals(List.of(Opcode.TEXT, Opcode.CONTINUATION, Opcode.CONTINUATION), frames.stream().map(Frame::opcode).toList());
        assertEquals(List.of("Hello", ", wor", "ld"), frames.stream().map(Frame::payloadAsText).toList());
        frames.forEach(f -> {
            assertNull(f.maskingKey(), "the writer masks, not the fragmenter");
            assertEquals(0, f.rsv());
        });
    }

    @Test
    void aMessageThatFitsIsOneFinalFrame() {
        List<Frame> frames = Fragmenter.fragment(new Message.Binary(new byte[] {1, 2, 3}), 3);
        assertEquals(List.of(Frame.binary(new byte[] {1, 2, 3})), frames);
    }

    @Test
    void anEmptyMessageIsOneEmptyFinalFrame() {
        assertEquals(List.of(Frame.text("")), Fragmenter.fragment(new Message.Text(""), 4));
    }

    @Test
    void textIsSplitOnBytesEvenInsideACharacter() {
        List<Frame> frames = Fragmenter.fragment(new Message.Text("€"), 1);
        assertEquals(3, frames.size());
        assertArrayEquals(HexDump.parse("e2"), frames.get(0).payload().toByteArray());
        assertArrayEquals(HexDump.parse("82"), frames.get(1).payload().toByteArray());
        assertArrayEquals(HexDump.parse("ac"), frames.get(2).payload().toByteArray());
        assertFalse(frames.get(1).fin());
        assertTrue(frames.get(2).fin());
    }

    @Test
    void controlFramesAreNeverFragmented() {
        assertThrows(IllegalArgumentException.class, () -> Fragmenter.fragment(Opcode.PING, ByteString.of(new byte[10]), 2));
        assertThrows(IllegalArgumentException.class, () -> Fragmenter.fragment(Opcode.CONTINUATION, ByteString.of(new byte[10]), 2));
        assertThrows(IllegalArgumentException.class, () -> Fragmenter.fragment(new Message.Text("x"), 0));
    }
}
