package wsfs.protocol;

import wsfs.view.HexDump;

import java.security.SecureRandom;

/**
 * Where a client's masking keys come from (chapters 04 and 06).
 * <p>
 * Section 5.3: "The masking key is a 32-bit value chosen at random by the client ... The masking key needs
 * to be unpredictable; thus, the masking key MUST be derived from a strong source of entropy, and the masking
 * key for a given frame MUST NOT make it simple for a server/proxy to predict the masking key for a
 * subsequent frame." {@link #secure()} does that. {@link #fixed(byte[])} gives the same key every time so
 * that demos, notebooks and tests print the same bytes on every run; it defeats the purpose of masking
 * (section 10.3: a script that can predict the key can choose the bytes on the wire) and must never be used
 * by a real client.
 */
@FunctionalInterface
public interface MaskingKeys {

    /** The key for the next frame: 4 bytes, a fresh array each call. */
    byte[] next();

    /** Fresh keys from a {@link SecureRandom}, one per frame: what a real client uses. */
    static MaskingKeys secure() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] key = new byte[4];
            random.nextBytes(key);
            return key;
        };
    }

    /** The same key for every frame. Only for reproducible demos and tests: a predictable key is no mask. */
    static MaskingKeys fixed(byte[] key) {
        if (key.length != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes (section 5.3), not " + key.length);
        }
        byte[] copy = key.clone();
        return copy::clone;
    }

    /** Convenience: {@code fixed(HexDump.parse("37 fa 21 3d"))}. */
    static MaskingKeys fixed(String hex) {
        return fixed(HexDump.parse(hex));
    }
}
