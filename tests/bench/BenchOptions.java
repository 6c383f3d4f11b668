package bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line (issue 11). A mistake gives one line and exit status 2 (see {@link BenchMain}).
 */
record BenchOptions(int rounds, Duration measure, Duration warmup, int idleConnections, List<ServerKind> servers,
                    List<Scenario> scenarios, boolean polling, Duration pollingTime, Path out, Path pollingOut) {

    static final String USAGE = """
            ./course bench [--quick] [--rounds N] [--seconds S] [--warmup S] [--idle N]
                           [--scenarios rtt,stream,fanin,large,idle,polling] [--servers ours,netty,jetty,undertow]
                           [--out FILE.csv] [--polling-out FILE.csv]

              Runs each server as a child JVM echo server, interleaved over rounds (round 1: A B C D, round 2:
              B C D A, ...), every echo checked byte for byte; prints median [min-max] per cell and the ratio
              to Netty. Defaults: 3 rounds, 5 s per cell after 2 s warm-up, 10000 idle connections, every
              scenario and server. --quick: 1 s per cell after 0.5 s warm-up, 2000 idle connections, polling 3 s.
              polling: short polling, long polling, Server-Sent Events and WebSocket chats (bytes on the wire
              per message, delivery latency, server CPU), written to --polling-out.""";

    static BenchOptions parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        int rounds = 3;
        double seconds = quick ? 1 : 5;
        double warmup = quick ? 0.5 : 2;
        int idle = quick ? 2000 : 10_000;
        List<ServerKind> servers = List.of(ServerKind.values());
        List<Scenario> scenarios = List.of(Scenario.values());
        boolean polling = true;
        Path out = null;
        Path pollingOut = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {
                }
                case "--rounds" -> rounds = positiveInt(arg, value(args, ++i, arg));
                case "--seconds" -> seconds = positive(arg, value(args, ++i, arg));
                case "--warmup" -> warmup = nonNegative(arg, value(args, ++i, arg));
                case "--idle" -> idle = positiveInt(arg, value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--polling-out" -> pollingOut = Path.of(value(args, ++i, arg));
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
                seconds(quick ? 3 : 10), out, pollingOut);
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
