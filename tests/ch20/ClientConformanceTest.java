package ch20;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import wsfs.conformance.FuzzingServer;
import wsfs.protocol.Role;
import wsfs.conformance.Verdict;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;

/**
 * The suite the other way round: the fuzzing server plays every case against our client of chapter 16,
 * which connects once per case and echoes what it receives. No case may FAIL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientConformanceTest {

    @Test
    void ourClientFailsNoCase() throws Exception {
        try (FuzzingServer server = FuzzingServer.start(0, ConformanceSuite.select("*", Role.CLIENT))) {
            String url = "ws://127.0.0.1:" + server.port() + "/";
            for (int i = 0; i < server.cases().size(); i++) {
                WebSocketConnection c = WebSocketClient.connect(url, new EchoListener());
                assertTrue(c.awaitClosed(Duration.ofSeconds(70)), "case " + server.cases().get(i).id() + " did not end");
            }
            List<CaseResult> results = server.awaitAll(Duration.ofSeconds(10));
            System.out.println("[ch20] our client: " + ConformanceReport.totals(results));
            assertEquals(server.cases().size(), results.size());
            assertEquals(0, ConformanceReport.failures(results), ConformanceReport.problems(results));
            Set<String> nonStrict = results.stream().filter(r -> r.verdict() == Verdict.NON_STRICT)
                    .map(CaseResult::id).collect(Collectors.toSet());
            // Every case strict, including invalid UTF-8 in the middle of one frame (6.4.3, 6.4.4).
            assertEquals(Set.of(), nonStrict, ConformanceReport.problems(results));
            for (CaseResult r : results) {
                if (r.id().equals("6.4.3") || r.id().equals("6.4.4")) {
                    assertEquals(Verdict.PASS, r.verdict(), r.id() + ": " + r.observed());
                }
            }
        }
    }
}
