package ch21;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.WriteBatching;
import wsfs.view.FrameDescriber;

/**
 * The demo's claim over real loopback (chapter 21): messages queued while the writer is blocked in a write leave
 * together in the next one, and the peer receives exactly the frames a frame-by-frame writer would have sent.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class WriteBatchingTest {

    @Test
    void messagesThatWaitedLeaveInOneWrite() throws Exception {
        int messages = 8;
        WriteBatching.Result result = WriteBatching.run(messages);
        List<byte[]> writes = result.writes();
        assertEquals(2, writes.size(), "the held write, then one write for the " + (messages - 1) + " that waited");
        assertEquals(1, FrameDescriber.describeAll(writes.get(0)).size());
        assertEquals(messages - 1, FrameDescriber.describeAll(writes.get(1)).size());
        assertTrue(writes.size() < messages, "fewer writes than messages");
    }

    @Test
    void thePeerGetsEveryFrameInOrderUnchanged() throws Exception {
        int messages = 5;
        WriteBatching.Result result = WriteBatching.run(messages);
        ByteArrayOutputStream oneByOne = new ByteArrayOutputStream();
        for (int n = 1; n <= messages; n++) {
            byte[] text = WriteBatching.message(n).getBytes(StandardCharsets.UTF_8);
            oneByOne.write(0x81);                       // FIN, text (section 5.2)
            oneByOne.write(text.length);                // unmasked: a server's frame (5.1)
            oneByOne.write(text);
        }
        assertArrayEquals(oneByOne.toByteArray(), result.received());
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (byte[] w : result.writes()) {
            written.write(w);
        }
        assertArrayEquals(result.received(), written.toByteArray(), "what was written is what arrived");
    }
}
