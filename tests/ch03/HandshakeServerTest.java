package ch03;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ClientHandshake;
import wsfs.protocol.HandshakePolicy;
import wsfs.app.HandshakeServer;
import wsfs.view.HexDump;
import wsfs.protocol.OriginPolicy;

/** The handshake over real loopback sockets: every answer, every close, and the page of `serve`. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeServerTest {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String REQUEST = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n";
    static final Duration TIMEOUT = Duration.ofMillis(800);

    final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    HandshakeServer server;

    @BeforeEach
    void start() throws IOException {
        HandshakePolicy policy = HandshakePolicy.defaults().withSubprotocols("chat")
                .withOrigins(OriginPolicy.allowList("http://example.com")).withMaxHeadBytes(1024);
        server = HandshakeServer.start(0, policy, TIMEOUT, log::add);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends raw bytes and returns everything the server sends until it closes the connection. */
    String exchange(String raw) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1); // returns at end of stream
            assertEquals(-1, in.read(), "the server closed the connection");
            return answer;
        }
    }

    String nextLog(String containing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = log.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.contains(containing)) {
                return line;
            }
        }
        throw new AssertionError("no server log line containing " + containing);
    }

    @Test
    void ourClientAndOurServerAgreeAndTheFirstFrameArrives() throws Exception {
        try (Socket socket = connect()) {
            ClientHandshake.Result result = ClientHandshake.perform(socket.getInputStream(), socket.getOutputStream(),
                    "127.0.0.1", server.port(), "/chat", List.of("superchat", "chat"), Map.of("Origin", "http://example.com"));
            assertEquals(Optional.of("chat"), result.subprotocol());
            assertEquals(101, result.response().status());
            nextLog("101 Switching Protocols for /chat, subprotocol chat");

            byte[] frame = HexDump.parse("81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80");
            socket.getOutputStream().write(frame);
            assertTrue(nextLog("received").endsWith(HexDump.hex(frame)));
        }
        nextLog("the peer closed the connection");
    }

    @Test
    void aFrameInTheSameWriteAsTheRequestIsNotLost() throws Exception {
        try (Socket socket = connect()) {
            byte[] frame = HexDump.parse("81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80");
            socket.getOutputStream().write((REQUEST + "\r\n" + new String(frame, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(socket.getInputStream().readNBytes(129), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n", head);
            assertTrue(nextLog("received 17 bytes").endsWith(HexDump.hex(frame)));
            socket.setSoTimeout(300);
            assertThrowsTimeout(socket.getInputStream()); // nothing after the empty line, and the socket stays open
        }
    }

    static void assertThrowsTimeout(InputStream in) {
        org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class, in::read);
    }

    @Test
    void badRequestGets400AndClose() throws Exception {
        String answer = exchange(REQUEST.replace("Sec-WebSocket-Key: " + KEY + "\r\n", "") + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
        assertTrue(answer.contains("\r\nConnection: close\r\n"), answer);
        assertTrue(answer.endsWith("(RFC 6455 section 4.2.1)\n"), answer);
        nextLog("400 Bad Request");
    }

    @Test
    void malformedHttpGets400AndClose() throws Exception {
        assertTrue(exchange("HELLO\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request\r\n"));
    }

    @Test
    void anotherVersionGets426AndClose() throws Exception {
        String answer = exchange(REQUEST.replace("Version: 13", "Version: 8") + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), answer);
        assertTrue(answer.contains("\r\nSec-WebSocket-Version: 13\r\n"), answer);
    }

    @Test
    void aRefusedOriginGets403AndClose() throws Exception {
        String answer = exchange(REQUEST + "Origin: http://evil.example\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 403 Forbidden\r\n"), answer);
        assertTrue(answer.contains("http://evil.example"), answer);
    }

    @Test
    void aHeadBeyondTheBoundGets431AndClose() throws Exception {
        // more than the server reads: its answer must survive the unread bytes (no reset)
        String answer = exchange(REQUEST + "Cookie: " + "x".repeat(100_000) + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), answer);
    }

    @Test
    void halfARequestTimesOutWith408AndClose() throws Exception {
        long start = System.nanoTime();
        String answer = exchange(REQUEST); // no empty line: the head never ends
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
        assertTrue(waited >= TIMEOUT.toMillis() - 50 && waited < 8_000, "waited " + waited + " ms");
        nextLog("408");
    }

    @Test
    void aClientThatSendsNothingIsClosedToo() throws Exception {
        assertTrue(exchange("").startsWith("HTTP/1.1 408 Request Timeout\r\n"));
    }

    @Test
    void aPlainGetReturnsThePage() throws Exception {
        String answer = exchange("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer);
        assertTrue(answer.contains("Content-Type: text/html; charset=utf-8\r\n"), answer);
        assertTrue(answer.contains("new WebSocket(\"ws://\" + location.host + \"/chat\""), answer);
        int length = Integer.parseInt(answer.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertEquals(length, answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1).length);
        assertTrue(exchange("GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").startsWith("HTTP/1.1 404 Not Found\r\n"));
    }

    @Test
    void closingTheServerClosesOpenConnections() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write((REQUEST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(129, socket.getInputStream().readNBytes(129).length);
            server.close();
            assertEquals(-1, socket.getInputStream().read());
        }
    }
}
