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

// Chapter 04's benchmark: how much faster Masking.applyFast (8 bytes at a time) is than Masking.apply (one byte
// at a time), measured with JMH. It has its own script so that only a benchmark carries JMH: the chapter scripts
// build on one another, and a dependency in 04_Masking.java would ride along in every later chapter.
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
                bench/MaskingBench.java: the masking benchmark of chapter 04 (JMH)

                  [--quick] [--size N] [--out FILE]
                            JMH benchmark of Masking.apply (byte by byte) against Masking.applyFast
                            (8 bytes at a time) for 16 B, 1 KiB, 64 KiB and 1 MiB payloads.
                            Default: 2 forks x (3 warm-up + 5 measured iterations of 1 s), a few minutes.
                            --quick: 1 fork x (2 + 3 iterations of 0.3 s), about 20 s, rougher numbers.
                            --size N: only that payload size. --out FILE: write the results as CSV
                            (the notebook's notebooks/data/04-masking-jmh.csv is made this way).
                  --help    this text

                  Example: %s --quick --size 1024
                """.formatted(COMMAND));
    }

    static void bench(boolean quick, String size, Path out) throws Exception {
        int forks = quick ? 1 : 2;
        int warmups = quick ? 2 : 3;
        int measurements = quick ? 3 : 5;
        TimeValue time = quick ? TimeValue.milliseconds(300) : TimeValue.seconds(1);
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
            rows.add(new MaskingResults.Row(routine, n, r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        rows.sort(Comparator.comparingInt(MaskingResults.Row::size).thenComparing(row -> row.routine().equals("fast")));
        List<String> notes = List.of(
                "JMH 1.37, " + MaskingBenchmark.class.getName() + " (chapter 04): throughput, one operation masks <size> bytes in place",
                "command: " + COMMAND + (quick ? " --quick" : "") + (size != null ? " --size " + size : "")
                        + (out != null ? " --out " + out : ""),
                "settings: %d fork(s), %d warm-up and %d measured iterations of %s each".formatted(forks, warmups, measurements, time),
                "jvm: %s %s (%s)".formatted(System.getProperty("java.vm.name"), System.getProperty("java.version"),
                        System.getProperty("java.vendor")),
                "machine: %s, %d cores visible to the JVM, %s %s".formatted(cpuModel(), Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name"), System.getProperty("os.arch")));
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
