package ch23;

import ch01.ScriptRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch14.ServeProcess;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 23_Compression.java's command line: the demo exits 0, --help lists the modes, a mistake is one line and status 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionCommandLineTest {
    @TempDir
    Path dir;


    ScriptRun run(String line) throws Exception {
        return ScriptRun.line(dir, Duration.ofSeconds(30), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Compression serve --port x", "Compression serve --port", "Compression serve --bogus",
            "Compression serve --no-deflate --no-context-takeover", "Compression serve --deflate --no-deflate", "Compression client", "Compression client ws://[bad/",
            "Compression client ws://127.0.0.1:1/", "Compression client ws://127.0.0.1:1/ --bogus",
            "Compression measure --messages x", "Compression measure --messages 1", "Compression measure extra",
            "Compression conformance --scale 0", "Compression conformance --scale x", "Compression conformance --bogus", "Compression conformance --client",
            "Compression no-such-mode"})
    void aMistakeGetsOneLineAndStatus2(String line) throws Exception {
        ScriptRun r = run(line);
        assertEquals(2, r.status(), line + "\n" + r.err());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), line + " printed a stack trace:\n" + r.err());
        assertEquals(1, r.err().lines().count(), line + " says what is wrong in one line:\n" + r.err());
    }

    /** Issue 12: `serve --port N` negotiates permessage-deflate with a client that offers it; --no-deflate declines. */
    @Test
    void serveAcceptsTheOfferByDefaultAndDeclinesItWithNoDeflate() throws Exception {
        assertEquals("permessage-deflate", answeredExtensions("serve", "--port", "0"));
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                answeredExtensions("serve", "--port", "0", "--no-context-takeover"));
        assertEquals("", answeredExtensions("serve", "--port", "0", "--no-deflate"));
    }

    /** Starts the script's server as a person would, offers what Chromium offers, returns the answer's extensions. */
    static String answeredExtensions(String... serve) throws Exception {
        try (ServeProcess server = ServeProcess.start(0, "Compression", serve)) {
            String ready = server.awaitLine("listening on ", Duration.ofSeconds(20));
            assertTrue(ready != null, "the server did not say it listens:\n" + server.lines());
            int port = Integer.parseInt(ready.replaceAll(".*:(\\d+)/.*", "$1"));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                String head = ch22.OfferedHandshake.responseHead(socket, "permessage-deflate; client_max_window_bits");
                assertTrue(head.startsWith("HTTP/1.1 101 "), head);
                return head.lines().filter(l -> l.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25))
                        .map(l -> l.substring(25).strip()).findFirst().orElse("");
            }
        }
    }

    @Test
    void helpListsTheModes() throws Exception {
        ScriptRun r = run("Compression --help");
        assertEquals(0, r.status(), r.err());
        for (String mode : List.of("serve --port N [--no-deflate", "client URL", "measure", "conformance")) {
            assertTrue(r.out().contains(mode), mode + " in:\n" + r.out());
        }
    }

    @Test
    void theDemoShowsTheRfcBytesAndExits0() throws Exception {
        ScriptRun r = run("Compression");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("Sec-WebSocket-Extensions: permessage-deflate\\r\\n"), r.out());
        assertTrue(r.out().contains("0002  f2 48 cd c9 c9 07 00"), r.out());
        assertTrue(r.out().contains("0002  f2 00 11 00 00"), "the second Hello with context takeover:\n" + r.out());
        assertTrue(r.out().contains("event: Failure 1009"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }
}
