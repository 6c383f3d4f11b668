package wsfs.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measured speed of the masking routines beside {@code System.arraycopy} (chapter 06): written by
 * {@code bench/MaskingBench.java --out}, read back and drawn as a bar chart by the notebook (which must not run
 * JMH itself: timings differ on every run). The file is CSV with the columns {@code routine,size,gbps}
 * (GB = 10^9 bytes masked or copied per second), after {@code #} comment lines that say how and where it was measured.
 */
public final class MaskingResults {
    private MaskingResults() {
    }

    /** The routines in the order tables and charts show them; the benchmark's method names. */
    public static final List<String> ROUTINES = List.of("readable", "uncounted", "fast", "arraycopy");

    /** One measurement: {@code routine} masked (or copied) {@code size}-byte arrays at {@code gbps} 10^9 bytes/s. */
    public record Row(String routine, int size, double gbps) {
    }

    /** The rows and the comment lines of a results file. */
    public record Results(List<String> notes, List<Row> rows) {
        /** {@code routine}'s speed divided by {@code other}'s for this size, or NaN if a row is missing. */
        public double ratio(String routine, String other, int size) {
            return gbps(routine, size) / gbps(other, size);
        }

        /** GB/s of one routine at one size, or NaN if it was not measured. */
        public double gbps(String routine, int size) {
            return rows.stream().filter(r -> r.routine().equals(routine) && r.size() == size)
                    .mapToDouble(Row::gbps).findFirst().orElse(Double.NaN);
        }

        public List<Integer> sizes() {
            return rows.stream().map(Row::size).distinct().sorted().toList();
        }

        /** The routines present, in the order of {@link #ROUTINES} (unknown names last). */
        public List<String> routines() {
            List<String> present = rows.stream().map(Row::routine).distinct().toList();
            List<String> ordered = new ArrayList<>(ROUTINES.stream().filter(present::contains).toList());
            present.stream().filter(r -> !ordered.contains(r)).forEach(ordered::add);
            return ordered;
        }
    }

    public static final String HEADER = "routine,size,gbps";

    public static String toCsv(List<String> notes, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (String note : notes) {
            out.append("# ").append(note).append('\n');
        }
        out.append(HEADER).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%s,%d,%.3f%n", r.routine(), r.size(), r.gbps()));
        }
        return out.toString();
    }

    public static Results parse(String csv) {
        List<String> notes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (String line : csv.split("\n")) {
            line = line.strip();
            if (line.startsWith("#")) {
                notes.add(line.substring(1).strip());
            } else if (!line.isEmpty() && !line.equals(HEADER)) {
                String[] f = line.split(",");
                rows.add(new Row(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2])));
            }
        }
        return new Results(notes, rows);
    }

    public static Results read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** "64 B", "1 KiB", "64 KiB", "1 MiB". */
    public static String sizeName(int size) {
        if (size >= 1 << 20 && size % (1 << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }

    /** A plain-text table: size, every routine in GB/s, then fast / readable and fast / arraycopy. */
    public static String table(Results results) {
        List<String> routines = results.routines();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-8s", "payload"));
        routines.forEach(r -> out.append(String.format(Locale.ROOT, " %14s", r + " GB/s")));
        out.append(String.format(Locale.ROOT, " %15s %16s%n", "fast/readable", "fast/arraycopy"));
        for (int size : results.sizes()) {
            out.append(String.format(Locale.ROOT, "%-8s", sizeName(size)));
            routines.forEach(r -> out.append(String.format(Locale.ROOT, " %14.2f", results.gbps(r, size))));
            out.append(String.format(Locale.ROOT, " %14.1fx %15.2fx%n", results.ratio("fast", "readable", size),
                    results.ratio("fast", "arraycopy", size)));
        }
        return out.toString();
    }

    private static String colour(String routine) {
        return switch (routine) {
            case "fast" -> "#3b7dd8";
            case "uncounted" -> "#9bbbe8";
            case "arraycopy" -> "#e0a030";
            default -> "#b0b0b0";
        };
    }

    /**
     * An SVG bar chart: for each payload size, one bar per routine, length = GB/s on a logarithmic
     * scale (the routines span two orders of magnitude), the number written beside it.
     */
    public static String svg(Results results) {
        List<Integer> sizes = results.sizes();
        List<String> routines = results.routines();
        int barHeight = 18;
        int gap = 14;
        int left = 80;
        int width = 640;
        int plot = width - left - 170;
        double max = results.rows().stream().mapToDouble(Row::gbps).max().orElse(1);
        double min = results.rows().stream().mapToDouble(Row::gbps).min().orElse(1);
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
            hi = lo * 10;
        }
        int height = 30 + sizes.size() * (routines.size() * barHeight + gap) + 30;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">"
                .formatted(width, height));
        s.append("<text x=\"%d\" y=\"16\" font-weight=\"bold\">Masking speed beside System.arraycopy, GB/s (log scale; longer is faster)</text>"
                .formatted(left));
        int y = 30;
        for (int size : sizes) {
            s.append("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>".formatted(left - 8,
                    y + routines.size() * barHeight / 2 + 4, sizeName(size)));
            for (String routine : routines) {
                double v = results.gbps(routine, size);
                int w = Double.isNaN(v) ? 1
                        : (int) Math.round(plot * (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
                s.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>".formatted(left, y, Math.max(w, 1),
                        barHeight - 2, colour(routine)));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s %.1f</text>", left + Math.max(w, 1) + 6,
                        y + barHeight - 5, routine, v));
                y += barHeight;
            }
            y += gap;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">axis from %s to %s GB/s</text>",
                left, y + 12, axis(lo), axis(hi)));
        s.append("</svg>");
        return s.toString();
    }

    private static String axis(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }
}
