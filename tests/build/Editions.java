package build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Chinese edition kept in step with the English one (issue 14). Every English page has a Chinese page; both are
 * cut into sections at their headings, and section by section the Chinese page must have the same heading level,
 * the same fenced code blocks byte for byte, and tables with the same rows and columns. Each Chinese heading carries
 * a stamp, {@code <!-- en: 1a2b3c4d -->}, the hash of the English section it was written from: when the English
 * section changes and the Chinese one is not brought up to date, the stamp no longer matches and the check names
 * both headings. Every link of either edition must resolve, anchors included.
 * <p>
 * Self-contained (JDK only) so that {@code ./course editions} runs it with the source launcher:
 * {@code java tests/build/Editions.java [NAME...] [--stamp]}; {@link EditionsInStepTest} runs it in the build.
 */
public final class Editions {
    private Editions() {
    }

    /** One page in both editions; {@code name} is what {@code ./course editions NAME} takes (03, README, ...). */
    public record Page(String name, Path english, Path chinese) {
    }

    /** A table: where it starts, its rows (the header row included, the |---| row not) and columns. */
    record Table(int line, int rows, int columns) {
    }

    /** The text from one heading to the next; level 0 is what comes before the first heading. */
    record Section(int level, String heading, int line, List<String> body, List<String> code, List<Table> tables,
            String stamp) {
        String title() {
            return level == 0 ? "(before the first heading)" : "#".repeat(level) + " " + heading;
        }
    }

    static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    static final Pattern STAMP = Pattern.compile("^<!-- en: ([0-9a-f]{8}) -->$");
    static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    static final Pattern CHAPTER = Pattern.compile("\\d\\d-[\\w-]+\\.md");
    /** Pages with no English counterpart. */
    static final Set<String> CHINESE_ONLY = Set.of("glossary.md");

    /** Every English page with its Chinese edition's path, in course order. */
    public static List<Page> pages(Path root) throws IOException {
        List<Page> pages = new ArrayList<>();
        pages.add(new Page("README", root.resolve("README.md"), root.resolve("README.zh.md")));
        pages.add(new Page("START", root.resolve("notebooks/START.md"), root.resolve("notebooks/START.zh.md")));
        try (Stream<Path> chapters = Files.list(root.resolve("chapters"))) {
            chapters.map(p -> p.getFileName().toString()).filter(n -> CHAPTER.matcher(n).matches()).sorted()
                    .forEach(n -> pages.add(new Page(n.substring(0, 2), root.resolve("chapters").resolve(n),
                            root.resolve("chapters/zh").resolve(n))));
        }
        pages.add(new Page("instructor-guide", root.resolve("chapters/instructor-guide.md"),
                root.resolve("chapters/zh/instructor-guide.md")));
        return pages;
    }

