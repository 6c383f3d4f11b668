package ch06;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Masking;

/**
 * Property: the fast routine and the readable one agree on every input. Random arrays, offsets, lengths,
 * keys and key offsets (seeded, so a failure can be replayed), plus every small length exhaustively,
 * which covers every tail length and every alignment of the 8-byte steps. The fast routine's main loop is a
 * counted loop that C2 compiles into SIMD code with a pre-loop (up to an aligned address), a vector main
 * loop and a post-loop; {@link #afterTheJitHasCompiledIt} checks that compiled code too.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MaskingEquivalenceTest {

    static void assertSame(byte[] data, int offset, int length, byte[] key, int keyOffset, String what) {
        byte[] slow = data.clone();
        byte[] fast = data.clone();
        Masking.apply(slow, offset, length, key, keyOffset);
        Masking.applyFast(fast, offset, length, key, keyOffset);
        assertArrayEquals(slow, fast, what);
        Masking.applyFast(fast, offset, length, key, keyOffset);
        assertArrayEquals(data, fast, "masking twice is the identity: " + what);
    }

    @Test
    void randomInputs() {
        Random random = new Random(6455);
        for (int run = 0; run < 5_000; run++) {
            int size = random.nextInt(run % 10 == 0 ? 5000 : 100);
            byte[] data = new byte[size];
            random.nextBytes(data);
            int offset = size == 0 ? 0 : random.nextInt(size + 1);
            int length = random.nextInt(size - offset + 1);
            byte[] key = new byte[4];
            random.nextBytes(key);
            int keyOffset = random.nextInt(1 << 20);
            assertSame(data, offset, length, key, keyOffset,
                    "run %d: size %d offset %d length %d keyOffset %d".formatted(run, size, offset, length, keyOffset));
        }
    }

    @Test
    void everySmallShape() {
        byte[] key = {(byte) 0x80, 0x01, (byte) 0xfe, 0x7f};
        byte[] data = new byte[40];
        new Random(1).nextBytes(data);
        for (int offset = 0; offset <= 16; offset++) {
            for (int length = 0; offset + length <= data.length; length++) {
                for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                    assertSame(data, offset, length, key, keyOffset, "offset %d length %d keyOffset %d".formatted(offset, length, keyOffset));
                }
            }
        }
    }

    @Test
    void everyLengthUpTo70AtEveryStartAndKeyOffset() {
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        byte[] data = new byte[70 + 16];
        new Random(2).nextBytes(data);
        for (int length = 0; length <= 70; length++) {
            for (int offset = 0; offset < 16; offset++) {       // unaligned starts: every address mod 8 and 16
                for (int keyOffset = 0; keyOffset < 8; keyOffset++) {
                    assertSame(data, offset, length, key, keyOffset, "length %d offset %d keyOffset %d".formatted(length, offset, keyOffset));
                }
            }
        }
    }

    @Test
    void afterTheJitHasCompiledIt() {
        // Enough calls on long arrays that C2 compiles applyFast (tiered compilation: thousands of calls with
        // hot loops), then the same comparison on shapes that cross the vector loop's pre-, main and post-loops.
        byte[] warm = new byte[4096];
        byte[] key = {(byte) 0x80, 0x01, (byte) 0xfe, 0x7f};
        for (int n = 0; n < 20_000; n++) {
            Masking.applyFast(warm, n & 15, 4000, key, n & 3);
        }
        Random random = new Random(6455);
        byte[] data = new byte[3000];
        random.nextBytes(data);
        for (int run = 0; run < 2_000; run++) {
            int offset = random.nextInt(64);
            int length = random.nextInt(data.length - offset + 1);
            int keyOffset = random.nextInt(4);
            assertSame(data, offset, length, key, keyOffset, "run %d: offset %d length %d keyOffset %d".formatted(run, offset, length, keyOffset));
        }
    }
}
