package ch03;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ClientHandshake;
import wsfs.protocol.HandshakeFailed;
import wsfs.view.HexDump;
import wsfs.io.HttpReader;
import wsfs.protocol.HttpResponse;

/** The client's request and its checks of the server's answer, on byte arrays (no sockets). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClientHandshakeTest {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final ClientHandshake RFC_CLIENT = new ClientHandshake("server.example.com", 80, "/chat",
            List.of("chat", "superchat"), Map.of("Origin", "http://example.com"), KEY);
    static final String OK = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";

    static HttpResponse response(String text) throws IOException {
        return HttpReader.readResponse(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), 8192);
    }

    static HandshakeFailed fails(String response) throws IOException {
        HttpResponse parsed = response(response);
        HandshakeFailed e = assertThrows(HandshakeFailed.class, () -> RFC_CLIENT.verify(parsed));
        assertEquals("RFC 6455 section 4.1", e.rfcSection());
        return e;
    }

    @Test
    void theRequestIsTheRfcExample() {
        assertEquals("""
                GET /chat HTTP/1.1\r
                Host: server.example.com\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
                Origin: http://example.com\r
                Sec-WebSocket-Protocol: chat, superchat\r
                Sec-WebSocket-Version: 13\r
                \r
                """, new String(RFC_CLIENT.request().toBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void hostCarriesTheNonDefaultPortAndNoProtocolFieldWithoutProtocols() {
        ClientHandshake c = new ClientHandshake("127.0.0.1", 9913, "/", List.of(), Map.of(), KEY);
        assertEquals(Optional.of("127.0.0.1:9913"), c.request().headers().first("Host"));
        assertTrue(c.request().headers().all("Sec-WebSocket-Protocol").isEmpty());
    }

    @Test
    void fromAUri() {
        ClientHandshake c = ClientHandshake.of(URI.create("ws://localhost:8080/chat?room=1"), List.of(), Map.of());
        assertEquals("/chat?room=1", c.request().target());
        assertEquals(Optional.of("localhost:8080"), c.request().headers().first("Host"));
        assertEquals("/", ClientHandshake.of(URI.create("ws://localhost"), List.of(), Map.of()).path());
        assertThrows(IllegalArgumentException.class,
                () -> ClientHandshake.of(URI.create("http://localhost/"), List.of(), Map.of()));
    }

    @Test
    void everyClientDrawsAFreshKey() {
        ClientHandshake a = ClientHandshake.of("h", 80, "/", List.of(), Map.of());
        ClientHandshake b = ClientHandshake.of("h", 80, "/", List.of(), Map.of());
        assertNotEquals(a.key(), b.key());
    }

    @Test
    void extraHeadersCannotReplaceTheHandshakesOwn() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClientHandshake("h", 80, "/", List.of(), Map.of("sec-websocket-key", KEY), KEY));
        assertThrows(IllegalArgumentException.class,
                () -> new ClientHandshake("h", 80, "/", List.of(), Map.of(), "short"));
    }

    @Test
    void aGoodAnswer() throws IOException {
        assertEquals(Optional.empty(), RFC_CLIENT.verify(response(OK + "\r\n")).subprotocol());
        assertEquals(Optional.of("superchat"),
                RFC_CLIENT.verify(response(OK + "Sec-WebSocket-Protocol: superchat\r\n\r\n")).subprotocol());
        // names and token values in any case, Connection as a list
        RFC_CLIENT.verify(response("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nCONNECTION: foo, upgrade\r\n"
                + "sec-websocket-accept:s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"));
    }

    @Test
    void performLeavesTheServersFirstFrameInTheStream() throws IOException {
        byte[] frame = HexDump.parse("81 05 48 65 6c 6c 6f"); // an unmasked "Hello" from a server
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes((OK + "Sec-WebSocket-Protocol: chat\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        answer.writeBytes(frame);
        InputStream in = new ByteArrayInputStream(answer.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientHandshake.Result result = RFC_CLIENT.perform(in, out);
        assertEquals(Optional.of("chat"), result.subprotocol());
        assertArrayEquals(RFC_CLIENT.request().toBytes(), out.toByteArray());
        assertArrayEquals(frame, in.readAllBytes());
    }

    // ---- the checks of section 4.1 ----------------------------------------------------------------

    @Test
    void notA101() throws IOException {
        assertTrue(fails("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").getMessage().contains("200 OK"));
        assertTrue(fails("HTTP/1.1 403 Forbidden\r\n\r\n").getMessage().contains("403"));
    }

    @Test
    void upgradeMissingOrWrong() throws IOException {
        fails(OK.replace("Upgrade: websocket\r\n", "") + "\r\n");
        fails(OK.replace("Upgrade: websocket", "Upgrade: h2c") + "\r\n");
    }

    @Test
    void connectionMissingOrWithoutUpgrade() throws IOException {
        fails(OK.replace("Connection: Upgrade\r\n", "") + "\r\n");
        fails(OK.replace("Connection: Upgrade", "Connection: keep-alive") + "\r\n");
    }

    @Test
    void aWrongOrMissingAcceptValue() throws IOException {
        // document 002 shows a value of 24 characters: 16 bytes, which a 20-byte SHA-1 can never be
        assertTrue(fails(OK.replace("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "4O33ZinyFxWKCaxf7T4yCA==") + "\r\n")
                .getMessage().contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        fails(OK.replace("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", "") + "\r\n");
        fails(OK.replace("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "S3PPLMBITXAQ9KYGZZHZRBK+XOO=") + "\r\n"); // base64 is case-sensitive
        fails(OK + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"); // twice
    }

    @Test
    void anExtensionWeDidNotOffer() throws IOException {
        fails(OK + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
    }

    @Test
    void aSubprotocolWeDidNotOfferOrTwo() throws IOException {
        fails(OK + "Sec-WebSocket-Protocol: mqtt\r\n\r\n");
        fails(OK + "Sec-WebSocket-Protocol: chat, superchat\r\n\r\n");
        fails(OK + "Sec-WebSocket-Protocol: chat\r\nSec-WebSocket-Protocol: chat\r\n\r\n");
        HttpResponse withProtocol = response(OK + "Sec-WebSocket-Protocol: chat\r\n\r\n");
        ClientHandshake offersNone = new ClientHandshake("h", 80, "/", List.of(), Map.of(), KEY);
        assertThrows(HandshakeFailed.class, () -> offersNone.verify(withProtocol));
    }

    @Test
    void aResponseThatIsNotHttp() {
        InputStream in = new ByteArrayInputStream("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        HandshakeFailed e = assertThrows(HandshakeFailed.class, () -> RFC_CLIENT.perform(in, new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("not a valid HTTP response"), e.getMessage());
    }
}
