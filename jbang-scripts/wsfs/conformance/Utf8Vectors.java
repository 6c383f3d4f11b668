package wsfs.conformance;

import wsfs.protocol.ByteString;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * UTF-8 test sequences for conformance category 6 (chapter 20), after Markus Kuhn's "UTF-8 decoder
 * capability and stress test" as the Autobahn|Testsuite groups them (cases 6.5 to 6.23, in this order).
 * Valid means valid UTF-8 by RFC 3629: code points up to U+10FFFF, shortest form only, no surrogates
 * (U+D800-U+DFFF). Non-characters such as U+FFFE are valid UTF-8. Section 8.1 of RFC 6455: a text message
 * that is not valid UTF-8 makes the endpoint fail the connection (close code 1007, section 7.4.1).
 */
public final class Utf8Vectors {
    private Utf8Vectors() {
    }

    /** One sequence and whether it is valid UTF-8 as a whole message. */
    public record Vector(boolean valid, ByteString bytes) {
        /** A vector of a copy of {@code bytes}. */
        public Vector(boolean valid, byte[] bytes) {
            this(valid, ByteString.of(bytes));
        }

        public String hex() {
            return bytes.hex();
        }
    }

    /** A titled group of sequences (one Autobahn sub-category). */
    public record Group(String title, List<Vector> vectors) {
    }

    /** "κόσμε", Greek for "cosmos": 11 bytes, code points of 2 and 3 bytes. */
    public static final byte[] KOSME = hex("cebae1bdb9cf83cebcceb5");

