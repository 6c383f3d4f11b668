package build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How much protocol code each chapter adds (issue 10: "chapters readable in one sitting"). A chapter adds the
 * library files that its script's //SOURCES closure has and the previous script's has not ({@link Library#closure},
 * the same rule as {@code ./course diff NN}); its <b>figure</b> is the code lines of those files under
 * wsfs/protocol and wsfs/io: lines that are neither blank nor a comment. The teaching views (wsfs/view), the
 * applications and tools (wsfs/app, wsfs/conformance, wsfs/bench) and the scripts themselves are not counted.
 * <p>
 * The test prints every chapter's figure and fails when one is above {@link #CEILING}; it also checks that
 * {@code ./course diff NN} lists the same files and reports the same figure.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // ./course diff runs once per chapter: about 20 bash runs on a loaded machine
class ChapterSizeTest {
    /** What issue 10 aims at: the protocol code of one chapter readable in one sitting. */
    static final int TARGET = 400;
    /**
     * The check's limit: just above the largest figure. Every chapter is now within a few lines of {@link #TARGET}:
     * the long chapters were split where their code splits by concern (the handshake into 02-03, frames into 04-05,
     * closing and the edge into 09-13, the server and its clients into 14-17, compression into 22-23, TLS into 24-25).
     * The few above 400 (about 415-420: chapters 02, 04, 05, 11 and 13) are one class each that reads as a whole.
     * A chapter that grows past this limit must be split or move code to a later chapter. The demo servers and
     * recorders of chapters 03 and 24 are tools, in wsfs/app and wsfs/view, and not counted.
     */
    static final int CEILING = 430;

    /** Code lines of a Java file: not blank, not a {@code //} comment, not inside {@code /* ... *}{@code /}. */
    static int codeLines(Path file) throws IOException {
        int n = 0;
        boolean inside = false;
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (inside) {
                int end = t.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                inside = false;
                t = t.substring(end + 2).strip();
            }
            if (t.startsWith("/*")) {
                inside = !t.contains("*/");
                continue;
            }
            if (!t.isEmpty() && !t.startsWith("//")) {
                n++;
            }
        }
        return n;
    }

    static boolean isProtocolCode(Path file) {
        Path relative = Library.SCRIPTS.relativize(file);
        return relative.startsWith(Path.of("wsfs", "protocol")) || relative.startsWith(Path.of("wsfs", "io"));
    }

    /** Chapter number to the files its script adds to the previous chapter's, in //SOURCES order. */
    static Map<String, List<Path>> addedFiles() {
        Map<String, List<Path>> added = new LinkedHashMap<>();
        Set<Path> before = new LinkedHashSet<>();
        for (Path script : Library.numberedScripts()) {
            List<Path> closure = Library.closure(script);
            List<Path> fresh = new ArrayList<>(closure);
            fresh.removeAll(before);
            added.put(script.getFileName().toString().substring(0, 2), fresh);
            before = new LinkedHashSet<>(closure); // each script includes the previous one, so this is cumulative
        }
        return added;
    }

    @Test
    void everyChaptersNewProtocolCodeStaysUnderTheCeiling() throws IOException {
        StringBuilder table = new StringBuilder("chapter  protocol code  (lines)  files  views/tools code\n");
        List<String> over = new ArrayList<>();
        for (Map.Entry<String, List<Path>> chapter : addedFiles().entrySet()) {
            int code = 0;
            int lines = 0;
            int files = 0;
            int other = 0;
            for (Path file : chapter.getValue()) {
                if (isProtocolCode(file)) {
                    code += codeLines(file);
                    lines += Files.readAllLines(file).size();
                    files++;
                } else if (!Library.isNumbered(file)) {
                    other += codeLines(file);
                }
            }
            table.append(String.format("%-7s  %13d  %7d  %5d  %16d%s%n", chapter.getKey(), code, lines, files, other,
                    code > TARGET ? "   above the " + TARGET + "-line target" : ""));
            if (code > CEILING) {
                over.add("chapter " + chapter.getKey() + " adds " + code + " lines of protocol code (wsfs/protocol + "
                        + "wsfs/io), more than " + CEILING + "; ./course diff " + chapter.getKey() + " lists its files");
            }
        }
        System.out.print(table);
        assertTrue(over.isEmpty(), String.join("\n", over) + "\n" + table);
    }

    /** {@code ./course diff NN} (.course/diff.sh, in bash) finds the same files and the same figure as this test. */
    @Test
    void courseDiffAgreesWithThisTest() throws Exception {
        Pattern figure = Pattern.compile("(?m)^  protocol\\s+\\d+\\s+(\\d+)\\s+wsfs/protocol \\+ wsfs/io");
        for (Map.Entry<String, List<Path>> chapter : addedFiles().entrySet()) {
            Process p = new ProcessBuilder("bash", "course", "diff", chapter.getKey()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "./course diff " + chapter.getKey() + " did not end");
            assertEquals(0, p.exitValue(), out);
            int code = 0;
            for (Path file : chapter.getValue()) {
                assertTrue(out.contains(" " + Library.SCRIPTS.relativize(file).toString().replace('\\', '/') + "\n"),
                        "./course diff " + chapter.getKey() + " lists " + file + ":\n" + out);
                code += isProtocolCode(file) ? codeLines(file) : 0;
            }
            Matcher m = figure.matcher(out);
            assertTrue(m.find(), out);
            assertEquals(code, Integer.parseInt(m.group(1)), "chapter " + chapter.getKey() + ":\n" + out);
        }
    }

    @Test
    void codeLinesLeaveOutBlankLinesAndComments() throws IOException {
        Path file = Files.createTempFile("size", ".java");
        try {
            Files.writeString(file, """
                    /** Javadoc
                     * is prose. */
                    class A {   // counted

                        // a comment
                        /* one line */
                        int x; /* counted: code before the comment */
                    }
                    """);
            assertEquals(3, codeLines(file));
        } finally {
            Files.delete(file);
        }
    }
}
