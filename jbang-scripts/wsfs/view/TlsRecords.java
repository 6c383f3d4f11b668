package wsfs.view;

import java.util.ArrayList;
import java.util.List;

/**
 * What a TLS connection looks like on the wire (chapter 24): a sequence of records, each a 5-byte header
 * (content type, legacy version, length; RFC 8446 section 5.1) and that many bytes. Before the keys are agreed the
 * records are readable (the ClientHello and ServerHello, type 22); after that every record is type 23
 * "application_data", whatever it carries (the rest of the handshake, the HTTP upgrade, WebSocket frames, alerts):
 * the real type is inside, encrypted (RFC 8446 section 5.2).
 */
public final class TlsRecords {
    private TlsRecords() {
    }

    /** One record: its header fields, and its first bytes (at most {@link #KEPT}). */
    public record Record(int type, int version, int length, byte[] start) {
        /** The name of the content type (RFC 8446 section 5.1). */
        public String typeName() {
            return TlsRecords.typeName(type);
        }

        /** For a handshake record in clear: the handshake message type (ClientHello, ServerHello, ...). */
        public String handshakeName() {
            if (type != 22 || start.length < 6) {
                return "";
            }
            return switch (start[5] & 0xff) {
                case 1 -> "ClientHello";
                case 2 -> "ServerHello";
                case 4 -> "NewSessionTicket";
                case 8 -> "EncryptedExtensions";
                case 11 -> "Certificate";
                case 15 -> "CertificateVerify";
                case 20 -> "Finished";
                default -> "handshake type " + (start[5] & 0xff);
            };
        }

        /** The header as hex ("16 03 01 00 f8"). */
        public String headerHex() {
            return HexDump.hex(start, 0, Math.min(5, start.length));
        }
    }

    /** How many bytes of each record {@link #parse} keeps. */
    public static final int KEPT = 16;

    /** The records of one direction of a connection (a trailing incomplete record is left out). */
    public static List<Record> parse(byte[] stream) {
        List<Record> records = new ArrayList<>();
        int at = 0;
        while (at + 5 <= stream.length) {
            int type = stream[at] & 0xff;
            int version = ((stream[at + 1] & 0xff) << 8) | (stream[at + 2] & 0xff);
            int length = ((stream[at + 3] & 0xff) << 8) | (stream[at + 4] & 0xff);
            if (at + 5 + length > stream.length) {
                break;
            }
            byte[] start = java.util.Arrays.copyOfRange(stream, at, Math.min(stream.length, at + KEPT));
            records.add(new Record(type, version, length, start));
            at += 5 + length;
        }
        return records;
    }

    public static String typeName(int type) {
        return switch (type) {
            case 20 -> "change_cipher_spec";
            case 21 -> "alert";
            case 22 -> "handshake";
            case 23 -> "application_data";
            default -> "type " + type;
        };
    }

    /** "TLS 1.2" for 03 03, "TLS 1.0" for 03 01: the legacy record version (TLS 1.3 keeps writing 03 03, section 5.1). */
    public static String versionName(int version) {
        return switch (version) {
            case 0x0301 -> "TLS 1.0";
            case 0x0302 -> "TLS 1.1";
            case 0x0303 -> "TLS 1.2";
            default -> String.format("%04x", version);
        };
    }

    /**
     * How much longer the JDK makes a TLS 1.3 record than the plaintext it carries: one byte for the inner content
     * type, sixteen zero bytes of padding (RFC 8446 section 5.4 allows padding to hide lengths; the JDK's
     * OutputRecord always adds 16), and sixteen for the AEAD authentication tag (section 5.2). OpenSSL adds no
     * padding: 17.
     */
    public static final int JDK_TLS13_OVERHEAD = 1 + 16 + 16;

    /** The length of the JDK's TLS 1.3 record that carries {@code plaintext} bytes (up to 16 KiB of them). */
    public static int encryptedLength(int plaintext) {
        return plaintext + JDK_TLS13_OVERHEAD;
    }

    /**
     * One line per record of one direction, for the demo and the notebook. A record in clear shows its first
     * bytes; an encrypted one (type 23) is matched to the next plaintext we know was written ({@code plaintexts},
     * named by {@code names}: it is {@link #JDK_TLS13_OVERHEAD} bytes longer); the others are the encrypted rest of
     * the TLS handshake ({@code hidden} says which messages), counted but not measured, since their sizes follow the
     * certificate's ECDSA signature, which varies by a byte or two from key to key. Stops after the last plaintext.
     */
    public static String annotate(byte[] stream, List<Integer> plaintexts, List<String> names, String hidden) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int unmatched = 0;
        for (Record r : parse(stream)) {
            if (next >= plaintexts.size()) {
                break;
            }
            if (r.type() == 23 && r.length() == encryptedLength(plaintexts.get(next))) {
                if (unmatched > 0) {
                    out.append("     ").append(unmatched).append(" x 17 03 03 ..  application_data: the rest of the TLS")
                            .append(" handshake, encrypted (").append(hidden).append(")\n");
                    unmatched = 0;
                }
                out.append(String.format("     %s  application_data, %d bytes = %d of %s + %d%n", r.headerHex(), r.length(),
                        plaintexts.get(next), names.get(next), JDK_TLS13_OVERHEAD));
                next++;
            } else if (r.type() == 23) {
                unmatched++;
            } else if (r.type() == 22) {
                out.append(String.format("     %s  handshake, in clear: %s | %s ... (legacy version %s)%n", r.headerHex(),
                        r.handshakeName(), HexDump.hex(r.start(), 5, 9), versionName(r.version())));
            } else {
                out.append(String.format("     %s  %s%s%n", r.headerHex(), r.typeName(), r.type() == 20
                        ? " (no meaning in TLS 1.3: it calms middleboxes, RFC 8446 appendix D.4)" : ""));
            }
        }
        out.append("     ... then the close_notify alert, encrypted too, and TCP closes\n");
        return out.toString();
    }
}
