package wsfs.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bar charts as one self-contained SVG (chapter 21): one panel per metric, one bar per server, the bar
 * at the median and a whisker from the smallest to the largest round, so the spread is as visible as the
 * median. Each panel has its own scale, starting at zero (a bar that starts elsewhere exaggerates differences).
 * Made for the benchmark's results ({@link #panels}); no JavaScript, so the notebook's output is plain text.
 */
public final class BarChart {
    private BarChart() {
    }

    /** One bar: the median of the rounds, their smallest and largest value; a highlighted bar is drawn darker. */
    public record Bar(String label, double value, double min, double max, boolean highlight) {
    }

    /** One panel: a title, the unit of its values, its bars top to bottom. */
    public record Panel(String title, String unit, List<Bar> bars) {
    }

    static final int WIDTH = 680;
    static final int LABEL = 120;           // the column of bar labels
    static final int AREA = 400;            // the longest bar
    static final int BAR = 16;
    static final int GAP = 4;
    static final int TITLE = 22;

    /**
     * The panels of {@code rows} ("scenario metric", as {@link BenchTable#rows()} names them), one bar per server
     * in the CSV's order; the server {@code highlight} is drawn darker.
     */
    public static List<Panel> panels(BenchTable table, List<String> rows, String highlight) {
        List<Panel> panels = new ArrayList<>();
        for (String row : rows) {
            List<Bar> bars = new ArrayList<>();
            String unit = "";
            for (BenchTable.Cell c : table.cells()) {
                if (c.row().equals(row) && !Double.isNaN(c.median())) {
                    bars.add(new Bar(c.server(), c.median(), c.min(), c.max(), c.server().equals(highlight)));
                    unit = c.unit();
                }
            }
            if (bars.isEmpty()) {
                throw new IllegalArgumentException("no results for \"" + row + "\" (rows: " + table.rows() + ")");
            }
            panels.add(new Panel(row, unit, bars));
        }
        return panels;
    }

    public static String svg(String title, List<Panel> panels) {
        StringBuilder body = new StringBuilder();
        int y = 30;
        for (Panel p : panels) {
            body.append(text(8, y + 14, FlameGraph.escape(p.title() + " (" + p.unit() + ")"), "font-weight=\"bold\""));
            y += TITLE;
            double top = p.bars().stream().mapToDouble(b -> Math.max(b.value(), b.max())).max().orElse(1);
            double scale = top > 0 ? AREA / top : 0;
            for (Bar b : p.bars()) {
                double w = Math.max(0, b.value() * scale);
                String colour = b.highlight() ? "#d9822b" : "#7ea6d8";
                body.append(text(LABEL - 6, y + BAR - 4, FlameGraph.escape(b.label()), "text-anchor=\"end\""));
                body.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s [%s-%s] %s</title></rect>%n",
                        LABEL, y, w, BAR, colour, FlameGraph.escape(b.label()), BenchTable.format(b.value()),
                        BenchTable.format(b.min()), BenchTable.format(b.max()), FlameGraph.escape(p.unit())));
                if (b.max() > b.min()) {
                    double x1 = LABEL + b.min() * scale;
                    double x2 = LABEL + b.max() * scale;
                    double mid = y + BAR / 2.0;
                    body.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" stroke=\"#333\" fill=\"none\"/>%n",
                            x1, mid, x2, x1, mid - 4, mid + 4, x2, mid - 4, mid + 4));
                }
                String value = BenchTable.format(b.value()) + (b.max() > b.min()
                        ? " [" + BenchTable.format(b.min()) + "-" + BenchTable.format(b.max()) + "]" : "");
                int after = LABEL + (int) Math.ceil(Math.max(w, b.max() * scale)) + 8;    // right of the bar and its whisker
                body.append(text(after, y + BAR - 4, value, ""));
                y += BAR + GAP;
            }
            y += 10;
        }
        int height = y + 6;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>%n%s%s</svg>%n",
                WIDTH + 120, height, WIDTH + 120, height, text(8, 18, FlameGraph.escape(title), "font-size=\"14\""), body);
    }

    private static String text(int x, int y, String content, String attributes) {
        return "<text x=\"" + x + "\" y=\"" + y + "\"" + (attributes.isEmpty() ? "" : " " + attributes) + ">" + content + "</text>\n";
    }
}
