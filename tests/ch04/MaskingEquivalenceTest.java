package ch04;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Masking;

/**
 * Property: the fast routine and the readable one agree on every input. Random arrays, offsets, lengths,
 * keys and key offsets (seeded, so a failure can be replayed), plus every small length exhaustively,
 * which covers every tail length and every alignment of the 8-byte steps.
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
}
