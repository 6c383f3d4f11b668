package ch21;

import ch01.ScriptRun;
import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 21_Performance.java's modes from the command line (its main class, compiled by Maven, run with plain java):
 * a mistake is one line on stderr and exit status 2, never a stack trace; {@code table} prints the committed run.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerformanceCommandLineTest {
    @TempDir
    Path dir;


    ScriptRun run(String... args) throws Exception {
        return ScriptRun.run(dir, Duration.ofSeconds(30), "", "Performance", args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "table", "table missing.csv", "table notebooks/data/21-bench-echo.csv --ref",
            "table notebooks/data/21-bench-echo.csv --ref nope", "table notebooks/data/21-bench-echo.csv extra",
            "table README.md", "flamegraph", "flamegraph missing.jfr out.svg", "flamegraph notebooks/data/21-bench-echo.csv OUT",
            "masking --size x", "masking --rounds 0", "masking --bogus"})
    void aMistakeIsOneLineAndStatusTwo(String line) throws Exception {
        ScriptRun r = run(line.replace("OUT", dir.resolve("out.svg").toString()).split(" "));
        assertEquals(2, r.status(), line + ": " + r.err());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), line + " printed a stack trace:\n" + r.err());
        assertEquals(1, r.err().lines().count(), line + " says what is wrong in one line:\n" + r.err());
    }

    @Test
    void aNegativeWindowIsAMistake() throws Exception {
        ScriptRun r = run("flamegraph", "notebooks/data/21-bench-echo.csv", dir.resolve("o.svg").toString(), "--from", "-1");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--from needs a number of seconds"), r.err());
    }

    @Test
    void tablePrintsTheCommittedRunAndItsChart() throws Exception {
        Path svg = dir.resolve("echo.svg");
        ScriptRun r = run("table", "notebooks/data/21-bench-echo.csv", "--svg", svg.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("median [min-max] over the rounds, ratio to netty"), r.out());
        assertTrue(r.out().contains("large mb_per_s          436 [424-441] 2.31x"), r.out());
        assertTrue(Files.readString(svg).startsWith("<svg "), "an SVG chart");
        assertTrue(Files.readString(svg).contains("<title>ours: 436 [424-441] MB/s</title>"));
    }

    @Test
    void helpListsEveryMode() throws Exception {
        ScriptRun r = run("--help");
        assertEquals(0, r.status(), r.err());
        for (String mode : List.of("table CSV", "flamegraph JFR SVG", "masking")) {
            assertTrue(r.out().contains(mode), mode + " in\n" + r.out());
        }
    }
}
