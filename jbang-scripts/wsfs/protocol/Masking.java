package wsfs.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Masking and unmasking a payload (chapters 04 and 06), RFC 6455 section 5.3.
 * <p>
 * Octet i of the masked data is octet i of the original data XOR octet (i MOD 4) of the masking key.
 * XOR undoes itself, so the same routine masks and unmasks. Both routines here take a {@code keyOffset}:
 * the key position of the first byte, so a payload can be (un)masked in pieces, e.g. as it arrives.
 * {@link #apply} is the rule as the RFC writes it; {@link #applyFast} does the same eight bytes at a time.
 * They give the same result on every input (tests/ch06/MaskingEquivalenceTest).
 */
public final class Masking {
    private Masking() {
    }

    /**
     * Section 5.3: {@code transformed-octet-i = original-octet-i XOR masking-key-octet-j}, {@code j = i MOD 4}.
     * XORs {@code length} bytes of {@code data} from {@code offset} in place; the first byte uses
     * {@code key[keyOffset % 4]}.
     */
    public static void apply(byte[] data, int offset, int length, byte[] key, int keyOffset) {
        // EXERCISE 06-mask-readable: XOR payload byte i with key[(keyOffset + i) % 4], one byte at a time (RFC 6455 section 5.3)
        check(data, offset, length, key);
        for (int i = 0; i < length; i++) {
            data[offset + i] ^= key[(keyOffset + i) & 3];
        }
        // END EXERCISE
    }

    /** Masks or unmasks the whole array with the key, starting at key octet 0. */
    public static void apply(byte[] data, byte[] key) {
        apply(data, 0, data.length, key, 0);
    }

    /** Reads and writes byte arrays as little-endian longs, at any index (aligned or not). */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The same as {@link #apply}, eight bytes at a time. Eight is a multiple of four, so every group of eight
     * bytes meets the key in the same rotation: build that 8-byte pattern once as a long (the key
     * repeated twice, rotated by keyOffset), XOR the data long by long, then finish the tail byte by byte.
     * <p>
     * The shape of the main loop matters to the JIT (chapter 06, "Why one loop vectorises"): the limit
     * {@code whole} is computed once, before the loop, and the exit test compares the loop variable itself
     * with it ({@code i < whole}). C2 recognises that as a <em>counted loop</em>, unrolls it and lets SuperWord
     * turn it into SIMD instructions (32 or 64 bytes per step). Written as {@code i + 8 <= length}, the test
     * compares {@code i + 8}, not {@code i}; C2 then does not treat it as a counted loop, and it runs about
     * four times slower.
     */
    public static void applyFast(byte[] data, int offset, int length, byte[] key, int keyOffset) {
        // EXERCISE 06-mask-fast: the same XOR eight bytes at a time with one long pattern, then the tail byte by byte (RFC 6455 section 5.3)
        check(data, offset, length, key);
        long pattern = 0;
        for (int j = 0; j < 8; j++) {
            // little-endian: byte j of the group is bits 8j..8j+7 of the long
            pattern |= (key[(keyOffset + j) & 3] & 0xffL) << (8 * j);
        }
        int whole = length & ~7;                 // the bytes that fill whole groups of eight
        int i = 0;
        for (; i < whole; i += 8) {              // a counted loop: i against a limit fixed before the loop
            long word = (long) LONGS.get(data, offset + i);
            LONGS.set(data, offset + i, word ^ pattern);
        }
        for (; i < length; i++) {                // the last 0 to 7 bytes, by the readable rule
            data[offset + i] ^= key[(keyOffset + i) & 3];
        }
        // END EXERCISE
    }

    /** Masks or unmasks the whole array with the fast routine, starting at key octet 0. */
    public static void applyFast(byte[] data, byte[] key) {
        applyFast(data, 0, data.length, key, 0);
    }

    /** A masked (or unmasked) copy; the input is left as it is. */
    public static byte[] copy(byte[] data, byte[] key) {
        // EXERCISE 06-mask-readable: a masked copy of the whole array from key octet 0; the input stays as it is
        byte[] out = data.clone();
        applyFast(out, key);
        return out;
        // END EXERCISE
    }

    private static void check(byte[] data, int offset, int length, byte[] key) {
        // EXERCISE 06-mask-readable: refuse a key that is not 4 bytes and a range outside the array
        if (key.length != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes (section 5.3), not " + key.length);
        }
        java.util.Objects.checkFromIndexSize(offset, length, data.length);
        // END EXERCISE
    }
}
