package bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course bench}'s mistakes on the command line (issue 11): one line on standard error and exit status 2,
 * before any server starts; {@code --help} prints the usage. Run as a child JVM with this class path, because
 * {@link BenchMain} ends with {@code System.exit}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandLineTest {

    record Run(int status, List<String> lines) {
    }

    static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "bench.BenchMain"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running: " + command);
        return new Run(p.exitValue(), out.lines().toList());
    }

    static void assertOneLine(String expected, String... args) throws Exception {
        Run r = run(args);
        assertEquals(2, r.status(), r.lines().toString());
        assertEquals(List.of(expected), r.lines());
    }

    @Test
    void badOptionsGiveOneLineAndStatus2(@TempDir Path dir) throws Exception {
        assertOneLine("bench: unknown option '--fast' (./course bench --help)", "--fast");
        assertOneLine("bench: --rounds needs a whole number above 0, got 'x' (./course bench --help)", "--rounds", "x");
        assertOneLine("bench: --seconds needs a value (./course bench --help)", "--quick", "--seconds");
        assertOneLine("bench: unknown server 'nginx' (known: ours, netty, jetty, undertow, ours-tls) (./course bench --help)",
                "--servers", "ours,nginx");
        assertOneLine("bench: unknown scenario 'ping' (known: rtt, stream, fanin, large, idle, polling) (./course bench --help)",
                "--scenarios", "ping");
        Path file = Files.writeString(dir.resolve("results.csv"), "");
        assertOneLine("bench: --out needs a directory, and " + file + " is a file (./course bench --help)", "--out", file.toString());
    }

    @Test
    void helpPrintsTheUsage() throws Exception {
        Run r = run("--help");
        assertEquals(0, r.status(), r.lines().toString());
        assertTrue(r.lines().getFirst().startsWith("./course bench [--quick]"), r.lines().toString());
    }
}
