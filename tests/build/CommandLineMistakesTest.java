package build;

import ch01.ScriptRun;
import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A person's mistake on a script's command line gets one line on stderr and exit status 2, never a stack trace
 * (issue 10). Each case runs a script's main class, compiled by Maven, with plain java: "MainClass args...".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandLineMistakesTest {
    @TempDir
    Path dir;


    ScriptRun run(String line) throws Exception {
        return ScriptRun.line(dir, Duration.ofSeconds(20), line);
    }

    static void oneLineNoTrace(String line, ScriptRun r) {
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), line + " printed a stack trace:\n" + r.err());
        assertFalse(r.err().contains("Exception"), line + ": " + r.err());
        assertEquals(1, r.err().lines().count(), line + " says what is wrong in one line:\n" + r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "RawSocket listen --port x", "RawSocket listen --port", "RawSocket listen --port 70000",
            "RawSocket listen --bogus", "RawSocket listen extra",
            "Handshake serve --port x", "Handshake serve --port 99999", "Handshake serve --timeout abc",
            "Handshake serve --timeout 0", "Handshake serve --port", "Handshake serve --origin", "Handshake serve --bogus",
            "Interop serve --port x", "Interop serve --port", "Interop serve --bogus", "Interop peers --bogus",
            "Conformance check", "Conformance check --cases 6.*", "Conformance check http://127.0.0.1:1/",
            "Conformance check ws://[bad/", "Conformance check ws://127.0.0.1:1/ --bogus",
            "Conformance check ws://127.0.0.1:1/ --cases", "Conformance check ws://127.0.0.1:1/ --cases 99.*",
            "Conformance list --cases 99.*", "Conformance fuzz-server --port x", "Conformance fuzz-server --port -1",
            "Conformance fuzz-server --cases 99.*", "Conformance reference --bogus",
            "MaskingDemo decode", "MaskingDemo decode zz", "MaskingDemo decode 8",
            "Frames decode", "Messages decode", "Messages decode zz", "PingPong decode", "PingPong decode zz",
            "Close decode", "Close decode zz",
            "Client bogus", "Client connect http://127.0.0.1:1/", "Client connect ws://127.0.0.1:1/ --bogus",
    })
    void aMistakeGetsOneLineAndStatus2(String line) throws Exception {
        ScriptRun r = run(line);
        assertEquals(2, r.status(), line + "\n" + r.err());
        oneLineNoTrace(line, r);
    }

    @Test
    void decodeHelpIsHelpNotAMistake() throws Exception {
        ScriptRun r = run("MaskingDemo decode --help");   // `jbang decode --help`, the catalog alias
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("decode"), r.out());
    }

    @Test
    void checkSaysWhenItCannotReachTheServer() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // free again once closed: nothing listens there
        }
        String line = "Conformance check ws://127.0.0.1:" + closedPort + "/ --cases 1.1.1";
        ScriptRun r = run(line);
        assertNotEquals(0, r.status(), line);
        oneLineNoTrace(line, r);
        assertTrue(r.err().contains("cannot reach 127.0.0.1:" + closedPort), r.err());
        assertFalse(r.out().contains("FAIL"), "no case runs against a server that is not there:\n" + r.out());
    }

    @Test
    void anUnknownModeStillShowsTheHelp() throws IOException, Exception {
        for (String main : List.of("RawSocket", "Handshake", "Interop", "Conformance")) {
            ScriptRun r = run(main + " frobnicate");
            assertEquals(2, r.status(), main);
            assertTrue(r.err().startsWith("unknown mode: frobnicate"), main + ": " + r.err());
        }
    }
}
