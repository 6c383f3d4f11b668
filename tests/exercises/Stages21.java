package exercises;

import wsfs.app.WriteBatching;
import wsfs.protocol.Masking;
import wsfs.view.FrameDescriber;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static exercises.Stage.challenge;

/**
 * Chapter 21's challenges (no exercises: chapter 21 measures and explains what chapters 06 and 14 built). Each
 * runs on the course's code, or on the learner's workspace if there is one: the edge's writer must put the frames
 * that wait on the wire in one write, and the fast masking routine must stay byte for byte the readable one.
 */
final class Stages21 {
    private Stages21() {
    }

    static List<Stage> stages() {
        return List.of(
                challenge("21-one-write", "8 messages sent while the writer is blocked leave in 2 writes, every frame intact",
                        "RFC 6455 section 5.4 (frames of different messages never interleave) and chapter 11's outbox: one batch of what waits, in order",
                        "OutboxWriter.writeLoop takes outbox.takeSome(WRITE_CHUNK) (every frame that waits, up to 64 KiB) and write(batch) joins them into one out.write call.", () -> {
                            WriteBatching.Result r = WriteBatching.run(8);
                            String doing = "8 text messages to a server-side connection whose first socket write is held until 7 more were sent";
                            List<Integer> frames = r.writes().stream().map(w -> FrameDescriber.describeAll(w).size()).toList();
                            Expect.equal(doing + " (frames per write call)", List.of(1, 7), frames);
                            byte[] all = r.writes().stream().collect(java.io.ByteArrayOutputStream::new,
                                    (out, w) -> out.write(w, 0, w.length), (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray();
                            Expect.bytes(doing + " (what the client read, against what was written)", all, r.received());
                        }),
                challenge("21-fast-mask", "the fast masking routine gives the readable one's bytes on 1 MiB at every start and key offset, once compiled",
                        "RFC 6455 section 5.3: octet i XOR key octet (i MOD 4), whatever the loop shape",
                        "Masking.applyFast: build the 8-byte pattern from key[(keyOffset + j) & 3], loop i < whole with whole = length & ~7, then the tail byte by byte.", () -> {
                            byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
                            byte[] data = new byte[1 << 20];
                            new Random(12).nextBytes(data);
                            for (int round = 0; round < 30; round++) {           // enough calls for C2 to compile the vector loop
                                int start = round % 16;
                                int keyOffset = round % 4;
                                int length = data.length - start - round;
                                byte[] readable = data.clone();
                                byte[] fast = data.clone();
                                Masking.apply(readable, start, length, key, keyOffset);
                                Masking.applyFast(fast, start, length, key, keyOffset);
                                if (!Arrays.equals(readable, fast)) {
                                    int at = Arrays.mismatch(readable, fast);
                                    Expect.equal("applyFast on " + length + " bytes from " + start + ", key offset " + keyOffset
                                            + ", call " + (round + 1) + ": byte " + at, readable[at] & 0xff, fast[at] & 0xff);
                                }
                            }
                        }));
    }
}
