package ch18;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch14.ServeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.app.ChatRoom;
import wsfs.app.ChatRoomLan;
import wsfs.io.ByteStreams;

/**
 * The chat room's LAN mode (chapter 18): {@code 18_ChatRoom.java serve --bind ADDRESS [--origin URL]...}.
 * The server process is bound to 127.0.0.1 with {@code --bind}, so the test never opens a port to the network;
 * the Origin policy of RFC 6455 section 10.2 is checked with hand-written handshakes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatRoomLanTest {
    private static final Pattern READY = Pattern.compile("chat room on http://127\\.0\\.0\\.1:(\\d+)/");

    /** The status line the room answers to an upgrade to /chat with these extra header lines. */
    static String statusLine(int port, String host, String extraHeaders) throws IOException {
        String request = "GET /chat?nick=ann HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return ByteStreams.readLine(in, 200);
        }
    }

    static int awaitPort(ServeProcess serve) throws InterruptedException {
        String line = serve.awaitLine("chat room on ", Duration.ofSeconds(20));
        assertNotNull(line, "no ready line:\n" + serve.output());
        Matcher m = READY.matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void boundWithBindThePagesOfOtherOriginsGet403AndTheRoomsOwnPageJoins() throws Exception {
        try (ServeProcess serve = ServeProcess.start(0, "ChatRoomApp", "serve", "--bind", "127.0.0.1", "--port", "0")) {
            int port = awaitPort(serve);
            String allowed = serve.awaitLine("pages that may join", Duration.ofSeconds(10));
            assertNotNull(allowed, serve.output());
            assertTrue(allowed.contains("http://127.0.0.1:" + port) && allowed.contains("10.2"), allowed);
            String host = "127.0.0.1:" + port;
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(port, host, "Origin: http://evil.example\r\n"));
            assertEquals("HTTP/1.1 101 Switching Protocols", statusLine(port, host, "Origin: http://127.0.0.1:" + port + "\r\n"));
            assertEquals("HTTP/1.1 101 Switching Protocols", statusLine(port, host, "Origin: http://localhost:" + port + "\r\n"));
            assertEquals("HTTP/1.1 101 Switching Protocols", statusLine(port, host, ""), "no Origin: not a browser page");
        }
    }

    @Test
    void anOriginNamedWithOriginMayJoin() throws Exception {
        try (ServeProcess serve = ServeProcess.start(0, "ChatRoomApp", "serve", "--bind", "127.0.0.1", "--port", "0",
                "--origin", "http://Teacher.example:3000")) {
            int port = awaitPort(serve);
            String host = "127.0.0.1:" + port;
            assertEquals("HTTP/1.1 101 Switching Protocols", statusLine(port, host, "Origin: http://teacher.example:3000\r\n"));
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(port, host, "Origin: http://teacher.example:3001\r\n"));
        }
    }

    /**
     * DNS rebinding: a page at http://evil.example:PORT whose name now resolves to the room's address sends
     * Host and Origin that agree. Comparing Origin with Host (chapter 03's same-origin policy) let it in; the
     * room compares Origin with its own addresses only.
     */
    @Test
    void aRenamedPageIsRefusedEvenWhenHostAndOriginAgree() throws Exception {
        try (ChatRoom room = ChatRoom.start(0)) {
            String evil = "evil.example:" + room.port();
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(room.port(), evil, "Origin: http://" + evil + "\r\n"));
        }
    }

    @Test
    void everyInterfaceListsLoopbackAndSharesTheOtherAddresses() throws Exception {
        ChatRoomLan lan = new ChatRoomLan(InetAddress.getByName("0.0.0.0"), List.of());
        assertTrue(lan.everyInterface());
        assertEquals("127.0.0.1", lan.connectHost());
        List<String> urls = lan.shareUrls(8080);
        assertEquals(List.of("http://127.0.0.1:8080/", "http://localhost:8080/"), urls.subList(0, 2));
        urls.forEach(url -> assertTrue(url.matches("http://[^/]+:8080/"), url));
        assertTrue(lan.ownOrigins(80).contains("http://127.0.0.1"), "port 80: browsers leave it out of Origin");
        try (ChatRoom room = ChatRoom.start(lan, 0)) {
            assertEquals("http://127.0.0.1:" + room.port() + "/", room.pageUrl());
            assertEquals("HTTP/1.1 101 Switching Protocols",
                    statusLine(room.port(), "x", "Origin: http://127.0.0.1:" + room.port() + "\r\n"));
            assertEquals("HTTP/1.1 403 Forbidden", statusLine(room.port(), "x", "Origin: http://127.0.0.1:1\r\n"));
        }
    }

    @Test
    void bindAndOriginValuesAreChecked() throws Exception {
        assertEquals(InetAddress.getByName("192.168.1.20"), ChatRoomLan.parseBind("192.168.1.20"));
        assertTrue(ChatRoomLan.parseBind("::").isAnyLocalAddress());
        assertTrue(ChatRoomLan.parseBind("localhost").isLoopbackAddress());
        assertThrows(IllegalArgumentException.class, () -> ChatRoomLan.parseBind("classroom.example"));
        assertThrows(IllegalArgumentException.class, () -> ChatRoomLan.parseBind("999.1.1.1"));
        assertEquals("http://a.example:8080", ChatRoomLan.parseOrigin("http://A.example:8080"));
        assertThrows(IllegalArgumentException.class, () -> ChatRoomLan.parseOrigin("http://a.example/path"));
        assertThrows(IllegalArgumentException.class, () -> ChatRoomLan.parseOrigin("a.example:8080"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bind nonsense", "--bind", "--bind 198.51.100.254", "--origin ftp://x",
            "--origin http://a.example/chat", "--port x", "--bogus", "extra"})
    void aBadValueIsOneLineAndExitStatus2(String options) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(System.getProperty("basedir", "."), "target", "classes").toAbsolutePath().toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classes, "ChatRoomApp", "serve", "--port", "0"));
        command.addAll(List.of(options.split(" ")));
        Path out = Files.createTempFile("chat-lan", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the mistake was not noticed: " + options);
            }
            List<String> lines = Files.readAllLines(out);
            assertEquals(2, p.exitValue(), options + "\n" + lines);
            assertEquals(1, lines.size(), options + " says what is wrong in one line:\n" + String.join("\n", lines));
            assertFalse(lines.getFirst().contains("Exception"), lines.getFirst());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
