package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reading that CourseStructureTest relies on, on small made-up sources, so a check cannot pass by reading nothing. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LibraryTest {

    static Optional<String> label(String source) {
        Matcher m = Library.LABEL.matcher(Library.classJavadoc(source));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    @Test
    void theLabelIsTheFirstChapterInTheClassJavadoc() {
        assertEquals(Optional.of("04"), label("package a;\n/** Frames (chapters 04 and 06), see chapter 07. */\n"
                + "public final class X {}\n"));
        assertEquals(Optional.of("14"), label("package a;\nimport b.C;\n/** Not this one (chapter 01). */\nimport d.E;\n"
                + "/**\n * The server (chapter 14).\n */\n@SuppressWarnings(\"x\")\npublic record X() {}\n"));
        assertEquals(Optional.empty(), label("package a;\n/** A comment of a field, chapter 02. */\nint x;\n"
                + "// chapter 07\npublic enum X { A }\n"), "only the javadoc right before the type counts");
        assertEquals(Optional.empty(), label("package a;\npublic sealed interface X permits Y {}\n"));
    }

    @Test
    void classesAreFoundByQualifiedNameAndThroughWildcardImports() {
        Map<String, Library.LibraryFile> library = new LinkedHashMap<>();
        for (String name : List.of("wsfs.io.FrameReader", "wsfs.io.Heartbeat", "wsfs.view.HexDump", "wsfs.protocol.Frame")) {
            library.put(name, new Library.LibraryFile(name.replace('.', '/') + ".java", name, Optional.empty(), Optional.empty()));
        }
        String test = "package ch04;\nimport wsfs.io.*;\nimport static wsfs.view.HexDump.hex;\n"
                + "class T { FrameReader r; /** {@link wsfs.protocol.Frame.Builder} */ }\n";
        assertEquals(List.of("wsfs.view.HexDump", "wsfs.protocol.Frame", "wsfs.io.FrameReader"),
                Library.referencedClasses(test, library));
    }

    @Test
    void theLibraryIsReadFromTheScripts() {
        Map<String, Library.LibraryFile> files = Library.files();
        assertTrue(files.size() > 50, "files: " + files.size());
        Library.LibraryFile hexDump = files.get("wsfs.view.HexDump");
        assertEquals(Optional.of(Path.of("jbang-scripts/01_RawSocket.java")), hexDump.firstScript());
        assertEquals(Optional.of("01"), hexDump.chapter());
        assertEquals(Optional.of("06"), files.get("wsfs.bench.MaskingBenchmark").chapter(),
                "a file only a benchmark lists takes the chapter its header comment names");
    }
}
