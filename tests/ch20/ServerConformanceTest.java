package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.CaseResult;
import wsfs.conformance.ConformanceReport;
import wsfs.conformance.ConformanceSuite;
import wsfs.io.EchoListener;
import wsfs.conformance.FuzzingClient;
import wsfs.protocol.Role;
import wsfs.conformance.Verdict;
import wsfs.io.WebSocketServer;

/**
 * The whole conformance suite (every category, 1 to 10) against our echo server of chapter 14, started
 * in-process on an ephemeral port. No case may FAIL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerConformanceTest {

    @Test
    void ourEchoServerFailsNoCase() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener())) {
            List<CaseResult> results = new FuzzingClient(URI.create(server.url()))
                    .runAll(ConformanceSuite.select("*", Role.SERVER), null);
            System.out.println("[ch20] our server: " + ConformanceReport.totals(results));
            assertEquals(ConformanceSuite.select("*", Role.SERVER).size(), results.size());
            assertEquals(0, ConformanceReport.failures(results), ConformanceReport.problems(results));
            // Every case strict, including invalid UTF-8 in the middle of one frame whose rest arrives later
            // (6.4.3, 6.4.4): the endpoint checks a text payload as it is read, not once the frame is complete.
            Set<String> nonStrict = results.stream().filter(r -> r.verdict() == Verdict.NON_STRICT)
                    .map(CaseResult::id).collect(Collectors.toSet());
            assertEquals(Set.of(), nonStrict, ConformanceReport.problems(results));
            for (CaseResult r : results) {
                if (r.id().equals("6.4.3") || r.id().equals("6.4.4")) {
                    assertEquals(Verdict.PASS, r.verdict(), r.id() + ": " + r.observed());
                }
            }
        }
    }
}
