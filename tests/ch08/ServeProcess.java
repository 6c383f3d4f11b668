package ch08;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server run as a child process until its ready line ("listening on ws://127.0.0.1:PORT/") says where it
 * listens; {@link #close} sends SIGTERM (then SIGKILL after 5 s). Chapter 08's tests use it for the echo mode;
 * chapter 10 brings the library's PeerProcess, which does the same for peers we did not write.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (ws://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private ServeProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        Thread.ofVirtual().name("serve-output").start(this::readOutput);
    }

    /** Starts the command and waits at most {@code timeout} for its ready line. */
    static ServeProcess start(List<String> command, Duration timeout) throws Exception {
        ServeProcess serve = new ServeProcess(command);
        try {
            serve.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return serve;
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            serve.close();
            throw new IOException("no ready line within " + timeout.toSeconds() + " s; the output was:\n" + serve.lines(), e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                }
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            ready.completeExceptionally(new IOException("the process ended before its ready line"));
        }
    }

    /** The URL of the ready line. */
    String url() {
        return ready.join();
    }

    /** What the process printed so far (standard output and error), one line each. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** SIGTERM, up to 5 s to exit, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
