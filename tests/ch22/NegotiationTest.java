package ch22;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.ExtensionOffer;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.PerMessageDeflate.Options;

/** The Sec-WebSocket-Extensions grammar (RFC 6455 section 9.1) and the negotiation of RFC 7692 section 7. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NegotiationTest {

    static List<ExtensionOffer> parse(String value) throws ExtensionOffer.Malformed {
        return ExtensionOffer.parse(value);
    }

    static String serverAnswer(String offers, Options ours) throws ExtensionOffer.Malformed {
        return PerMessageDeflate.accept(parse(offers), ours).agreement().map(DeflateAgreement::toString).orElse("declined");
    }

    @Test
    void parsesSeveralOffersQuotedValuesAndRepeatedFields() throws Exception {
        List<ExtensionOffer> offers = ExtensionOffer.parseAll(HttpHeaders.of(
                "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits=\"10\"; server_no_context_takeover",
                "Sec-WebSocket-Extensions", "x-webkit-deflate-frame, permessage-deflate ;client_max_window_bits"));
        assertEquals(3, offers.size());
        assertEquals("permessage-deflate; client_max_window_bits=10; server_no_context_takeover", offers.get(0).toString());
        assertEquals(Optional.of("10"), offers.get(0).parameter("client_max_window_bits"));
        assertEquals("x-webkit-deflate-frame", offers.get(1).name());
        assertEquals(Optional.of(""), offers.get(2).parameter("client_max_window_bits"));   // present, no value
    }

    @Test
    void refusesWhatTheGrammarForbids() {
        for (String bad : List.of("permessage-deflate; =1", "per message", "permessage-deflate; a=\"b c\"",
                "permessage-deflate; a=\"unclosed", "permessage-deflate; a=", "p; a=\"x\\\"")) {
            assertThrows(ExtensionOffer.Malformed.class, () -> parse(bad), bad);
        }
    }

    @Test
    void theServerAcceptsThePlainOfferAndChromesOffer() throws Exception {
        assertEquals("permessage-deflate", serverAnswer("permessage-deflate", Options.defaults()));
        // What Chrome sends: client_max_window_bits without a value says "I can limit my window if you ask".
        // Our Inflater follows any window, so we do not ask.
        assertEquals("permessage-deflate", serverAnswer("permessage-deflate; client_max_window_bits", Options.defaults()));
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                serverAnswer("permessage-deflate", Options.noContextTakeover()));
    }

    @Test
    void theServerKeepsWhatTheClientAskedFor() throws Exception {
        assertEquals("permessage-deflate; server_no_context_takeover",
                serverAnswer("permessage-deflate; server_no_context_takeover", Options.defaults()));
        assertEquals("permessage-deflate; client_no_context_takeover",
                serverAnswer("permessage-deflate; client_no_context_takeover", Options.defaults()));
        assertEquals("permessage-deflate; server_max_window_bits=15",
                serverAnswer("permessage-deflate; server_max_window_bits=15", Options.defaults()));
        assertEquals("permessage-deflate", serverAnswer("permessage-deflate; client_max_window_bits=9", Options.defaults()));
    }

    @Test
    void theServerDeclinesWhatItCannotHonourAndTakesTheNextOffer() throws Exception {
        // Our Deflater cannot use a window smaller than 15 bits: decline, then accept the fallback offer.
        PerMessageDeflate.ServerChoice choice = PerMessageDeflate.accept(
                parse("permessage-deflate; server_max_window_bits=10, permessage-deflate"), Options.defaults());
        assertEquals("permessage-deflate", choice.agreement().orElseThrow().toString());
        assertTrue(choice.declined().get(0).contains("java.util.zip.Deflater"), choice.declined().toString());
        for (String bad : List.of("permessage-deflate; server_max_window_bits=10",
                "permessage-deflate; server_max_window_bits", "permessage-deflate; server_max_window_bits=08",
                "permessage-deflate; server_max_window_bits=16", "permessage-deflate; client_max_window_bits=7",
                "permessage-deflate; server_no_context_takeover=1", "permessage-deflate; unknown_parameter",
                "permessage-deflate; client_no_context_takeover; client_no_context_takeover")) {
            assertEquals("declined", serverAnswer(bad, Options.defaults()), bad);
        }
        assertEquals("declined", serverAnswer("x-webkit-deflate-frame", Options.defaults()));
    }

    static Optional<DeflateAgreement> clientSees(String response, Options offered) throws Exception {
        return PerMessageDeflate.verify(parse(response), offered);
    }

    @Test
    void theClientOffersNoClientWindowLimit() {
        assertEquals("permessage-deflate", PerMessageDeflate.offer(Options.defaults()).toString());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10",
                PerMessageDeflate.offer(new Options(true, true, 10)).toString());
    }

    @Test
    void theClientAcceptsValidResponses() throws Exception {
        assertEquals(Optional.empty(), PerMessageDeflate.verify(List.of(), Options.defaults()));
        assertEquals(DeflateAgreement.defaults(), clientSees("permessage-deflate", Options.defaults()).orElseThrow());
        // A server may limit its own window (Python websockets answers server_max_window_bits=12) or reset its
        // compressor unasked (7.1.1.1); our Inflater follows both.
        assertEquals(new DeflateAgreement(true, false, 12, 0),
                clientSees("permessage-deflate; server_no_context_takeover; server_max_window_bits=12", Options.defaults()).orElseThrow());
        assertEquals(new DeflateAgreement(false, true, 0, 0),
                clientSees("permessage-deflate; client_no_context_takeover", Options.defaults()).orElseThrow());
        // We promised client_no_context_takeover: we keep it even if the server does not repeat it.
        assertEquals(new DeflateAgreement(false, true, 0, 0),
                clientSees("permessage-deflate", new Options(false, true, 0)).orElseThrow());
        assertEquals(new DeflateAgreement(false, false, 9, 0),
                clientSees("permessage-deflate; server_max_window_bits=9", new Options(false, false, 10)).orElseThrow());
    }

    @Test
    void theClientFailsWhereSection7SaysSo() {
        List<String[]> cases = List.of(
                new String[]{"permessage-deflate; client_max_window_bits=10", "7.1.2.2"},
                new String[]{"permessage-deflate; client_max_window_bits", "7.1.2.2"},
                new String[]{"permessage-deflate; mystery", "RFC 7692 section 7"},
                new String[]{"permessage-deflate; server_max_window_bits=16", "RFC 7692 section 7"},
                new String[]{"permessage-deflate; server_no_context_takeover=yes", "RFC 7692 section 7"},
                new String[]{"permessage-deflate, permessage-deflate", "RFC 7692 section 7"},
                new String[]{"x-webkit-deflate-frame", "RFC 6455 section 4.1"});
        for (String[] c : cases) {
            HandshakeFailed e = assertThrows(HandshakeFailed.class, () -> clientSees(c[0], Options.defaults()), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
        HandshakeFailed dropped = assertThrows(HandshakeFailed.class,
                () -> clientSees("permessage-deflate", new Options(true, false, 0)));
        assertTrue(dropped.getMessage().contains("7.1.1.1"), dropped.getMessage());
        HandshakeFailed larger = assertThrows(HandshakeFailed.class,
                () -> clientSees("permessage-deflate; server_max_window_bits=12", new Options(false, false, 10)));
        assertTrue(larger.getMessage().contains("7.1.2.1"), larger.getMessage());
        HandshakeFailed missing = assertThrows(HandshakeFailed.class,
                () -> clientSees("permessage-deflate", new Options(false, false, 10)));
        assertTrue(missing.getMessage().contains("7.1.2.1"), missing.getMessage());
    }
}
