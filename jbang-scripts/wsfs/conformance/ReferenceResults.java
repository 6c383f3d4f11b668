package wsfs.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conformance results of several peers side by side (chapter 20), read back from the JSON that
 * {@code 20_Conformance.java reference} writes (notebooks/data/20-reference-results.json): a summary per
 * category and the cases where the peers' verdicts differ. Includes the few lines of JSON reading it needs,
 * so notebooks need no JSON library.
 */
public record ReferenceResults(String suite, List<Run> runs) {

    /** One peer: its name, version, and per case (in suite order) the verdict and what was observed. */
    public record Run(String peer, String version, Map<String, String> verdicts, Map<String, String> observed) {
        /** Counts per category and verdict label. */
        public Map<Integer, Map<String, Integer>> counts() {
            Map<Integer, Map<String, Integer>> out = new TreeMap<>();
            verdicts.forEach((id, v) -> out.computeIfAbsent(Integer.parseInt(id.substring(0, id.indexOf('.'))),
                    k -> new LinkedHashMap<>()).merge(v, 1, Integer::sum));
            return out;
        }
    }

    public static ReferenceResults load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    public static ReferenceResults parse(String json) {
        Map<String, Object> root = (Map<String, Object>) new JsonReader(json).value();
        List<Run> runs = new ArrayList<>();
        for (Object o : (List<Object>) root.get("runs")) {
            Map<String, Object> run = (Map<String, Object>) o;
            Map<String, String> verdicts = new LinkedHashMap<>();
            Map<String, String> observed = new LinkedHashMap<>();
            for (Object c : (List<Object>) run.get("cases")) {
                Map<String, Object> kase = (Map<String, Object>) c;
                verdicts.put((String) kase.get("id"), (String) kase.get("verdict"));
                observed.put((String) kase.get("id"), (String) kase.get("observed"));
            }
            runs.add(new Run((String) run.get("peer"), (String) run.get("version"), verdicts, observed));
        }
        return new ReferenceResults((String) root.get("suite"), runs);
    }

    /** The ids where not every peer got the same verdict, in suite order. */
    public List<String> disagreements() {
        List<String> ids = new ArrayList<>();
        for (String id : runs.get(0).verdicts().keySet()) {
            String first = runs.get(0).verdicts().get(id);
            if (runs.stream().anyMatch(r -> !first.equals(r.verdicts().get(id)))) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** One row per category, one column per peer: "PASS / NON-STRICT / INFORMATIONAL / FAIL" counts. */
    public String htmlSummary() {
        StringBuilder out = new StringBuilder(ConformanceReport.STYLE + "<table class=\"wsfs-report\"><tr><th>category</th>");
        for (Run r : runs) {
            out.append("<th>").append(ConformanceReport.esc(r.peer() + " " + r.version())).append("</th>");
        }
        out.append("</tr>\n");
        List<Map<Integer, Map<String, Integer>>> counts = runs.stream().map(Run::counts).toList();
        for (Integer category : counts.get(0).keySet()) {
            out.append("<tr><td>").append(category).append(' ')
               .append(ConformanceReport.esc(ConformanceSuite.CATEGORIES.getOrDefault(category, "?"))).append("</td>");
            for (Map<Integer, Map<String, Integer>> c : counts) {
                out.append("<td>").append(ConformanceReport.esc(cell(c.getOrDefault(category, Map.of())))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("<tr><td>all</td>");
        for (Map<Integer, Map<String, Integer>> c : counts) {
            Map<String, Integer> total = new LinkedHashMap<>();
            c.values().forEach(m -> m.forEach((k, v) -> total.merge(k, v, Integer::sum)));
            out.append("<td><b>").append(ConformanceReport.esc(cell(total))).append("</b></td>");
        }
        return out.append("</tr></table>\n").toString();
    }

    /** "263 PASS, 6 NON-STRICT, 1 FAIL" (only the verdicts that occur, best first). */
    public static String cell(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            Integer n = counts.get(v.label());
            if (n != null) {
                parts.add(n + " " + v.label());
            }
        }
        return String.join(", ", parts);
    }

    /** The cases where the peers disagree: id, and per peer the verdict and what it did. */
    public String htmlDisagreements() {
        StringBuilder out = new StringBuilder(ConformanceReport.STYLE + "<table class=\"wsfs-report\"><tr><th>case</th>");
        for (Run r : runs) {
            out.append("<th>").append(ConformanceReport.esc(r.peer())).append("</th>");
        }
        out.append("</tr>\n");
        for (String id : disagreements()) {
            out.append("<tr><td>").append(id).append("</td>");
            for (Run r : runs) {
                String v = r.verdicts().get(id);
                out.append("<td class=\"wsfs-").append(v).append("\"><b>").append(v).append("</b><br>")
                   .append(ConformanceReport.esc(r.observed().get(id))).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    /** Just enough JSON: objects, arrays, strings, numbers, true, false, null. */
    static final class JsonReader {
        private final String s;
        private int at;

        JsonReader(String s) {
            this.s = s;
        }

        Object value() {
            space();
            char c = s.charAt(at);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    at++;
                    space();
                    if (s.charAt(at) == '}') {
                        at++;
                        return m;
                    }
                    while (true) {
                        space();
                        String key = string();
                        space();
                        expect(':');
                        m.put(key, value());
                        space();
                        if (s.charAt(at++) == '}') {
                            return m;
                        }
                    }
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    at++;
                    space();
                    if (s.charAt(at) == ']') {
                        at++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        space();
                        if (s.charAt(at++) == ']') {
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    int start = at;
                    while (at < s.length() && ",}] \n\r\t".indexOf(s.charAt(at)) < 0) {
                        at++;
                    }
                    String word = s.substring(start, at);
                    return switch (word) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        default -> Double.parseDouble(word);
                    };
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(at++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                            at += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at + " but found '" + s.charAt(at) + "'");
            }
            at++;
        }

        private void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }
    }
}
