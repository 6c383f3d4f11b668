package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch01.ScriptRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Only a JDK 21+ is needed" for the exercises (README): without the Maven dependencies ({@code .tools/classpath.txt}),
 * {@code ./course check} compiles the library and the checks without the files that need Jedis, and whatever uses
 * those files (chapter 26's {@code ScaleOutBench} uses {@code SharedChatRoom}). Both compiles must succeed with the
 * JDK alone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExercisesWithoutDependenciesTest {
    /** Runs a function of .course/exercises.sh with no dependency class path (COURSE_ROOT has no .tools/). */
    static List<String> sources(Path emptyRoot, String function) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source .course/lib.sh; source .course/exercises.sh; " + function);
        pb.environment().put("COURSE_ROOT", emptyRoot.toString());
        ScriptRun r = ScriptRun.of(pb, emptyRoot, Duration.ofSeconds(30));
        assertEquals(0, r.status(), function + ": " + r.err());
        return r.out().lines().filter(l -> !l.isBlank()).toList();
    }

    static void javac(List<String> sources, Path classPath, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-d", out.toString()));
        if (classPath != null) {
            command.addAll(List.of("-cp", classPath.toString()));
        }
        command.addAll(sources);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "javac ended");
        assertEquals(0, p.exitValue(), "compiles with the JDK alone:\n" + log);
    }

    @Test
    void theLibraryAndTheChecksCompileWithTheJdkAlone(@TempDir Path root) throws Exception {
        List<String> library = sources(root, "ex_library_sources");
        assertFalse(library.stream().anyMatch(f -> f.endsWith("/SharedChatRoom.java") || f.endsWith("/ScaleOutBench.java")), library.toString());
        assertTrue(library.stream().anyMatch(f -> f.endsWith("/FrameParser.java")), library.toString());
        Path course = Files.createDirectories(root.resolve("course"));
        javac(library, null, course);

        List<String> tools = sources(root, "ex_tool_sources");
        assertFalse(tools.stream().anyMatch(f -> f.endsWith("/Stages26.java")), tools.toString());
        assertTrue(tools.stream().anyMatch(f -> f.endsWith("/Runner.java")) && tools.stream().anyMatch(f -> f.endsWith("/HintsZh.java")), tools.toString());
        javac(tools, course, Files.createDirectories(root.resolve("tool")));
    }
}
