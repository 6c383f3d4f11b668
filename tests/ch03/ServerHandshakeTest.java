package ch03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.view.HexDump;
import wsfs.io.HttpReader;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.OriginPolicy;
import wsfs.io.ServerHandshake;

/** The server's checks and answers, on byte arrays (no sockets). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerHandshakeTest {
    /** The client handshake of RFC 6455 section 1.2. */
    static final String RFC_REQUEST = """
            GET /chat HTTP/1.1\r
            Host: server.example.com\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Origin: http://example.com\r
            Sec-WebSocket-Protocol: chat, superchat\r
            Sec-WebSocket-Version: 13\r
            \r
            """;

    /** The request Chrome 63 sent in document 001 ("Python WebSocket development over raw sockets"). */
    static final String CAPTURED_CHROME_REQUEST = """
            GET / HTTP/1.1\r
            Host: 127.0.0.1:9913\r
            Connection: Upgrade\r
            Pragma: no-cache\r
            Cache-Control: no-cache\r
            Upgrade: websocket\r
            Origin: http://127.0.0.1:9915\r
            Sec-WebSocket-Version: 13\r
            User-Agent: Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/63.0.3239.132 Safari/537.36\r
            Accept-Encoding: gzip, deflate, br\r
            Accept-Language: zh-CN,zh;q=0.9\r
            Cookie: csrftoken=W58zlrDnjzaLekwp5i3LCyjf0LkH1k8MnflhHczFZj0g7HhBei266yAqUMCUmTgL; sessionid=fmafra1eoxixqvri982wn20t9ijlm6ve\r
            Sec-WebSocket-Key: pO5nV5UZg1q2wAcE4Hb39g==\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
            \r
            """;

    static final HandshakePolicy CHAT = HandshakePolicy.defaults().withSubprotocols("chat", "superchat");

    static HttpRequest parse(String text) throws IOException {
        return HttpReader.readRequest(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), 8192);
    }

    static String wire(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static HandshakeRejected refused(String request, HandshakePolicy policy) throws IOException {
        HttpRequest parsed = parse(request);
        return assertThrows(HandshakeRejected.class, () -> ServerHandshake.negotiate(parsed, policy));
    }

    static String replace(String line, String with) {
        assertTrue(RFC_REQUEST.contains(line), line);
        return RFC_REQUEST.replace(line, with);
    }

    // ---- accepted handshakes ----------------------------------------------------------------------

    @Test
    void theRfcExampleGetsExactlyTheRfcResponse() throws IOException {
        ServerHandshake.Accepted a = ServerHandshake.negotiate(parse(RFC_REQUEST), CHAT);
        assertEquals("""
                HTTP/1.1 101 Switching Protocols\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
                Sec-WebSocket-Protocol: chat\r
                \r
                """, wire(a.response().toBytes()));
        assertEquals(Optional.of("chat"), a.subprotocol());
    }

    @Test
    void theCapturedChromeRequestIsAnsweredWithoutExtensions() throws IOException {
        HandshakePolicy policy = HandshakePolicy.defaults().withOrigins(OriginPolicy.allowList("http://127.0.0.1:9915"));
        ServerHandshake.Accepted a = ServerHandshake.negotiate(parse(CAPTURED_CHROME_REQUEST), policy);
        assertEquals("""
                HTTP/1.1 101 Switching Protocols\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Accept: VY56t8QOwpDa8p3km4VE+Ra5KkY=\r
                \r
                """, wire(a.response().toBytes()));
        assertEquals(List.of("permessage-deflate; client_max_window_bits"), a.extensions());
        assertFalse(a.response().headers().has("Sec-WebSocket-Extensions"), "we negotiate no extension");
        assertEquals(Optional.empty(), a.subprotocol());
    }

    @Test
    void theSubprotocolFollowsTheClientsPreference() throws IOException {
        // the server lists superchat first, but the client prefers chat
        HandshakePolicy server = HandshakePolicy.defaults().withSubprotocols("superchat", "chat");
        assertEquals(Optional.of("chat"), ServerHandshake.negotiate(parse(RFC_REQUEST), server).subprotocol());
        // offered across two fields, the first field's first element comes first
        String split = replace("Sec-WebSocket-Protocol: chat, superchat\r\n",
                "Sec-WebSocket-Protocol: superchat\r\nsec-websocket-protocol: chat\r\n");
        assertEquals(Optional.of("superchat"), ServerHandshake.negotiate(parse(split), server).subprotocol());
    }

    @Test
    void noCommonSubprotocolMeansNoHeader() throws IOException {
        ServerHandshake.Accepted a = ServerHandshake.negotiate(parse(RFC_REQUEST),
                HandshakePolicy.defaults().withSubprotocols("mqtt"));
        assertEquals(Optional.empty(), a.subprotocol());
        assertFalse(a.response().headers().has("Sec-WebSocket-Protocol"));
        // subprotocol names are compared exactly
        assertEquals(Optional.empty(), ServerHandshake.negotiate(parse(RFC_REQUEST),
                HandshakePolicy.defaults().withSubprotocols("CHAT")).subprotocol());
    }

    @Test
    void headerNamesAndTokenValuesInAnyCase() throws IOException {
        String odd = """
                GET /chat HTTP/1.1\r
                host: server.example.com\r
                UPGRADE: WebSocket\r
                connection: keep-alive, upgrade\r
                sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r
                SEC-WEBSOCKET-VERSION:13\r
                \r
                """;
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ServerHandshake.negotiate(parse(odd), CHAT).response()
                .headers().first("Sec-WebSocket-Accept").orElseThrow());
    }

    @Test
    void connectionAsATokenListAcrossRepeatedFieldsWithWhitespace() throws IOException {
        String request = replace("Connection: Upgrade\r\n", "Connection: keep-alive\r\nConnection:\t Upgrade \t\r\n");
        ServerHandshake.negotiate(parse(request), CHAT);
        String firefox = replace("Connection: Upgrade\r\n", "Connection: keep-alive, Upgrade\r\n");
        ServerHandshake.negotiate(parse(firefox), CHAT);
    }

    @Test
    void acceptWritesExactlyTheResponseAndLeavesTheFirstFrameInTheStream() throws IOException {
        byte[] frame = HexDump.parse("81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(RFC_REQUEST.getBytes(StandardCharsets.ISO_8859_1));
        both.writeBytes(frame);
        InputStream in = new ByteArrayInputStream(both.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerHandshake.Accepted a = ServerHandshake.accept(in, out, CHAT);
        assertArrayEquals(a.response().toBytes(), out.toByteArray(), "nothing after the empty line");
        assertTrue(wire(out.toByteArray()).endsWith("chat\r\n\r\n"));
        assertArrayEquals(frame, in.readAllBytes());
    }

    // ---- 400: the rules of section 4.2.1 ----------------------------------------------------------

    @Test
    void notAGet() throws IOException {
        assertRule(refused(RFC_REQUEST.replace("GET /chat", "POST /chat"), CHAT), 400, "GET");
    }

    @Test
    void notHttp11() throws IOException {
        assertRule(refused(RFC_REQUEST.replace("HTTP/1.1", "HTTP/1.0"), CHAT), 400, "HTTP/1.1");
    }

    @Test
    void hostMissingOrTwice() throws IOException {
        assertRule(refused(replace("Host: server.example.com\r\n", ""), CHAT), 400, "Host");
        assertRule(refused(replace("Host: server.example.com\r\n", "Host: a\r\nHost: b\r\n"), CHAT), 400, "Host");
    }

    @Test
    void upgradeMissingOrWrong() throws IOException {
        assertRule(refused(replace("Upgrade: websocket\r\n", ""), CHAT), 400, "Upgrade");
        assertRule(refused(replace("Upgrade: websocket\r\n", "Upgrade: h2c\r\n"), CHAT), 400, "Upgrade");
    }

    @Test
    void connectionWithoutTheUpgradeToken() throws IOException {
        assertRule(refused(replace("Connection: Upgrade\r\n", ""), CHAT), 400, "Connection");
        assertRule(refused(replace("Connection: Upgrade\r\n", "Connection: keep-alive\r\n"), CHAT), 400, "Connection");
        // "Upgraded" is not the token "Upgrade"
        assertRule(refused(replace("Connection: Upgrade\r\n", "Connection: Upgraded\r\n"), CHAT), 400, "Connection");
    }

    @Test
    void keyMissingTwiceOrNotSixteenBytes() throws IOException {
        String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        assertRule(refused(replace(key, ""), CHAT), 400, "Sec-WebSocket-Key");
        assertRule(refused(replace(key, key + key), CHAT), 400, "Sec-WebSocket-Key");
        assertRule(refused(replace(key, "Sec-WebSocket-Key: aGVsbG8=\r\n"), CHAT), 400, "16 bytes");
        assertRule(refused(replace(key, "Sec-WebSocket-Key: not base64 at all!!!!!!\r\n"), CHAT), 400, "16 bytes");
    }

    @Test
    void versionTwice() throws IOException {
        String v = "Sec-WebSocket-Version: 13\r\n";
        HandshakeRejected e = refused(replace(v, v + v), CHAT);
        assertEquals(400, e.status());
        assertEquals("RFC 6455 section 11.3.5", e.rfcSection());
    }

    // ---- 426, 403 --------------------------------------------------------------------------------

    @Test
    void anotherVersionGets426WithOurVersion() throws IOException {
        HandshakeRejected e = refused(replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), CHAT);
        assertEquals(426, e.status());
        assertEquals("RFC 6455 section 4.4", e.rfcSection());
        String answer = wire(ServerHandshake.rejection(e).toBytes());
        assertTrue(answer.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), answer);
        assertTrue(answer.contains("\r\nSec-WebSocket-Version: 13\r\n"), answer);
        assertTrue(answer.contains("\r\nUpgrade: websocket\r\n"), answer);
        assertTrue(answer.contains("\r\nConnection: Upgrade, close\r\n"), answer);
    }

    @Test
    void theHixie76HandshakeWithoutVersionGets426() throws IOException {
        String hixie76 = """
                GET /demo HTTP/1.1\r
                Host: example.com\r
                Connection: Upgrade\r
                Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r
                Sec-WebSocket-Protocol: sample\r
                Upgrade: WebSocket\r
                Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r
                Origin: http://example.com\r
                \r
                """;
        assertEquals(426, refused(hixie76, CHAT).status());
    }

    @Test
    void aRefusedOriginGets403() throws IOException {
        HandshakePolicy strict = CHAT.withOrigins(OriginPolicy.allowList("https://chat.example.com"));
        HandshakeRejected e = refused(RFC_REQUEST, strict);
        assertEquals(403, e.status());
        assertTrue(e.reason().contains("http://example.com"));
        // allowed: a listed origin (any case), and a request without Origin (not a browser page)
        ServerHandshake.negotiate(parse(replace("Origin: http://example.com", "Origin: HTTPS://Chat.Example.com")), strict);
        ServerHandshake.negotiate(parse(replace("Origin: http://example.com\r\n", "")), strict);
    }

    @Test
    void sameOriginComparesOriginWithHost() throws IOException {
        HandshakePolicy same = CHAT.withOrigins(OriginPolicy.sameOrigin());
        assertEquals(403, refused(RFC_REQUEST, same).status());
        ServerHandshake.negotiate(parse(replace("Origin: http://example.com", "Origin: http://server.example.com")), same);
        assertEquals(403, refused(CAPTURED_CHROME_REQUEST, same).status(), "port 9915 is not port 9913");
    }

    // ---- the HTTP answers ------------------------------------------------------------------------

    @Test
    void aRejectionIsARealHttpResponseNamingTheRule() throws IOException {
        HandshakeRejected e = refused(replace("Upgrade: websocket\r\n", ""), CHAT);
        String answer = wire(ServerHandshake.rejection(e).toBytes());
        String body = "400 Bad Request: The Upgrade header field must contain \"websocket\", but it was missing"
                + " (RFC 6455 section 4.2.1)\n";
        assertEquals("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body, answer);
    }

    @Test
    void acceptOnAStreamWritesTheRejectionAndThrows() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(RFC_REQUEST.replace("13", "7").getBytes(StandardCharsets.ISO_8859_1));
        HandshakeRejected e = assertThrows(HandshakeRejected.class, () -> ServerHandshake.accept(in, out, CHAT));
        assertEquals(426, e.status());
        assertTrue(wire(out.toByteArray()).startsWith("HTTP/1.1 426 Upgrade Required\r\n"));
    }

    @Test
    void aTooLargeHeadGets431OnTheStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String big = replace("Origin:", "Cookie: " + "c".repeat(500) + "\r\nOrigin:");
        InputStream in = new ByteArrayInputStream(big.getBytes(StandardCharsets.ISO_8859_1));
        HandshakeRejected e = assertThrows(HandshakeRejected.class,
                () -> ServerHandshake.accept(in, out, CHAT.withMaxHeadBytes(512)));
        assertEquals(431, e.status());
        assertTrue(wire(out.toByteArray()).startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
    }

    static void assertRule(HandshakeRejected e, int status, String mentioned) {
        assertEquals(status, e.status(), e.getMessage());
        assertEquals("RFC 6455 section 4.2.1", e.rfcSection(), e.getMessage());
        assertTrue(e.reason().contains(mentioned), e.reason());
    }
}
