package wsfs.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files, the format web servers and openssl use for certificates and keys (chapter 24, RFC 7468): base64 of
 * DER between {@code -----BEGIN X-----} and {@code -----END X-----}. We read two kinds: {@code CERTIFICATE} (a chain,
 * the server's own certificate first) and {@code PRIVATE KEY} (PKCS#8, RSA or EC). We write both, wrapping base64 at
 * 64 characters as RFC 7468 section 2 asks. Every problem is a {@link BadFile} whose message is one line naming
 * the file and what to do.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** A PEM file we cannot use: its message is the one line a person sees. */
    public static final class BadFile extends IOException {
        public BadFile(String message) {
            super(message, null);
        }
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** One block of a PEM file: its label ("CERTIFICATE") and the DER bytes. */
    public record Block(String label, byte[] der) {
    }

    /** Every block of {@code file}, in order. */
    public static List<Block> blocks(Path file) throws BadFile {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new BadFile(file + ": no such file");
        } catch (IOException e) {
            throw new BadFile(file + ": cannot read it (" + e.getMessage() + ")");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new BadFile(file + ": the " + m.group(1) + " block is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new BadFile(file + ": not a PEM file (no -----BEGIN ...----- / -----END ...----- block)");
        }
        return blocks;
    }

    /** The certificates of {@code file} (other blocks are ignored); at least one. */
    public static List<X509Certificate> certificates(Path file) throws BadFile {
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory x509;
        try {
            x509 = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 support", e);
        }
        for (Block b : blocks(file)) {
            if (!b.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException e) {
                throw new BadFile(file + ": a CERTIFICATE block is not a valid X.509 certificate (" + e.getMessage() + ")");
            }
        }
        if (chain.isEmpty()) {
            throw new BadFile(file + ": has no -----BEGIN CERTIFICATE----- block (is it the key file?)");
        }
        return chain;
    }

    /** The PKCS#8 private key of {@code file} (RSA or EC). Other key formats get a line saying how to convert them. */
    public static PrivateKey privateKey(Path file) throws BadFile {
        for (Block b : blocks(file)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, b.der());
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new BadFile(file + ": a " + b.label()
                        + " (PKCS#1/SEC1) block; we read PKCS#8 keys: openssl pkcs8 -topk8 -nocrypt -in " + file
                        + " -out key8.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw new BadFile(file + ": the key is encrypted; give an unencrypted"
                        + " PKCS#8 key (openssl pkcs8 -in " + file + " -out key8.pem)");
                default -> { }
            }
        }
        throw new BadFile(file + ": has no -----BEGIN PRIVATE KEY----- block (is it the certificate file?)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws BadFile {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new BadFile(file + ": the PRIVATE KEY block is not a PKCS#8 RSA, EC or Ed25519 key");
    }

    /** A PEM block: the label lines around base64 wrapped at 64 characters (RFC 7468 section 2). */
    public static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
