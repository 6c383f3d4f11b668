package build;

import ch01.ScriptRun;
import exercises.Catalog;
import exercises.Exercises;
import exercises.ExercisesZh;
import exercises.HintsZh;
import exercises.Runner.Lang;
import exercises.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chinese texts of {@code ./course exercise} (issue 14) stay in step with the English ones: every EXERCISE
 * marker in jbang-scripts and every challenge of the catalog has a Chinese text in ExercisesZh.java, every Chinese
 * text has its marker or challenge, and each keeps the English text's code names and numbers. Then a workspace made
 * with {@code --lang zh}, driven as ./course drives it (java exercises.Exercises, javac on the changed files, java
 * exercises.Runner), has the {@code // 中文：} lines, compiles, fails its first stage as in English, and passes once
 * {@code solution --apply} has put the course's code in; and a language that is not en or zh is one line and exit 2.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ExercisesZhTest {
    static final Pattern MARKER = Pattern.compile("^\\s*// EXERCISE (\\d\\d-[a-z0-9-]+): (.*)$");
    static final String CHAPTER = "01";

    /** Every marker line under jbang-scripts, as ExercisesZh keys it ("id: task"). */
    static Set<String> markersInTheCode() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("jbang-scripts"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = MARKER.matcher(line);
                    if (m.matches()) {
                        keys.add(ExercisesZh.markerKey(m.group(1), m.group(2)));
                    }
                }
            }
        }
        return keys;
    }

    /** Every challenge of every chapter (chapter 26's needs the test class path's Jedis). */
    static List<Stage> challenges() {
        List<Stage> all = new ArrayList<>();
        for (String chapter : Catalog.checkedChapters()) {
            Catalog.stages(chapter).stream().filter(Stage::challenge).forEach(all::add);
        }
        return all;
    }

    static void sameKeys(String what, Set<String> english, Set<String> chinese) {
        Set<String> missing = new TreeSet<>(english);
        missing.removeAll(chinese);
        Set<String> extra = new TreeSet<>(chinese);
        extra.removeAll(english);
        assertTrue(missing.isEmpty(), what + " without a Chinese text in tests/exercises/ExercisesZh.java: " + missing);
        assertTrue(extra.isEmpty(), "Chinese texts in tests/exercises/ExercisesZh.java for no " + what + " (edited or removed?): " + extra);
    }

    @Test
    void everyMarkerAndEveryChallengeHasAChineseTextAndEveryChineseTextItsEnglishOne() throws IOException {
        Set<String> markers = markersInTheCode();
        assertTrue(markers.size() >= 30, "only " + markers.size() + " markers found");
        sameKeys("EXERCISE markers", markers, ExercisesZh.markerKeys());
        List<Stage> challenges = challenges();
        assertTrue(challenges.size() >= 17, "only " + challenges.size() + " challenges: is chapter 26's Jedis missing from the class path?");
        sameKeys("challenges", new TreeSet<>(challenges.stream().map(HintsZh::key).toList()), ExercisesZh.challengeKeys());
    }

    /** Dotted names and section numbers (5.5.1), camelCase names (keyOffset), names with two capitals (FIN, EOFException), numbers. */
    static final Pattern KEPT = Pattern.compile(
            "[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)+|\\b\\w*[a-z]\\w*[A-Z]\\w*\\b|\\b[A-Z]\\w*[A-Z]\\w*\\b|\\b\\d+\\b");

    static void keepsTheCodeNamesAndNumbers(String what, String english, String chinese) {
        assertTrue(chinese.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                what + ": the Chinese text has no Chinese in it: " + chinese);
        Matcher m = KEPT.matcher(english);
        while (m.find()) {
            String name = m.group().matches("[A-Z]{2,}s") ? m.group().substring(0, m.group().length() - 1) : m.group(); // LFs: LF
            assertTrue(chinese.contains(name), what + ": the Chinese text lacks \"" + name + "\" of the English one:\n  "
                    + english + "\n  " + chinese);
        }
        assertFalse(chinese.contains("section"), what + ": RFC 6455 第 N 节, not \"section\": " + chinese);
    }

    @Test
    void theChineseTextsKeepTheCodeNamesAndSectionNumbersOfTheEnglishOnes() throws IOException {
        for (String key : markersInTheCode()) {
            String[] idAndTask = key.split(": ", 2);
            String zh = ExercisesZh.marker(idAndTask[0], idAndTask[1]);
            if (zh != null) {
                keepsTheCodeNamesAndNumbers(key, idAndTask[1], zh);
            }
        }
        for (Stage c : challenges()) {
            String zh = ExercisesZh.challenge(c);
            if (zh != null) {
                keepsTheCodeNamesAndNumbers(HintsZh.key(c), c.name(), zh);
            }
        }
    }

    @Test
    void aChineseStubKeepsTheEnglishMarkersSoTheSolutionAndAnEnglishResetGiveTheCoursesFileBack() throws IOException {
        for (Exercises.Exercise e : Exercises.scan(Path.of("jbang-scripts")).values()) {
            for (String file : e.regions().stream().map(Exercises.Region::file).distinct().toList()) {
                String course = Files.readString(Path.of("jbang-scripts", file));
                String zh = Exercises.stub(course, id -> id.equals(e.id()), Lang.ZH);
                List<Exercises.Region> regions = e.regions().stream().filter(r -> r.file().equals(file)).toList();
                List<String> lines = zh.lines().toList();
                for (Exercises.Region r : regions) {
                    String marker = "// EXERCISE " + e.id() + ": " + r.task();
                    int at = lines.stream().map(String::strip).toList().indexOf(marker);
                    assertTrue(at >= 0, file + " keeps the English marker " + marker);
                    assertEquals(ExercisesZh.MARKER_PREFIX + ExercisesZh.marker(e.id(), r.task()), lines.get(at + 1).strip(),
                            e.id() + ": the Chinese line right after " + marker);
                }
                List<List<String>> stubs = Exercises.bodiesIn(zh, e.id());
                assertEquals(regions.size(), stubs.size(), e.id() + ": every marker is found again in the Chinese stub");
                stubs.forEach(b -> assertTrue(b.stream().anyMatch(l -> l.contains("// TODO：")), e.id() + ": a Chinese TODO: " + b));
                String solved = Exercises.replaceBodies(zh, id -> id.equals(e.id()),
                        Map.of(e.id(), regions.stream().map(Exercises.Region::body).toList()));
                assertEquals(course, withoutChineseLines(solved), e.id() + ": the solution applied is the course's code with the Chinese lines");
                assertEquals(Exercises.stub(course, id -> id.equals(e.id())), Exercises.stub(zh, id -> id.equals(e.id()), Lang.EN),
                        e.id() + ": an English --reset of a Chinese stub is the English stub");
            }
        }
    }

    static String withoutChineseLines(String text) {
        return String.join("\n", text.lines().filter(l -> !l.strip().startsWith(ExercisesZh.MARKER_PREFIX)).toList())
                + (text.endsWith("\n") ? "\n" : "");
    }

    // ---- a workspace made in Chinese, driven as ./course drives it -------------------------------------------

    static final Path PROJECT = Path.of("").toAbsolutePath();

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A command in {@code dir}; COURSE_LANG as given (null: unset). */
    static ScriptRun run(Path dir, String courseLang, List<String> command) throws Exception {
        return CourseLangRun.run(new ProcessBuilder(command).directory(dir.toFile()), courseLang);
    }

    /** java exercises.Exercises ARGS in {@code dir}, whose jbang-scripts is the course's. */
    static ScriptRun exercises(Path dir, String courseLang, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator, PROJECT.resolve("target/test-classes").toString(), PROJECT.resolve("target/classes").toString()),
                "exercises.Exercises"));
        command.addAll(List.of(args));
        return run(dir, courseLang, command);
    }

    /** What ./course check does: javac the workspace files that differ from the course's, then java exercises.Runner. */
    static ScriptRun check(Path dir, String... args) throws Exception {
        ScriptRun changed = exercises(dir, null, "changed-files");
        assertEquals(0, changed.status(), changed.err());
        Path classes = dir.resolve("workspace/classes");
        Files.createDirectories(classes);
        List<String> files = changed.out().lines().map(f -> dir.resolve(f).toString()).toList();
        if (!files.isEmpty()) {
            List<String> javac = new ArrayList<>(List.of("-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-cp",
                    PROJECT.resolve("target/classes").toString(), "-d", classes.toString()));
            javac.addAll(files);
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
                    javac.toArray(String[]::new));
            assertEquals(0, rc, "the workspace compiles:\n" + errors.toString(StandardCharsets.UTF_8));
        }
        List<String> command = new ArrayList<>(List.of(java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dexercises.workspace=true",
                "-cp", String.join(File.pathSeparator, classes.toString(), PROJECT.resolve("target/test-classes").toString(),
                        PROJECT.resolve("target/classes").toString()), "exercises.Runner"));
        command.addAll(List.of(args));
        return run(dir, null, command);
    }

    static String firstFailureLine(ScriptRun r) {
        return r.out().lines().filter(l -> l.startsWith("First failure: ")).findFirst().orElse("(none)\n" + r.out() + r.err());
    }

    @Test
    void aWorkspaceMadeInChineseCompilesFailsAsInEnglishAndPassesWithTheSolution(@TempDir Path dir) throws Exception {
        Exercises.copyTree(PROJECT.resolve("jbang-scripts"), dir.resolve("jbang-scripts")); // the course's sources, for a project of the test's own
        ScriptRun prepared = exercises(dir, "zh", "prepare", CHAPTER);
        assertEquals(0, prepared.status(), prepared.out() + prepared.err());
        List<Exercises.Exercise> mine = Exercises.scan(Path.of("jbang-scripts")).values().stream()
                .filter(e -> e.chapter().equals(CHAPTER)).toList();
        for (Exercises.Exercise e : mine) {
            assertTrue(prepared.out().contains(ExercisesZh.marker(e.id(), e.task())), "the Chinese task of " + e.id() + ":\n" + prepared.out());
            for (Exercises.Region r : e.regions()) {
                String text = Files.readString(dir.resolve("workspace/jbang-scripts").resolve(r.file()));
                assertTrue(text.contains(ExercisesZh.MARKER_PREFIX + ExercisesZh.marker(e.id(), r.task()) + "\n"),
                        r.file() + " has the Chinese line of " + e.id() + ": " + r.task());
            }
        }
        ScriptRun list = exercises(dir, null, "list", "--lang", "zh");
        for (Exercises.Exercise e : mine) {
            assertTrue(list.out().contains("%-20s %-7s %5d %-30s %s".formatted(e.id(), e.chapter(), e.lines(), "to do",
                    ExercisesZh.marker(e.id(), e.task()))), "the list says " + e.id() + " is to do, in Chinese:\n" + list.out());
        }

        ScriptRun zh = check(dir, CHAPTER, "--lang", "zh");
        ScriptRun en = check(dir, CHAPTER);
        assertEquals(1, zh.status(), zh.out() + zh.err());
        assertEquals(firstFailureLine(en), firstFailureLine(zh), "the Chinese stub fails where the English one does");
        Stage first = Catalog.stages(CHAPTER).getFirst();
        assertEquals("First failure: " + first.exercise() + ", \"" + first.name() + "\"", firstFailureLine(zh));
        Exercises.Exercise firstExercise = mine.stream().filter(e -> e.id().equals(first.exercise())).findFirst().orElseThrow();
        assertTrue(zh.out().contains("  Write:     " + ExercisesZh.marker(firstExercise.id(), firstExercise.task()) + "\n"), zh.out());

        ScriptRun diff = exercises(dir, "zh", "solution", CHAPTER);
        assertEquals(0, diff.status(), diff.err());
        assertFalse(diff.out().contains(ExercisesZh.MARKER_PREFIX), "the Chinese lines are not in the diff:\n" + diff.out());
        assertTrue(diff.out().contains("+++ jbang-scripts/"), diff.out());
        ScriptRun applied = exercises(dir, "zh", "solution", CHAPTER, "--apply");
        assertEquals(0, applied.status(), applied.out() + applied.err());
        assertTrue(applied.out().contains(ExercisesZh.solutionApplied(CHAPTER)), applied.out());
        ScriptRun passed = check(dir, CHAPTER, "--lang", "zh");
        assertEquals(0, passed.status(), "check passes after solution --apply:\n" + passed.out() + passed.err());
        ScriptRun after = exercises(dir, null, "list");
        assertTrue(after.out().contains("course's code, checks passed"), after.out());
    }

    @Test
    void anotherLanguageForExerciseIsOneLineAndStatus2() throws Exception {
        Path here = PROJECT;
        CourseLangRun.oneLineStatus2("./course exercise --lang xx", run(here, null, List.of("bash", "course", "exercise", "--lang", "xx")),
                "course: --lang takes en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("./course exercise 01 --lang=xx", run(here, null, List.of("bash", "course", "exercise", "01", "--lang=xx")),
                "course: --lang takes en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("COURSE_LANG=xx ./course exercise", run(here, "xx", List.of("bash", "course", "exercise")),
                "course: COURSE_LANG must be en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("./course solution 01 --lang xx", run(here, null, List.of("bash", "course", "solution", "01", "--lang", "xx")),
                "course: --lang takes en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("java exercises.Exercises list --lang xx", exercises(here, null, "list", "--lang", "xx"),
                "course: --lang takes en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("COURSE_LANG=xx java exercises.Exercises list", exercises(here, "xx", "list"),
                "course: COURSE_LANG must be en or zh (got 'xx')");
        ScriptRun en = exercises(here, "xx", "list", "--lang", "en");
        assertEquals(0, en.status(), "--lang en wins over COURSE_LANG: " + en.err());
        assertTrue(en.out().startsWith("exercise "), en.out());
    }
}
