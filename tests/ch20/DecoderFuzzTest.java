package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.io.FrameReader;
import wsfs.protocol.ProtocolViolation;
import wsfs.conformance.RawFrame;
import wsfs.protocol.Role;

/**
 * A fuzz of the frame decoder (chapter 05's FrameReader) with 100,000 inputs from a seeded generator, so a
 * failure replays: random bytes, valid frames with bits flipped, valid frames cut short, and headers announcing
 * random (often huge) lengths. With a 1024-byte limit the decoder may only return frames of at most 1024
 * bytes, throw ProtocolViolation, or throw EOFException; it may never ask its stream for more than the limit
 * at once nor allocate more than a little per input, and the whole run is bounded by the time-out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DecoderFuzzTest {
    static final int LIMIT = 1024;
    static final int INPUTS = 100_000;
    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What decoding one input gave. */
    record Outcome(int frames, ProtocolViolation violation, boolean truncated, long largestRequest, long allocated) {
    }

    /** Remembers the largest number of bytes the decoder asked for in one call. */
    static final class WatchedStream extends ByteArrayInputStream {
        long largest;

        WatchedStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public byte[] readNBytes(int len) throws IOException {
            largest = Math.max(largest, len);
            return super.readNBytes(len);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            largest = Math.max(largest, len);
            return super.read(b, off, len);
        }
    }

    /** Decodes frames from {@code input} until it ends or fails; any other exception fails the test. */
    static Outcome decodeAll(byte[] input, Role role, int limit) {
        WatchedStream in = new WatchedStream(input);
        FrameReader reader = new FrameReader(in, role, limit);
        int frames = 0;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            while (in.available() > 0) {
                Frame f = reader.read();
                assertTrue(f.payload().length() <= limit, "a frame over the limit: " + f.payload().length());
                frames++;
            }
            return new Outcome(frames, null, false, in.largest, THREADS.getCurrentThreadAllocatedBytes() - before);
        } catch (ProtocolViolation v) {
            return new Outcome(frames, v, false, in.largest, THREADS.getCurrentThreadAllocatedBytes() - before);
        } catch (EOFException e) {
            return new Outcome(frames, null, true, in.largest, THREADS.getCurrentThreadAllocatedBytes() - before);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("the decoder threw " + e + " on " + wsfs.view.HexDump.hex(input), e);
        }
    }

    @Test
    void oneHundredThousandInputs() {
        Random random = new Random(6455);
        long started = System.nanoTime();
        long bytes = 0;
        int frames = 0;
        int truncated = 0;
        Map<Integer, Integer> violations = new TreeMap<>();
        long maxAllocated = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = input(random, i % 10);
            Role role = random.nextBoolean() ? Role.SERVER : Role.CLIENT;
            Outcome o = decodeAll(input, role, LIMIT);
            bytes += input.length;
            frames += o.frames();
            if (o.truncated()) {
                truncated++;
            }
            if (o.violation() != null) {
                violations.merge(o.violation().closeCode().code(), 1, Integer::sum);
            }
            if (o.largestRequest() > LIMIT) {
                fail("the decoder asked for " + o.largestRequest() + " bytes at once on input " + i);
            }
            maxAllocated = Math.max(maxAllocated, o.allocated());
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("[ch20] decoder fuzz: %d inputs (%d bytes) in %d ms: %d frames decoded, violations by close code %s,"
                + " %d inputs ended mid-frame; most allocated for one input: %d bytes%n",
                INPUTS, bytes, millis, frames, violations, truncated, maxAllocated);
        assertTrue(maxAllocated < 1 << 20, "one input made the decoder allocate " + maxAllocated + " bytes");
        assertTrue(violations.containsKey(1002) && violations.containsKey(1009), "the fuzz reaches both kinds of refusal");
        assertEquals(Map.of(), Map.copyOf(violations).entrySet().stream()
                .filter(e -> e.getKey() != 1002 && e.getKey() != 1009)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "a frame decoder only refuses with 1002 or 1009");
    }

    /** Ten kinds of input, by {@code kind} 0-9. */
    static byte[] input(Random random, int kind) {
        if (kind < 4) { // random bytes
            byte[] b = new byte[random.nextInt(65)];
            random.nextBytes(b);
            return b;
        }
        byte[] frame = validFrame(random);
        if (kind < 7) { // 1-3 bits flipped
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                int at = random.nextInt(frame.length);
                frame[at] ^= (byte) (1 << random.nextInt(8));
            }
            return frame;
        }
        if (kind < 9) { // cut short
            return java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
        }
        // a header announcing a random 16- or 64-bit length, then a few bytes
        byte[] b = new byte[2 + 8 + 4 + random.nextInt(16)];
        random.nextBytes(b);
        b[1] = (byte) ((b[1] & 0x80) | (random.nextBoolean() ? 126 : 127));
        return b;
    }

    static byte[] validFrame(Random random) {
        int[] opcodes = {0x0, 0x1, 0x2, 0x8, 0x9, 0xA};
        int opcode = opcodes[random.nextInt(opcodes.length)];
        byte[] payload = new byte[random.nextInt(opcode >= 8 ? 126 : 300)];
        random.nextBytes(payload);
        RawFrame raw = RawFrame.of(opcode, payload).fin(opcode >= 8 || random.nextBoolean());
        if (random.nextBoolean()) {
            byte[] key = new byte[4];
            random.nextBytes(key);
            raw.mask(key);
        }
        return raw.toBytes();
    }
}
