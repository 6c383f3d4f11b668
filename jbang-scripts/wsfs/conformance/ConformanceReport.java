package wsfs.conformance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conformance results as a console table, an HTML report and JSON data (chapter 20). One table per category:
 * case, expectation, what was observed, verdict (and, unless the report must be reproducible, the time).
 */
public final class ConformanceReport {
    private ConformanceReport() {
    }

    /** Counts per category (in category order) and verdict. */
    public static Map<Integer, Map<Verdict, Integer>> counts(List<CaseResult> results) {
        Map<Integer, Map<Verdict, Integer>> counts = new TreeMap<>();
        for (CaseResult r : results) {
            counts.computeIfAbsent(r.category(), k -> new EnumMap<>(Verdict.class)).merge(r.verdict(), 1, Integer::sum);
        }
        return counts;
    }

    /** Number of FAIL verdicts. */
    public static long failures(List<CaseResult> results) {
        return results.stream().filter(r -> r.verdict() == Verdict.FAIL).count();
    }

    /** "212 cases: 200 PASS, 8 NON-STRICT, 4 INFORMATIONAL, 0 FAIL". */
    public static String totals(List<CaseResult> results) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        results.forEach(r -> n.merge(r.verdict(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            parts.add(n.getOrDefault(v, 0) + " " + v.label());
        }
        return results.size() + " cases: " + String.join(", ", parts);
    }

    private static Map<Integer, List<CaseResult>> byCategory(List<CaseResult> results) {
        Map<Integer, List<CaseResult>> by = new TreeMap<>();
        for (CaseResult r : results) {
            by.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r);
        }
        return by;
    }

