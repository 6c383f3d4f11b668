package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Every round's numbers per cell (scenario, metric, server) and their summary (issue 11): median and
 * spread (min-max), written as CSV and printed as a table with each server's ratio to a reference server.
 */
final class Results {
    record Key(String scenario, String metric, String server) {
    }

    record Cell(Key key, String unit, boolean higherIsBetter, List<Double> values) {
        double median() {
            double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
            if (v.length == 0) {
                return Double.NaN;
            }
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        }

        long failures() {
            return values.stream().filter(d -> d.isNaN()).count();
        }
    }

    private final Map<Key, Cell> cells = new LinkedHashMap<>();

    synchronized void add(String server, Metric metric) {
        Key key = new Key(metric.scenario(), metric.name(), server);
        cells.computeIfAbsent(key, k -> new Cell(k, metric.unit(), metric.higherIsBetter(), new ArrayList<>()))
                .values().add(metric.value());
    }

    /** A cell whose scenario failed this round: NaN, shown as a failure count. */
    synchronized void fail(String server, String scenario) {
        Key key = new Key(scenario, "failed", server);
        cells.computeIfAbsent(key, k -> new Cell(k, "round", false, new ArrayList<>())).values().add(Double.NaN);
    }

    synchronized List<Cell> cells() {
        return List.copyOf(cells.values());
    }

    void writeCsv(Path file, String note) throws IOException {
        StringBuilder csv = new StringBuilder("scenario,server,metric,unit,median,min,max,rounds,failed,values\n");
        for (Cell c : cells()) {
            StringJoiner values = new StringJoiner(";");
            c.values().forEach(v -> values.add(format(v)));
            csv.append(String.join(",", c.key().scenario(), c.key().server(), c.key().metric(), c.unit(),
                    format(c.median()), format(c.min()), format(c.max()), Integer.toString(c.values().size()),
                    Long.toString(c.failures()), values.toString())).append('\n');
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, "# " + note + "\n" + csv);
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** The printed table: one line per scenario and metric, one column per server, ratio to {@code reference}. */
    String table(List<String> servers, String reference) {
        List<Key> rows = new ArrayList<>();
        for (Cell c : cells()) {
            Key row = new Key(c.key().scenario(), c.key().metric(), "");
            if (!rows.contains(row)) {
                rows.add(row);
            }
        }
        int width = 28;
        int first = 2 + rows.stream().mapToInt(r -> r.scenario().length() + 1 + r.metric().length()).max().orElse(24);
        String label = "%-" + Math.max(first, 26) + "s";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, label, "scenario metric"));
        for (String s : servers) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s", s));
        }
        out.append('\n');
        for (Key row : rows) {
            out.append(String.format(Locale.ROOT, label, row.scenario() + " " + row.metric()));
            Cell ref = cells.get(new Key(row.scenario(), row.metric(), reference));
            for (String s : servers) {
                Cell c = cells.get(new Key(row.scenario(), row.metric(), s));
                String text = "-";
                if (c != null && row.metric().equals("failed")) {
                    text = c.failures() + " failed";
                } else if (c != null) {
                    text = format(c.median()) + " [" + format(c.min()) + "-" + format(c.max()) + "]";
                    if (ref != null && c != ref && ref.median() != 0 && !Double.isNaN(ref.median())
                            && !List.of("pinned", "connections", "refused").contains(row.metric())) {
                        text += String.format(Locale.ROOT, " %.2fx", c.median() / ref.median());
                    }
                }
                out.append(String.format(Locale.ROOT, "%-" + width + "s", text));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
