package build;

import exercises.Catalog;
import exercises.Exercises;
import exercises.Notebook;
import exercises.Runner;
import exercises.Stage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise of issue 10's exercises, for EVERY exercise marked in jbang-scripts/wsfs: its stub compiles, the
 * chapter's check FAILS on the stub with the documented first message ("TODO id", at the exercise's first stage or
 * earlier in its chapter), and the check (with the challenges) PASSES on the course's own code. Chapters 18-20 have
 * no exercises, only a checked challenge each: it passes on the course's code, fails on a copy with a deliberate bug,
 * and is marked "(checked)" in its chapter. Each run loads the classes in a class loader of its own: the stubbed (or
 * broken) classes first, then the test classes, then target/classes.
 */
class ExercisesTest {
    static final Path CLASSES = Path.of("target/classes");
    static final Path TEST_CLASSES = Path.of("target/test-classes");
    /** The jars of the compile class path (chapter 26's Jedis), not JUnit's: the loader of a check sees what a script sees. */
    static final List<String> DEPENDENCY_JARS = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(e -> e.endsWith(".jar") && (e.contains("/redis/clients/") || e.contains("/org/slf4j/")
                    || e.contains("/commons-pool2/") || e.contains("/com/google/code/gson/") || e.contains("/org/json/")))
            .toList();
    static final String COMPILE_PATH = String.join(java.io.File.pathSeparator,
            Stream.concat(Stream.of(CLASSES.toString()), DEPENDENCY_JARS.stream()).toList());

    static Map<String, Exercises.Exercise> exercises() {
        return Exercises.scan(Path.of("jbang-scripts"));
    }

    @Test
    void everyChapterFrom01To08HasAtLeastTwoExercisesOfTenToEightyLinesAndAChallenge() {
        Map<String, Exercises.Exercise> all = exercises();
        for (String chapter : Catalog.chapters()) {
            List<Exercises.Exercise> mine = all.values().stream().filter(e -> e.chapter().equals(chapter)).toList();
            assertTrue(mine.size() >= 2, "chapter " + chapter + " has " + mine.size() + " exercises");
            for (Exercises.Exercise e : mine) {
                assertTrue(e.lines() >= 10 && e.lines() <= 80, e.id() + " has " + e.lines() + " lines to write");
                assertTrue(Catalog.stages(chapter).stream().anyMatch(s -> s.exercise().equals(e.id()) && !s.challenge()),
                        e.id() + " has no stage");
            }
            assertTrue(Catalog.stages(chapter).stream().anyMatch(Stage::challenge), "chapter " + chapter + " has no challenge");
            for (Stage s : Catalog.stages(chapter)) {
                assertTrue(all.containsKey(s.exercise()), "stage \"" + s.name() + "\" names an exercise with no markers: " + s.exercise());
            }
        }
    }

    @Test
    @Timeout(60)
    void everyStageAndChallengePassesOnTheCoursesCode() throws Exception {
        List<String> lines = runInLoader(List.of(), "14", false); // chapter 14's plan holds every chapter's stages
        assertEquals("true", lines.get(0), "chapter 14 on the course's code:\n" + String.join("\n", lines));
        for (String chapter : Catalog.checkedChapters()) {
            List<String> challenge = runInLoader(List.of(), chapter, true, true);
            assertEquals("true", challenge.get(0), "chapter " + chapter + "'s challenges on the course's code:\n" + String.join("\n", challenge));
        }
    }

    @Test
    void chapters09To11HaveAChallengeWithACheckAndNoExercise() {
        Map<String, Exercises.Exercise> all = exercises();
        for (String chapter : Catalog.challengeOnlyChapters()) {
            List<Stage> stages = Catalog.stages(chapter);
            assertTrue(stages.stream().anyMatch(Stage::challenge), "chapter " + chapter + " has no checked challenge");
            for (Stage s : stages) {
                assertTrue(s.challenge(), "chapter " + chapter + " has no exercises, so \"" + s.name() + "\" must be a challenge");
                assertTrue(s.exercise().startsWith(chapter + "-"), s.exercise() + " is named after its chapter " + chapter);
                assertFalse(all.containsKey(s.exercise()), s.exercise() + " is a challenge, not an exercise with markers");
            }
        }
    }

    @Test
    void everyCheckedChallengeIsMarkedInItsChaptersChallengesSection() throws Exception {
        for (String chapter : Catalog.checkedChapters()) {
            Path md;
            try (Stream<Path> files = Files.list(Path.of("chapters"))) {
                md = files.filter(p -> p.getFileName().toString().startsWith(chapter + "-")).findFirst().orElseThrow();
            }
            String text = Files.readString(md);
            int at = text.indexOf("\n## Challenges");
            assertTrue(at >= 0, md + " has a \"## Challenges\" section");
            int end = text.indexOf("\n## ", at + 1);
            String section = text.substring(at, end < 0 ? text.length() : end);
            for (String id : Catalog.stages(chapter).stream().filter(Stage::challenge).map(Stage::exercise).distinct().toList()) {
                assertTrue(section.contains("`" + id + "` (checked)"), md + ": the challenge " + id + " is marked \"(checked)\"");
            }
            assertTrue(section.contains("Checked by `./course check " + chapter + " --challenges`"), md + " says which command checks it");
        }
    }

