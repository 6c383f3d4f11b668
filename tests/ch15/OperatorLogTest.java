package ch15;

import ch14.RawHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ByteStreams;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.view.HexDump;

/**
 * The server's log is for operators: each refused handshake and each failed connection is one line with the
 * peer, the status or close code, the rule and its section; what came from the network is escaped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OperatorLogTest {
    final LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();

    WebSocketServer start() throws Exception {
        return WebSocketServer.start(0, WebSocketServer.Options.defaults().withLog(log::add), new EchoListener());
    }

    @Test
    void aRequestLineWithControlCharactersIsLoggedEscapedInOneLine() throws Exception {
        try (WebSocketServer server = start()) {
            RawHttp.exchange(server.port(), "GET  /\u001b[2J\u0007\rINFO forged HTTP/1.1\r\nHost: x\r\n\r\n");
            String line = log.poll(10, TimeUnit.SECONDS);
            assertNotNull(line);
            assertTrue(line.startsWith("refused the handshake of /127.0.0.1:"), line);
            assertTrue(line.contains("400 Bad Request"), line);
            assertTrue(line.contains("\"GET  /\\x1B[2J\\x07\\x0DINFO forged HTTP/1.1\""), line);
            assertTrue(line.endsWith("(RFC 9112 section 3)"), line);
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f), "no control character left: " + line);
        }
    }

    @Test
    void aRefusedUpgradeNamesThePeerTheStatusTheRuleAndTheSection() throws Exception {
        try (WebSocketServer server = start()) {
            RawHttp.exchange(server.port(), RawHttp.UPGRADE.replace("Version: 13", "Version: 8"));
            String line = log.poll(10, TimeUnit.SECONDS);
            assertNotNull(line);
            assertTrue(line.matches("refused the handshake of /127\\.0\\.0\\.1:\\d+: 426 Upgrade Required: "
                    + ".*version 13 only.* \\(RFC 6455 section 4\\.4\\)"), line);
        }
    }

    @Test
    void aProtocolErrorIsLoggedInOneLineWithItsCloseCodeAndSection() throws Exception {
        try (WebSocketServer server = start();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 101 Switching Protocols", ByteStreams.readLine(in, 1000));
            while (!ByteStreams.readLine(in, 1000).isEmpty()) {
                // the rest of the head
            }
            out.write(HexDump.parse("81 05 48 65 6c 6c 6f")); // a text frame without a mask: section 5.1
            out.flush();
            byte[] close = ByteStreams.readExactly(in, 4);
            assertEquals("88", HexDump.hex(close, 0, 1));
            assertEquals(1002, ((close[2] & 0xff) << 8) | (close[3] & 0xff));
            String line = log.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "the failure is logged");
            assertTrue(line.matches("failed the connection of /127\\.0\\.0\\.1:\\d+ with close code 1002: .+"
                    + " \\(RFC 6455 section 5\\.\\d\\)"), line);
            assertTrue(line.toLowerCase().contains("mask"), line);
        }
    }
}
