package ch26;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code 26_ScaleOut.java serve --port 0 --redis URL ...} as a child JVM (the main class Maven compiled, on the test
 * class path, where Jedis is), so that a test can kill it as a crash would. Its output is read line by line.
 */
final class ChatServerProcess implements AutoCloseable {
    static final Pattern READY = Pattern.compile("chat room on http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    final int port;

    private ChatServerProcess(List<String> command) throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        Thread.ofVirtual().name("chat-server-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new AssertionError("no \"chat room on\" line within 30 s: " + output());
            }
            Matcher m = READY.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return;
            }
        }
    }

    /** Starts {@code ScaleOut serve --port 0} with these arguments and waits for its ready line. */
    static ChatServerProcess start(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "ScaleOut", "serve", "--port", "0"));
        command.addAll(List.of(args));
        return new ChatServerProcess(command);
    }

    String chatUrl(String nick) {
        return "ws://127.0.0.1:" + port + "/chat?nick=" + nick;
    }

    String pageUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** SIGKILL: no closing handshake, no goodbye to Redis. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();          // SIGTERM: the shutdown hook closes the members with 1001
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
