package wsfs.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another program that speaks WebSocket, run as a child process (chapter 19): a peer server is started on
 * port 0, and the line it prints when ready ("listening on ws://127.0.0.1:PORT/", or wss:// for TLS peers, chapter 24) tells where it is; a peer
 * client is run to its end and its output lines are the result. Every wait is bounded, and {@link #close}
 * ends the process (SIGTERM, then SIGKILL).
 *
 * <p>It knows nothing of where the peers live: the caller gives the command and the folder (the tests find
 * theirs with tests/ch19/Peers, the {@code peers} mode of 19_Interop.java takes them from its command line).
 */
public final class PeerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (wss?://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private PeerProcess(List<String> command, Path directory) throws IOException {
        this.process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        Thread.ofVirtual().name("peer-output").start(this::readOutput);
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            ready.completeExceptionally(new IOException("the peer exited before it was ready:\n" + output()));
            ended.complete(null);
        }
    }

    /** Starts a server and waits (at most {@code timeout}) for its ready line; returns the process. */
    public static PeerProcess startServer(List<String> command, Path directory, Duration timeout) throws IOException {
        PeerProcess peer = new PeerProcess(command, directory);
        try {
            peer.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return peer;
        } catch (TimeoutException e) {
            peer.close();
            throw new IOException("the peer printed no ready line within " + timeout.toSeconds() + " s:\n" + peer.output());
        } catch (Exception e) {
            peer.close();
            throw new IOException(e.getCause() != null ? e.getCause().getMessage() : e.toString(), e);
        }
    }

    /** Runs a program to its end (at most {@code timeout}); returns its exit status. Output: {@link #output()}. */
    public static PeerProcess run(List<String> command, Path directory, Duration timeout) throws IOException {
        PeerProcess peer = new PeerProcess(command, directory);
        try {
            if (!peer.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                peer.close();
                throw new IOException("the peer did not finish within " + timeout.toSeconds() + " s:\n" + peer.output());
            }
            peer.ended.get(5, TimeUnit.SECONDS); // every line read
        } catch (InterruptedException e) {
            peer.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (Exception e) {
            throw new IOException(e.toString(), e);
        }
        return peer;
    }

    /** The URL of the ready line. */
    public String url() {
        return ready.join();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Everything the process printed so far (standard output and error), one line each. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    public List<String> lines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** SIGTERM, up to 5 s to exit, then SIGKILL. */
    @Override
    public void close() {
        terminate(process, Duration.ofSeconds(5));
    }

    /**
     * Ends a child process: SIGTERM, up to {@code grace} for it to exit on its own (a server's clean shutdown),
     * then SIGKILL and up to 5 s more. The one way the course's tools and tests stop the processes they start.
     */
    public static void terminate(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The first output line of a short command, or null if it fails or has not finished within 20 s. */
    public static String probe(List<String> command) {
        return probe(command, Duration.ofSeconds(20));
    }

    /** The first output line of a short command, or null if it fails or has not finished within {@code timeout}. */
    public static String probe(List<String> command, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return null;
        }
        CompletableFuture<String> out = new CompletableFuture<>();
        Thread.ofVirtual().name("probe-output").start(() -> {
            try {
                out.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                out.completeExceptionally(e);
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out.get(5, TimeUnit.SECONDS).lines().findFirst().orElse("");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        } finally {
            p.destroyForcibly(); // ends it if it hangs; no effect once it has exited
        }
    }
}
