package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch19.Peers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.ConformanceCase;
import wsfs.conformance.ConformanceSuite;
import wsfs.conformance.ReferenceResults;
import wsfs.protocol.Role;

/**
 * The committed reference results (notebooks/data/20-reference-results.json, written by
 * {@code 20_Conformance.java reference}) still describe this catalog and the peer versions the course pins.
 * If a case is added or a peer upgraded, this test says to run the reference mode again.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReferenceResultsTest {

    @Test
    void theCommittedResultsCoverTheCatalogAndThePinnedPeers() throws Exception {
        ReferenceResults data = ReferenceResults.load(Path.of("notebooks/data/20-reference-results.json"));
        List<String> ids = ConformanceSuite.select("*", Role.SERVER).stream().map(ConformanceCase::id).toList();
        String again = " (run: ./jbang jbang-scripts/20_Conformance.java reference --json notebooks/data/20-reference-results.json)";
        assertEquals(3, data.runs().size());
        for (ReferenceResults.Run run : data.runs()) {
            assertEquals(ids, List.copyOf(run.verdicts().keySet()), run.peer() + ": the catalog changed" + again);
        }
        assertTrue(data.runs().get(1).version().startsWith(Peers.WEBSOCKETS_VERSION + " "), data.runs().get(1).version() + again);
        assertTrue(data.runs().get(2).version().startsWith(Peers.WS_VERSION + " "), data.runs().get(2).version() + again);
        assertTrue(data.runs().get(0).verdicts().values().stream().noneMatch("FAIL"::equals), "our server fails no case");
        assertTrue(data.runs().get(0).verdicts().values().stream().noneMatch("NON-STRICT"::equals), "our server is strict in every case");
        assertEquals(List.of("3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15",
                "6.4.1", "6.4.2", "6.4.3", "6.4.4", "6.25.1", "6.25.2", "6.25.3", "6.25.4", "6.25.5", "6.25.6", "7.1.5", "10.3.1"),
                data.disagreements(), "chapters/20-conformance.md explains each of these");
    }

    /** The same for the fuzzing server's runs against our client and the two reference clients. */
    @Test
    void theCommittedClientResultsCoverTheCatalogAndThePinnedPeers() throws Exception {
        ReferenceResults data = ReferenceResults.load(Path.of("notebooks/data/20-reference-client-results.json"));
        ReferenceResults servers = ReferenceResults.load(Path.of("notebooks/data/20-reference-results.json"));
        List<String> ids = ConformanceSuite.select("*", Role.CLIENT).stream().map(ConformanceCase::id).toList();
        assertEquals(3, data.runs().size());
        for (ReferenceResults.Run run : data.runs()) {
            assertEquals(ids, List.copyOf(run.verdicts().keySet()), run.peer() + ": the catalog changed");
        }
        assertTrue(data.runs().get(1).version().startsWith(Peers.WEBSOCKETS_VERSION + " "));
        assertTrue(data.runs().get(2).version().startsWith(Peers.WS_VERSION + " "));
        assertTrue(data.runs().get(0).verdicts().values().stream().noneMatch("FAIL"::equals), "our client fails no case");
        assertTrue(data.runs().get(0).verdicts().values().stream().noneMatch("NON-STRICT"::equals), "our client is strict in every case");
        assertTrue(servers.disagreements().containsAll(data.disagreements()),
                "the clients disagree where the servers do, and the chapter explains those: " + data.disagreements());
    }
}
