package wsfs.io;

import wsfs.protocol.Connection;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.DeflateExtension;
import wsfs.protocol.ExtensionOffer;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.Role;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * permessage-deflate at the edge (chapter 23): the pieces that plug {@link PerMessageDeflate}'s negotiation and
 * the {@link DeflateExtension} into the server's and the client's opening handshake. Nothing here decides a rule;
 * the sans-I/O classes do.
 * <pre>
 * WebSocketServer.start(address, options, endpoint, DeflateNegotiation.server(PerMessageDeflate.Options.defaults(), log));
 * WebSocketClient.connect(url, options, listener, DeflateNegotiation.client(PerMessageDeflate.Options.defaults()));
 * </pre>
 */
public final class DeflateNegotiation {
    private DeflateNegotiation() {
    }

    /**
     * The server's side: accept the first permessage-deflate offer we can honour. A malformed header or an offer
     * we decline is not an error: the connection opens without compression (RFC 7692 section 5), and the reason
     * goes to {@code log} (one line, the peer's text escaped).
     */
    public static WebSocketServer.Extensions server(PerMessageDeflate.Options ours, Consumer<String> log) {
        return request -> {
            List<ExtensionOffer> offers;
            try {
                offers = ExtensionOffer.parseAll(request.headers());
            } catch (ExtensionOffer.Malformed malformed) {
                log.accept("ignored a malformed Sec-WebSocket-Extensions: " + wsfs.view.LogLine.escape(malformed.getMessage()));
                return Optional.empty();
            }
            PerMessageDeflate.ServerChoice choice = PerMessageDeflate.accept(offers, ours);
            choice.declined().forEach(line -> log.accept(wsfs.view.LogLine.escape(line)));
            return choice.agreement().map(a -> new WebSocketServer.Extensions.Agreed(a.toString(),
                    new DeflateExtension(Role.SERVER, a)));
        };
    }

    /** The client's side: offer permessage-deflate and check the answer as RFC 7692 section 7 says. */
    public static WebSocketClient.Extensions client(PerMessageDeflate.Options ours) {
        return client(ours, agreement -> { });
    }

    /** As above, telling {@code agreed} what the server agreed to (nothing if it declined). */
    public static WebSocketClient.Extensions client(PerMessageDeflate.Options ours, Consumer<DeflateAgreement> agreed) {
        return new WebSocketClient.Extensions() {
            @Override
            public String offer() {
                return PerMessageDeflate.offer(ours).toString();
            }

            @Override
            public Connection.Extension accept(HttpResponse response) throws HandshakeFailed {
                List<ExtensionOffer> answer;
                try {
                    answer = ExtensionOffer.parseAll(response.headers());
                } catch (ExtensionOffer.Malformed malformed) {
                    throw new HandshakeFailed("The server's Sec-WebSocket-Extensions is malformed: "
                            + malformed.getMessage(), "RFC 6455 section 4.1");
                }
                Optional<DeflateAgreement> agreement = PerMessageDeflate.verify(answer, ours);
                agreement.ifPresent(agreed);
                return agreement.map(a -> (Connection.Extension) new DeflateExtension(Role.CLIENT, a)).orElse(null);
            }
        };
    }
}
