package bench;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import wsfs.conformance.PeerProcess;

/**
 * One server under test, a child JVM started by the benchmark (issue 11): every server runs with the same
 * JVM options, prints a ready line with its port, and is measured from outside: its heap after a full GC
 * through {@code jcmd}, its CPU time through {@link ProcessHandle.Info#totalCpuDuration()}.
 */
final class ChildServer implements AutoCloseable {
    /** The same for every server: a fixed heap ceiling, so no server wins by using more memory. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-XX:+UseG1GC", "-Xss512k");
    /** Set by {@code --jfr DIR}: every server JVM started from now on records a JFR profile there. */
    static volatile Path profileDir;
    private static final Pattern PORT = Pattern.compile("(?:wss?|https?)://[^:/]+:(\\d+)/");

    private final String name;
    private final Process process;
    private final int port;

    private ChildServer(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code mainClass args} with the benchmark's class path and waits (up to 30 s) for its ready line. */
    static ChildServer start(String name, String mainClass, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        Path profiles = profileDir;
        if (profiles != null) {
            Files.createDirectories(profiles);
            command.add("-XX:StartFlightRecording=settings=profile,method-profiling=max,filename="
                    + profiles.toAbsolutePath().resolve(name + "-%p.jfr"));
        }
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = PORT.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        int port;
        try {
            port = ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            port = -1;
        }
        if (port < 0) {
            process.destroyForcibly();
            throw new IOException(name + " printed no ready line within 30 s (log: " + log + ")");
        }
        Thread.ofVirtual().start(() -> {   // keep reading its standard output so it never blocks on a full pipe
            try {
                while (out.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return new ChildServer(name, process, port);
    }

    /** The class path of the benchmark itself (under surefire, the test class path it passes on). */
    static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** CPU time the server process has used so far (user + system, all threads). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Live heap after a full collection, in bytes: {@code jcmd PID GC.run}, then {@code GC.heap_info}'s "used". */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IOException("jcmd GC.heap_info printed no 'used NK': " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    /** Restricts every thread of the server to {@code cpus} (taskset list syntax); false when taskset is missing. */
    boolean pin(String cpus) {
        return Affinity.pin(pid(), cpus);
    }

    @Override
    public void close() {
        PeerProcess.terminate(process, Duration.ofSeconds(5));
    }

    /** CPU pinning with {@code taskset -a -p -c}: every thread of a process, those started later inherit it. */
    static final class Affinity {
        /** Read once: after pinning, availableProcessors() of the pinned process says 1. */
        private static final int CPUS = Runtime.getRuntime().availableProcessors();

        private Affinity() {
        }

        static boolean available() {
            return CPUS >= 2 && new File("/usr/bin/taskset").canExecute();
        }

        static String allCpus() {
            return "0-" + (CPUS - 1);
        }

        static boolean pin(long pid, String cpus) {
            if (!available()) {
                return false;
            }
            // A thread that ends while taskset walks the list makes it fail: try again, a few times.
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        return true;
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }
}
