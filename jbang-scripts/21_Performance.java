///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 20_Conformance.java
//SOURCES wsfs/view/WriteRecorder.java
//SOURCES wsfs/app/WriteBatching.java
//SOURCES wsfs/view/BenchTable.java
//SOURCES wsfs/view/FlameGraph.java
//SOURCES wsfs/view/BarChart.java
//MAIN Performance

// Chapter 21: performance. What the benchmark found and what changed, shown on the wire: small messages that
// waited leave in one write, and the fast masking routine gives the readable routine's bytes. Other modes print
// a benchmark CSV as a table, draw a JFR profile as a flame graph, and time the masking routines roughly.

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import wsfs.app.CommandLine;
import wsfs.app.WriteBatching;
import wsfs.protocol.Masking;
import wsfs.view.BarChart;
import wsfs.view.BenchTable;
import wsfs.view.FlameGraph;
import wsfs.view.FrameDescriber;
import wsfs.view.HexDump;

class Performance {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "table" -> table(args);
            case "flamegraph" -> flameGraph(args);
            case "masking" -> masking(args);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Performance::help);
        }
    }

    static void help() {
        System.out.println("""
                21_Performance.java: what the performance work changed, and tools to look at a benchmark run (chapter 21)

                  (no arguments)            demo: six small messages sent while our writer is blocked leave in two
                                            writes over real loopback; the readable and the fast masking routine
                                            give the same bytes (no timings: the output is the same every run)
                  table CSV [--ref NAME] [--svg FILE]
                                            a ./course bench CSV (notebooks/data/21-bench-echo.csv, ...) as the
                                            benchmark prints it: median [min-max] per cell, ratio to NAME
                                            (default: netty, or websocket for the polling CSV); --svg: also a bar
                                            chart of every row, ours (or websocket) highlighted
                  flamegraph JFR SVG [--title T] [--top N] [--from S] [--to S]
                                            a JFR recording (./course bench --jfr DIR) as a flame graph in one SVG
                                            file; prints the N methods most often on the CPU (default 10);
                                            --from/--to: only the samples S seconds after the first (one scenario)
                  masking [--size BYTES] [--rounds N]
                                            rough GB/s of the readable and fast routines beside System.arraycopy
                                            (timed with System.nanoTime; chapter 06's JMH benchmark measures properly)
                  --help                    this text
                """);
    }

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        int messages = 4;
        System.out.println("== 1. Batching: " + messages + " small messages, sent while our writer is blocked in a write");
        System.out.println("   A server-side WebSocketConnection over a real loopback socket. The first write is held, as a");
        System.out.println("   full socket buffer would hold it; messages 2-" + messages + " are sent meanwhile and wait in the outbox.\n");
        WriteBatching.Result result = WriteBatching.run(messages);
        List<byte[]> writes = result.writes();
        for (int i = 0; i < writes.size(); i++) {
            byte[] w = writes.get(i);
            int frames = FrameDescriber.describeAll(w).size();
            System.out.printf("-- write %d of %d: %d bytes, %d frame%s%n", i + 1, writes.size(), w.length, frames, frames == 1 ? "" : "s");
            System.out.print(indent(FrameDescriber.text(w)));
            System.out.println();
        }
        System.out.printf("%d messages left in %d write calls (one system call each); a writer that wrote frame by frame%n",
                messages, writes.size());
        System.out.printf("would have made %d. The client read the same %d bytes either way: TCP is a stream, so batching%n",
                messages, result.received().length);
        System.out.println("changes the number of system calls, never what the peer receives.\n");

        System.out.println("== 2. Masking: the readable routine (byte by byte, section 5.3) and the fast one (eight bytes at a time)");
        byte[] key = HexDump.parse("37 fa 21 3d");
        byte[] payload = "Masking eight bytes at a time".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] readable = payload.clone();
        Masking.apply(readable, key);
        byte[] fast = payload.clone();
        Masking.applyFast(fast, key);
        System.out.println("key:                    " + HexDump.hex(key));
        System.out.println("payload (" + payload.length + " bytes):     " + HexDump.hex(payload));
        System.out.println("Masking.apply:          " + HexDump.hex(readable));
        System.out.println("Masking.applyFast:      " + HexDump.hex(fast));
        System.out.println("                        " + groups(payload.length));
        System.out.println("identical: " + Arrays.equals(readable, fast) + " (bytes 0-" + ((payload.length & ~7) - 1) + " as "
                + (payload.length / 8) + " longs XOR the key repeated twice, the last " + (payload.length % 8)
                + " byte by byte)");
        byte[] big = new byte[1 << 20];
        new Random(12).nextBytes(big);
        boolean same = true;
        for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
            byte[] a = big.clone();
            byte[] b = big.clone();
            Masking.apply(a, 3, a.length - 10, key, keyOffset);
            Masking.applyFast(b, 3, b.length - 10, key, keyOffset);
            same &= Arrays.equals(a, b);
        }
        System.out.println("1 MiB of seeded random bytes, from offset 3, every key offset 0-3: identical: " + same);
        System.out.println("\nThe numbers behind chapter 21: `table notebooks/data/21-bench-echo.csv`; a profile as a picture:");
        System.out.println("`flamegraph FILE.jfr OUT.svg` (record one with ./course bench --jfr DIR). --help lists the modes.");
    }

    /** A line under the masked bytes marking the 8-byte groups and the tail. */
    static String groups(int length) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < length; i++) {
            boolean tail = i >= (length & ~7);
            line.append(tail ? "t" : (i % 8 == 0 ? "[" : (i % 8 == 7 ? "]" : "-")));
            line.append(tail ? "  " : (i % 8 == 7 ? "  " : "--"));
        }
        return line.toString().stripTrailing() + "   ([--] one long, t: tail)";
    }

    static String indent(String text) {
        return text.lines().map(l -> "   " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    // ---- table ------------------------------------------------------------------------------------------

    static void table(String[] args) throws IOException {
        if (args.length < 2 || args[1].startsWith("-")) {
            throw CommandLine.usageError("usage: table CSV [--ref NAME] [--svg FILE]");
        }
        CommandLine.checkOptions(args, 2, List.of(), List.of("--ref", "--svg"));
        BenchTable t;
        try {
            t = BenchTable.parse(readFile(Path.of(args[1])));
        } catch (IllegalArgumentException e) {
            throw CommandLine.usageError(args[1] + ": " + e.getMessage());
        }
        String reference = CommandLine.option(args, "--ref").orElse(t.defaultReference());
        if (!t.servers().contains(reference)) {
            throw CommandLine.usageError("--ref " + reference + " is not in " + args[1] + " (its servers: "
                    + String.join(", ", t.servers()) + ")");
        }
        t.comments().forEach(c -> System.out.println("# " + c));
        System.out.println("median [min-max] over the rounds, ratio to " + reference);
        System.out.print(t.text(reference));
        if (CommandLine.option(args, "--svg").isPresent()) {
            Path svg = Path.of(CommandLine.option(args, "--svg").get());
            String highlight = t.servers().contains("ours") ? "ours" : t.servers().contains("websocket") ? "websocket" : reference;
            List<String> rows = t.rows().stream().filter(r -> t.cells().stream().anyMatch(c -> c.row().equals(r)
                    && !List.of("pinned", "connections", "refused", "failed").contains(c.metric()))).toList();
            Files.writeString(svg, BarChart.svg(args[1], BarChart.panels(t, rows, highlight)));
            System.out.println("chart: " + svg);
        }
    }

    static String readFile(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CommandLine.usageError("no such file: " + file);
        }
    }

    // ---- flamegraph ---------------------------------------------------------------------------------------

    static void flameGraph(String[] args) throws IOException {
        if (args.length < 3 || args[1].startsWith("-") || args[2].startsWith("-")) {
            throw CommandLine.usageError("usage: flamegraph RECORDING.jfr OUT.svg [--title T] [--top N]");
        }
        CommandLine.checkOptions(args, 3, List.of(), List.of("--title", "--top", "--from", "--to"));
        Path jfr = Path.of(args[1]);
        if (!Files.isRegularFile(jfr)) {
            throw CommandLine.usageError("no such file: " + jfr);
        }
        int top = (int) CommandLine.numberOption(args, "--top", 10, 0, 1000);
        FlameGraph.Node root;
        try {
            root = FlameGraph.fromJfr(jfr, seconds(args, "--from", 0), seconds(args, "--to", Double.POSITIVE_INFINITY));
        } catch (IOException e) {
            throw CommandLine.usageError(jfr + " is not a JFR recording (" + e.getMessage() + ")");
        }
        if (root.samples() == 0) {
            throw CommandLine.usageError(jfr + " has no jdk.ExecutionSample events (record with settings=profile)");
        }
        String title = CommandLine.option(args, "--title").orElse(jfr.getFileName().toString());
        Path out = Path.of(args[2]);
        Files.writeString(out, FlameGraph.svg(root, title));
        System.out.println(root.samples() + " samples -> " + out);
        FlameGraph.hottest(root, top).forEach(System.out::println);
    }

    /** {@code --from 3.5}: a number of seconds, 0 or more. */
    static double seconds(String[] args, String name, double fallback) {
        String text = CommandLine.option(args, name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            double s = Double.parseDouble(text);
            if (s >= 0 && !Double.isNaN(s)) {
                return s;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw CommandLine.usageError(name + " needs a number of seconds (0 or more), not '" + text + "'");
    }

    // ---- masking ------------------------------------------------------------------------------------------

    interface Routine {
        void run(byte[] data, byte[] key, byte[] target);
    }

    static void masking(String[] args) {
        CommandLine.checkOptions(args, 1, List.of(), List.of("--size", "--rounds"));
        int size = (int) CommandLine.numberOption(args, "--size", 1 << 20, 8, 1 << 28);
        int rounds = (int) CommandLine.numberOption(args, "--rounds", 5, 1, 100);
        byte[] data = new byte[size];
        byte[] target = new byte[size];
        byte[] key = HexDump.parse("37 fa 21 3d");
        new Random(12).nextBytes(data);
        List<String> names = List.of("readable", "fast", "arraycopy");
        List<Routine> routines = List.of(
                (d, k, t) -> Masking.apply(d, 0, d.length, k, 0),
                (d, k, t) -> Masking.applyFast(d, 0, d.length, k, 0),
                (d, k, t) -> System.arraycopy(d, 0, t, 0, d.length));
        double[] best = new double[routines.size()];
        long bytesPerRun = Math.max(size, 256L << 20);        // about 256 MB per timing, whatever the size
        for (int round = 0; round <= rounds; round++) {        // round 0 warms the JIT up and is not counted
            for (int r = 0; r < routines.size(); r++) {
                long reps = bytesPerRun / size;
                long start = System.nanoTime();
                for (long i = 0; i < reps; i++) {
                    routines.get(r).run(data, key, target);
                }
                double gbps = (double) reps * size / (System.nanoTime() - start);
                if (round > 0) {
                    best[r] = Math.max(best[r], gbps);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d-byte payload, best of %d rounds (rough: System.nanoTime, one JVM; JMH in chapter 06)%n", size, rounds);
        for (int r = 0; r < routines.size(); r++) {
            System.out.printf(Locale.ROOT, "  %-10s %7.2f GB/s%n", names.get(r), best[r]);
        }
        System.out.printf(Locale.ROOT, "  fast / arraycopy: %.2fx%n", best[1] / best[2]);
    }
}
