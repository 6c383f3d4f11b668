package ch23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.CasesCompression;
import wsfs.conformance.CompressionConformance;
import wsfs.conformance.CompressionConformance.Outcome;
import wsfs.conformance.Verdict;
import wsfs.io.DeflateNegotiation;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.Limits;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.Role;

/**
 * Categories 12 and 13 (compression) against our own server and our own client: 0 FAIL. Our server declines
 * 13.6 and 13.7 (server_max_window_bits=9: java.util.zip.Deflater cannot use a smaller window), which is allowed.
 * Each case sends fewer messages here than the script's full run (scale 0.1), to keep the test short.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionConformanceTest {

    @Test
    void theCatalogHasBothCategories() {
        List<CasesCompression> all = CasesCompression.all();
        assertEquals(5 * 18 + 7 * 18, all.size());
        assertEquals("12.1.1", all.get(0).id());
        assertEquals("13.7.18", all.get(all.size() - 1).id());
        assertEquals(90 + 4 * 18, CasesCompression.forPeer(Role.CLIENT).size());
    }

    @Test
    void ourServerPassesEveryCompressionCase() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withLimits(Limits.defaults().withMaxMessageSize(16L << 20)),
                request -> new EchoListener(), DeflateNegotiation.server(PerMessageDeflate.Options.defaults(), line -> { }))) {
            List<Outcome> outcomes = CompressionConformance.againstServer(server.url(), CasesCompression.forPeer(Role.SERVER), 0.1);
            for (Outcome o : outcomes) {
                boolean declinable = o.id().startsWith("13.6.") || o.id().startsWith("13.7.");
                assertEquals(declinable ? Verdict.INFORMATIONAL : Verdict.PASS, o.verdict(), o.line());
            }
            assertTrue(CompressionConformance.summary(outcomes).contains("FAIL 0"));
        }
    }

    @Test
    void aServerThatAsksForAWindowWeNeverOfferedFails() throws Exception {
        // RFC 7692 section 7.1.2.2: client_max_window_bits in the answer, not in the offer: the client must fail.
        WebSocketServer.Extensions wrong = request -> java.util.Optional.of(new WebSocketServer.Extensions.Agreed(
                "permessage-deflate; client_max_window_bits=10",
                new wsfs.protocol.DeflateExtension(Role.SERVER, wsfs.protocol.DeflateAgreement.defaults())));
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults(), request -> new EchoListener(), wrong)) {
            Outcome o = CompressionConformance.againstServer(server.url(), CasesCompression.all().get(0), 0.1);
            assertEquals(Verdict.FAIL, o.verdict(), o.line());
            assertTrue(o.detail().contains("7.1.2.2"), o.line());
        }
    }

    @Test
    void ourClientPassesEveryCompressionCase() {
        List<Outcome> outcomes = CompressionConformance.againstClient(CasesCompression.forPeer(Role.CLIENT), 0.1,
                CompressionConformance.ourClient());
        for (Outcome o : outcomes) {
            assertEquals(Verdict.PASS, o.verdict(), o.line());
        }
    }
}