    private static String categoryTitle(int category, List<CaseResult> rs) {
        Map<Verdict, Integer> n = new EnumMap<>(Verdict.class);
        rs.forEach(r -> n.merge(r.verdict(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((v, k) -> parts.add(k + " " + v.label()));
        return category + " " + ConformanceSuite.CATEGORIES.getOrDefault(category, "?")
                + " (" + rs.size() + " cases: " + String.join(", ", parts) + ")";
    }

    // ---- console ------------------------------------------------------------------------------------

    /** One fixed-width table per category; {@code withTimes} adds a milliseconds column. */
    public static String text(List<CaseResult> results, boolean withTimes) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Integer, List<CaseResult>> e : byCategory(results).entrySet()) {
            out.append("== ").append(categoryTitle(e.getKey(), e.getValue())).append('\n');
            String format = "%-8s %-44s %-52s %-13s" + (withTimes ? " %7s" : "") + "\n";
            out.append(withTimes
                    ? format.formatted("case", "expectation", "observed", "verdict", "ms")
                    : format.formatted("case", "expectation", "observed", "verdict"));
            for (CaseResult r : e.getValue()) {
                Object[] cols = withTimes
                        ? new Object[]{r.id(), cut(r.expectation(), 44), cut(r.observed(), 52), r.verdict().label(), r.millis()}
                        : new Object[]{r.id(), cut(r.expectation(), 44), cut(r.observed(), 52), r.verdict().label()};
                out.append(format.formatted(cols));
            }
            out.append('\n');
        }
        out.append(totals(results)).append('\n');
        return out.toString();
    }

    /** Every non-PASS case with its reason: what to read first. */
    public static String problems(List<CaseResult> results) {
        StringBuilder out = new StringBuilder();
        for (CaseResult r : results) {
            if (r.verdict() == Verdict.FAIL || r.verdict() == Verdict.NON_STRICT) {
                out.append(r.verdict().label()).append(' ').append(r.id()).append(": ").append(r.description()).append('\n')
                   .append("    observed: ").append(r.observed()).append('\n')
                   .append("    ").append(r.reason()).append('\n');
            }
        }
        return out.toString();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }

    // ---- HTML ---------------------------------------------------------------------------------------

    /** The CSS of every table here and in {@link ReferenceResults}: verdict colours. */
    static final String STYLE = """
            <style>
            .wsfs-report{font-family:sans-serif;font-size:13px;border-collapse:collapse;margin-bottom:1em}
            .wsfs-report th,.wsfs-report td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
            .wsfs-report th{background:#eee}
            .wsfs-PASS{background:#c8ecc8}.wsfs-NON-STRICT{background:#f3e6a6}
            .wsfs-INFORMATIONAL{background:#cfe0f6}.wsfs-FAIL{background:#f4b8b8}
            </style>
            """;

    /** The tables as an HTML fragment (for notebooks); {@code withTimes} adds the time column. */
    public static String htmlTables(List<CaseResult> results, boolean withTimes) {
        StringBuilder out = new StringBuilder(STYLE);
        for (Map.Entry<Integer, List<CaseResult>> e : byCategory(results).entrySet()) {
            out.append("<h4>").append(esc(categoryTitle(e.getKey(), e.getValue()))).append("</h4>\n");
            out.append("<table class=\"wsfs-report\"><tr><th>case</th><th>what the fuzzer does</th><th>expectation</th>"
                    + "<th>observed</th><th>verdict</th><th>why</th>").append(withTimes ? "<th>ms</th>" : "").append("</tr>\n");
            for (CaseResult r : e.getValue()) {
                out.append("<tr><td>").append(esc(r.id())).append("</td><td>").append(esc(r.description()))
                   .append("</td><td>").append(esc(r.expectation())).append("</td><td>").append(esc(r.observed()))
                   .append("</td><td class=\"wsfs-").append(r.verdict().label()).append("\">").append(r.verdict().label())
                   .append("</td><td>").append(esc(r.reason())).append("</td>");
                if (withTimes) {
                    out.append("<td>").append(r.millis()).append("</td>");
                }
                out.append("</tr>\n");
            }
            out.append("</table>\n");
        }
        return out.toString();
    }

    /** A summary table: one row per category, PASS / NON-STRICT / INFORMATIONAL / FAIL counts. */
    public static String htmlSummary(List<CaseResult> results) {
        StringBuilder out = new StringBuilder(STYLE);
        out.append("<table class=\"wsfs-report\"><tr><th>category</th>");
        for (Verdict v : Verdict.values()) {
            out.append("<th>").append(v.label()).append("</th>");
        }
        out.append("</tr>\n");
        for (Map.Entry<Integer, Map<Verdict, Integer>> e : counts(results).entrySet()) {
            out.append("<tr><td>").append(e.getKey()).append(' ')
               .append(esc(ConformanceSuite.CATEGORIES.getOrDefault(e.getKey(), "?"))).append("</td>");
            for (Verdict v : Verdict.values()) {
                out.append("<td>").append(e.getValue().getOrDefault(v, 0)).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    /** A complete HTML page. */
    public static String html(String title, List<CaseResult> results) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title></head><body>\n"
                + "<h2>" + esc(title) + "</h2>\n<p>" + esc(totals(results)) + "</p>\n"
                + htmlSummary(results) + htmlTables(results, true) + "</body></html>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- JSON ---------------------------------------------------------------------------------------

    /**
     * The results as JSON: {@code {"peer": ..., "version": ..., "totals": {...}, "categories": {...}, "cases": [...]}}.
     * {@code peer} and {@code version} describe what was tested; times are left out so runs compare.
     */
    public static String json(String peer, String version, List<CaseResult> results) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"peer\": ").append(str(peer)).append(",\n");
        out.append("  \"version\": ").append(str(version)).append(",\n");
        Map<Verdict, Integer> totals = new EnumMap<>(Verdict.class);
        results.forEach(r -> totals.merge(r.verdict(), 1, Integer::sum));
        out.append("  \"totals\": ").append(countsJson(totals)).append(",\n");
        out.append("  \"categories\": {");
        List<String> cats = new ArrayList<>();
        counts(results).forEach((k, v) -> cats.add("\n    " + str(String.valueOf(k)) + ": " + countsJson(v)));
        out.append(String.join(",", cats)).append("\n  },\n");
        out.append("  \"cases\": [");
        List<String> rows = new ArrayList<>();
        for (CaseResult r : results) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("id", r.id());
            fields.put("verdict", r.verdict().label());
            fields.put("observed", r.observed());
            fields.put("reason", r.reason());
            List<String> kv = new ArrayList<>();
            fields.forEach((k, v) -> kv.add(str(k) + ": " + str(v)));
            rows.add("\n    {" + String.join(", ", kv) + "}");
        }
        out.append(String.join(",", rows)).append("\n  ]\n}\n");
        return out.toString();
    }

    /** One peer's results, for a file that holds several. */
    public record Run(String peer, String version, List<CaseResult> results) {
    }

    /** Several runs in one JSON document: {@code {"suite": ..., "runs": [ {...}, ... ]}}. */
    public static String json(String suite, List<Run> runs) {
        List<String> parts = new ArrayList<>();
        for (Run r : runs) {
            parts.add(json(r.peer(), r.version(), r.results()).strip().indent(4).stripTrailing());
        }
        return "{\n  \"suite\": " + str(suite) + ",\n  \"runs\": [\n" + String.join(",\n", parts) + "\n  ]\n}\n";
    }

    private static String countsJson(Map<Verdict, Integer> counts) {
        List<String> kv = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            kv.add(str(v.label()) + ": " + counts.getOrDefault(v, 0));
        }
        return "{" + String.join(", ", kv) + "}";
    }

    static String str(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
