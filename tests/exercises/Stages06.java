package exercises;

import wsfs.protocol.Masking;

import java.util.Arrays;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.KEY;
import static exercises.Stages04.hex;

/** Chapter 06's stages: masking, first one byte at a time, then eight at a time. */
final class Stages06 {
    private Stages06() {
    }

    /** The rule itself, written here once, so the stages never compare the learner's code with itself. */
    static byte[] reference(byte[] data, int offset, int length, byte[] key, int keyOffset) {
        byte[] out = data.clone();
        for (int i = 0; i < length; i++) {
            out[offset + i] ^= key[(keyOffset + i) % 4];
        }
        return out;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    static List<Stage> stages() {
        String rule = "RFC 6455 section 5.3: octet i of the payload is XORed with octet i MOD 4 of the masking key";
        return List.of(
                core("06-mask-readable", "unmask section 5.7's masked \"Hello\"", rule,
                        "for i in 0..length-1: data[offset + i] ^= key[(keyOffset + i) & 3].", () -> {
                            byte[] data = hex("7f 9f 4d 51 58");
                            Expect.bytes("7f 9f 4d 51 58 with the key 37 fa 21 3d", "Hello".getBytes(), () -> {
                                Masking.apply(data, KEY);
                                return data;
                            });
                        }),
                core("06-mask-readable", "masking twice gives the bytes back", rule,
                        "XOR with the same key byte twice is the identity: nothing else may change the data.", () -> {
                            byte[] data = random(37, 1);
                            byte[] copy = data.clone();
                            Masking.apply(data, KEY);
                            Masking.apply(data, KEY);
                            Expect.bytes("37 random bytes masked twice with 37 fa 21 3d", copy, data);
                        }),
                core("06-mask-readable", "a piece that starts at payload offset 3 starts at key octet 3", rule + " (i counts from the payload's start)",
                        "keyOffset is where in the key the piece starts: use key[(keyOffset + i) & 3].", () -> {
                            byte[] data = random(10, 2);
                            byte[] expected = reference(data, 2, 6, KEY, 3);
                            Expect.bytes("apply(data, offset 2, length 6, key 37 fa 21 3d, keyOffset 3) on " + Show.inline(data), expected, () -> {
                                Masking.apply(data, 2, 6, KEY, 3);
                                return data;
                            });
                        }),
                core("06-mask-readable", "copy() masks a copy and leaves its input alone", rule,
                        "copy(): clone the array, mask the clone, return it.", () -> {
                            byte[] data = hex("7f 9f 4d 51 58");
                            Expect.bytes("Masking.copy(7f 9f 4d 51 58, key 37 fa 21 3d)", "Hello".getBytes(), () -> Masking.copy(data, KEY));
                            Expect.bytes("its input afterwards (unchanged)", hex("7f 9f 4d 51 58"), data);
                        }),
                core("06-mask-readable", "a key that is not 4 bytes is refused", "RFC 6455 section 5.3: the masking key is 32 bits",
                        "check(): key.length != 4 is an IllegalArgumentException; Objects.checkFromIndexSize for the range.", () -> {
                            Expect.thrown("apply(data, 3-byte key)", IllegalArgumentException.class, () -> Masking.apply(new byte[4], new byte[3]));
                            Expect.thrown("apply(4 bytes, offset 2, length 5, key, 0)", IndexOutOfBoundsException.class, () -> Masking.apply(new byte[4], 2, 5, KEY, 0));
                        }),
                core("06-mask-fast", "eight at a time agrees with the rule for every length 0-64 and key offset 0-3", rule,
                        "Build a long whose byte j is key[(keyOffset + j) & 3] (little-endian: shift by 8*j), XOR LONGS.get/set in steps of 8, then the tail byte by byte.", () -> {
                            for (int n = 0; n <= 64; n++) {
                                for (int k = 0; k < 4; k++) {
                                    byte[] data = random(n, n * 4L + k);
                                    byte[] expected = reference(data, 0, n, KEY, k);
                                    byte[] actual = data.clone();
                                    int length = n;
                                    int keyOffset = k;
                                    Expect.bytes("applyFast(" + n + " bytes " + Show.inline(data) + ", key 37 fa 21 3d, keyOffset " + k + ")", expected, () -> {
                                        Masking.applyFast(actual, 0, length, KEY, keyOffset);
                                        return actual;
                                    });
                                }
                            }
                        }),
                core("06-mask-fast", "at an unaligned offset, and not a byte outside the range", rule,
                        "Index the longs from offset + i (any index works with the VarHandle), and stop the long loop at i + 8 <= length.", () -> {
                            byte[] data = random(1011, 7);
                            byte[] expected = reference(data, 3, 1000, KEY, 1);
                            byte[] actual = data.clone();
                            Masking.applyFast(actual, 3, 1000, KEY, 1);
                            Expect.isTrue("applyFast(1011 random bytes, offset 3, length 1000, key, keyOffset 1)", Arrays.equals(expected, actual),
                                    "the same bytes as the byte-by-byte rule", "first difference at index " + Arrays.mismatch(expected, actual));
                        }),
                challenge("06-mask-fast", "a payload cut into pieces anywhere, each masked on its own, equals the whole", rule + "; the parser unmasks each piece as it arrives",
                        "A piece that starts at payload offset p starts at key octet p % 4: pass keyOffset = p & 3, and keep the pattern rotated by it.", () -> {
                            java.util.Random cuts = new java.util.Random(11);
                            for (int round = 0; round < 200; round++) {
                                byte[] data = random(1 + cuts.nextInt(300), round);
                                byte[] expected = reference(data, 0, data.length, KEY, 0);
                                byte[] actual = data.clone();
                                StringBuilder pieces = new StringBuilder();
                                for (int at = 0; at < actual.length; ) {
                                    int n = Math.min(actual.length - at, 1 + cuts.nextInt(20));
                                    Masking.applyFast(actual, at, n, KEY, at & 3);
                                    pieces.append(pieces.isEmpty() ? "" : ", ").append(at).append("+").append(n);
                                    at += n;
                                }
                                Expect.isTrue(data.length + " bytes masked in pieces (offset+length) " + pieces, Arrays.equals(expected, actual),
                                        "the bytes of masking the whole", "first difference at index " + Arrays.mismatch(expected, actual));
                            }
}));
    }
}
