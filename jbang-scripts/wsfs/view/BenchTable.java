package wsfs.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of {@code ./course bench} read back from its CSV (chapter 21), and printed as the benchmark prints
 * them: one row per scenario and metric, one column per server, each cell {@code median [min-max]} with its ratio
 * to a reference server. The CSV's lines: {@code #} comments, a header, then
 * {@code scenario,server,metric,unit,median,min,max,rounds,failed,values}.
 */
public final class BenchTable {
    /** One cell: a scenario's metric for one server, over every round. */
    public record Cell(String scenario, String server, String metric, String unit, double median, double min,
                       double max, int rounds, int failed) {
        /** "rtt msg_per_s": the row the cell belongs to. */
        public String row() {
            return scenario + " " + metric;
        }
    }

    /** Metrics that are counts or checks, not performance: no ratio. */
    static final List<String> NO_RATIO = List.of("pinned", "connections", "refused", "failed");

    private final List<String> comments;
    private final List<Cell> cells;

    private BenchTable(List<String> comments, List<Cell> cells) {
        this.comments = List.copyOf(comments);
        this.cells = List.copyOf(cells);
    }

    /** Parses the CSV text; a line that is not a cell is an {@link IllegalArgumentException} naming its number. */
    public static BenchTable parse(String csv) {
        List<String> comments = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        String[] lines = csv.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("scenario,")) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 9) {
                throw new IllegalArgumentException("line " + (n + 1) + " is not a bench CSV line"
                        + " (scenario,server,metric,unit,median,min,max,rounds,failed,values): " + line);
            }
            try {
                cells.add(new Cell(f[0], f[1], f[2], f[3], number(f[4]), number(f[5]), number(f[6]),
                        Integer.parseInt(f[7]), Integer.parseInt(f[8])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (n + 1) + " has a field that is not a number: " + line);
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no results in the CSV (is it a ./course bench --out file?)");
        }
        return new BenchTable(comments, cells);
    }

    private static double number(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    public List<String> comments() {
        return comments;
    }

    public List<Cell> cells() {
        return cells;
    }

    /** The servers in the order they first appear. */
    public List<String> servers() {
        return cells.stream().map(Cell::server).distinct().toList();
    }

    /** The rows ("scenario metric") in the order they first appear. */
    public List<String> rows() {
        return cells.stream().map(Cell::row).distinct().toList();
    }

    public Optional<Cell> cell(String scenario, String metric, String server) {
        return cells.stream().filter(c -> c.scenario().equals(scenario) && c.metric().equals(metric)
                && c.server().equals(server)).findFirst();
    }

    /** The reference for ratios: netty for the echo scenarios, websocket for polling, else the first server. */
    public String defaultReference() {
        List<String> servers = servers();
        for (String usual : List.of("netty", "websocket")) {
            if (servers.contains(usual)) {
                return usual;
            }
        }
        return servers.getFirst();
    }

    /** The median of {@code cell} divided by the reference server's median in the same row, if both exist. */
    public Optional<Double> ratio(Cell cell, String reference) {
        if (NO_RATIO.contains(cell.metric()) || cell.server().equals(reference)) {
            return Optional.empty();
        }
        return cell(cell.scenario(), cell.metric(), reference)
                .filter(ref -> ref.median() != 0 && !Double.isNaN(ref.median()) && !Double.isNaN(cell.median()))
                .map(ref -> cell.median() / ref.median());
    }

    /** The table as the benchmark prints it: {@code median [min-max] ratio}, columns padded. */
    public String text(String reference) {
        List<String> servers = servers();
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (String row : rows()) {
            List<String> texts = new ArrayList<>();
            for (String server : servers) {
                texts.add(cells.stream().filter(c -> c.row().equals(row) && c.server().equals(server)).findFirst()
                        .map(c -> cellText(c, reference)).orElse("-"));
            }
            table.put(row, texts);
        }
        int first = Math.max("scenario metric".length(), rows().stream().mapToInt(String::length).max().orElse(0)) + 2;
        int[] widths = new int[servers.size()];
        for (int s = 0; s < servers.size(); s++) {
            widths[s] = servers.get(s).length();
            for (List<String> texts : table.values()) {
                widths[s] = Math.max(widths[s], texts.get(s).length());
            }
            widths[s] += 2;
        }
        StringBuilder out = new StringBuilder();
        out.append(pad("scenario metric", first));
        for (int s = 0; s < servers.size(); s++) {
            out.append(pad(servers.get(s), widths[s]));
        }
        out.setLength(out.toString().stripTrailing().length());
        out.append('\n');
        table.forEach((row, texts) -> {
            StringBuilder line = new StringBuilder(pad(row, first));
            for (int s = 0; s < texts.size(); s++) {
                line.append(pad(texts.get(s), widths[s]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        });
        return out.toString();
    }

    String cellText(Cell c, String reference) {
        if (c.failed() > 0 && Double.isNaN(c.median())) {
            return c.failed() + " failed";
        }
        String text = format(c.median()) + " [" + format(c.min()) + "-" + format(c.max()) + "]";
        Optional<Double> ratio = ratio(c, reference);
        if (ratio.isPresent()) {
            text += String.format(Locale.ROOT, " %.2fx", ratio.get());
        }
        if (c.failed() > 0) {
            text += " (" + c.failed() + " failed)";
        }
        return text;
    }

    /** The benchmark's number format: whole numbers from 100 on, three significant digits below. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
