package bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The course's benchmark (issue 11), started by {@code ./course bench}: our echo server beside Netty, Jetty
 * and Undertow, each a child JVM, the servers interleaved over rounds, every echo checked byte for byte.
 * Measured on a 2-core machine the load generator competes with the server for the CPUs: read ratios
 * within one run, never absolute numbers across machines.
 */
public final class BenchMain {
    static final String REFERENCE = "netty";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + " (./course bench --help)");
            System.exit(2);
            return;
        }
        boolean failed = false;
        if (!options.scenarios().isEmpty()) {
            failed |= runEchoScenarios(options);
        }
        if (options.polling()) {
            failed |= PollingBench.run(options);
        }
        System.exit(failed ? 1 : 0);
    }

    private static boolean runEchoScenarios(BenchOptions options) throws InterruptedException, IOException {
        Results results = new Results();
        ChildServer.profileDir = options.jfr();
        Path logs = Path.of("target", "bench-logs");
        Scenario.Settings settings = new Scenario.Settings(options.warmup(), options.measure(), options.idleConnections());
        List<ServerKind> servers = options.servers();
        boolean failed = false;
        System.out.printf("bench: %d round(s), %.1f s per cell after %.1f s warm-up, %d idle connections; "
                        + "%d CPUs%s; server logs in %s%n", options.rounds(), options.measure().toMillis() / 1e3,
                options.warmup().toMillis() / 1e3, options.idleConnections(), Runtime.getRuntime().availableProcessors(),
                ChildServer.Affinity.available() ? ", rtt pinned with taskset (client CPU 0, server CPU 1)" : "", logs);
        for (int round = 0; round < options.rounds(); round++) {
            for (int i = 0; i < servers.size(); i++) {
                ServerKind kind = servers.get((i + round) % servers.size());
                failed |= runServer(kind, round, logs, options.scenarios(), settings, results);
            }
        }
        List<String> labels = new ArrayList<>();
        servers.forEach(s -> labels.add(s.label));
        System.out.println();
        String reference = labels.contains(REFERENCE) ? REFERENCE : labels.get(0);
        System.out.println("median [min-max] over " + options.rounds() + " round(s), ratio to " + reference
                + " (msg/s, MB/s, slowest %: higher is better; us, KiB: lower is better)");
        System.out.print(results.table(labels, reference));
        if (options.echoCsv() != null) {
            results.writeCsv(options.echoCsv(), note(options));
            System.out.println("CSV: " + options.echoCsv());
        }
        return failed;
    }

    static String note(BenchOptions options) {
        return "./course bench, " + options.rounds() + " rounds, " + options.measure().toMillis() / 1e3 + " s per cell, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + Runtime.version()
                + ", server JVM options " + String.join(" ", ChildServer.JVM_OPTIONS);
    }

    private static boolean runServer(ServerKind kind, int round, Path logs, List<Scenario> scenarios,
                                     Scenario.Settings settings, Results results) throws InterruptedException {
        boolean failed = false;
        try (ChildServer server = kind.start(logs)) {
            Target target = kind.tls() ? Target.overTls(server, ServerKind.certificate(logs).cert()) : Target.of(server);
            for (Scenario scenario : scenarios) {
                failed |= runScenario(round, kind.label, target, scenario, settings, results);
                if (!server.isAlive()) {
                    System.out.printf("round %d %-9s the server process ended; its other scenarios are skipped%n",
                            round + 1, kind.label);
                    failed = true;
                    break;
                }
            }
        } catch (IOException e) {
            System.out.printf("round %d %-9s could not start: %s%n", round + 1, kind.label, e.getMessage());
            scenarios.forEach(s -> results.fail(kind.label, s.label));
            failed = true;
        }
        return failed;
    }

    /**
     * Runs one cell (one scenario against one server in one round) and records its numbers, or its failure:
     * an echo that differs from what was sent by one bit ({@link WireClient.EchoMismatch}), a closed
     * connection or a time-out fails the cell, which is printed and counted, never measured. Returns true if it failed.
     */
    static boolean runScenario(int round, String server, Target target, Scenario scenario, Scenario.Settings settings,
                               Results results) throws InterruptedException {
        long started = System.nanoTime();
        try {
            List<Metric> metrics = scenario.run(target, settings);
            metrics.forEach(m -> results.add(server, m));
            System.out.printf("round %d %-9s %-7s %s (%.1f s)%n", round + 1, server, scenario.label,
                    summary(metrics), (System.nanoTime() - started) / 1e9);
            return false;
        } catch (IOException e) {
            results.fail(server, scenario.label);
            System.out.printf("round %d %-9s %-7s FAILED: %s%n", round + 1, server, scenario.label, e.getMessage());
            return true;
        }
    }

    static String summary(List<Metric> metrics) {
        StringBuilder text = new StringBuilder();
        for (Metric m : metrics) {
            text.append(m.name()).append('=').append(Results.format(m.value())).append(' ');
        }
        return text.toString().trim();
    }
}
