package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The promises the course makes about itself: one chapter number means one chapter everywhere, each script
 * adds one layer on the previous one, JBang and Maven agree on every dependency, and only the benchmarks need
 * JMH. For the library (jbang-scripts/wsfs, see {@link Library}): every file is used by a script, its javadoc
 * names the chapter that brings it in, and no chapter's tests use a class of a later chapter. Every section of the
 * source documents in the README's coverage table has a heading in the notebook of a chapter that covers it.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CourseStructureTest {
    static final Path SCRIPTS = Path.of("jbang-scripts");
    static final Pattern NUMBERED = Pattern.compile("(\\d\\d)_(\\w+)\\.java");

    static List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            return files.filter(p -> NUMBERED.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    static String chapter(Path script) {
        return script.getFileName().toString().substring(0, 2);
    }

    static List<String> directives(Path script, String name) throws IOException {
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("//" + name + " ")) {
                values.add(line.substring(name.length() + 3).strip());
            }
        }
        return values;
    }

    @TestFactory
    Stream<DynamicTest> everyChapterHasItsTextNotebookAndTests() throws IOException {
        return scripts().stream().map(script -> DynamicTest.dynamicTest("chapter " + chapter(script), () -> {
            String n = chapter(script);
            assertTrue(matches(Path.of("chapters"), n + "-.*\\.md"), "chapters/" + n + "-*.md is missing");
            assertTrue(matches(Path.of("notebooks"), n + "-.*\\.ipynb"), "notebooks/" + n + "-*.ipynb is missing");
            assertTrue(Files.isDirectory(Path.of("tests", "ch" + n)), "tests/ch" + n + "/ is missing");
            assertTrue(Files.readString(Path.of("README.md")).contains("| " + n + " |"), "README's chapter table has no row " + n);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyScriptIsALayerOnThePreviousOne() throws IOException {
        List<Path> scripts = scripts();
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            String text = Files.readString(script);
            assertTrue(text.startsWith("///usr/bin/env jbang \"$0\" \"$@\" ; exit $?"), "the JBang shebang line comes first");
            assertTrue(text.contains("\n//JAVA 21+\n"), "//JAVA 21+ so JBang picks a modern JDK");
            assertEquals(1, directives(script, "MAIN").size(), "exactly one //MAIN");
            int index = scripts.indexOf(script);
            if (index > 0) {
                String previous = scripts.get(index - 1).getFileName().toString();
                assertTrue(directives(script, "SOURCES").contains(previous), "//SOURCES " + previous + " (the layer below)");
            }
            for (String source : directives(script, "SOURCES")) {
                assertTrue(Files.exists(SCRIPTS.resolve(source)), "//SOURCES " + source + " exists");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> jbangAndMavenAgreeOnEveryDependency() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        TreeSet<String> deps = new TreeSet<>();
        for (Path script : Library.allScripts()) {
            deps.addAll(directives(script, "DEPS"));
        }
        try (Stream<Path> files = Files.walk(SCRIPTS.resolve("wsfs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                deps.addAll(directives(file, "DEPS"));
            }
        }
        return deps.stream().flatMap(d -> Stream.of(d.split("\\s+"))).map(gav -> DynamicTest.dynamicTest(gav, () -> {
            String[] parts = gav.split(":");
            assertEquals(3, parts.length, "//DEPS group:artifact:version");
            Matcher m = Pattern.compile("<groupId>" + Pattern.quote(parts[0]) + "</groupId>\\s*<artifactId>"
                    + Pattern.quote(parts[1]) + "</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
            assertTrue(m.find(), gav + " is declared in pom.xml");
            String version = m.group(1);
            if (version.startsWith("${")) {
                Matcher p = Pattern.compile("<" + Pattern.quote(version.substring(2, version.length() - 1)) + ">([^<]+)<").matcher(pom);
                assertTrue(p.find(), "property " + version + " is defined");
                version = p.group(1);
            }
            assertEquals(parts[2], version, "the same version in pom.xml as in //DEPS " + gav);
        }));
    }

    // ---- the library: every file used, in the chapter its label names, and no test ahead of its chapter ----

    @TestFactory
    Stream<DynamicTest> everyLibraryFileIsListedBySomeScript() {
        return Library.files().values().stream().map(f -> DynamicTest.dynamicTest(f.path(), () ->
                assertTrue(f.firstScript().isPresent(), "jbang-scripts/" + f.path() + " is in no script's //SOURCES, so no"
                        + " script uses it: add `//SOURCES " + f.path() + "` to the script of the chapter that introduces"
                        + " it (the chapter its javadoc names), or delete the file if nothing needs it")));
    }

    @TestFactory
    Stream<DynamicTest> everyLibraryFileNamesTheChapterThatBringsItIn() {
        return Library.files().values().stream().filter(f -> f.firstScript().isPresent())
                .map(f -> DynamicTest.dynamicTest(f.path(), () -> {
                    Path script = f.firstScript().orElseThrow();
                    String where = "jbang-scripts/" + f.path() + ": the first script that lists it in //SOURCES is "
                            + SCRIPTS.relativize(script);
                    assertTrue(f.chapter().isPresent(), where + ", which names no chapter: start that script's header"
                            + " comment with \"// Chapter NN\"");
                    String chapter = f.chapter().orElseThrow();
                    Optional<String> label = Library.label(f.file());
                    assertTrue(label.isPresent(), where + " (chapter " + chapter + "), but the javadoc of "
                            + f.className() + " names no chapter: add \"(chapter " + chapter + ")\" to it");
                    assertEquals(chapter, label.orElseThrow(), where + " (chapter " + chapter + "), but the javadoc of "
                            + f.className() + " says chapter " + label.orElseThrow() + ": write \"(chapter " + chapter
                            + ")\" (or \"chapters " + chapter + " and " + label.orElseThrow() + "\" if chapter "
                            + label.orElseThrow() + " explains it), or move its //SOURCES line to the chapter "
                            + label.orElseThrow() + " script if no earlier script needs it");
                }));
    }

    static final Pattern TEST_CHAPTER = Pattern.compile("ch(\\d\\d)");
    static final Pattern OTHER_TEST_CHAPTER = Pattern.compile("\\bch(\\d\\d)\\.[A-Z]\\w*");

    @TestFactory
    Stream<DynamicTest> noTestUsesALaterChaptersClass() throws IOException {
        Map<String, Library.LibraryFile> library = Library.files();
        List<Path> tests;
        try (Stream<Path> walk = Files.walk(Path.of("tests"))) {
            tests = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> TEST_CHAPTER.matcher(p.getParent().getFileName().toString()).matches()).sorted().toList();
        }
        return tests.stream().map(test -> DynamicTest.dynamicTest(test.toString(), () -> {
            String chapter = test.getParent().getFileName().toString().substring(2);
            String source = Files.readString(test);
            List<String> problems = new ArrayList<>();
            for (String className : Library.referencedClasses(source, library)) {
                Library.LibraryFile f = library.get(className);
                f.chapter().filter(c -> c.compareTo(chapter) > 0).ifPresent(later -> problems.add(className
                        + " comes in with chapter " + later + " (" + SCRIPTS.relativize(f.firstScript().orElseThrow())
                        + "): move the test to tests/ch" + later + "/ (package ch" + later + ") if it checks how chapter "
                        + later + " works with this one, or write it without " + className));
            }
            Matcher other = OTHER_TEST_CHAPTER.matcher(source.replaceAll("(?m)^package .*$", ""));
            while (other.find()) {
                if (other.group(1).compareTo(chapter) > 0) {
                    problems.add(other.group() + " is a test helper of chapter " + other.group(1)
                            + ": move it to tests/ch" + chapter + "/ or the test to tests/ch" + other.group(1) + "/");
                }
            }
            assertTrue(problems.isEmpty(), test + " is a chapter " + chapter + " test but uses a later chapter's code:\n  "
                    + String.join("\n  ", problems));
        }));
    }

    @TestFactory
    Stream<DynamicTest> onlyTheBenchmarksDependOnJmh() {
        return Library.allScripts().stream().map(script -> DynamicTest.dynamicTest(SCRIPTS.relativize(script).toString(), () -> {
            boolean benchmark = SCRIPTS.relativize(script).startsWith("bench");
            for (Path file : Library.closure(script)) {
                for (String deps : Library.directives(file, "DEPS")) {
                    assertTrue(benchmark || !deps.contains("org.openjdk.jmh"), SCRIPTS.relativize(script)
                            + " brings in JMH (" + file + ": //DEPS " + deps + "): only the scripts under jbang-scripts/bench/"
                            + " may; move the benchmark there and remove the //DEPS line");
                }
            }
        }));
    }

    // ---- the source documents: every section of the README's coverage table has a heading in a notebook ----

    /** One row of the README's coverage table: a document, one of its sections, the chapters that cover it. */
    record DocumentSection(String document, String section, List<String> chapters) {
    }

    static final Pattern COVERAGE_ROW = Pattern.compile(
            "^\\|\\s*\"([^\"]+)\"[^|]*\\|\\s*([^|]+?)\\s*\\|\\s*(\\d\\d(?:\\s*,\\s*\\d\\d)*)\\s*\\|\\s*$", Pattern.MULTILINE);

    static List<DocumentSection> coverageTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## The source documents");
        assertTrue(start >= 0, "README.md has no section \"## The source documents\"");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher row = COVERAGE_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<DocumentSection> sections = new ArrayList<>();
        while (row.find()) {
            sections.add(new DocumentSection(row.group(1), row.group(2), List.of(row.group(3).split("\\s*,\\s*"))));
        }
        return sections;
    }

    /** The heading lines (starting with '#') of a notebook's markdown cells, read from its JSON. */
    static List<String> notebookHeadings(Path notebook) throws IOException {
        String json = Files.readString(notebook);
        List<String> headings = new ArrayList<>();
        Matcher cell = Pattern.compile("\"cell_type\"\\s*:\\s*\"markdown\"").matcher(json);
        while (cell.find()) {
            int source = json.indexOf("\"source\"", cell.end());
            if (source < 0) {
                break;
            }
            int at = json.indexOf(':', source) + 1;
            StringBuilder text = new StringBuilder();
            while (Character.isWhitespace(json.charAt(at))) {
                at++;
            }
            boolean array = json.charAt(at) == '[';
            if (array) {
                at++;
            }
            while (true) {
                while (Character.isWhitespace(json.charAt(at)) || json.charAt(at) == ',') {
                    at++;
                }
                if (json.charAt(at) != '"') {
                    break;                                   // the end of the source array
                }
                at = readJsonString(json, at, text);
                if (!array) {
                    break;
                }
            }
            for (String line : text.toString().split("\n")) {
                if (line.startsWith("#")) {
                    headings.add(line);
                }
            }
        }
        return headings;
    }

    /** Appends the JSON string starting at {@code at} (its opening quote) to {@code out}; returns the index after it. */
    static int readJsonString(String json, int at, StringBuilder out) {
        int i = at + 1;
        while (json.charAt(i) != '"') {
            char c = json.charAt(i);
            if (c == '\\') {
                char e = json.charAt(i + 1);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(i + 2, i + 6), 16));
                        i += 4;
                    }
                    default -> out.append(e);               // \" \\ \/
                }
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return i + 1;
    }

    @TestFactory
    Stream<DynamicTest> everySectionOfTheSourceDocumentsIsExplainedInANotebook() throws IOException {
        List<DocumentSection> sections = coverageTable();
        assertTrue(sections.size() >= 20, "README.md's coverage table lists only " + sections.size() + " sections;"
                + " write one row per section: | \"document title\" (English) | section | chapters |");
        return sections.stream().map(s -> DynamicTest.dynamicTest("\"" + s.document() + "\": " + s.section(), () -> {
            String wanted = "\"" + s.document() + "\": " + s.section();
            List<String> looked = new ArrayList<>();
            for (String chapter : s.chapters()) {
                try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
                    for (Path notebook : files.filter(p -> p.getFileName().toString().matches(chapter + "-.*\\.ipynb")).toList()) {
                        looked.add(notebook.toString());
                        if (notebookHeadings(notebook).stream().anyMatch(h -> h.contains(wanted))) {
                            return;
                        }
                    }
                }
            }
            throw new AssertionError("the README's coverage table says chapter(s) " + String.join(", ", s.chapters())
                    + " cover " + wanted + ", but no heading of " + (looked.isEmpty() ? "their notebooks (none found)"
                    : String.join(", ", looked)) + " names it: add a markdown cell with the heading `### " + wanted
                    + "` where the notebook explains it, and list it in notebooks/START.md");
        }));
    }

    static boolean matches(Path dir, String regex) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().matches(regex));
        }
    }
}
