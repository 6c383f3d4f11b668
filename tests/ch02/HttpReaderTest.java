package ch02;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.HandshakeRejected;
import wsfs.view.HexDump;
import wsfs.protocol.HttpHeaders;
import wsfs.io.HttpReader;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.io.TrickleInputStream;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HttpReaderTest {

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static HttpRequest request(String text) throws IOException {
        return HttpReader.readRequest(stream(text), HttpReader.DEFAULT_MAX_HEAD_BYTES);
    }

    static HandshakeRejected rejected(String text, int maxHeadBytes) {
        return assertThrows(HandshakeRejected.class, () -> HttpReader.readRequest(stream(text), maxHeadBytes));
    }

    @Test
    void requestLineAndFields() throws IOException {
        HttpRequest r = request("GET /chat?room=1 HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\r\n");
        assertEquals("GET", r.method());
        assertEquals("/chat?room=1", r.target());
        assertEquals("HTTP/1.1", r.version());
        assertEquals(List.of(new HttpHeaders.Field("Host", "server.example.com"),
                new HttpHeaders.Field("Upgrade", "websocket")), r.headers().fields());
    }

    @Test
    void fieldNamesAreCaseInsensitive() throws IOException {
        HttpRequest r = request("GET / HTTP/1.1\r\nsec-websocket-KEY: abc\r\nHOST: h\r\n\r\n");
        assertEquals(Optional.of("abc"), r.headers().first("Sec-WebSocket-Key"));
        assertEquals(Optional.of("h"), r.headers().first("host"));
    }

    @Test
    void optionalWhitespaceAroundValuesIsNotPartOfThem() throws IOException {
        HttpRequest r = request("GET / HTTP/1.1\r\nUpgrade:websocket\r\nHost: \t h \t\r\nX-Empty:\r\n\r\n");
        assertEquals(Optional.of("websocket"), r.headers().first("Upgrade"));
        assertEquals(Optional.of("h"), r.headers().first("Host"));
        assertEquals(Optional.of(""), r.headers().first("X-Empty"));
    }

    @Test
    void tokenListsAcrossRepeatedFields() throws IOException {
        HttpRequest r = request("GET / HTTP/1.1\r\nConnection: keep-alive,  Upgrade\r\n"
                + "Sec-WebSocket-Protocol: chat\r\nsec-websocket-protocol: ,superchat ,, v2.json\r\n\r\n");
        assertEquals(List.of("keep-alive", "Upgrade"), r.headers().list("Connection"));
        assertTrue(r.headers().hasToken("connection", "upgrade"));
        assertEquals(List.of("chat", "superchat", "v2.json"), r.headers().list("Sec-WebSocket-Protocol"));
        assertEquals(List.of("chat", ",superchat ,, v2.json"), r.headers().all("Sec-WebSocket-Protocol"));
    }

    @Test
    void aCommaInAQuotedStringDoesNotSplit() throws IOException {
        HttpRequest r = request("GET / HTTP/1.1\r\nSec-WebSocket-Extensions: x; a=\"1,2\", y\r\n\r\n");
        assertEquals(List.of("x; a=\"1,2\"", "y"), r.headers().list("Sec-WebSocket-Extensions"));
    }

    @Test
    void emptyLinesBeforeTheRequestLineAndBareLineFeedsAreAccepted() throws IOException {
        HttpRequest r = request("\r\nGET / HTTP/1.1\nHost: h\n\n");
        assertEquals("GET", r.method());
        assertEquals(Optional.of("h"), r.headers().first("Host"));
    }

    @Test
    void theBytesAfterTheEmptyLineStayInTheStream() throws IOException {
        byte[] frame = HexDump.parse("81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80");
        byte[] head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] both = new byte[head.length + frame.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(frame, 0, both, head.length, frame.length);
        // one byte per read, as a slow network may deliver them, and all at once
        for (InputStream in : List.of(new TrickleInputStream(new ByteArrayInputStream(both), 1),
                new ByteArrayInputStream(both))) {
            HttpReader.readRequest(in, HttpReader.DEFAULT_MAX_HEAD_BYTES);
            assertArrayEquals(frame, in.readAllBytes(), "the first frame must not be lost");
        }
    }

    @Test
    void malformedRequestLinesGet400() {
        for (String line : List.of("GET /", "GET  / HTTP/1.1", "GET / HTTP/1.1 extra", "GET / FTP/1.0", "G@T / HTTP/1.1")) {
            HandshakeRejected e = rejected(line + "\r\nHost: h\r\n\r\n", 8192);
            assertEquals(400, e.status(), line);
            assertEquals("RFC 9112 section 3", e.rfcSection());
        }
    }

    @Test
    void whitespaceBeforeTheColonGets400() {
        HandshakeRejected e = rejected("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 8192);
        assertEquals(400, e.status());
        assertEquals("RFC 9112 section 5.1", e.rfcSection());
    }

    @Test
    void aLineWithoutColonGets400() {
        assertEquals(400, rejected("GET / HTTP/1.1\r\nHost h\r\n\r\n", 8192).status());
    }

    @Test
    void obsoleteLineFoldingGets400() {
        HandshakeRejected e = rejected("GET / HTTP/1.1\r\nHost: h\r\n  continued\r\n\r\n", 8192);
        assertEquals(400, e.status());
        assertEquals("RFC 9112 section 5.2", e.rfcSection());
    }

    @Test
    void controlCharactersInValuesGet400() {
        assertEquals(400, rejected("GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n", 8192).status());
    }

    @Test
    void aHeadBeyondTheBoundGets431() {
        String head = "GET / HTTP/1.1\r\nHost: h\r\nCookie: " + "x".repeat(200) + "\r\n\r\n";
        assertEquals(431, rejected(head, 100).status());
        assertEquals(431, rejected("GET /" + "a".repeat(200) + " HTTP/1.1\r\n\r\n", 100).status(), "a long request line");
        // many small fields add up
        assertEquals(431, rejected("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(30) + "\r\n", 100).status());
        assertEquals(431, rejected("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(HttpReader.MAX_FIELDS + 1) + "\r\n", 8192)
                .status(), "too many fields");
        assertTrue(rejected(head, 100).getMessage().contains("RFC 6585 section 5"));
    }

    @Test
    void aHeadJustWithinTheBoundIsRead() throws IOException {
        String head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n"; // 27 bytes
        assertEquals("GET", HttpReader.readRequest(stream(head), head.length()).method());
    }

    @Test
    void aStreamThatEndsBeforeTheEmptyLineIsAnEof() {
        assertThrows(EOFException.class, () -> request(""));
        assertThrows(EOFException.class, () -> request("GET / HTTP/1.1\r\nHost: h\r\n"));
        assertThrows(EOFException.class, () -> request("GET / HTTP/1.1\r\nHost: h"));
    }

    @Test
    void responses() throws IOException {
        HttpResponse r = HttpReader.readResponse(stream("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"),
                8192);
        assertEquals(101, r.status());
        assertEquals("Switching Protocols", r.reason());
        assertEquals(Optional.of("websocket"), r.headers().first("upgrade"));
        assertEquals("", HttpReader.readResponse(stream("HTTP/1.1 204 \r\n\r\n"), 8192).reason());
        assertThrows(HandshakeRejected.class, () -> HttpReader.readResponse(stream("HTTP/1.1 OK\r\n\r\n"), 8192));
    }

    @Test
    void writtenMessagesEndWithExactlyOneEmptyLine() {
        HttpRequest request = new HttpRequest("GET", "/", "HTTP/1.1", HttpHeaders.of("Host", "h"));
        assertEquals("GET / HTTP/1.1\r\nHost: h\r\n\r\n", new String(request.toBytes(), StandardCharsets.ISO_8859_1));
        HttpResponse response = new HttpResponse(101, HttpHeaders.of("Upgrade", "websocket"));
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
                new String(response.toBytes(), StandardCharsets.ISO_8859_1));
    }
}
