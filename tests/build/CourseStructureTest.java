package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * adds one layer on the previous one, and JBang and Maven agree on every dependency.
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
        for (Path script : scripts()) {
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

    static boolean matches(Path dir, String regex) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().matches(regex));
        }
    }
}
