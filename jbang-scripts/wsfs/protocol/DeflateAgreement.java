package wsfs.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * What a permessage-deflate negotiation agreed on (chapter 22, RFC 7692 section 7.1): the parameters of the
 * server's response, which bind both sides for the whole connection.
 *
 * @param serverNoContextTakeover the server resets its compressor after every message (section 7.1.1.1)
 * @param clientNoContextTakeover the client resets its compressor after every message (section 7.1.1.2)
 * @param serverMaxWindowBits     the largest LZ77 window the server's compressor uses, 8-15; 0 if not said (15)
 * @param clientMaxWindowBits     the largest window the client's compressor uses, 8-15; 0 if not said (15)
 */
public record DeflateAgreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                               int serverMaxWindowBits, int clientMaxWindowBits) {

    public DeflateAgreement {
        checkBits(serverMaxWindowBits, "server_max_window_bits");
        checkBits(clientMaxWindowBits, "client_max_window_bits");
    }

    private static void checkBits(int bits, String name) {
        if (bits != 0 && (bits < 8 || bits > 15)) {
            throw new IllegalArgumentException(name + " is 8-15 (RFC 7692 section 7.1.2): " + bits);
        }
    }

    /** Context takeover both ways, 15-bit windows: the parameters of a plain "permessage-deflate" response. */
    public static DeflateAgreement defaults() {
        return new DeflateAgreement(false, false, 0, 0);
    }

    /** True if the side playing {@code role} must reset its compressor after each message it sends. */
    public boolean resetsCompressor(Role role) {
        return role == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /** True if the peer of {@code role} resets its compressor, so our decompressor must reset too. */
    public boolean resetsDecompressor(Role role) {
        return role == Role.SERVER ? clientNoContextTakeover : serverNoContextTakeover;
    }

    /** The element of the server's Sec-WebSocket-Extensions response that states this agreement. */
    public ExtensionOffer asResponse() {
        List<ExtensionOffer.Parameter> p = new ArrayList<>();
        if (serverNoContextTakeover) {
            p.add(new ExtensionOffer.Parameter("server_no_context_takeover", null));
        }
        if (clientNoContextTakeover) {
            p.add(new ExtensionOffer.Parameter("client_no_context_takeover", null));
        }
        if (serverMaxWindowBits != 0) {
            p.add(new ExtensionOffer.Parameter("server_max_window_bits", Integer.toString(serverMaxWindowBits)));
        }
        if (clientMaxWindowBits != 0) {
            p.add(new ExtensionOffer.Parameter("client_max_window_bits", Integer.toString(clientMaxWindowBits)));
        }
        return new ExtensionOffer(PerMessageDeflate.NAME, p);
    }

    @Override
    public String toString() {
        return asResponse().toString();
    }
}