    /** Chinese pages that translate no English page (the glossary is Chinese only). */
    static List<String> strayChinesePages(Path root, List<Page> pages) throws IOException {
        List<String> problems = new ArrayList<>();
        Path zh = root.resolve("chapters/zh");
        if (!Files.isDirectory(zh)) {
            return problems;
        }
        Set<Path> known = new TreeSet<>();
        pages.forEach(p -> known.add(p.chinese()));
        try (Stream<Path> files = Files.list(zh)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                if (!known.contains(f) && !CHINESE_ONLY.contains(f.getFileName().toString())) {
                    problems.add(root.relativize(f) + ": a Chinese page with no English page of the same name");
                }
            }
        }
        return problems;
    }

    static List<Section> sections(List<String> lines) {
        List<Section> sections = new ArrayList<>();
        int level = 0;
        String heading = "";
        int start = 0;
        List<String> body = new ArrayList<>();
        List<String> code = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        String stamp = null;
        StringBuilder block = null;
        String fence = null;
        int tableStart = -1;
        int tableRows = 0;
        int tableColumns = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : null;
            boolean inTable = line != null && block == null && line.stripLeading().startsWith("|");
            if (tableStart >= 0 && !inTable) {
                tables.add(new Table(tableStart + 1, tableRows, tableColumns));
                tableStart = -1;
            }
            Matcher h = line == null || block != null ? null : HEADING.matcher(line);
            if (line == null || h != null && h.matches()) {
                if (i > 0 || line == null) {
                    if (level > 0 || body.stream().anyMatch(l -> !l.isBlank())) {
                        sections.add(new Section(level, heading, start + 1, List.copyOf(body), List.copyOf(code),
                                List.copyOf(tables), stamp));
                    }
                }
                if (line == null) {
                    break;
                }
                level = h.group(1).length();
                heading = h.group(2);
                start = i;
                body.clear();
                code.clear();
                tables.clear();
                stamp = null;
                if (i + 1 < lines.size()) {
                    Matcher s = STAMP.matcher(lines.get(i + 1).strip());
                    if (s.matches()) {
                        stamp = s.group(1);
                        i++;
                    }
                }
                continue;
            }
            body.add(line);
            Matcher f = FENCE.matcher(line);
            if (block == null && f.find()) {
                block = new StringBuilder(line).append('\n');
                fence = f.group(1);
            } else if (block != null) {
                block.append(line).append('\n');
                if (line.strip().startsWith(fence) && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    code.add(block.toString());
                    block = null;
                }
            } else if (inTable) {
                if (tableStart < 0) {
                    tableStart = i;
                    tableRows = 0;
                    tableColumns = 0;
                }
                if (line.strip().matches("\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?")) {
                    tableColumns = line.strip().replaceAll("^\\||\\|$", "").split("\\|", -1).length;
                } else {
                    tableRows++;
                }
            }
        }
        return sections;
    }

    /** The hash a Chinese section's stamp must carry: the English section, trailing spaces and edge blanks dropped. */
    static String hash(Section english) {
        StringBuilder text = new StringBuilder(english.title()).append('\n');
        List<String> body = english.body().stream().map(String::stripTrailing).toList();
        int from = 0;
        int to = body.size();
        while (from < to && body.get(from).isEmpty()) {
            from++;
        }
        while (to > from && body.get(to - 1).isEmpty()) {
            to--;
        }
        body.subList(from, to).forEach(l -> text.append(l).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** What keeps a page's two editions from being in step; empty when they are. */
    public static List<String> check(Path root, Page page) throws IOException {
        List<String> problems = new ArrayList<>();
        String en = root.relativize(page.english()).toString();
        String zh = root.relativize(page.chinese()).toString();
        if (!Files.exists(page.chinese())) {
            problems.add(zh + " is missing: the Chinese edition of " + en);
            return problems;
        }
        List<Section> english = sections(read(page.english()));
        List<Section> chinese = sections(read(page.chinese()));
        int n = Math.min(english.size(), chinese.size());
        for (int i = 0; i < n; i++) {
            Section e = english.get(i);
            Section c = chinese.get(i);
            String where = zh + ":" + c.line() + " '" + c.title() + "' (English " + en + ":" + e.line() + " '" + e.title() + "')";
            if (e.level() != c.level()) {
                problems.add(where + ": the headings differ in level or the Chinese page has a heading more or less here;"
                        + " the two pages must have the same headings in the same order");
                return problems; // what follows is shifted: one message is clearer than many
            }
            if (!e.code().equals(c.code())) {
                problems.add(where + ": " + codeDifference(e.code(), c.code()));
            }
            if (e.tables().size() != c.tables().size()) {
                problems.add(where + ": " + e.tables().size() + " table(s) in English, " + c.tables().size() + " in Chinese");
            } else {
                for (int t = 0; t < e.tables().size(); t++) {
                    Table et = e.tables().get(t);
                    Table ct = c.tables().get(t);
                    if (et.rows() != ct.rows() || et.columns() != ct.columns()) {
                        problems.add(where + ": table " + (t + 1) + " has " + et.rows() + " rows and " + et.columns()
                                + " columns in English (line " + et.line() + "), " + ct.rows() + " rows and "
                                + ct.columns() + " columns in Chinese (line " + ct.line() + ")");
                    }
                }
            }
            if (e.level() > 0) {
                String expected = hash(e);
                if (c.stamp() == null) {
                    problems.add(where + ": no stamp; when the Chinese section says what the English says, run"
                            + " ./course editions --stamp " + page.name());
                } else if (!c.stamp().equals(expected)) {
                    problems.add(where + ": the English section changed since the Chinese was written (stamp "
                            + c.stamp() + ", English now " + expected + "): bring the Chinese section up to date, then"
                            + " run ./course editions --stamp " + page.name());
                }
            }
        }
        if (english.size() != chinese.size()) {
            List<Section> longer = english.size() > chinese.size() ? english : chinese;
            Section extra = longer.get(n);
            problems.add((longer == english ? en : zh) + ":" + extra.line() + " '" + extra.title() + "': "
                    + (longer == english ? "this English section has no Chinese counterpart in " + zh
                            : "this Chinese section has no English counterpart in " + en)
                    + " (" + english.size() + " sections in English, " + chinese.size() + " in Chinese)");
        }
        return problems;
    }

    static String codeDifference(List<String> english, List<String> chinese) {
        if (english.size() != chinese.size()) {
            return english.size() + " code block(s) in English, " + chinese.size() + " in Chinese; they must be the same, byte for byte";
        }
        for (int b = 0; b < english.size(); b++) {
            if (!english.get(b).equals(chinese.get(b))) {
                String[] e = english.get(b).split("\n", -1);
                String[] c = chinese.get(b).split("\n", -1);
                int l = 0;
                while (l < Math.min(e.length, c.length) && e[l].equals(c[l])) {
                    l++;
                }
                return "code block " + (b + 1) + " differs from the English one at its line " + (l + 1) + ": English '"
                        + (l < e.length ? e[l] : "(end)") + "', Chinese '" + (l < c.length ? c[l] : "(end)")
                        + "'; code blocks are copied byte for byte";
            }
        }
        return "";
    }

    /** GitHub's anchor for a heading: lower case, no punctuation (letters of any script stay), spaces to '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(java.util.Locale.ROOT);
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == ' ') {
                s.append('-');
            } else if (cp == '-' || cp == '_' || Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                s.appendCodePoint(cp);
            }
        });
        return s.toString();
    }

    /** Every anchor a page offers, numbered as GitHub numbers repeated headings (-1, -2, ...). */
    static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Section s : sections(read(file))) {
            if (s.level() > 0) {
                String slug = slug(s.heading());
                int k = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(k == 0 ? slug : slug + "-" + k);
            }
        }
        return anchors;
    }

    /** Links of a page (outside code) that name no file, or a heading the file does not have. */
    public static List<String> brokenLinks(Path root, Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(file)) {
            return problems;
        }
        List<String> lines = read(file);
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto:, ...
                }
                int hashAt = target.indexOf('#');
                String path = hashAt < 0 ? target : target.substring(0, hashAt);
                String anchor = hashAt < 0 ? null : target.substring(hashAt + 1);
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(java.net.URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
                String where = root.relativize(file) + ":" + (i + 1) + ": the link " + target;
                if (!Files.exists(resolved)) {
                    problems.add(where + " names no file (" + root.relativize(resolved) + ")");
                } else if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(java.net.URLDecoder.decode(anchor, StandardCharsets.UTF_8))) {
                    problems.add(where + " names no heading of " + root.relativize(resolved));
                }
            }
        }
        return problems;
    }

    /** Everything that keeps one page's editions apart: {@link #check}, then the broken links of either edition. */
    public static List<String> problems(Path root, Page page) throws IOException {
        List<String> problems = new ArrayList<>(check(root, page));
        problems.addAll(brokenLinks(root, page.english()));
        problems.addAll(brokenLinks(root, page.chinese()));
        return problems;
    }

    /** What belongs to no one page: Chinese pages without an English one, and the glossary's links. */
    public static List<String> courseProblems(Path root, List<Page> pages) throws IOException {
        List<String> problems = new ArrayList<>(strayChinesePages(root, pages));
        problems.addAll(brokenLinks(root, root.resolve("chapters/zh/glossary.md")));
        return problems;
    }

    /** Writes the stamps of a page whose structure is in step (the translator's "this section is up to date"). */
    public static List<String> stamp(Path root, Page page) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(page.chinese())) {
            problems.add(root.relativize(page.chinese()) + " is missing: nothing to stamp");
            return problems;
        }
        List<Section> english = sections(read(page.english()));
        List<String> lines = new ArrayList<>(read(page.chinese()));
        List<Section> chinese = sections(lines);
        boolean sameHeadings = english.size() == chinese.size();
        for (int i = 0; sameHeadings && i < english.size(); i++) {
            sameHeadings = english.get(i).level() == chinese.get(i).level();
        }
        if (!sameHeadings) {
            problems.add("not stamped: the headings of " + root.relativize(page.chinese()) + " do not match "
                    + root.relativize(page.english()) + " yet (./course editions " + page.name() + " shows where)");
            return problems;
        }
        for (int i = chinese.size() - 1; i >= 0; i--) { // from the end, so that earlier line numbers stay right
            Section c = chinese.get(i);
            if (c.level() == 0) {
                continue;
            }
            String stampLine = "<!-- en: " + hash(english.get(i)) + " -->";
            int headingAt = c.line() - 1;
            if (c.stamp() != null) {
                lines.set(headingAt + 1, stampLine);
            } else {
                lines.add(headingAt + 1, stampLine);
            }
        }
        Files.writeString(page.chinese(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return problems;
    }

    /** {@code java tests/build/Editions.java [NAME...] [--stamp]}: exit 0 when in step, 1 when not, 2 on a bad name. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        List<Page> all = pages(root);
        boolean stamp = false;
        List<Page> chosen = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--stamp")) {
                stamp = true;
                continue;
            }
            Page page = all.stream().filter(p -> p.name().equals(arg)).findFirst().orElse(null);
            if (page == null) {
                System.err.println("course: no page '" + arg + "' (one of: "
                        + String.join(", ", all.stream().map(Page::name).toList()) + ")");
                System.exit(2);
            }
            chosen.add(page);
        }
        if (chosen.isEmpty()) {
            if (stamp) {
                System.err.println("course: name the page to stamp: ./course editions --stamp NN (NN, README, START or instructor-guide)");
                System.exit(2);
            }
            chosen = all;
        }
        int bad = 0;
        for (Page page : chosen) {
            List<String> problems = new ArrayList<>(stamp ? stamp(root, page) : List.of());
            problems.addAll(problems(root, page));
            if (problems.isEmpty()) {
                System.out.println((stamp ? "stamped, in step  " : "in step  ") + root.relativize(page.chinese()));
            } else {
                bad++;
                System.out.println("NOT in step  " + root.relativize(page.chinese()));
                problems.forEach(p -> System.out.println("  " + p));
            }
        }
        if (args.length == 0) {
            List<String> rest = courseProblems(root, all);
            rest.forEach(p -> System.out.println("  " + p));
            bad += rest.size();
        }
        System.out.println(bad == 0 ? chosen.size() + " page(s) in step" : "not in step: " + bad + " problem page(s) or file(s)");
        System.exit(bad == 0 ? 0 : 1);
    }
}
