package ch06;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's command lines: JMH lives only in bench/MaskingBench.java, so {@code 06_Masking.java bench}
 * says in one line where to go (status 2), and the benchmark script's mistakes get one line and status 2
 * before JMH starts. The classes come from Maven's target/classes, run with this JVM and class path.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaskingBenchCommandTest {

    record Run(int status, List<String> lines) {
    }

    static Run run(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running: " + command);
        return new Run(p.exitValue(), out.lines().toList());
    }

    @Test
    void theChapterScriptPointsToTheBenchmarkScript() throws Exception {
        Run r = run("MaskingDemo", "bench", "--quick", "--size", "1024");
        assertEquals(2, r.status(), r.lines().toString());
        assertEquals(List.of("the masking benchmark has its own script now: "
                + "./jbang jbang-scripts/bench/MaskingBench.java --quick --size 1024"), r.lines());
    }

    @Test
    void theBenchmarkScriptRefusesABadSizeInOneLine() throws Exception {
        Run r = run("MaskingBench", "--size", "big");
        assertEquals(2, r.status(), r.lines().toString());
        assertEquals(List.of("--size needs a payload size in bytes, such as 1024; got: big"), r.lines());
    }

    @Test
    void theBenchmarkScriptRefusesAnUnknownOptionInOneLine() throws Exception {
        Run r = run("MaskingBench", "--fast");
        assertEquals(2, r.status(), r.lines().toString());
        assertEquals(1, r.lines().size(), r.lines().toString());
        assertTrue(r.lines().getFirst().startsWith("unknown option: --fast"), r.lines().getFirst());
    }

    @Test
    void theBenchmarkScriptHasHelp() throws Exception {
        Run r = run("MaskingBench", "--help");
        assertEquals(0, r.status(), r.lines().toString());
        assertTrue(r.lines().getFirst().startsWith("bench/MaskingBench.java"), r.lines().toString());
    }
}
