package wsfs.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;

/**
 * Sec-WebSocket-Key and Sec-WebSocket-Accept (chapter 02, RFC 6455 sections 1.3, 4.1 and 4.2.2).
 * <p>
 * The client sends a fresh random nonce: 16 bytes, base64-encoded (24 characters). The server appends the
 * GUID to the key <em>as the client wrote it</em> (the base64 text, not the decoded bytes), takes the SHA-1
 * of those ASCII characters and base64-encodes the 20-byte digest. Only a server that understood the
 * WebSocket request can produce that value, and no cache can replay an old answer for a new key.
 * It is a proof of understanding, not security: anybody can compute it, and nothing is encrypted.
 */
public final class AcceptKey {
    private AcceptKey() {
    }

    /** The fixed GUID from RFC 6455 section 1.3; every WebSocket endpoint uses this same string. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** The computation step by step, for demos and notebooks. */
    public record Steps(String key, String concatenated, ByteString sha1, String accept) {
    }

    public static Steps steps(String key) {
        // EXERCISE 02-accept-key: base64(SHA-1(key + GUID)) over the key's ASCII text (RFC 6455 sections 1.3 and 4.2.2)
        String concatenated = key + GUID;
        byte[] sha1 = sha1(concatenated.getBytes(StandardCharsets.US_ASCII));
        return new Steps(key, concatenated, ByteString.wrapOwned(sha1), Base64.getEncoder().encodeToString(sha1));
        // END EXERCISE
    }

    /** base64(SHA-1(key + GUID)): "dGhlIHNhbXBsZSBub25jZQ==" gives "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=". */
    public static String accept(String key) {
        return steps(key).accept();
    }

    /** A new client key: 16 bytes from {@code random} (use a SecureRandom), base64-encoded (RFC 6455 section 4.1). */
    public static String newKey(Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * True if the key is base64 that decodes to exactly 16 bytes (RFC 6455 section 4.2.1, item 5).
     * Like most servers we do not insist that the unused low bits of the last character are zero: the
     * RFC's own example key in section 4.1 breaks that rule (erratum 3150), and the accept value is computed
     * from the text anyway.
     */
    public static boolean isValidKey(String key) {
        // EXERCISE 02-accept-key: true if the key is base64 that decodes to exactly 16 bytes (RFC 6455 section 4.2.1 item 5)
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        // END EXERCISE
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-1", e);
        }
    }
}
