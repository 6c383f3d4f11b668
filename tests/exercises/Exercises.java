package exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import exercises.Runner.Lang;

/**
 * The exercises, read from markers in the course's own code (issue 10), and the learner's workspace.
 * <p>
 * A marker is two comment lines around a method body in jbang-scripts/wsfs:
 * <pre>
 *   // EXERCISE 05-header-lengths: what the body must do (RFC 6455 section 5.2)
 *   ...the course's code...
 *   // END EXERCISE
 * </pre>
 * The stub keeps both lines and puts a TODO in between, so exercise and solution come from the same place and
 * cannot drift. One exercise may mark several methods (the same id). The workspace is {@code workspace/}: a copy
 * of jbang-scripts/ whose marked bodies of the chapters started are the learner's. A stub made with {@code --lang zh}
 * (issue 14) has, right after the marker, a {@code // 中文：} line saying the same ({@link ExercisesZh}), and a Chinese
 * TODO under the English one; that line belongs to the marker, not to the body: a solution applied keeps it.
 */
public final class Exercises {
    static final Pattern START = Pattern.compile("^(\\s*)// EXERCISE (\\d\\d-[a-z0-9-]+): (.*)$");
    static final String END = "// END EXERCISE";
    static final Path COURSE = Path.of("jbang-scripts");
    static final Path WORKSPACE = Path.of("workspace");
    static final Path WS_SOURCES = WORKSPACE.resolve("jbang-scripts");
    static final Path STATE = WORKSPACE.resolve(".state");

    /** A marked body: the file (relative to jbang-scripts/), the method it belongs to, and its lines. */
    public record Region(String file, String method, String task, List<String> body) {
    }

    public record Exercise(String id, String chapter, String task, List<Region> regions) {
        public int lines() {
            return regions.stream().mapToInt(r -> (int) r.body().stream().filter(l -> !l.isBlank()).count()).sum();
        }
    }

    private Exercises() {
    }

    // ---- markers ------------------------------------------------------------------------------------------

    /** Every exercise marked under {@code root} (a jbang-scripts folder), by id in order. */
    public static Map<String, Exercise> scan(Path root) {
        Map<String, List<Region>> regions = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("wsfs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = START.matcher(lines.get(i));
                    if (!m.matches()) {
                        continue;
                    }
                    int end = endOf(lines, i, rel);
                    regions.computeIfAbsent(m.group(2), k -> new ArrayList<>())
                            .add(new Region(rel, methodAbove(lines, i), m.group(3), List.copyOf(lines.subList(bodyStart(lines, i), end))));
                    i = end;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Exercise> out = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(regions.keySet());
        order.sort(java.util.Comparator.comparing(Exercises::teachingOrder));
        Map<String, List<Region>> sorted = new LinkedHashMap<>();
        order.forEach(id -> sorted.put(id, regions.get(id)));
        sorted.forEach((id, rs) -> out.put(id, new Exercise(id, id.substring(0, 2), rs.get(0).task(), List.copyOf(rs))));
        return out;
    }

    /** Chapter, then the position of the exercise's first stage in that chapter (the order the chapter teaches). */
    static String teachingOrder(String id) {
        List<Stage> stages = Catalog.stages(id.substring(0, 2));
        int at = 0;
        while (at < stages.size() && !stages.get(at).exercise().equals(id)) {
            at++;
        }
        return id.substring(0, 2) + "%03d".formatted(at) + id;
    }

    private static int endOf(List<String> lines, int start, String file) {
        for (int j = start + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals(END)) {
                return j;
            }
            if (START.matcher(lines.get(j)).matches()) {
                break;
            }
        }
        throw new IllegalStateException(file + ":" + (start + 1) + ": an EXERCISE marker without its " + END);
    }

    /** The marker's Chinese line ({@code // 中文：...}), which only a stub made in Chinese has. */
    static boolean isChineseLine(String line) {
        return line.strip().startsWith(ExercisesZh.MARKER_PREFIX);
    }