    public static List<Group> groups() {
        List<Group> g = new ArrayList<>();
        g.add(group("Some valid UTF-8 sequences",
                v(true, "68656c6c6f24776f726c64"),            // hello$world, U+0024
                v(true, "68656c6c6fc2a2776f726c64"),          // hello¢world, U+00A2
                v(true, "68656c6c6fe282ac776f726c64"),        // hello€world, U+20AC
                v(true, "68656c6c6ff0a4ada2776f726c64"),      // hello𤭢world, U+24B62
                v(true, "cebae1bdb9cf83cebcceb5")));          // κόσμε
        List<Vector> prefixes = new ArrayList<>();
        for (int n = 1; n <= KOSME.length; n++) {
            byte[] p = java.util.Arrays.copyOf(KOSME, n);
            boolean boundary = n == 2 || n == 5 || n == 7 || n == 9 || n == 11; // code points end here
            prefixes.add(new Vector(boundary, p));
        }
        g.add(new Group("All prefixes of a valid UTF-8 string that contains multi-byte code points", prefixes));
        g.add(group("First possible sequence of a certain length",
                v(true, "00"), v(true, "c280"), v(true, "e0a080"), v(true, "f0908080")));
        g.add(group("First possible sequence length 5/6 (invalid code points)",
                v(false, "f888808080"), v(false, "fc8480808080")));
        g.add(group("Last possible sequence of a certain length",
                v(true, "7f"), v(true, "dfbf"), v(true, "efbfbf"), v(true, "f48fbfbf")));
        g.add(group("Last possible sequence length 4/5/6 (invalid code points)",
                v(false, "f7bfbfbf"), v(false, "fbbfbfbfbf"), v(false, "fdbfbfbfbfbf")));
        g.add(group("Other boundary conditions",
                v(true, "ed9fbf"), v(true, "ee8080"), v(true, "efbfbd"), v(true, "f48fbfbf"), v(false, "f4908080")));
        List<Vector> continuation = new ArrayList<>(List.of(
                v(false, "80"), v(false, "bf"), v(false, "80bf"), v(false, "80bf80"), v(false, "80bf80bf"),
                v(false, "80bf80bf80"), v(false, "80bf80bf80bf")));
        byte[] all = new byte[0x3f];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (0x80 + i); // 0x80 .. 0xbe
        }
        continuation.add(new Vector(false, all));
        g.add(new Group("Unexpected continuation bytes", continuation));
        List<Vector> lonely = new ArrayList<>();
        int[][] ranges = {{0xc0, 0xdf}, {0xe0, 0xef}, {0xf0, 0xf7}, {0xf8, 0xfb}, {0xfc, 0xfd}};
        for (int[] r : ranges) {
            byte[] s = new byte[2 * (r[1] - r[0])];
            for (int b = r[0], i = 0; b < r[1]; b++) {
                s[i++] = (byte) b;
                s[i++] = 0x20; // each start byte followed by a space
            }
            lonely.add(new Vector(false, s));
        }
        g.add(new Group("Lonely start characters", lonely));
        String[] missing = {"c0", "e080", "f08080", "f8808080", "fc80808080", "df", "efbf", "f7bfbf", "fbbfbfbf", "fdbfbfbfbf"};
        List<Vector> lastMissing = new ArrayList<>();
        StringBuilder concatenated = new StringBuilder();
        for (String m : missing) {
            lastMissing.add(v(false, m));
            concatenated.append(m);
        }
        g.add(new Group("Sequences with last continuation byte missing", lastMissing));
        g.add(group("Concatenation of incomplete sequences", v(false, concatenated.toString())));
        g.add(group("Impossible bytes", v(false, "fe"), v(false, "ff"), v(false, "fefeffff")));
        g.add(group("Examples of an overlong ASCII character",
                v(false, "c0af"), v(false, "e080af"), v(false, "f08080af"), v(false, "f8808080af"), v(false, "fc80808080af")));
        g.add(group("Maximum overlong sequences",
                v(false, "c1bf"), v(false, "e09fbf"), v(false, "f08fbfbf"), v(false, "f887bfbfbf"), v(false, "fc83bfbfbfbf")));
        g.add(group("Overlong representation of the NUL character",
                v(false, "c080"), v(false, "e08080"), v(false, "f0808080"), v(false, "f880808080"), v(false, "fc8080808080")));
        g.add(group("Single UTF-16 surrogates",
                v(false, "eda080"), v(false, "edadbf"), v(false, "edae80"), v(false, "edafbf"), v(false, "edb080"),
                v(false, "edbe80"), v(false, "edbfbf")));
        g.add(group("Paired UTF-16 surrogates",
                v(false, "eda080edb080"), v(false, "eda080edbfbf"), v(false, "edadbfedb080"), v(false, "edadbfedbfbf"),
                v(false, "edae80edb080"), v(false, "edae80edbfbf"), v(false, "edafbfedb080"), v(false, "edafbfedbfbf")));
        List<Vector> nonCharacters = new ArrayList<>(List.of(v(true, "efbfbe"), v(true, "efbfbf")));
        for (int z1 = 0xf0; z1 <= 0xf4; z1++) {
            for (int z2 : new int[]{0x8f, 0x9f, 0xaf, 0xbf}) {
                if (z1 == 0xf4 && z2 != 0x8f) {
                    continue; // above U+10FFFF
                }
                for (int z3 : new int[]{0xbe, 0xbf}) {
                    if (z1 == 0xf0 && z2 == 0x8f) {
                        continue; // overlong
                    }
                    nonCharacters.add(new Vector(true, new byte[]{(byte) z1, (byte) z2, (byte) 0xbf, (byte) z3}));
                }
            }
        }
        g.add(new Group("Non-character code points (valid UTF-8)", nonCharacters));
        g.add(group("Unicode specials (i.e. replacement char)",
                v(true, "efbfb9"), v(true, "efbfba"), v(true, "efbfbb"), v(true, "efbfbc"), v(true, "efbfbd"),
                v(true, "efbfbe"), v(true, "efbfbf")));
        return g;
    }

    private static Group group(String title, Vector... vectors) {
        return new Group(title, List.of(vectors));
    }

    private static Vector v(boolean valid, String hex) {
        return new Vector(valid, hex(hex));
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
