package ch22;

import ch01.ScriptRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;

/** 22_Negotiation.java's command line: the demo exits 0, --help lists the modes, a mistake is one line and status 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NegotiationCommandLineTest {
    @TempDir
    Path dir;

    ScriptRun run(String... args) throws Exception {
        return ScriptRun.run(dir, Duration.ofSeconds(30), "", "Negotiation", args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"accept", "accept --no-context-takeover", "accept x --bogus", "probe", "probe ws://[bad/",
            "probe ws://127.0.0.1:1/", "probe wss://127.0.0.1:1/", "probe ws://127.0.0.1:1/ --offer", "probe ws://127.0.0.1:1/ --offer x-foo", "probe ws://127.0.0.1:1/ --bogus",
            "no-such-mode"})
    void aMistakeGetsOneLineAndStatus2(String line) throws Exception {
        ScriptRun r = run(line.split(" "));
        assertEquals(2, r.status(), line + "\n" + r.err());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), line + " printed a stack trace:\n" + r.err());
        assertEquals(1, r.err().lines().count(), line + " says what is wrong in one line:\n" + r.err());
    }

    @Test
    void acceptShowsTheDeclinedOfferAndTheAnswer() throws Exception {
        ScriptRun r = run("accept", "permessage-deflate; server_max_window_bits=10, permessage-deflate; client_no_context_takeover");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("declined \"permessage-deflate; server_max_window_bits=10\""), r.out());
        assertTrue(r.out().contains("answer:  Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover"), r.out());
        ScriptRun malformed = run("accept", "permessage-deflate; =15");
        assertEquals(0, malformed.status(), malformed.err());
        assertTrue(malformed.out().contains("malformed: ") && malformed.out().contains("RFC 6455 section 9.1"), malformed.out());
    }

    /** A server of chapters 14-21 declines every offer (no Sec-WebSocket-Extensions): probe says so and closes cleanly. */
    @Test
    void probeReportsADecliningServer() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults(), request -> new EchoListener())) {
            ScriptRun r = run("probe", server.url());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("answered: (no Sec-WebSocket-Extensions: declined)"), r.out());
            assertTrue(r.out().contains("verdict:  no compression"), r.out());
            server.shutdown();
        }
    }

    @Test
    void helpListsTheModes() throws Exception {
        ScriptRun r = run("--help");
        assertEquals(0, r.status(), r.err());
        for (String mode : List.of("accept \"OFFER\"", "probe URL", "23_Compression.java")) {
            assertTrue(r.out().contains(mode), mode + " in:\n" + r.out());
        }
    }

    @Test
    void theDemoShowsTheAnswerAndTheFailureWithoutADataPath() throws Exception {
        ScriptRun r = run();
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("Sec-WebSocket-Extensions: permessage-deflate\\r\\n"), r.out());
        assertTrue(r.out().contains("0000  c1 "), r.out());
        assertTrue(r.out().contains("Close status code 1002 (PROTOCOL_ERROR)"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }
}
