package ch10;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import wsfs.protocol.CloseCode;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;

/**
 * The echo mode's options for operators and load tests ({@code serve --max-connections N --max-message BYTES
 * --idle-timeout SECONDS}); a mistake on the command line is one line and exit status 2, and so is a port in use.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public class EchoModeOptionsTest {
    static final Duration START = Duration.ofSeconds(20);

    @Test
    void theOptionsSetTheLimits() throws Exception {
        try (ServeProcess serve = ServeProcess.start(0, "Endpoints", "serve", "--port", "0",
                "--max-connections", "2", "--max-message", "1KiB", "--idle-timeout", "1")) {
            String url = serve.awaitUrl(START);
            assertEquals(1, serve.lines().size(), "one ready line: " + serve.lines());
            WebSocketClient.Options big = WebSocketClient.Options.defaults()
                    .withLimits(Limits.defaults().withMaxFramePayload(Limits.MiB).withMaxMessageSize(Limits.MiB));
            RecordingListener a = new RecordingListener();
            WebSocketConnection ca = WebSocketClient.connect(url, big, a);
            RecordingListener quiet = new RecordingListener();
            WebSocketClient.connect(url, quiet);
            HandshakeFailed refused = assertThrows(HandshakeFailed.class,
                    () -> WebSocketClient.connect(url, new RecordingListener()), "--max-connections 2");
            assertTrue(refused.getMessage().contains("503"), refused.getMessage());

            ca.sendBinary(new byte[1024]);
            assertEquals(1024, ((Message.Binary) a.nextMessage()).data().length(), "--max-message 1KiB: 1024 is fine");
            ca.sendBinary(new byte[1025]);
            assertEquals(CloseCode.MESSAGE_TOO_BIG, a.awaitClose().code(), "one byte more is too big (section 7.4.1)");

            CloseEvent idle = quiet.awaitClose(); // --idle-timeout 1: a silent client is closed after a second
            assertEquals(new CloseEvent(CloseCode.GOING_AWAY, "idle for too long", true), idle);
        }
    }

    @Test
    void helpListsTheOptions() throws Exception {
        try (ServeProcess help = ServeProcess.start(0, "Endpoints", "--help")) {
            assertEquals(0, help.awaitExit(START));
            String text = help.output();
            for (String option : List.of("--port", "--max-connections", "--max-message", "--idle-timeout")) {
                assertTrue(text.contains(option), option + " in:\n" + text);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--max-connections 0           | --max-connections needs a whole number from 1 to",
            "--max-connections many        | --max-connections needs a whole number",
            "--max-message 12XB            | --max-message needs a size",
            "--max-message 0               | --max-message needs a size",
            "--idle-timeout -1             | --idle-timeout needs a whole number from 0 to",
            "--port 70000                  | --port needs a whole number from 0 to 65535",
            "--idle-timeout                | --idle-timeout needs a value",
            "--idle-timeout --port 0       | --idle-timeout needs a value",
            "--verbose                     | unknown option: --verbose",
    })
    void aMistakeIsOneLineAndExitStatus2(String options, String expected) throws Exception {
        String[] args = ("serve --port 0 " + options).trim().split(" +");
        try (ServeProcess serve = ServeProcess.start(0, "Endpoints", args)) {
            assertEquals(2, serve.awaitExit(START), serve.output());
            List<String> lines = serve.lines();
            assertEquals(1, lines.size(), "one line: " + lines);
            assertTrue(lines.getFirst().startsWith(expected), lines.getFirst());
            assertFalse(serve.output().contains("Exception"), serve.output());
        }
    }

    @Test
    void aPortInUseIsOneLineNamingItAndExitStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (String main : List.of("Endpoints", "HandshakeChecks")) {
                try (ServeProcess serve = ServeProcess.start(0, main, "serve", "--port", String.valueOf(port))) {
                    assertEquals(2, serve.awaitExit(START), main + ": " + serve.output());
                    assertPortInUseLine(serve.lines(), port);
                }
            }
        }
    }

    /** Exactly one line, naming the port and suggesting --port 0, and no stack trace. */
    public static void assertPortInUseLine(List<String> lines, int port) {
        assertEquals(1, lines.size(), "one line: " + lines);
        String line = lines.getFirst();
        assertTrue(line.startsWith("cannot listen on port " + port + ": "), line);
        assertTrue(line.contains("--port 0"), line);
        assertFalse(line.contains("Exception"), line);
    }
}
