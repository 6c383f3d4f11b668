package ch07;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;
import wsfs.view.HexDump;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Utf8Validator;

/** The UTF-8 state machine of chapter 07 (RFC 6455 section 8.1, RFC 3629 section 4). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Utf8ValidatorTest {

    @ParameterizedTest(name = "valid: {0}")
    @ValueSource(strings = {
            "",
            "48 65 6c 6c 6f",                   // Hello
            "ce ba e1 bd b9 cf 83 ce bc ce b5", // κόσμε, Autobahn case 6.2.1
            "c2 80",                            // U+0080, the smallest 2-byte character
            "df bf",                            // U+07FF
            "e0 a0 80",                         // U+0800, the smallest 3-byte character
            "ed 9f bf",                         // U+D7FF, just below the surrogates
            "ee 80 80",                         // U+E000, just above them
            "ef bf bf",                         // U+FFFF
            "f0 90 80 80",                      // U+10000, the smallest 4-byte character
            "f0 9f 98 80",                      // U+1F600
            "f4 8f bf bf",                      // U+10FFFF, the largest code point
            "e2 82 ac 20 e2 82 ac"              // € €
    })
    void acceptsValidText(String hex) throws ProtocolViolation {
        Utf8Validator v = new Utf8Validator();
        v.feed(HexDump.parse(hex));
        v.finish();
        assertTrue(Utf8Validator.isValid(HexDump.parse(hex)));
    }

    @ParameterizedTest(name = "invalid: {0}")
    @ValueSource(strings = {
            "80",               // a lone continuation byte
            "bf",
            "61 80 62",         // a continuation byte between ASCII letters
            "c0 80",            // overlong NUL (2 bytes)
            "c1 bf",            // overlong U+007F
            "e0 80 80",         // overlong NUL (3 bytes)
            "e0 9f bf",         // overlong U+07FF
            "f0 80 80 80",      // overlong NUL (4 bytes)
            "f0 8f bf bf",      // overlong U+FFFF
            "ed a0 80",         // U+D800, a high surrogate
            "ed bf bf",         // U+DFFF, a low surrogate
            "ed a0 80 ed b0 80", // a surrogate pair encoded as two 3-byte forms (CESU-8), not UTF-8
            "f4 90 80 80",      // U+110000, above the last code point
            "f5 80 80 80",      // F5 never appears
            "f7 bf bf bf",
            "f8 88 80 80 80",   // the old 5-byte form
            "fc 84 80 80 80 80", // the old 6-byte form
            "fe",
            "ff",
            "c2",               // truncated at the end of the text
            "e2 82",
            "f0 9f 98",
            "61 62 e2 82",
            "e2 28 a1",         // a continuation byte expected, ASCII came
            "c2 c2 80"          // a lead byte where a continuation byte was expected
    })
    void rejectsInvalidTextWith1007(String hex) {
        Utf8Validator v = new Utf8Validator();
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> {
            v.feed(HexDump.parse(hex));
            v.finish();
        });
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
        assertEquals("8.1", e.section());
        assertFalse(Utf8Validator.isValid(HexDump.parse(hex)));
    }

    @Test
    void failsAtTheFirstBadByteNotAtTheEnd() {
        // "ab", then an overlong C0 80, then more valid text: the error must come at offset 2-3, fed one byte at a time.
        byte[] bytes = HexDump.parse("61 62 c0 80 63 64");
        Utf8Validator v = new Utf8Validator();
        int failedAt = -1;
        for (int i = 0; i < bytes.length; i++) {
            try {
                v.feed(bytes, i, i + 1);
            } catch (ProtocolViolation e) {
                failedAt = i;
                break;
            }
        }
        assertEquals(2, failedAt, "C0 can never start a valid character, so the check fails on it at once");

        // A surrogate is only visible at its second byte.
        byte[] surrogate = HexDump.parse("61 ed a0 80");
        Utf8Validator w = new Utf8Validator();
        assertThrows(ProtocolViolation.class, () -> {
            w.feed(surrogate, 0, 2);
            w.feed(surrogate, 2, 3);
        });
    }

    @Test
    void keepsItsStateAcrossCalls() throws ProtocolViolation {
        byte[] euro = HexDump.parse("e2 82 ac");
        Utf8Validator v = new Utf8Validator();
        v.feed(euro, 0, 1);
        assertFalse(v.atBoundary());
        assertEquals(2, v.pending());
        assertEquals("needs 2 more bytes, the next one in 80..BF", v.describe());
        v.feed(euro, 1, 2);
        v.feed(euro, 2, 3);
        assertTrue(v.atBoundary());
        v.finish();
    }

    @Test
    void describesTheNarrowRangesAfterE0EdF0F4() throws ProtocolViolation {
        for (String[] c : new String[][] {{"e0", "A0..BF"}, {"ed", "80..9F"}, {"f0", "90..BF"}, {"f4", "80..8F"}}) {
            Utf8Validator v = new Utf8Validator();
            v.feed(HexDump.parse(c[0]));
            assertTrue(v.describe().endsWith(c[1]), v.describe());
        }
    }

    @Test
    void everySplitPointOfAValidTextIsAccepted() throws ProtocolViolation {
        byte[] text = "Hello-µ@ßöäüàá-UTF-8!! κόσμε € 😀 \uD83D\uDCA9".getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            Utf8Validator v = new Utf8Validator();
            v.feed(text, 0, split);
            v.feed(text, split, text.length);
            v.finish();
        }
    }

    @Test
    void traceNamesEveryByteAndStopsAtTheBadOne() {
        List<Utf8Validator.Step> steps = Utf8Validator.trace(HexDump.parse("41 e2 82 ac ed a0 80"));
        assertEquals(6, steps.size(), "A, three bytes of €, ED, then the bad A0");
        assertEquals("ASCII 'A'", steps.get(0).meaning());
        assertEquals("lead byte of a 3-byte character", steps.get(1).meaning());
        assertEquals("continuation byte: U+20AC € complete", steps.get(3).meaning());
        assertEquals("needs 2 more bytes, the next one in 80..9F", steps.get(4).stateAfter());
        assertFalse(steps.get(5).ok());
        assertTrue(steps.get(5).meaning().contains("surrogate"), steps.get(5).meaning());

        List<Utf8Validator.Step> cut = Utf8Validator.trace(HexDump.parse("e2 82"));
        assertEquals(-1, cut.get(cut.size() - 1).value());
        assertFalse(cut.get(cut.size() - 1).ok());
    }

    /** The state machine agrees with the JDK's strict decoder on every 1-, 2- and 3-byte input and on many 4-byte ones. */
    @Test
    void agreesWithTheJdkStrictDecoder() {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int checked = 0;
        for (int a = 0; a < 256; a++) {
            checked += compare(strict, new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                checked += compare(strict, new byte[] {(byte) a, (byte) b});
            }
        }
        for (int a = 0xE0; a <= 0xEF; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0x70; c < 0xD0; c++) {   // around the continuation range 80..BF
                    checked += compare(strict, new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
        int[] interesting = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
        for (int a = 0xF0; a <= 0xFF; a++) {
            for (int b = 0x70; b < 0xD0; b++) {
                for (int c : interesting) {
                    for (int d : interesting) {
                        checked += compare(strict, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
        assertTrue(checked > 500_000, "inputs compared: " + checked);
    }

    private static int compare(CharsetDecoder strict, byte[] bytes) {
        // The decoder's result, not its exception: 700,000 inputs, most of them invalid, in a second or two.
        CharBuffer chars = CharBuffer.allocate(8);
        CoderResult result = strict.reset().decode(ByteBuffer.wrap(bytes), chars, true);
        if (!result.isError()) {
            result = strict.flush(chars);
        }
        boolean jdk = !result.isError();
        if (jdk != Utf8Validator.isValid(bytes)) {
            throw new AssertionError("disagreement on " + HexDump.hex(bytes) + ": JDK says " + jdk);
        }
        return 1;
    }
}
