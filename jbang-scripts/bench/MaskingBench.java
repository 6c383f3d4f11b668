///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES ../wsfs/app/CommandLine.java
//SOURCES ../wsfs/view/HexDump.java
//SOURCES ../wsfs/protocol/Masking.java
//SOURCES ../wsfs/view/MaskingResults.java
//SOURCES ../wsfs/bench/MaskingBenchmark.java
//DEPS org.openjdk.jmh:jmh-core:1.37
//DEPS org.openjdk.jmh:jmh-generator-annprocess:1.37
//JAVAC_OPTIONS -proc:full
//MAIN MaskingBench

// Chapter 06's benchmark: how fast Masking.apply (one byte at a time), Masking.applyFast (8 bytes at a time, in
// the loop shape the JIT vectorises) and the same loop in the shape it does not vectorise mask a payload, beside
// System.arraycopy of the same size, measured with JMH. It has its own script so that only a benchmark carries JMH: the chapter scripts
// build on one another, and a dependency in 06_Masking.java would ride along in every later chapter.
// (-proc:full: since JDK 23 javac runs annotation processors only when asked; JMH's generator is one.)

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import wsfs.app.CommandLine;
import wsfs.bench.MaskingBenchmark;
import wsfs.view.MaskingResults;

class MaskingBench {
    static final String COMMAND = "./jbang jbang-scripts/bench/MaskingBench.java";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && CommandLine.isHelp(args[0])) {
            help();
            return;
        }
        List<String> unknown = CommandLine.words(args, List.of("--quick"), List.of("--size", "--out"));
        if (!unknown.isEmpty()) {
            System.err.println("unknown option: " + unknown.getFirst() + " (see " + COMMAND + " --help)");
            System.exit(2);
        }
        for (String name : List.of("--size", "--out")) {
            if (List.of(args).contains(name) && CommandLine.option(args, name).isEmpty()) {
                System.err.println(name + " needs a value (see " + COMMAND + " --help)");
                System.exit(2);
            }
        }
        String size = CommandLine.option(args, "--size").orElse(null);
        if (size != null && !size.matches("[1-9]\\d{0,8}")) {
            System.err.println("--size needs a payload size in bytes, such as 1024; got: " + size);
            System.exit(2);
        }
        bench(CommandLine.flag(args, "--quick"), size, CommandLine.option(args, "--out").map(Path::of).orElse(null));
    }

    static void help() {
        System.out.println("""
                bench/MaskingBench.java: the masking benchmark of chapter 06 (JMH)

                  [--quick] [--size N] [--out FILE]
                            JMH benchmark of Masking.apply (byte by byte), Masking.applyFast (8 bytes at a time,
                            a counted loop the JIT vectorises), "uncounted" (the same loop with the exit test
                            i + 8 <= length, which it does not) and System.arraycopy of the same size, for 64 B,
                            1 KiB, 64 KiB and 1 MiB payloads. Prints GB/s (10^9 bytes/s) and fast / arraycopy.
                            Default: 1 fork x (3 warm-up + 5 measured iterations of 0.5 s), about 1.5 minutes.
                            --quick: 1 fork x (2 + 3 iterations of 0.2 s), about 30 s, rougher numbers.
                            --size N: only that payload size. --out FILE: write the results as CSV with the
                            columns routine,size,gbps after # comment lines saying how they were measured
                            (the notebook's notebooks/data/06-masking-jmh.csv is made this way).
                  --help    this text

                  Example: %s --quick --size 1024
                """.formatted(COMMAND));
    }

    static void bench(boolean quick, String size, Path out) throws Exception {
        int forks = 1;
        int warmups = quick ? 2 : 3;
        int measurements = quick ? 3 : 5;
        TimeValue time = quick ? TimeValue.milliseconds(200) : TimeValue.milliseconds(500);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(MaskingBenchmark.class.getName() + "\\.")
                .forks(forks)
                .warmupIterations(warmups).warmupTime(time)
                .measurementIterations(measurements).measurementTime(time)
                .shouldFailOnError(true);
        if (size != null) {
            options.param("size", size);
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        List<MaskingResults.Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String routine = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            int n = Integer.parseInt(r.getParams().getParam("size"));
            rows.add(new MaskingResults.Row(routine, n, r.getPrimaryResult().getScore() * n / 1e9));
        }
        rows.sort(Comparator.comparingInt(MaskingResults.Row::size)
                .thenComparingInt(row -> MaskingResults.ROUTINES.indexOf(row.routine())));
        List<String> notes = List.of(
                "JMH 1.37, " + MaskingBenchmark.class.getName() + " (chapter 06): throughput; one operation masks"
                        + " (arraycopy: copies) <size> bytes; gbps = ops/s * size / 10^9",
                "command: " + COMMAND + (quick ? " --quick" : "") + (size != null ? " --size " + size : "")
                        + (out != null ? " --out " + out : ""),
                "settings: %d fork(s), %d warm-up and %d measured iterations of %s each".formatted(forks, warmups, measurements, time),
                "jvm: %s %s (%s)".formatted(System.getProperty("java.vm.name"), System.getProperty("java.version"),
                        System.getProperty("java.vendor")),
                "machine: %s, %d cores visible to the JVM, %s %s, load average %s at the end (other processes compete for the CPUs)"
                        .formatted(cpuModel(), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name"), System.getProperty("os.arch"), loadAverage()));
        System.out.println();
        notes.forEach(n -> System.out.println("# " + n));
        System.out.print(MaskingResults.table(new MaskingResults.Results(notes, rows)));
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, MaskingResults.toCsv(notes, rows), StandardCharsets.UTF_8);
            System.out.println("written to " + out);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