    @Test
    void aNotebookCellBeforeTheChapterIsInTheWorkspaceSaysHowToStartItTheSameOnEveryMachine() {
        for (String chapter : Catalog.chapters()) {
            String html = Notebook.notStarted(chapter);
            assertEquals(html, Notebook.notStarted(chapter), "chapter " + chapter + ": the same every time");
            assertTrue(html.contains("run <code>./course exercise " + chapter + "</code> in a terminal, then run this cell again"), html);
            for (Stage s : Catalog.stages(chapter)) {
                assertTrue(html.contains(s.name().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")), "lists \"" + s.name() + "\"");
            }
            assertFalse(html.contains(Path.of("").toAbsolutePath().toString()), "no path of this machine: " + html);
        }
    }

    @TestFactory
    @Timeout(110)
    Stream<DynamicTest> everyStubCompilesAndFailsWithItsTodo() {
        return exercises().values().stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> {
            Path dir = Files.createTempDirectory("stub-" + e.id());
            Path src = dir.resolve("src");
            List<String> files = new ArrayList<>();
            for (String file : e.regions().stream().map(Exercises.Region::file).distinct().toList()) {
                Path target = src.resolve(file);
                Files.createDirectories(target.getParent());
                Files.writeString(target, Exercises.stub(Files.readString(Path.of("jbang-scripts", file)), id -> id.equals(e.id())));
                files.add(target.toString());
            }
            Path out = dir.resolve("classes");
            Files.createDirectories(out);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>(List.of("-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-cp", COMPILE_PATH, "-d", out.toString()));
            args.addAll(files);
            int rc = javac.run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
            assertEquals(0, rc, "the stub of " + e.id() + " compiles:\n" + errors.toString(StandardCharsets.UTF_8));

            List<String> lines = runInLoader(List.of(out), e.chapter(), false);
            assertEquals("false", lines.get(0), e.id() + ": the check must fail on the stub");
            String first = lines.get(1);
            String headline = lines.get(2);
            assertEquals("TODO " + e.id(), headline, e.id() + ": the first failure (" + first + ") says what is missing");
            String firstOwnStage = Catalog.stages(e.chapter()).stream().filter(s -> s.exercise().equals(e.id())).findFirst().orElseThrow().name();
            List<String> chapterStages = Catalog.stages(e.chapter()).stream().map(Stage::name).toList();
            assertTrue(chapterStages.indexOf(first) <= chapterStages.indexOf(firstOwnStage),
                    e.id() + ": the first failure is \"" + first + "\", after its own first stage \"" + firstOwnStage + "\"");
        }));
    }

    /** A deliberate bug in one course file that chapter NN's challenge must catch. */
    record Bug(String chapter, String file, String from, String to) {
    }

    @TestFactory
    @Timeout(60)
    Stream<DynamicTest> theChallengesOfChapters09OnFailOnABrokenCopyOfTheCoursesCode() {
        return Stream.of(
                new Bug("16", "wsfs/protocol/FrameParser.java", "if (masked && !role.expectsMaskedIncoming()) {",
                        "if (masked && !role.expectsMaskedIncoming() && role == Role.SERVER) {"),
                new Bug("17", "wsfs/io/BrowserStyleWebSocket.java", "(code.code() < 3000 || code.code() > 4999)",
                        "(code.code() < 1000 || code.code() > 4999)"),
                new Bug("18", "wsfs/app/ChatRoom.java", "c.close(CloseCode.UNSUPPORTED_DATA,", "c.close(CloseCode.POLICY_VIOLATION,"),
                new Bug("19", "wsfs/io/ServerHandshake.java", ".filter(policy.subprotocols()::contains).findFirst();",
                        ".filter(policy.subprotocols()::contains).reduce((first, last) -> last);"),
                new Bug("20", "wsfs/conformance/ConformanceSession.java", "return CloseCode.of(code).sendable();", "return true;"),
                new Bug("21", "wsfs/io/OutboxWriter.java", "outbox.takeSome(WRITE_CHUNK)", "outbox.takeSome(1)"),
                new Bug("22", "wsfs/protocol/PerMessageDeflate.java", "if (serverBits < 15) {", "if (serverBits < 8) {"),
                new Bug("23", "wsfs/protocol/MessageInflater.java", "public static final int CHUNK = 16 * 1024;",
                        "public static final int CHUNK = 64 * 1024 * 1024;"),
                new Bug("24", "wsfs/io/TlsConfig.java", "if (!matches(key, chain.get(0))) {",
                        "if (false && !matches(key, chain.get(0))) {"),
                new Bug("25", "wsfs/io/TlsClientLayer.java", "p.setEndpointIdentificationAlgorithm(\"HTTPS\");",
                        "p.setEndpointIdentificationAlgorithm(null);"),
                new Bug("26", "wsfs/app/SharedChatRoom.java", "if (recentMids.put(mid, Boolean.TRUE) != null) {",
                        "if (recentMids.put(mid, Boolean.TRUE) != null && mid.isEmpty()) {")
        ).map(bug -> DynamicTest.dynamicTest(bug.chapter() + ": " + bug.file(), () -> {
            String course = Files.readString(Path.of("jbang-scripts", bug.file()));
            assertTrue(course.contains(bug.from()), bug.file() + " no longer contains the line this test breaks: " + bug.from());
            Path dir = Files.createTempDirectory("bug-" + bug.chapter());
            Path source = dir.resolve("src").resolve(bug.file());
            Files.createDirectories(source.getParent());
            Files.writeString(source, course.replace(bug.from(), bug.to()));
            Path out = dir.resolve("classes");
            Files.createDirectories(out);
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = ToolProvider.getSystemJavaCompiler().run(null, null, new PrintStream(errors, true, StandardCharsets.UTF_8),
                    "-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-cp", COMPILE_PATH, "-d", out.toString(), source.toString());
            assertEquals(0, rc, "the broken copy compiles:\n" + errors.toString(StandardCharsets.UTF_8));
            List<String> lines = runInLoader(List.of(out), bug.chapter(), true, true);
            assertEquals("false", lines.get(0), "chapter " + bug.chapter() + "'s challenge must fail with " + bug.to() + ":\n" + String.join("\n", lines));
            String challenge = Catalog.stages(bug.chapter()).stream().filter(Stage::challenge).findFirst().orElseThrow().name();
            assertEquals(challenge, lines.get(1), "the challenge is the stage that fails");
        }));
    }

    /** Runs the chapter's check in a fresh class loader; returns [allPassed, first failed stage, its headline, table...]. */
    static List<String> runInLoader(List<Path> first, String chapter, boolean challenges) throws Exception {
        return runInLoader(first, chapter, challenges, false);
    }

    /** @param challengesOnly run the chapter's challenges alone, not the stages before them */
    static List<String> runInLoader(List<Path> first, String chapter, boolean challenges, boolean challengesOnly) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path p : first) {
            urls.add(p.toUri().toURL());
        }
        urls.add(TEST_CLASSES.toUri().toURL());
        urls.add(CLASSES.toUri().toURL());
        for (String jar : DEPENDENCY_JARS) {               // the scripts' //DEPS (chapter 26's Jedis)
            urls.add(Path.of(jar).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> runner = loader.loadClass("exercises.Runner");
            Object report = challengesOnly ? runner.getMethod("challenges", String.class).invoke(null, chapter)
                    : runner.getMethod("run", String.class, boolean.class).invoke(null, chapter, challenges);
            Class<?> reportType = loader.loadClass("exercises.Runner$Report");
            boolean passed = (boolean) reportType.getMethod("allPassed").invoke(report);
            Object failure = reportType.getMethod("firstFailure").invoke(report);
            String firstName = "";
            String headline = "";
            if (failure != null) {
                Object stage = failure.getClass().getMethod("stage").invoke(failure);
                firstName = (String) stage.getClass().getMethod("name").invoke(stage);
                headline = (String) runner.getMethod("headline", failure.getClass()).invoke(null, failure);
            }
            String table = (String) runner.getMethod("table", reportType).invoke(null, report);
            String details = (String) runner.getMethod("firstFailure", reportType, boolean.class).invoke(null, report, false);
            List<String> out = new ArrayList<>(List.of(String.valueOf(passed), firstName, headline));
            out.addAll(List.of((table + details).split("\n")));
            return out;
        }
    }

    @Test
    void stubsKeepTheMarkersSoSolutionsCanBeAppliedBack() throws Exception {
        for (Exercises.Exercise e : exercises().values()) {
            for (String file : e.regions().stream().map(Exercises.Region::file).distinct().toList()) {
                String course = Files.readString(Path.of("jbang-scripts", file));
                String stub = Exercises.stub(course, id -> id.equals(e.id()));
                assertFalse(stub.equals(course), e.id() + " changes " + file);
                String back = Exercises.replaceBodies(stub, id -> id.equals(e.id()),
                        Map.of(e.id(), e.regions().stream().filter(r -> r.file().equals(file)).map(Exercises.Region::body).toList()));
                assertEquals(course, back, e.id() + ": applying the solution to the stub gives the course's file back");
            }
        }
    }
}
