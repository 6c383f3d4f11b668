package wsfs.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Another program that speaks WebSocket, run as a child process (chapter 10): a peer server is started on
 * port 0, and the line it prints when ready ("listening on ws://127.0.0.1:PORT/") tells where it is; a peer
 * client is run to its end and its output lines are the result. Every wait is bounded, and {@link #close}
 * ends the process (SIGTERM, then SIGKILL).
 *
 * <p>{@link #python()} and {@link #node()} find the interpreters the course installs and fail with a sentence
 * that says how to install them, so a missing peer is an error to fix, never a silently skipped test.
 */
public final class PeerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (ws://127\\.0\\.0\\.1:\\d+/)");

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
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // ---- finding the peers -----------------------------------------------------------------------------

    /** The folder of the peer programs, tests/ch10/peers under the project folder (the working directory). */
    public static Path peersDirectory() {
        Path dir = projectRoot().resolve("tests/ch10/peers");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("tests/ch10/peers not found under " + projectRoot()
                    + ": run this from the project folder");
        }
        return dir;
    }

    static Path projectRoot() {
        String basedir = System.getProperty("basedir"); // set by Maven Surefire
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }

    /**
     * The Python that has the {@code websockets} package: the system property {@code course.python} (./course
     * sets it) or COURSE_PYTHON (property or environment variable) if set, else the project's .venv/bin/python.
     * Throws with the fix if it is missing.
     */
    public static String python() {
        String configured = System.getProperty("course.python",
                System.getProperty("COURSE_PYTHON", System.getenv("COURSE_PYTHON")));
        Path python = configured != null && !configured.isBlank() ? Path.of(configured)
                : projectRoot().resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("Python peer missing: " + python + " does not exist. Run ./course to install"
                    + " the project's Python with the websockets package (or set COURSE_PYTHON to a python that has"
                    + " websockets " + WEBSOCKETS_VERSION + ").");
        }
        String version = probe(List.of(python.toString(), "-c", "import websockets; print(websockets.__version__)"));
        if (version == null) {
            throw new IllegalStateException("Python peer missing: " + python + " cannot import websockets. Run ./course"
                    + " to install websockets " + WEBSOCKETS_VERSION + " (pip install websockets==" + WEBSOCKETS_VERSION + ").");
        }
        return python.toString();
    }

    /** The node that runs the Node peer; throws with the fix if node or the ws package is missing. */
    public static String node() {
        String configured = System.getProperty("COURSE_NODE", System.getenv("COURSE_NODE"));
        String node = configured != null && !configured.isBlank() ? configured : "node";
        if (probe(List.of(node, "--version")) == null) {
            throw new IllegalStateException("Node peer missing: `" + node + "` does not run. Run ./course to install"
                    + " Node.js (apt-get install nodejs npm).");
        }
        if (!Files.isRegularFile(peersDirectory().resolve("node_modules/ws/package.json"))) {
            throw new IllegalStateException("Node peer missing: the ws package is not installed. Run ./course to"
                    + " install it (npm ci --prefix tests/ch10/peers).");
        }
        return node;
    }

    /** The versions the course pins (tests/ch10/peers/package.json and ./course's pip line). */
    public static final String WEBSOCKETS_VERSION = "17.4";
    public static final String WS_VERSION = "8.23.0";

    /** The first output line of a short command, or null if it fails. */
    public static String probe(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out.lines().findFirst().orElse("");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
