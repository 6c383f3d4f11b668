package ch01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a script's main class did when run the way a person runs it, as its own process: its exit status and
 * everything it printed. The command-line tests of every chapter use it.
 */
public record ScriptRun(int status, String out, String err) {
    /**
     * Runs {@code java -cp <this test run's class path> MAIN ARGS...} with {@code stdin} as its standard input,
     * its output collected in files under {@code dir}; fails the test if it has not ended within {@code limit} (a
     * mistake that goes unnoticed leaves a server running, and the test must say so instead of hanging).
     */
    public static ScriptRun run(Path dir, Duration limit, String stdin, String main, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Path in = Files.writeString(Files.createTempFile(dir, "in", ".txt"), stdin);
        return of(new ProcessBuilder(command).redirectInput(in.toFile()), dir, limit);
    }

    /**
     * Runs a command prepared by the caller (its folder, environment and standard input as set in {@code pb}), its
     * output collected in files under {@code dir}; fails the test if it has not ended within {@code limit}.
     */
    public static ScriptRun of(ProcessBuilder pb, Path dir, Duration limit) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail("did not end by itself within " + limit.toSeconds() + " s: " + String.join(" ", pb.command()));
        }
        return new ScriptRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The same for a whole command line, "MAIN ARG ARG...", split at spaces, with nothing on standard input. */
    public static ScriptRun line(Path dir, Duration limit, String line) throws IOException, InterruptedException {
        String[] words = line.split(" ");
        return run(dir, limit, "", words[0], java.util.Arrays.copyOfRange(words, 1, words.length));
    }

    /** A person's mistake: exit status 2 and one line on standard error that contains {@code expected}, never a stack trace. */
    public void assertOneLineStatus2(String expected) {
        assertEquals(2, status, err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "a stack trace:\n" + err);
        assertEquals(1, err.lines().count(), "one line:\n" + err);
        assertTrue(err.contains(expected), err);
    }
}
