package ch19;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.PeerProcess;

/** The child-process runner on its own, with sh instead of a peer: every wait is bounded, whatever the child does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerProcessTest {
    static final Path HERE = Path.of(".");

    @Test
    void aProbeThatHangsGivesNullWithinItsTimeout() {
        long start = System.nanoTime();
        assertNull(PeerProcess.probe(List.of("sh", "-c", "echo started; sleep 60"), Duration.ofSeconds(1)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, "the probe took " + millis + " ms");
    }

    @Test
    void aProbeGivesTheFirstLine() {
        assertEquals("one", PeerProcess.probe(List.of("sh", "-c", "echo one; echo two")));
        assertNull(PeerProcess.probe(List.of("sh", "-c", "exit 3")));
        assertNull(PeerProcess.probe(List.of("/no/such/program")));
    }

    @Test
    void aServerIsReadyWhenItPrintsItsUrl() throws Exception {
        try (PeerProcess p = PeerProcess.startServer(List.of("sh", "-c",
                "echo starting; echo 'listening on ws://127.0.0.1:4567/'; sleep 60"), HERE, Duration.ofSeconds(10))) {
            assertEquals("ws://127.0.0.1:4567/", p.url());
            assertEquals(List.of("starting", "listening on ws://127.0.0.1:4567/"), p.lines());
        }
    }

    @Test
    void aServerWithoutAReadyLineFailsWithItsOutput() {
        IOException e = assertThrows(IOException.class, () -> PeerProcess.startServer(
                List.of("sh", "-c", "echo no port for you; sleep 60"), HERE, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("no port for you"), e.getMessage());
    }

    @Test
    void aClientRunsToItsEnd() throws Exception {
        try (PeerProcess p = PeerProcess.run(List.of("sh", "-c", "echo PASS a; exit 4"), HERE, Duration.ofSeconds(10))) {
            assertEquals(4, p.exitValue());
            assertEquals(List.of("PASS a"), p.lines());
        }
    }
}
