package ch02;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.AcceptKey;
import wsfs.view.HexDump;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AcceptKeyTest {

    @Test
    void theRfcExample() {
        // RFC 6455 sections 1.3 and 4.2.2
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void theCapturedChromeKeyOfDocument001() {
        assertEquals("VY56t8QOwpDa8p3km4VE+Ra5KkY=", AcceptKey.accept("pO5nV5UZg1q2wAcE4Hb39g=="));
    }

    @Test
    void theStepsAreAValue() {
        // The digest is a ByteString: two computations of the same key are equal records and print the digest's
        // bytes (with a byte[] they were unequal and printed as "[B@1b6d3586").
        assertEquals(AcceptKey.steps("dGhlIHNhbXBsZSBub25jZQ=="), AcceptKey.steps("dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals(AcceptKey.steps("dGhlIHNhbXBsZSBub25jZQ==").hashCode(), AcceptKey.steps("dGhlIHNhbXBsZSBub25jZQ==").hashCode());
        assertTrue(AcceptKey.steps("dGhlIHNhbXBsZSBub25jZQ==").toString().contains("sha1=b37a4f2cc0624f1690f64606cf385945b2bec4ea"));
    }

    @Test
    void stepByStep() {
        AcceptKey.Steps steps = AcceptKey.steps("dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11", steps.concatenated());
        // the SHA-1 digest the RFC shows in section 1.3 (0xb3 0x7a 0x4f ...)
        assertEquals("b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea", HexDump.hex(steps.sha1().toByteArray()));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", steps.accept());
    }

    @Test
    void theKeyTextIsHashedNotTheDecodedBytes() {
        // A common mistake: hashing the 16 decoded bytes instead of the 24 characters gives another value.
        assertNotEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.accept("the sample nonce"));
    }

    @Test
    void validKeysAreBase64OfSixteenBytes() {
        assertTrue(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(AcceptKey.isValidKey("pO5nV5UZg1q2wAcE4Hb39g=="));
        // the RFC's own example in section 4.1 has non-zero pad bits (erratum 3150); we accept it anyway
        assertTrue(AcceptKey.isValidKey("AQIDBAUGBwgJCgsMDQ4PEC=="));
        assertFalse(AcceptKey.isValidKey("aGVsbG8="), "5 bytes");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ"), "padding missing");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=!"), "not base64");
        assertFalse(AcceptKey.isValidKey("AAAAAAAAAAAAAAAAAAAAAAAA"), "24 characters but 18 bytes");
        assertFalse(AcceptKey.isValidKey(""), "empty");
    }

    @Test
    void newKeysAreRandomAndValid() {
        SecureRandom random = new SecureRandom();
        String a = AcceptKey.newKey(random);
        String b = AcceptKey.newKey(random);
        assertTrue(AcceptKey.isValidKey(a));
        assertTrue(AcceptKey.isValidKey(b));
        assertNotEquals(a, b);
    }
}
