package wsfs.protocol;

import wsfs.io.HttpReader;

import java.util.List;

/**
 * What a server accepts in an opening handshake (chapter 03): the subprotocols it speaks, the pages it lets
 * in, and how large a request head may be. The time a client may take is a socket matter and lives at the
 * edge ({@link HandshakeServer}).
 *
 * @param subprotocols the subprotocols this server speaks; the client's order of preference decides among them
 * @param origins      which pages may connect; refused ones get 403
 * @param maxHeadBytes the size bound of the request head; larger heads get 431
 */
public record HandshakePolicy(List<String> subprotocols, OriginPolicy origins, int maxHeadBytes) {

    public HandshakePolicy {
        subprotocols = List.copyOf(subprotocols);
    }

    /** No subprotocols, any origin, 8 KiB heads. */
    public static HandshakePolicy defaults() {
        return new HandshakePolicy(List.of(), OriginPolicy.any(), HttpReader.DEFAULT_MAX_HEAD_BYTES);
    }

    public HandshakePolicy withSubprotocols(String... names) {
        return new HandshakePolicy(List.of(names), origins, maxHeadBytes);
    }

    public HandshakePolicy withOrigins(OriginPolicy policy) {
        return new HandshakePolicy(subprotocols, policy, maxHeadBytes);
    }

    public HandshakePolicy withMaxHeadBytes(int bytes) {
        return new HandshakePolicy(subprotocols, origins, bytes);
    }
}
