package exercises;

import wsfs.io.HttpReader;
import wsfs.io.ServerHandshake;
import wsfs.protocol.AcceptKey;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.OriginPolicy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 02's stages: the accept value and the server's checks of the opening handshake. */
final class Stages02 {
    private Stages02() {
    }

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String GOOD = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";

    static HttpRequest request(String head) throws Exception {
        return HttpReader.readRequest(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)), 8192);
    }

    static String show(String head) {
        return "the request head\n    " + Show.visible(head).replace("\\r\\n", "\\r\\n\n     ").replaceAll("\\s+\"$", "\"");
    }

    /** The request must be refused with this HTTP status. */
    static void refused(String head, int status, HandshakePolicy policy) throws Exception {
        HttpRequest r = request(head);
        HandshakeRejected e = Expect.thrown(show(head), HandshakeRejected.class, () -> ServerHandshake.negotiate(r, policy));
        if (e.status() != status) {
            throw new StageFailure(show(head), "HTTP " + status, "HTTP " + e.status() + " (" + e.reason() + ")");
        }
    }

    static void refused(String head, int status) throws Exception {
        refused(head, status, HandshakePolicy.defaults());
    }

    static List<Stage> stages() {
        String accept = "Sec-WebSocket-Accept is base64(SHA-1(key + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")) (RFC 6455 sections 1.3 and 4.2.2)";
        String checks = "RFC 6455 section 4.2.1: a GET, HTTP/1.1, one Host, Upgrade: websocket, Connection: Upgrade, one 16-byte key, version 13";
        return List.of(
                core("02-accept-key", "the accept value of the RFC's sample key", accept,
                        "Append AcceptKey.GUID to the key TEXT, SHA-1 its ASCII bytes (the sha1 helper), base64 the 20 bytes.", () ->
                                Expect.equal("AcceptKey.accept(\"" + KEY + "\")", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", () -> AcceptKey.accept(KEY))),
                core("02-accept-key", "the key as the client wrote it, not decoded", accept,
                        "Do not base64-decode the key: the GUID is appended to the 24 characters as sent.", () ->
                                Expect.equal("AcceptKey.accept(\"x3JJHMbDL1EzLkh9GBhXDw==\")", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=",
                                        () -> AcceptKey.accept("x3JJHMbDL1EzLkh9GBhXDw=="))),
                core("02-accept-key", "a key is base64 of exactly 16 bytes", "RFC 6455 section 4.2.1 item 5: the key is a base64-encoded 16-byte value",
                        "24 characters ending in \"==\", and Base64.getDecoder().decode gives 16 bytes (catch IllegalArgumentException).", () -> {
                            Expect.equal("isValidKey(\"" + KEY + "\")", true, () -> AcceptKey.isValidKey(KEY));
                            for (String bad : List.of("abc", "AAAAAAAAAAAAAAAAAAAAAAAA", "!!!!!!!!!!!!!!!!!!!!!!==", "")) {
                                Expect.equal("isValidKey(\"" + bad + "\")", false, AcceptKey.isValidKey(bad));
                            }
                        }),
                core("02-validate-request", "a browser's request gets the 101 with the accept value", "RFC 6455 section 4.2.2 step 5",
                        "When every check passes: HttpResponse.switchingProtocols(AcceptKey.accept(key), subprotocol).", () -> {
                            HttpRequest good = request(GOOD);
                            Expect.bytes(show(GOOD), ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                                    () -> ServerHandshake.negotiate(good, HandshakePolicy.defaults()).response().toBytes());
                        }),
                core("02-validate-request", "only a GET, only HTTP/1.1: else 400", checks + " (item 1)",
                        "request.method() must be \"GET\" and request.version() \"HTTP/1.1\"; throw new HandshakeRejected(400, reason, section).", () -> {
                            refused(GOOD.replace("GET", "POST"), 400);
                            refused(GOOD.replace("HTTP/1.1", "HTTP/1.0"), 400);
                        }),
                core("02-validate-request", "exactly one Host: else 400", checks + " (item 2)",
                        "headers().all(\"Host\") must have exactly one non-empty value.", () -> {
                            refused(GOOD.replace("Host: server.example.com\r\n", ""), 400);
                            refused(GOOD.replace("Host: server.example.com\r\n", "Host: a\r\nHost: b\r\n"), 400);
                        }),
                core("02-validate-request", "Upgrade: websocket and Connection: Upgrade, as tokens", checks + " (items 3 and 4)",
                        "headers().hasToken(\"Upgrade\", \"websocket\") and hasToken(\"Connection\", \"Upgrade\"): case-insensitive, in a list.", () -> {
                            refused(GOOD.replace("Upgrade: websocket", "Upgrade: h2c"), 400);
                            refused(GOOD.replace("Connection: Upgrade", "Connection: keep-alive"), 400);
                            String list = GOOD.replace("Connection: Upgrade", "Connection: keep-alive, upgrade");
                            HttpRequest r = request(list);
                            Expect.equal(show(list), 101, () -> ServerHandshake.negotiate(r, HandshakePolicy.defaults()).response().status());
                        }),
                core("02-validate-request", "another version gets 426 and Sec-WebSocket-Version: 13", "RFC 6455 sections 4.2.1 item 6 and 4.4",
                        "Version missing or not \"13\": new HandshakeRejected(426, reason, section, HttpHeaders.of(\"Upgrade\", \"websocket\", \"Sec-WebSocket-Version\", \"13\")).", () -> {
                            refused(GOOD.replace("Version: 13", "Version: 8"), 426);
                            refused(GOOD.replace("Sec-WebSocket-Version: 13\r\n", ""), 426);
                        }),
                core("02-validate-request", "one key of 16 bytes: else 400", checks + " (item 5)",
                        "headers().all(\"Sec-WebSocket-Key\") must have one value, and AcceptKey.isValidKey must accept it.", () -> {
                            refused(GOOD.replace("Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Key: abc"), 400);
                            refused(GOOD.replace("Sec-WebSocket-Version", "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version"), 400);
                        }),
                core("02-validate-request", "the first subprotocol offered that the server speaks", "RFC 6455 section 4.2.2 step 4 /subprotocol/",
                        "Go through headers().list(\"Sec-WebSocket-Protocol\") in order; pick the first in policy.subprotocols().", () -> {
                            String head = GOOD.replace("Sec-WebSocket-Version", "Sec-WebSocket-Protocol: superchat, chat\r\nSec-WebSocket-Version");
                            HttpRequest r = request(head);
                            Expect.equal(show(head) + " (the server speaks chat)", Optional.of("chat"),
                                    () -> ServerHandshake.negotiate(r, HandshakePolicy.defaults().withSubprotocols("chat")).subprotocol());
                        }),
                challenge("02-validate-request", "a page from another origin gets 403", "RFC 6455 section 10.2: the server decides which origins may connect",
                        "Ask policy.origins().allows(origin, host); refuse with new HandshakeRejected(403, reason, \"RFC 6455 section 10.2\").", () -> {
                            String head = GOOD.replace("Sec-WebSocket-Version", "Origin: http://evil.example\r\nSec-WebSocket-Version");
                            refused(head, 403, HandshakePolicy.defaults().withOrigins(OriginPolicy.sameOrigin()));
                        }));
    }
}
