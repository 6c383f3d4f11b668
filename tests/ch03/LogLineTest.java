package ch03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.HandshakeServer;
import wsfs.protocol.HandshakePolicy;
import wsfs.view.LogLine;

/** What came from the network is escaped before it reaches a log: no screen clearing, no forged lines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogLineTest {

    @Test
    void everyControlCharacterIsEscaped() {
        assertEquals("a\\x1B[2J\\x07b\\x0Dc\\x0Ad\\x09e\\x00\\x7F\\x85\\x9F\\u202E\\u2028\\\\z",
                LogLine.escape("a\u001b[2J\u0007b\rc\nd\te\u0000\u007f\u0085\u009f\u202e\u2028\\z"));
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "GET /chat?nick=ann HTTP/1.1 \u00e9\u4e2d\ud83d\ude00";
        assertSame(text, LogLine.escape(text));
        assertEquals("null", LogLine.escape(null));
    }

    /** A request line with ESC, BEL and a bare CR: the chapter 03 server logs its refusal in one escaped line. */
    @Test
    void theHandshakeServerLogsARequestLineEscaped() throws Exception {
        LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
        try (HandshakeServer server = HandshakeServer.start(0, HandshakePolicy.defaults(), Duration.ofSeconds(5), log::add)) {
            send(server.port(), "GET  /\u001b[2J\u0007\rINFO forged HTTP/1.1\r\nHost: x\r\n\r\n");
            String line = log.poll(10, TimeUnit.SECONDS);
            assertNotNull(line);
            assertTrue(line.contains("400 Bad Request"), line);
            assertTrue(line.contains("GET  /\\x1B[2J\\x07\\x0DINFO forged HTTP/1.1"), line);
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "no control character left: " + line);
        }
    }

    static void send(int port, String raw) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.getInputStream().readAllBytes();
        }
    }
}