    /** The first line of the body a marker opens: the next one, or the one after the marker's Chinese line. */
    private static int bodyStart(List<String> lines, int marker) {
        return marker + 1 < lines.size() && isChineseLine(lines.get(marker + 1)) ? marker + 2 : marker + 1;
    }

    /** "firstTwoBytes(...)": the name of the method whose body a marker opens. */
    private static String methodAbove(List<String> lines, int marker) {
        for (int j = marker - 1; j >= 0; j--) {
            Matcher m = Pattern.compile("(\\w+)\\s*\\(").matcher(lines.get(j));
            if (!lines.get(j).strip().startsWith("*") && !lines.get(j).strip().startsWith("/") && m.find()) {
                String name = m.group(1);
                while (m.find() && List.of("public", "private", "static", "synchronized", "final").contains(name)) {
                    name = m.group(1);
                }
                return name + "()";
            }
        }
        return "?";
    }

    /** The stub of a body: a TODO that throws, so the file compiles and the stages say what is missing. */
    static List<String> stubBody(String indent, String id, Lang lang) {
        String chapter = id.substring(0, 2);
        List<String> body = new ArrayList<>();
        body.add(indent + "// TODO: write this body; ./course check " + chapter + " says what each stage expects.");
        if (lang == Lang.ZH) {
            body.add(indent + ExercisesZh.todo(chapter));
        }
        body.add(indent + "throw new UnsupportedOperationException(\"TODO " + id + "\");");
        return body;
    }

    /** A body as the stub left it, in either language: comments and the one line that throws "TODO id". */
    static boolean isStub(List<String> body, String id) {
        List<String> code = body.stream().filter(l -> !l.strip().startsWith("//")).toList();
        return code.size() == 1 && code.get(0).contains("\"TODO " + id + "\"");
    }

    /**
     * {@code text} with the bodies of the given exercises replaced: by the stub, or (solution) by the course's
     * bodies in order. Lines outside the markers are kept as they are. A solution keeps a marker's Chinese line; a
     * stub has one in Chinese ({@code lang} ZH) and none in English.
     */
    public static String replaceBodies(String text, java.util.function.Predicate<String> ids, Map<String, List<List<String>>> solution) {
        return replaceBodies(text, ids, solution, Lang.EN);
    }

