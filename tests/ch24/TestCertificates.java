package ch24;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import wsfs.app.SelfSignedCertificate;

/** One self-signed certificate (localhost, 127.0.0.1) per test run, made by make-cert's code with keytool. */
public final class TestCertificates {
    private static SelfSignedCertificate.Made made;
    private static SelfSignedCertificate.Made other;

    private TestCertificates() {
    }

    /** The certificate the servers in these tests use. */
    public static synchronized SelfSignedCertificate.Made localhost() {
        if (made == null) {
            made = make("wsfs-ch24-cert-");
        }
        return made;
    }

    /** A second certificate with the same names but another key: trusting it must not trust {@link #localhost}. */
    public static synchronized SelfSignedCertificate.Made another() {
        if (other == null) {
            other = make("wsfs-ch24-other-");
        }
        return other;
    }

    private static SelfSignedCertificate.Made make(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            SelfSignedCertificate.Made m = SelfSignedCertificate.make(dir);
            m.cert().toFile().deleteOnExit();
            m.key().toFile().deleteOnExit();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
