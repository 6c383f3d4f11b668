package wsfs.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable run of bytes, compared by content (chapter 02; every later chapter's records hold their bytes in
 * one). A Java {@code byte[]} is a poor value: anybody holding it can change it, and a record that holds one
 * compares, hashes and prints the array's identity, not its bytes, so {@code new Frame(..., payload).equals(...)}
 * would be false for the same frame. Python's {@code bytes} and OkHttp's okio {@code ByteString} are the models:
 * the bytes go in once and nobody can change them afterwards.
 * <ul>
 *   <li>In: {@link #of} copies the array it is given; {@link #utf8(String)} encodes text; {@link #fromHex} reads
 *       hex, as in tests ({@code ByteString.fromHex("8a00")}, an empty Pong).</li>
 *   <li>Out: {@link #toByteArray()} is a fresh copy; {@link #copyTo} and {@link #writeTo} hand the bytes on without
 *       an intermediate array; {@link #byteAt} and {@link #length()} read them.</li>
 *   <li>{@link #wrapOwned} takes an array without copying it, for code that has just allocated and filled the array
 *       and will never touch it again (a frame reader, an encoder): a large payload is not copied twice.</li>
 * </ul>
 * {@link #toString()} is short hex ({@code 48656c6c6f}), cut after 32 bytes, so records that hold a
 * {@code ByteString} print their bytes without hand-written {@code toString} methods.
 */
public final class ByteString {

    /** No bytes at all. */
    public static final ByteString EMPTY = new ByteString(new byte[0]);

    /** How many bytes {@link #toString()} shows before it cuts the rest. */
    static final int SHOWN = 32;

    private final byte[] bytes;   // never written after construction, never handed out
    private int hash;             // 0 until computed (then cached, as String does)

    private ByteString(byte[] owned) {
        this.bytes = owned;
    }

    /** These bytes, copied: changing the array afterwards changes nothing here. */
    public static ByteString of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
    }

    /** {@code length} bytes of {@code array} from {@code offset}, copied. */
    public static ByteString copyOf(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        return length == 0 ? EMPTY : new ByteString(Arrays.copyOfRange(array, offset, offset + length));
    }

    /** The UTF-8 encoding of {@code text} (what a Text frame carries, section 5.6). */
    public static ByteString utf8(String text) {
        return wrapOwned(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes written as hex, two digits a byte, no separators: {@code "8a00"}. */
    public static ByteString fromHex(String hex) {
        return wrapOwned(HexFormat.of().parseHex(hex));
    }

    /**
     * Takes {@code owned} WITHOUT copying it: the caller hands the array over and must never write it again (nor let
     * anybody else). Only for an array the calling code has just allocated and filled, such as a payload read from
     * the wire or a frame just encoded; anything else should use {@link #of}.
     */
    public static ByteString wrapOwned(byte[] owned) {
        return owned.length == 0 ? EMPTY : new ByteString(owned);
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The byte at {@code index} (signed, as Java bytes are: {@code byteAt(i) & 0xFF} for 0-255). */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** A copy of the bytes: the caller may change it freely. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies {@code length} bytes from {@code from} into {@code target} at {@code targetOffset}. */
    public void copyTo(int from, byte[] target, int targetOffset, int length) {
        System.arraycopy(bytes, from, target, targetOffset, length);
    }

    /** Copies every byte into {@code target} at {@code targetOffset}. */
    public void copyTo(byte[] target, int targetOffset) {
        System.arraycopy(bytes, 0, target, targetOffset, bytes.length);
    }

    /** Writes every byte to {@code out}, with no copy in between. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /** Writes {@code length} bytes from {@code from} to {@code out}, with no copy in between. */
    public void writeTo(OutputStream out, int from, int length) throws IOException {
        Objects.checkFromIndexSize(from, length, bytes.length);
        out.write(bytes, from, length);
    }

    /** Bytes {@code [from, to)} as a new ByteString (a copy, like Python's {@code data[from:to]}). */
    public ByteString slice(int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        if (from == 0 && to == bytes.length) {
            return this;
        }
        return to == from ? EMPTY : new ByteString(Arrays.copyOfRange(bytes, from, to));
    }

    /**
     * The bytes decoded as UTF-8, for showing them. Malformed input becomes U+FFFD here; code that must refuse bad
     * UTF-8 (a Text message, section 8.1) checks it with a strict decoder instead (chapter 07's Utf8Validator).
     */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** All the bytes as lower-case hex, two digits a byte: {@code "8a00"}. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    /** Short hex: {@code 48656c6c6f}; after 32 bytes, {@code ...} and the length; {@code (empty)} for no bytes. */
    @Override
    public String toString() {
        if (bytes.length == 0) {
            return "(empty)";
        }
        if (bytes.length <= SHOWN) {
            return hex();
        }
        return HexFormat.of().formatHex(bytes, 0, SHOWN) + "... (" + bytes.length + " bytes)";
    }
}
