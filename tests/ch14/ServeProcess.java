package ch14;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script's main class run as a child process with plain java (Maven compiled it into target/classes), its
 * output (standard output and error together) read line by line, so a test can wait for one line with a bound.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (ws://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final LinkedBlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final Thread reader;

    private ServeProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        reader = Thread.ofVirtual().name("serve-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (all) {
                        all.add(line);
                    }
                    fresh.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        });
    }

    /** java -cp target/classes MAIN ARGS...; with {@code maxFiles} > 0 under {@code ulimit -n maxFiles}. */
    public static ServeProcess start(int maxFiles, String main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(System.getProperty("basedir", "."), "target", "classes").toAbsolutePath().toString();
        List<String> command = new ArrayList<>();
        if (maxFiles > 0) {
            command.addAll(List.of("bash", "-c", "ulimit -n " + maxFiles + " && exec \"$0\" \"$@\""));
        }
        command.addAll(List.of(java, "-cp", classes, main));
        command.addAll(List.of(args));
        return new ServeProcess(command);
    }

    /** Waits (at most {@code timeout}) for a line containing {@code text}; returns it, or null. */
    public String awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (all) {
            for (String line : all) {
                if (line.contains(text)) {
                    return line;
                }
            }
        }
        while (true) {
            String line = fresh.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.contains(text)) {
                return line;
            }
        }
    }

    /** The URL of the ready line "listening on ws://127.0.0.1:N/". */
    public String awaitUrl(Duration timeout) throws InterruptedException {
        String line = awaitLine("listening on ", timeout);
        if (line == null) {
            throw new AssertionError("no ready line within " + timeout + ":\n" + output());
        }
        Matcher m = READY.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not a ready line: " + line);
        }
        return m.group(1);
    }

    /** Waits for the process to end by itself; returns its exit status. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + output());
        }
        // The process has ended, but the reader may not have read its last lines yet: wait for the end of its output.
        if (!reader.join(timeout)) {
            throw new AssertionError("the output did not end within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    /** Every line printed so far. */
    public List<String> lines() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
