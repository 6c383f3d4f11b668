package wsfs.io;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A certificate's public-key pin (chapter 24): trust one key instead of a CA, the way Chromium's
 * {@code --ignore-certificate-errors-spki-list} and HPKP's pin-sha256 (RFC 7469 section 2.4) do.
 */
public final class SpkiPin {
    private SpkiPin() {
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)): the pin Chromium's --ignore-certificate-errors-spki-list takes. */
    public static String sha256(X509Certificate cert) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
