package wsfs.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measured speed of the two masking routines (chapter 04): written by {@code 04_Masking.java bench --out},
 * read back and drawn as a bar chart by the notebook (which must not run JMH itself: timings differ on every run).
 * The file is CSV with {@code #} comment lines that say how and where it was measured.
 */
public final class MaskingResults {
    private MaskingResults() {
    }

    /** One measurement: {@code routine} ("readable" or "fast") masked {@code size} bytes this many times a second. */
    public record Row(String routine, int size, double opsPerSecond, double error) {
        /** Megabytes (10^6 bytes) masked per second. */
        public double megabytesPerSecond() {
            return opsPerSecond * size / 1e6;
        }
    }

    /** The rows and the comment lines of a results file. */
    public record Results(List<String> notes, List<Row> rows) {
        /** How many times faster the fast routine is for this size, or NaN if a row is missing. */
        public double speedup(int size) {
            double readable = find("readable", size);
            double fast = find("fast", size);
            return fast / readable;
        }

        private double find(String routine, int size) {
            return rows.stream().filter(r -> r.routine().equals(routine) && r.size() == size)
                    .mapToDouble(Row::opsPerSecond).findFirst().orElse(Double.NaN);
        }

        public List<Integer> sizes() {
            return rows.stream().map(Row::size).distinct().sorted().toList();
        }
    }

    public static final String HEADER = "routine,size,ops_per_s,error_99_9,mb_per_s";

    public static String toCsv(List<String> notes, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (String note : notes) {
            out.append("# ").append(note).append('\n');
        }
        out.append(HEADER).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f%n", r.routine(), r.size(), r.opsPerSecond(),
                    r.error(), r.megabytesPerSecond()));
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
                rows.add(new Row(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
            }
        }
        return new Results(notes, rows);
    }

    public static Results read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** "16 B", "1 KiB", "64 KiB", "1 MiB". */
    public static String sizeName(int size) {
        if (size >= 1 << 20 && size % (1 << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }

    /** A plain-text table: size, both routines in MB/s, the speed-up. */
    public static String table(Results results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-8s %16s %16s %9s%n",
                "payload", "readable MB/s", "fast MB/s", "speed-up"));
        for (int size : results.sizes()) {
            out.append(String.format(Locale.ROOT, "%-8s %16.0f %16.0f %8.1fx%n", sizeName(size),
                    mbps(results, "readable", size), mbps(results, "fast", size), results.speedup(size)));
        }
        return out.toString();
    }

    private static double mbps(Results results, String routine, int size) {
        return results.rows().stream().filter(r -> r.routine().equals(routine) && r.size() == size)
                .mapToDouble(Row::megabytesPerSecond).findFirst().orElse(Double.NaN);
    }

    /**
     * An SVG bar chart: for each payload size, one bar per routine, length = MB/s on a logarithmic
     * scale (the sizes span five orders of magnitude in ops/s, two in MB/s), the number written beside it.
     */
    public static String svg(Results results) {
        List<Integer> sizes = results.sizes();
        int barHeight = 18;
        int gap = 14;
        int left = 80;
        int width = 640;
        int plot = width - left - 170;
        double max = results.rows().stream().mapToDouble(Row::megabytesPerSecond).max().orElse(1);
        double min = results.rows().stream().mapToDouble(Row::megabytesPerSecond).min().orElse(1);
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        int height = 30 + sizes.size() * (2 * barHeight + gap) + 30;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">"
                .formatted(width, height));
        s.append("<text x=\"%d\" y=\"16\" font-weight=\"bold\">Masking speed, MB/s (log scale; longer is faster)</text>".formatted(left));
        int y = 30;
        for (int size : sizes) {
            s.append("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>".formatted(left - 8, y + barHeight + 4, sizeName(size)));
            for (String routine : List.of("readable", "fast")) {
                double v = mbps(results, routine, size);
                int w = (int) Math.round(plot * (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
                String colour = routine.equals("fast") ? "#3b7dd8" : "#b0b0b0";
                s.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>".formatted(left, y, Math.max(w, 1), barHeight - 2, colour));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s %,.0f</text>", left + Math.max(w, 1) + 6,
                        y + barHeight - 5, routine, v));
                y += barHeight;
            }
            y += gap;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">axis from %,.0f to %,.0f MB/s</text>",
                left, y + 12, lo, hi));
        s.append("</svg>");
        return s.toString();
    }
}