    static String replaceBodies(String text, java.util.function.Predicate<String> ids, Map<String, List<List<String>>> solution, Lang lang) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        Map<String, Integer> seen = new java.util.HashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i));
            Matcher m = START.matcher(lines.get(i));
            if (!m.matches() || !ids.test(m.group(2))) {
                continue;
            }
            int end = endOf(lines, i, "(workspace)");
            String id = m.group(2);
            int n = seen.merge(id, 1, Integer::sum) - 1;
            boolean hasChinese = bodyStart(lines, i) == i + 2;
            if (solution != null) {
                if (hasChinese) {
                    out.add(lines.get(i + 1));
                }
                out.addAll(solution.get(id).get(n));
            } else {
                String zh = ExercisesZh.marker(id, m.group(3));
                if (lang == Lang.ZH && zh != null) {
                    out.add(m.group(1) + ExercisesZh.MARKER_PREFIX + zh);
                }
                out.addAll(stubBody(m.group(1), id, lang));
            }
            i = end - 1; // the END line is copied next
        }
        return String.join("\n", out);
    }

    public static String stub(String text, java.util.function.Predicate<String> ids) {
        return stub(text, ids, Lang.EN);
    }

    /** The stub in the language asked for: in Chinese, each marker is followed by its {@code // 中文：} line. */
    public static String stub(String text, java.util.function.Predicate<String> ids, Lang lang) {
        return replaceBodies(text, ids, null, lang);
    }

    /** The bodies of exercise {@code id} as they are in the given file text (for diffs and status). */
    public static List<List<String>> bodiesIn(String text, String id) {
        List<String> lines = List.of(text.split("\n", -1));
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = START.matcher(lines.get(i));
            if (m.matches() && m.group(2).equals(id)) {
                int end = endOf(lines, i, "(workspace)");
                out.add(List.copyOf(lines.subList(bodyStart(lines, i), end)));
                i = end;
            }
        }
        return out;
    }

    // ---- the workspace ------------------------------------------------------------------------------------

    static Properties state() {
        Properties p = new Properties();
        if (Files.exists(STATE)) {
            try (var in = Files.newBufferedReader(STATE)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    static void saveState(Properties p) {
        try {
            Files.createDirectories(WORKSPACE);
            try (var out = Files.newBufferedWriter(STATE)) {
                p.store(out, "./course exercise: which chapters are started and passed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called by the runner after a check of the workspace (not in the build's own checks). */
    static void recordCheck(String chapter, boolean passed) {
        if (!Files.isDirectory(WS_SOURCES) || System.getProperty("exercises.workspace") == null) {
            return;
        }
        Properties p = state();
        p.setProperty("passed." + chapter, String.valueOf(passed));
        saveState(p);
    }

    static String status(Exercise ex, Properties state) throws IOException {
        if (!state.containsKey("started." + ex.chapter())) {
            return "not started";
        }
        boolean allStub = true;
        boolean allCourse = true;
        for (String name : ex.regions().stream().map(Region::file).distinct().toList()) {
            Path file = WS_SOURCES.resolve(name);
            if (!Files.exists(file)) {
                return "file missing";
            }
            List<List<String>> bodies = bodiesIn(Files.readString(file), ex.id());
            List<List<String>> course = ex.regions().stream().filter(r -> r.file().equals(name)).map(Region::body).toList();
            for (List<String> body : bodies) {
                allStub &= isStub(body, ex.id());
            }
            allCourse &= bodies.equals(course);
        }
        String written = allStub ? "to do" : allCourse ? "course's code" : "written";
        if (!allStub && "true".equals(state.getProperty("passed." + ex.chapter()))) {
            return written + ", checks passed";
        }
        return written;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static List<Exercise> ofChapter(Map<String, Exercise> all, String chapter) {
        return all.values().stream().filter(e -> e.chapter().equals(chapter)).toList();
    }

    static void prepare(String chapter, boolean reset, Lang lang) throws IOException {
        boolean zh = lang == Lang.ZH;
        Map<String, Exercise> all = scan(COURSE);
        List<Exercise> mine = ofChapter(all, chapter);
        if (mine.isEmpty()) {
            usage(noExercises(chapter));
        }
        boolean fresh = !Files.isDirectory(WS_SOURCES);
        copyTree(COURSE, WS_SOURCES); // files missing from the workspace come from the course; none is overwritten
        Properties state = state();
        boolean started = state.containsKey("started." + chapter);
        if (started && !reset) {
            System.out.println(zh ? ExercisesZh.alreadyStarted(chapter) : "Chapter " + chapter
                    + "'s exercises are already in the workspace (kept as you left them; --reset starts them over):");
        } else {
            for (String file : mine.stream().flatMap(e -> e.regions().stream()).map(Region::file).distinct().toList()) {
                Path path = WS_SOURCES.resolve(file);
                String current = Files.readString(path);
                String text = current;
                if (mine.stream().anyMatch(e -> bodiesIn(current, e.id()).size() != e.regions().stream().filter(r -> r.file().equals(file)).count())) {
                    text = Files.readString(COURSE.resolve(file)); // the markers were edited away: start from the course's file
                }
                Files.writeString(path, stub(text, id -> id.startsWith(chapter + "-"), lang));
            }
            state.setProperty("started." + chapter, "true");
            state.remove("passed." + chapter);
            saveState(state);
            System.out.println(zh
                    ? (fresh ? ExercisesZh.workspaceCreated() : "") + (reset ? ExercisesZh.startsOver(chapter) : "")
                            + ExercisesZh.writeTheseBodies(chapter)
                    : (fresh ? "Created workspace/ (a copy of jbang-scripts/; git ignores it). " : "")
                            + (reset ? "Chapter " + chapter + " starts over. " : "") + "Chapter " + chapter + ": write these bodies:");
        }
        for (Exercise e : mine) {
            System.out.printf("  %-20s %s%n", e.id(), task(e, lang));
            for (Region r : e.regions()) {
                System.out.printf("  %-20s   workspace/jbang-scripts/%s, %s%n", "", r.file(), r.method());
            }
        }
        System.out.println(zh ? ExercisesZh.then(chapter) : "Then: ./course check " + chapter
                + "   (--hint when stuck; ./course solution " + chapter + " shows the course's code)");
        System.out.println(zh ? ExercisesZh.runsInTheScripts(scriptOf(chapter))
                : "Your code runs in the scripts too: ./jbang workspace/jbang-scripts/" + scriptOf(chapter));
    }

    /** What an exercise asks for, in the language asked for (English if it has no Chinese text). */
    static String task(Exercise e, Lang lang) {
        String zh = lang == Lang.ZH ? ExercisesZh.marker(e.id(), e.task()) : null;
        return zh != null ? zh : e.task();
    }

    /** A challenge's description in the language asked for (English if it has no Chinese one). */
    static String description(Stage challenge, Lang lang) {
        String zh = lang == Lang.ZH ? ExercisesZh.challenge(challenge) : null;
        return zh != null ? zh : challenge.name();
    }

    /** {@code text} padded with spaces to {@code columns} terminal columns; a Chinese character takes two. */
    static String pad(String text, int columns) {
        int used = text.codePoints().map(c -> c >= 0x2E80 ? 2 : 1).sum();
        return text + " ".repeat(Math.max(0, columns - used));
    }

    static String scriptOf(String chapter) {
        try (Stream<Path> s = Files.list(COURSE)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(chapter + "_")).findFirst().orElse(chapter + "_*.java");
        } catch (IOException e) {
            return chapter + "_*.java";
        }
    }

    static void list(Lang lang) throws IOException {
        boolean zh = lang == Lang.ZH;
        Map<String, Exercise> all = scan(COURSE);
        Properties state = state();
        System.out.println(zh
                ? String.join(" ", pad(ExercisesZh.LIST_COLUMNS.get(0), 20), pad(ExercisesZh.LIST_COLUMNS.get(1), 7),
                        pad(ExercisesZh.LIST_COLUMNS.get(2), 5), pad(ExercisesZh.LIST_COLUMNS.get(3), 30), ExercisesZh.LIST_COLUMNS.get(4))
                : "%-20s %-7s %-5s %-30s %s".formatted("exercise", "chapter", "lines", "status", "what to write"));
        for (Exercise e : all.values()) {
            System.out.printf("%-20s %-7s %5d %-30s %s%n", e.id(), e.chapter(), e.lines(), status(e, state), task(e, lang));
        }
        System.out.println("\n" + (zh ? ExercisesZh.challengesHeading() : "Challenges, for when a chapter's stages pass (./course check NN --challenges):"));
        for (String chapter : Catalog.checkedChapters()) {
            Catalog.stages(chapter).stream().filter(Stage::challenge)
                    .forEach(c -> System.out.printf("  %-20s %s%n", c.exercise(), description(c, lang)));
        }
        String challengeOnly = String.join(", ", Catalog.challengeOnlyChapters());
        System.out.println("\n" + (zh ? ExercisesZh.listFooter(String.join("、", Catalog.challengeOnlyChapters()))
                : "./course exercise NN prepares chapter NN's; ./course check NN checks them (and every earlier chapter's)."
                        + "\nChapters " + challengeOnly + " have no exercises, only a checked challenge:"
                        + " ./course check NN runs it on your workspace (or on the course's code if you have none)."));
    }

    /** The workspace files that differ from the course's: the only ones {@code ./course check} compiles. */
    static void changedFiles() throws IOException {
        if (!Files.isDirectory(WS_SOURCES)) {
            return;
        }
        try (Stream<Path> files = Files.walk(WS_SOURCES.resolve("wsfs"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path course = COURSE.resolve(WS_SOURCES.relativize(p).toString());
                if (p.toString().contains("/bench/")) {
                    continue;
                }
                if (!Files.exists(course) || Files.mismatch(p, course) != -1) {
                    System.out.println(p);
                }
            }
        }
    }

    static void solution(String chapter, boolean apply, Lang lang) throws IOException {
        Map<String, Exercise> all = scan(COURSE);
        List<Exercise> mine = ofChapter(all, chapter);
        if (mine.isEmpty()) {
            usage(noExercises(chapter));
        }
        if (!state().containsKey("started." + chapter)) {
            usage("chapter " + chapter + " is not in the workspace yet: ./course exercise " + chapter + " first");
        }
        for (Exercise e : mine) {
            for (String file : e.regions().stream().map(Region::file).distinct().toList()) {
                Path path = WS_SOURCES.resolve(file);
                String text = Files.readString(path);
                List<List<String>> theirs = bodiesIn(text, e.id());
                List<Region> course = e.regions().stream().filter(r -> r.file().equals(file)).toList();
                if (theirs.size() != course.size()) {
                    usage("workspace/jbang-scripts/" + file + " lost the markers of " + e.id() + ": ./course exercise " + chapter + " --reset");
                }
                if (apply) {
                    Files.writeString(path, replaceBodies(text, id -> id.equals(e.id()),
                            Map.of(e.id(), course.stream().map(Region::body).toList())));
                    continue;
                }
                for (int i = 0; i < course.size(); i++) {
                    System.out.print(Diff.unified("workspace/jbang-scripts/" + file + " " + course.get(i).method() + " (yours)",
                            "jbang-scripts/" + file + " " + course.get(i).method() + " (the course's)", theirs.get(i), course.get(i).body()));
                }
            }
        }
        if (apply) {
            System.out.println(lang == Lang.ZH ? ExercisesZh.solutionApplied(chapter)
                    : "The course's code for chapter " + chapter + " is now in the workspace. ./course check " + chapter + " should pass.");
        }
    }

    static String noExercises(String chapter) {
        String more = Catalog.challengeOnlyChapters().contains(chapter)
                ? "; its challenge has a check: ./course check " + chapter + " --challenges" : "";
        return "chapter " + chapter + " has no exercises (they are in chapters " + String.join(", ", Catalog.chapters()) + ")" + more;
    }

    static void usage(String message) {
        refuse("course: " + message);
    }

    private static void refuse(String line) {
        System.err.println(line);
        System.exit(2);
    }

    /**
     * {@code java exercises.Exercises list | prepare NN [--reset] | solution NN [--apply] | changed-files}, each with
     * {@code [--lang en|zh]}; without --lang, COURSE_LANG chooses the language (English when it is unset).
     */
    public static void main(String[] args) throws IOException {
        String command = args.length > 0 ? args[0] : "list";
        List<String> rest = new ArrayList<>();
        Lang lang = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--lang") || a.startsWith("--lang=")) {
                String name = a.equals("--lang") ? (i + 1 < args.length ? args[++i] : "") : a.substring("--lang=".length());
                lang = Lang.of(name);
                if (lang == null) {
                    refuse(Runner.languageMistake("--lang takes", name));
                }
            } else if (a.startsWith("--") && !List.of("--reset", "--apply").contains(a)) {
                usage("unknown option " + a + " (./course help)");
            } else {
                rest.add(a);
            }
        }
        if (lang == null) {
            lang = Lang.fromEnvironment();
            if (lang == null) {
                refuse(Runner.languageMistake("COURSE_LANG must be", System.getenv("COURSE_LANG")));
            }
        }
        if (lang == Lang.ZH) {
            Runner.chineseReadyStdout();
        }
        String chapter = rest.stream().filter(a -> !a.startsWith("--")).findFirst().orElse(null);
        if (chapter != null && !chapter.matches("\\d\\d")) {
            usage("chapters are named by two digits, like 03 (got '" + chapter + "')");
        }
        switch (command) {
            case "list" -> list(lang);
            case "prepare" -> {
                if (chapter == null) {
                    list(lang);
                } else {
                    prepare(chapter, rest.contains("--reset"), lang);
                }
            }
            case "solution" -> {
                if (chapter == null) {
                    usage("name the chapter: ./course solution NN [--apply] [--lang en|zh]");
                }
                solution(chapter, rest.contains("--apply"), lang);
            }
            case "changed-files" -> changedFiles();
            default -> usage("unknown exercise command " + command);
        }
    }
}
