package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line (issue 11). A mistake gives one line and exit status 2 (see {@link BenchMain}).
 */
record BenchOptions(int rounds, Duration measure, Duration warmup, int idleConnections, List<ServerKind> servers,
                    List<Scenario> scenarios, boolean polling, Duration pollingTime, Path out, Path jfr) {

    static final String USAGE = """
            ./course bench [--quick] [--rounds N] [--seconds S] [--warmup S] [--idle N]
                           [--scenarios rtt,stream,fanin,large,idle,polling] [--servers ours,netty,jetty,undertow]
                           [--out DIR] [--jfr DIR]

              Runs each server as a child JVM echo server, interleaved over rounds (round 1: A B C D, round 2:
              B C D A, ...), every echo checked byte for byte (a wrong byte fails the cell, and the run exits 1);
              prints median [min-max] per cell and the ratio to Netty.
              Defaults: 3 rounds, 5 s per cell after 2 s warm-up, 10000 idle connections, every scenario and
              server, polling 10 s per transport (about 10 minutes in all).
              --quick: 3 rounds, 0.6 s per cell after 0.3 s warm-up, 500 idle connections, polling 2 s
              (about 3 minutes; rough numbers, for checking that everything runs).
              polling: short polling, long polling, Server-Sent Events and WebSocket chats (bytes on the wire
              per message, delivery latency, server CPU).
              --out DIR: write DIR/echo.csv (one line per scenario, metric and server: median, min, max and
              every round's value) and DIR/polling.csv.
              --jfr DIR: each server JVM records a JFR profile (settings=profile, samples every ms) to DIR/NAME-PID.jfr; read it
              with `jfr print --events jdk.ExecutionSample FILE` or `jfr summary FILE`.
              --servers ours,ours-tls: our server over plain TCP and behind chapter 24's TLS (wss://, a certificate
              made for the run, which the load generator trusts and checks), for what TLS costs; ours-tls runs
              only when named.""";

    static BenchOptions parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int rounds = 3;
        double seconds = quick ? 0.6 : 5;
        double warmup = quick ? 0.3 : 2;
        int idle = quick ? 500 : 10_000;
        List<ServerKind> servers = ServerKind.DEFAULT;
        List<Scenario> scenarios = List.of(Scenario.values());
        boolean polling = true;
        Path out = null;
        Path jfr = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {
                }
                case "--rounds" -> rounds = positiveInt(arg, value(args, ++i, arg));
                case "--seconds" -> seconds = positive(arg, value(args, ++i, arg));
                case "--warmup" -> warmup = nonNegative(arg, value(args, ++i, arg));
                case "--idle" -> idle = positiveInt(arg, value(args, ++i, arg));
                case "--out" -> out = directory(arg, value(args, ++i, arg));
                case "--jfr" -> jfr = directory(arg, value(args, ++i, arg));
                case "--servers" -> {
                    List<ServerKind> list = new ArrayList<>();
                    for (String name : list(value(args, ++i, arg))) {
                        list.add(ServerKind.byLabel(name));
                    }
                    servers = List.copyOf(list);
                }
                case "--scenarios" -> {
                    List<Scenario> list = new ArrayList<>();
                    polling = false;
                    for (String name : list(value(args, ++i, arg))) {
                        if (name.equals("polling")) {
                            polling = true;
                        } else {
                            list.add(Scenario.byLabel(name));
                        }
                    }
                    scenarios = List.copyOf(list);
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new BenchOptions(rounds, seconds(seconds), seconds(warmup), idle, servers, scenarios, polling,
                seconds(quick ? 2 : 10), out, jfr);
    }

    /** The echo scenarios' CSV file, or null without --out. */
    Path echoCsv() {
        return out == null ? null : out.resolve("echo.csv");
    }

    /** The polling comparison's CSV file, or null without --out. */
    Path pollingOut() {
        return out == null ? null : out.resolve("polling.csv");
    }

    private static Path directory(String option, String value) {
        Path dir;
        try {
            dir = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(option + " needs a directory, got '" + value + "'");
        }
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " needs a directory, and " + value + " is a file");
        }
        return dir;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static List<String> list(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("an empty list: '" + value + "'");
        }
        return names;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double positive(String option, String value) {
        double v = number(option, value);
        if (v <= 0) {
            throw new IllegalArgumentException(option + " must be above 0, got " + value);
        }
        return v;
    }

    private static double nonNegative(String option, String value) {
        double v = number(option, value);
        if (v < 0) {
            throw new IllegalArgumentException(option + " must not be negative, got " + value);
        }
        return v;
    }

    private static int positiveInt(String option, String value) {
        try {
            int v = Integer.parseInt(value);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " needs a whole number above 0, got '" + value + "'");
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }
}
