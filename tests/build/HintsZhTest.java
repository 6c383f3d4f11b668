package build;

import ch01.ScriptRun;
import exercises.Catalog;
import exercises.Exercises;
import exercises.HintsZh;
import exercises.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chinese exercise hints (issue 14) stay in step with the English ones: every stage's short hint and every long
 * hint of Hints.java has a Chinese version in HintsZh.java, every Chinese version has its English counterpart, and
 * each keeps the English hint's code names and section numbers. Then {@code ./course check NN --lang zh} (and
 * COURSE_LANG=zh) prints them: chapter 01's check runs, as a person runs it (java exercises.Runner), on a stub of
 * 01-exact-and-line compiled the way ExercisesTest compiles stubs; and a language that is not en or zh is one line
 * and exit status 2, from the Runner and from ./course.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HintsZhTest {
    static final String EXERCISE = "01-exact-and-line";
    static Path stubClasses;

    /** Every stage of every chapter, with the challenges (chapter 26's need the test class path's Jedis). */
    static List<Stage> allStages() {
        List<Stage> all = new ArrayList<>();
        for (String chapter : Catalog.checkedChapters()) {
            all.addAll(Catalog.stages(chapter));
        }
        return all;
    }

    @Test
    void everyStageHasAChineseShortHintAndEveryChineseOneAStage() {
        Set<String> stages = new LinkedHashSet<>();
        for (Stage s : allStages()) {
            assertTrue(stages.add(HintsZh.key(s)), "two stages are both called " + HintsZh.key(s));
        }
        assertTrue(stages.size() >= 90, "only " + stages.size() + " stages: is chapter 26's Jedis missing from the class path?");
        Set<String> missing = new TreeSet<>(stages);
        missing.removeAll(HintsZh.shortHintKeys());
        Set<String> extra = new TreeSet<>(HintsZh.shortHintKeys());
        extra.removeAll(stages);
        assertTrue(missing.isEmpty(), "stages without a Chinese hint in tests/exercises/HintsZh.java (SHORT): " + missing);
        assertTrue(extra.isEmpty(), "Chinese hints in tests/exercises/HintsZh.java (SHORT) for no stage (renamed or removed?): " + extra);
    }

    @Test
    void everyLongHintHasAChineseVersionAndEveryChineseOneAnEnglishOne() {
        Set<String> missing = new TreeSet<>(HintsZh.englishLongHintKeys());
        missing.removeAll(HintsZh.longHintKeys());
        Set<String> extra = new TreeSet<>(HintsZh.longHintKeys());
        extra.removeAll(HintsZh.englishLongHintKeys());
        assertTrue(missing.isEmpty(), "long hints (Hints.java) without a Chinese version in HintsZh.java (LONG): " + missing);
        assertTrue(extra.isEmpty(), "Chinese long hints in HintsZh.java (LONG) with no English one in Hints.java: " + extra);
    }

    /** Dotted names (in.readNBytes, ClosePayload.EMPTY, 5.5.1) and camelCase names (readNBytes, keyOffset). */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)+|\\b[A-Za-z_]*[a-z][A-Z][A-Za-z0-9_]*\\b");

    static void sameCodeNames(String what, String english, String chinese) {
        assertTrue(chinese.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                what + ": the Chinese hint has no Chinese in it: " + chinese);
        Matcher m = CODE.matcher(english);
        while (m.find()) {
            assertTrue(chinese.contains(m.group()), what + ": the Chinese hint lacks \"" + m.group() + "\" of the English one:\n  "
                    + english + "\n  " + chinese);
        }
    }

    @Test
    void theChineseHintsKeepTheCodeNamesAndSectionNumbersOfTheEnglishOnes() {
        for (Stage s : allStages()) {
            String zh = HintsZh.shortHint(s);
            if (zh != null) {
                sameCodeNames(HintsZh.key(s), s.hint(), zh);
            }
        }
        for (String exercise : HintsZh.longHintKeys()) {
            String en = HintsZh.englishLongHint(exercise);
            if (en != null) {
                sameCodeNames(exercise + " (long hint)", en, HintsZh.longHint(exercise));
            }
        }
    }

    // ---- ./course check NN --lang zh, as a person runs it --------------------------------------------------

    /** The stub of 01-exact-and-line, compiled once: its first stage fails with "TODO 01-exact-and-line". */
    @BeforeAll
    static void compileTheStub() throws Exception {
        Map<String, Exercises.Exercise> all = Exercises.scan(Path.of("jbang-scripts"));
        Exercises.Exercise e = all.get(EXERCISE);
        Path dir = Files.createTempDirectory("zh-stub-");
        List<String> args = new ArrayList<>(List.of("-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-cp", "target/classes",
                "-d", dir.resolve("classes").toString()));
        for (String file : e.regions().stream().map(Exercises.Region::file).distinct().toList()) {
            Path target = dir.resolve("src").resolve(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, Exercises.stub(Files.readString(Path.of("jbang-scripts", file)), id -> id.equals(EXERCISE)));
            args.add(target.toString());
        }
        Files.createDirectories(dir.resolve("classes"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        assertEquals(0, rc, "the stub compiles:\n" + errors.toString(StandardCharsets.UTF_8));
        stubClasses = dir.resolve("classes");
    }

    /** java exercises.Runner ARGS on the stub, then the test classes and the course's; COURSE_LANG as given (null: unset). */
    static ScriptRun runner(String courseLang, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator, stubClasses.toString(), "target/test-classes", "target/classes"), "exercises.Runner"));
        command.addAll(List.of(args));
        return CourseLangRun.run(new ProcessBuilder(command), courseLang);
    }

    static Stage firstStage() {
        return Catalog.stages("01").stream().filter(s -> s.exercise().equals(EXERCISE)).findFirst().orElseThrow();
    }

    @Test
    void langZhPrintsTheChineseHintOfTheFirstFailure() throws Exception {
        Stage first = firstStage();
        ScriptRun r = runner(null, "01", "--lang", "zh");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("First failure: " + EXERCISE + ", \"" + first.name() + "\""), r.out());
        assertTrue(r.out().contains("  Hint:      " + HintsZh.shortHint(first) + "\n"), "the Chinese short hint:\n" + r.out());
        assertFalse(r.out().contains(first.hint()), "not the English one:\n" + r.out());
        assertTrue(r.out().contains("--hint --lang zh for a longer hint"), r.out());
    }

    @Test
    void langZhWithHintPrintsTheChineseLongHint() throws Exception {
        ScriptRun r = runner(null, "01", "--hint", "--lang=zh");
        assertEquals(1, r.status(), r.out() + r.err());
        String firstLine = HintsZh.longHint(EXERCISE).lines().findFirst().orElseThrow();
        assertTrue(r.out().contains("  More:      " + firstLine), "the Chinese long hint:\n" + r.out());
        assertFalse(r.out().contains(HintsZh.englishLongHint(EXERCISE).lines().findFirst().orElseThrow()), r.out());
    }

    @Test
    void courseLangZhChoosesChineseAndLangEnWinsOverIt() throws Exception {
        Stage first = firstStage();
        ScriptRun zh = runner("zh", "01");
        assertTrue(zh.out().contains("  Hint:      " + HintsZh.shortHint(first) + "\n"), "COURSE_LANG=zh:\n" + zh.out());
        ScriptRun en = runner("zh", "01", "--lang", "en");
        assertTrue(en.out().contains("  Hint:      " + first.hint() + "\n"), "--lang en:\n" + en.out());
        ScriptRun plain = runner(null, "01");
        assertTrue(plain.out().contains("  Hint:      " + first.hint() + "\n"), "English by default:\n" + plain.out());
    }

    @Test
    void anotherLanguageIsOneLineAndStatus2() throws Exception {
        CourseLangRun.oneLineStatus2("--lang xx", runner(null, "01", "--lang", "xx"), "course: --lang takes en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("COURSE_LANG=xx", runner("xx", "01"), "course: COURSE_LANG must be en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("./course check 01 --lang xx", CourseLangRun.run(new ProcessBuilder("bash", "course", "check", "01", "--lang", "xx"), null),
                "course: --lang takes en or zh (got 'xx')");
        CourseLangRun.oneLineStatus2("COURSE_LANG=xx ./course check 01", CourseLangRun.run(new ProcessBuilder("bash", "course", "check", "01"), "xx"),
                "course: COURSE_LANG must be en or zh (got 'xx')");
    }
}
