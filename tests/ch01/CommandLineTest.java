package ch01;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import wsfs.app.CommandLine;

/** How every script reads its command line: a mode, then options with a value, flags and plain words. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CommandLineTest {

    static String[] line(String text) {
        return text.isEmpty() ? new String[0] : text.split(" ");
    }

    @Test
    void theThreeHelpWordsAskForHelp() {
        assertTrue(CommandLine.isHelp("--help"));
        assertTrue(CommandLine.isHelp("-h"));
        assertTrue(CommandLine.isHelp("help"));
        assertFalse(CommandLine.isHelp("listen"));
        assertFalse(CommandLine.isHelp("--HELP"));
    }

    @Test
    void restIsWhatFollowsTheMode() {
        assertArrayEquals(line("81 05 48"), CommandLine.rest(line("decode 81 05 48")));
        assertArrayEquals(new String[0], CommandLine.rest(line("codes")));
        assertArrayEquals(new String[0], CommandLine.rest(new String[0]));
    }

    @Test
    void anIntOptionHasAFallback() {
        assertEquals(9000, CommandLine.intOption(line("serve --port 9000"), "--port", 8080));
        assertEquals(8080, CommandLine.intOption(line("serve"), "--port", 8080));
        assertEquals(0, CommandLine.intOption(line("listen --once --port 0"), "--port", 8080));
        assertEquals(8080, CommandLine.intOption(line("serve --port"), "--port", 8080), "no value: as if absent");
    }

    @Test
    void anOptionGivenTwiceKeepsTheLastValue() {
        assertEquals(Optional.of("3"), CommandLine.option(line("serve --timeout 5 --port 1 --timeout 3"), "--timeout"));
        assertEquals(Optional.empty(), CommandLine.option(line("serve --port 1"), "--timeout"));
    }

    @Test
    void aRepeatableOptionGivesEveryValueInOrder() {
        String[] args = line("serve --origin http://a.example --port 1 --origin http://b.example");
        assertEquals(List.of("http://a.example", "http://b.example"), CommandLine.options(args, "--origin"));
        assertEquals(List.of(), CommandLine.options(line("serve"), "--origin"));
    }

    @Test
    void aFlagCountsWhereverItStands() {
        assertTrue(CommandLine.flag(line("listen --once --port 9000"), "--once"));
        assertTrue(CommandLine.flag(line("listen --port 9000 --once"), "--once"));
        assertTrue(CommandLine.flag(line("listen --once"), "--once"));
        assertFalse(CommandLine.flag(line("listen --port 9000"), "--once"));
    }

    @Test
    void doubleDashEndsTheOptions() {
        String[] args = line("websocketd --port 9000 -- prog --port 1 --debug");
        assertEquals(9000, CommandLine.intOption(args, "--port", 8080));
        assertFalse(CommandLine.flag(args, "--debug"));
        assertEquals(List.of("websocketd", "prog", "--port", "1", "--debug"), CommandLine.words(args, List.of(), List.of("--port")));
    }

    @Test
    void wordsAreWhatIsNeitherAnOptionNorItsValue() {
        String[] args = line("--mask 37fa213d hello --more world --opcode ping");
        assertEquals(List.of("hello", "world"), CommandLine.words(args, List.of("--more"), List.of("--mask", "--opcode")));
        assertEquals(List.of("--bogus"), CommandLine.words(line("--port 1 --bogus"), List.of(), List.of("--port")),
                "an option the script does not know stays a word: the script reports it");
    }

    @Test
    void anUnknownModeShowsTheHelpAndExitsWith2() throws Exception {
        ScriptRun r = run("bogus");
        assertEquals(2, r.status());
        assertEquals("unknown mode: bogus", r.err().strip());
        assertTrue(r.out().startsWith("01_RawSocket.java: a raw TCP socket"), r.out());
    }

    @Test
    void everyHelpWordShowsTheHelpAndExitsWith0() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            ScriptRun r = run(help);
            assertEquals(0, r.status(), help);
            assertEquals("", r.err(), help);
            assertTrue(r.out().contains("listen [--port N] [--once]"), r.out());
        }
    }

    @TempDir
    Path dir;


    /** Runs chapter 01's script (compiled into target/classes by Maven) with plain java. */
    ScriptRun run(String... args) throws Exception {
        return ScriptRun.run(dir, Duration.ofSeconds(15), "", "RawSocket", args);
    }
}
