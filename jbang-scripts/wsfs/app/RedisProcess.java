package wsfs.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A redis-server of our own (chapter 26), for the demo, the tests and the benchmark: Debian's {@code redis-server}
 * on a free loopback port, with its own data folder in /tmp, an append-only file (so a restart keeps the room's
 * stream, as a real deployment would), nothing else. {@link #start} returns once it answers PING (bounded);
 * {@link #stop} asks it to shut down and waits; {@link #restart} stops and starts it on the same port and folder.
 * <p>
 * A learner starts one by hand the same way: {@code redis-server --port 6379 --save "" --appendonly no}.
 */
public final class RedisProcess implements AutoCloseable {
    /** How long redis-server may take to answer its first PING. */
    static final Duration READY = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private Process process;

    private RedisProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The redis-server program on PATH (or /usr/bin, /usr/local/bin), if installed. */
    public static Optional<Path> program() {
        List<Path> places = new ArrayList<>();
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                places.add(Path.of(entry, "redis-server"));
            }
        }
        places.add(Path.of("/usr/bin/redis-server"));
        places.add(Path.of("/usr/local/bin/redis-server"));
        return places.stream().filter(Files::isExecutable).findFirst();
    }

    /** The one line to say when it is missing. */
    public static final String MISSING = "redis-server is not installed: sudo apt-get install redis-server"
            + " (./course test installs it; macOS: brew install redis)";

    /** Starts a redis-server on a free port with a fresh data folder; throws with {@link #MISSING} if not installed. */
    public static RedisProcess start() throws IOException {
        Path dir = Files.createTempDirectory("wsfs-redis-");
        RedisProcess redis = new RedisProcess(dir, freePort());
        try {
            redis.launch();
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    public int port() {
        return port;
    }

    /** redis://127.0.0.1:PORT, what {@code serve --redis} takes. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    private void launch() throws IOException {
        Path program = program().orElseThrow(() -> new IOException(MISSING));
        ProcessBuilder pb = new ProcessBuilder(program.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "everysec", "--logfile", dir.resolve("redis.log").toString(), "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        process = pb.start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at once (status " + process.exitValue() + "); its log: "
                        + dir.resolve("redis.log"));
            }
            if (ping(port)) {
                return;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // a short pause, or the exit we report above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server");
            }
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within " + READY.toSeconds() + " s");
    }

    /** Whether a Redis server answers PING on 127.0.0.1:{@code port} (in RESP: "*1\r\n$4\r\nPING\r\n" gets "+PONG"). */
    public static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops it (SIGTERM: redis-server writes its append-only file and exits) and waits up to 10 s, then kills it. */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        process = null;
    }

    /** Kills it at once (SIGKILL), as a crash would. */
    public void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts it again on the same port with the same data folder (after {@link #stop} or {@link #kill}). */
    public void restart() throws IOException {
        stop();
        launch();
    }

    /** Stops it and deletes its data folder. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
