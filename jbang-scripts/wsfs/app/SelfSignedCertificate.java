package wsfs.app;

import wsfs.io.PemFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the demos and tests (chapter 24), made the way an operator would: the JDK's
 * {@code keytool -genkeypair} in a child process writes a PKCS#12 keystore (an EC P-256 key, subjectAltName
 * DNS:localhost and IP:127.0.0.1, extended key usage serverAuth, valid 365 days); then the KeyStore API reads it
 * and we write what web servers take: {@code cert.pem} (the certificate) and {@code key.pem} (the key as PKCS#8,
 * "BEGIN PRIVATE KEY"). Self-signed means no CA vouches for it: a client trusts it only when told to
 * (our {@code --ca cert.pem}, Python's {@code cafile}, Chromium's SPKI pin).
 */
public final class SelfSignedCertificate {
    private SelfSignedCertificate() {
    }

    /** What {@link #make} wrote. */
    public record Made(Path cert, Path key, X509Certificate certificate) {
    }

    private static final String PASSWORD = "wsfs-course";

    /** The keytool command that makes the keystore (shown by make-cert). */
    public static List<String> keytool(Path keystore) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return List.of(keytool.toString(), "-genkeypair", "-alias", "wsfs", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-ext", "EKU=serverAuth", "-validity", "365", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
    }

    /** Writes {@code dir}/cert.pem and {@code dir}/key.pem (the key readable by its owner only, where we can say so). */
    public static Made make(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path keystore = Files.createTempFile(dir, "keytool-", ".p12");
        Files.delete(keystore); // keytool creates it
        try {
            run(keytool(keystore));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            X509Certificate cert = (X509Certificate) store.getCertificate("wsfs");
            Key key = store.getKey("wsfs", PASSWORD.toCharArray());
            Path certPem = dir.resolve("cert.pem");
            Path keyPem = dir.resolve("key.pem");
            Files.writeString(certPem, PemFiles.encode("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            Files.deleteIfExists(keyPem);
            Files.createFile(keyPem);
            try {
                Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's permissions apply
            }
            Files.writeString(keyPem, PemFiles.encode("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return new Made(certPem, keyPem, cert);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool made: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(keystore);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try {
            p.getOutputStream().close();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + p.exitValue() + "): " + output.strip().lines().findFirst().orElse(""));
        }
    }
}
