package build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch01.ScriptRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The exercise tools run in either language (issue 14): COURSE_LANG set as a test says, and the refusal of a wrong one. */
final class CourseLangRun {
    private CourseLangRun() {
    }

    static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    /** Runs {@code pb} with COURSE_LANG as given (null: unset, whatever the test's own environment has). */
    static ScriptRun run(ProcessBuilder pb, String courseLang) throws Exception {
        pb.environment().remove("COURSE_LANG");
        if (courseLang != null) {
            pb.environment().put("COURSE_LANG", courseLang);
        }
        return ScriptRun.of(pb, TEMP, Duration.ofSeconds(40));
    }

    /** A person's mistake: exactly one line on stderr, exit status 2, and nothing run. */
    static void oneLineStatus2(String what, ScriptRun r, String expected) {
        assertEquals(2, r.status(), what + ": " + r.out() + r.err());
        assertEquals(List.of(expected), r.err().lines().toList(), what);
        assertEquals("", r.out(), what + ": nothing runs");
    }
}
