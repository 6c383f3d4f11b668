package wsfs.io;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** What a person needs to see of an X.509 certificate (chapter 24): the names it is for. */
public final class Certificates {
    private Certificates() {
    }

    /** The subjectAltName entries of a certificate, as "DNS:localhost, IP:127.0.0.1" (RFC 5280 section 4.2.1.6). */
    public static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    int type = (Integer) entry.get(0);
                    names.add((type == 2 ? "DNS:" : type == 7 ? "IP:" : "type " + type + ":") + entry.get(1));
                }
            }
        } catch (CertificateException e) {
            names.add("(unreadable subjectAltName)");
        }
        return names.isEmpty() ? "no subjectAltName (only " + cert.getSubjectX500Principal().getName() + ")"
                : String.join(", ", names);
    }
}
