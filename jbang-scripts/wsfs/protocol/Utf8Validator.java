package wsfs.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict, incremental UTF-8 checker (chapter 07), written as a small state machine you can follow byte by byte.
 * <p>
 * RFC 6455 section 8.1: an endpoint that finds a text message is not valid UTF-8 MUST fail the connection,
 * with close code 1007 (section 7.4.1). Valid means RFC 3629 section 4, whose grammar fixes, for each lead
 * byte, how many continuation bytes follow and the range of the first one:
 * <pre>
 *   00..7F                       one byte (ASCII)
 *   C2..DF  80..BF               two bytes              (C0, C1 would be overlong: never valid)
 *   E0      A0..BF  80..BF       three bytes            (E0 80..9F would be overlong)
 *   E1..EC  80..BF  80..BF
 *   ED      80..9F  80..BF                              (ED A0..BF would be a surrogate U+D800..U+DFFF)
 *   EE..EF  80..BF  80..BF
 *   F0      90..BF  80..BF 80..BF four bytes            (F0 80..8F would be overlong)
 *   F1..F3  80..BF  80..BF 80..BF
 *   F4      80..8F  80..BF 80..BF                       (F4 90.. would be above U+10FFFF; F5..FF never appear)
 * </pre>
 * The state is just "how many continuation bytes are still expected, and the range the next one must be in".
 * {@link #feed} fails on the first byte that cannot continue a valid text, so a bad byte in the first fragment of
 * a message is caught before the next fragment arrives; a code point split across two fragments is fine because
 * the state carries over. {@link #finish} fails if the message ends inside a code point.
 * Replacing bad bytes with U+FFFD (what {@code new String(bytes, UTF_8)} does) is not allowed here.
 */
public final class Utf8Validator {
    private int need;          // continuation bytes still expected for the current character
    private int lo = 0x80;     // the range the next continuation byte must be in
    private int hi = 0xBF;
    private int lead;          // the lead byte of the current character (for error messages)
    private int codePoint;     // the bits of the current character gathered so far
    private long offset;       // bytes accepted since the last reset

    /** Checks more bytes of the same text; throws 1007 at the first byte that makes it invalid. */
    public void feed(byte[] bytes) throws ProtocolViolation {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int from, int to) throws ProtocolViolation {
        for (int i = from; i < to; i++) {
            String problem = step(bytes[i] & 0xff);
            if (problem != null) {
                throw invalid(problem);
            }
        }
    }

    /** The text is complete: throws 1007 if it stopped in the middle of a character. Resets for the next text. */
    public void finish() throws ProtocolViolation {
        if (need > 0) {
            String problem = "the text ends in the middle of a character: the lead byte 0x%02X still needs %d more byte(s)"
                    .formatted(lead, need);
            reset();
            throw invalid(problem);
        }
        reset();
    }

    /** Forgets everything: ready for a new text. */
    public void reset() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
        lead = 0;
        codePoint = 0;
        offset = 0;
    }

    /** True between characters: ending the text here would be valid. */
    public boolean atBoundary() {
        return need == 0;
    }

    /** How many continuation bytes the current character still needs (0 between characters). */
    public int pending() {
        return need;
    }

    /** The state in words, such as "between characters" or "needs 2 more bytes, the next one in A0..BF". */
    public String describe() {
        if (need == 0) {
            return "between characters";
        }
        return "needs %d more byte%s, the next one in %02X..%02X".formatted(need, need == 1 ? "" : "s", lo, hi);
    }

    /** Whether these bytes, taken as a whole text, are valid UTF-8. */
    public static boolean isValid(byte[] bytes) {
        Utf8Validator v = new Utf8Validator();
        try {
            v.feed(bytes);
            v.finish();
            return true;
        } catch (ProtocolViolation e) {
            return false;
        }
    }

    /**
     * One byte of a {@link #trace}: its offset and value, what it is, and the state after it.
     * {@code ok} is false for the byte that made the text invalid (the trace stops there).
     */
    public record Step(long offset, int value, String meaning, String stateAfter, boolean ok) {
    }

    /**
     * Walks the bytes one at a time and says what each one is; stops at the first invalid byte. If the bytes
     * are all acceptable but end inside a character, a last step with value -1 says so.
     */
    public static List<Step> trace(byte[] bytes) {
        Utf8Validator v = new Utf8Validator();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean wasBetween = v.need == 0;
            String problem = v.step(b);
            if (problem != null) {
                steps.add(new Step(i, b, problem, "invalid: close with 1007", false));
                return steps;
            }
            String meaning;
            if (wasBetween && v.need == 0) {
                meaning = "ASCII '" + (b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : "\\x%02x".formatted(b)) + "'";
            } else if (wasBetween) {
                meaning = "lead byte of a %d-byte character".formatted(v.need + 1);
            } else if (v.need == 0) {
                meaning = "continuation byte: U+%04X %s complete".formatted(v.codePoint, Character.toString(v.codePoint));
            } else {
                meaning = "continuation byte";
            }
            steps.add(new Step(i, b, meaning, v.describe(), true));
        }
        if (v.need > 0) {
            steps.add(new Step(bytes.length, -1, "end of text inside a character", "invalid: close with 1007", false));
        }
        return steps;
    }

    /** Advances the state machine by one byte; returns null if the byte is acceptable, else why it is not. */
    private String step(int b) {
        // EXERCISE 07-utf8: one byte of the UTF-8 state machine: null if it may continue a valid text, else why not (RFC 3629 section 4, RFC 6455 section 8.1)
        if (need == 0) {
            if (b <= 0x7F) {
                codePoint = b; // ASCII: stays between characters.
            } else if (b <= 0xBF) {
                return "byte 0x%02X at offset %d is a continuation byte with no lead byte before it".formatted(b, offset);
            } else if (b <= 0xC1) {
                return "byte 0x%02X at offset %d can only start an overlong (non-shortest) encoding".formatted(b, offset);
            } else if (b <= 0xDF) {
                start(b, 1, 0x80, 0xBF);
            } else if (b <= 0xEF) {
                start(b, 2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
            } else if (b <= 0xF4) {
                start(b, 3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
            } else {
                return "byte 0x%02X at offset %d never appears in UTF-8 (it would start a code point above U+10FFFF)"
                        .formatted(b, offset);
            }
        } else {
            if (b < 0x80 || b > 0xBF) {
                return "the lead byte 0x%02X needs %d more continuation byte(s) 80..BF, but byte 0x%02X came at offset %d"
                        .formatted(lead, need, b, offset);
            }
            if (b < lo || b > hi) {
                String why = switch (lead) {
                    case 0xE0 -> "an overlong encoding (E0 must be followed by A0..BF)";
                    case 0xED -> "a UTF-16 surrogate U+D800..U+DFFF (ED must be followed by 80..9F)";
                    case 0xF0 -> "an overlong encoding (F0 must be followed by 90..BF)";
                    default -> "a code point above U+10FFFF (F4 must be followed by 80..8F)";
                };
                return "bytes %02X %02X at offset %d start %s".formatted(lead, b, offset - 1, why);
            }
            need--;
            codePoint = (codePoint << 6) | (b & 0x3F);
            lo = 0x80;
            hi = 0xBF;
        }
        offset++;
        return null;
        // END EXERCISE
    }

    private void start(int leadByte, int continuations, int low, int high) {
        lead = leadByte;
        codePoint = leadByte & (0x7F >> (continuations + 1)); // the payload bits of the lead byte
        need = continuations;
        lo = low;
        hi = high;
    }

    private static ProtocolViolation invalid(String problem) {
        return new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "8.1", "Text must be valid UTF-8: " + problem);
    }
}
