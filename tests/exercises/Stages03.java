package exercises;

import wsfs.io.ClientHandshake;
import wsfs.io.HttpReader;
import wsfs.io.ServerHandshake;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.OriginPolicy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages02.GOOD;
import static exercises.Stages02.KEY;
import static exercises.Stages02.request;
import static exercises.Stages02.show;

/** Chapter 03's stages: the server's checks of the opening handshake, and the client's checks of the 101. */
final class Stages03 {
    private Stages03() {
    }

    static final String OK = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    static final String ACCEPT = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";

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

    /** The client of the RFC's key, offering chat. */
    static ClientHandshake client() {
        return new ClientHandshake("server.example.com", 80, "/chat", List.of("chat"), Map.of(), KEY);
    }

    static HttpResponse response(String head) throws Exception {
        return HttpReader.readResponse(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)), 8192);
    }

    static String showResponse(String head) {
        return "the response head\n    " + Show.visible(head).replace("\\r\\n", "\\r\\n\n     ").replaceAll("\\s+\"$", "\"")
                + "\n  to a client that sent the key " + KEY + " and offered the subprotocol chat";
    }

    /** The client must refuse this response with a HandshakeFailed. */
    static void failed(String head) throws Exception {
        HttpResponse r = response(head);
        Expect.thrown(showResponse(head), HandshakeFailed.class, () -> client().verify(r));
    }

    static List<Stage> stages() {
        String checks = "RFC 6455 section 4.2.1: a GET, HTTP/1.1, one Host, Upgrade: websocket, Connection: Upgrade, one 16-byte key, version 13";
        String client = "RFC 6455 section 4.1: the client fails the connection unless the 101 is right";
        return List.of(
                core("03-validate-request", "a browser's request gets the 101 with the accept value", "RFC 6455 section 4.2.2 step 5",
                        "When every check passes: HttpResponse.switchingProtocols(AcceptKey.accept(key), subprotocol).", () -> {
                            HttpRequest good = request(GOOD);
                            Expect.bytes(show(GOOD), ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                                    () -> ServerHandshake.negotiate(good, HandshakePolicy.defaults()).response().toBytes());
                        }),
                core("03-validate-request", "only a GET, only HTTP/1.1: else 400", checks + " (item 1)",
                        "request.method() must be \"GET\" and request.version() \"HTTP/1.1\"; throw new HandshakeRejected(400, reason, section).", () -> {
                            refused(GOOD.replace("GET", "POST"), 400);
                            refused(GOOD.replace("HTTP/1.1", "HTTP/1.0"), 400);
                        }),
                core("03-validate-request", "exactly one Host: else 400", checks + " (item 2)",
                        "headers().all(\"Host\") must have exactly one non-empty value.", () -> {
                            refused(GOOD.replace("Host: server.example.com\r\n", ""), 400);
                            refused(GOOD.replace("Host: server.example.com\r\n", "Host: a\r\nHost: b\r\n"), 400);
                        }),
                core("03-validate-request", "Upgrade: websocket and Connection: Upgrade, as tokens", checks + " (items 3 and 4)",
                        "headers().hasToken(\"Upgrade\", \"websocket\") and hasToken(\"Connection\", \"Upgrade\"): case-insensitive, in a list.", () -> {
                            refused(GOOD.replace("Upgrade: websocket", "Upgrade: h2c"), 400);
                            refused(GOOD.replace("Connection: Upgrade", "Connection: keep-alive"), 400);
                            String list = GOOD.replace("Connection: Upgrade", "Connection: keep-alive, upgrade");
                            HttpRequest r = request(list);
                            Expect.equal(show(list), 101, () -> ServerHandshake.negotiate(r, HandshakePolicy.defaults()).response().status());
                        }),
                core("03-validate-request", "another version gets 426 and Sec-WebSocket-Version: 13", "RFC 6455 sections 4.2.1 item 6 and 4.4",
                        "Version missing or not \"13\": new HandshakeRejected(426, reason, section, HttpHeaders.of(\"Upgrade\", \"websocket\", \"Sec-WebSocket-Version\", \"13\")).", () -> {
                            refused(GOOD.replace("Version: 13", "Version: 8"), 426);
                            refused(GOOD.replace("Sec-WebSocket-Version: 13\r\n", ""), 426);
                        }),
                core("03-validate-request", "one key of 16 bytes: else 400", checks + " (item 5)",
                        "headers().all(\"Sec-WebSocket-Key\") must have one value, and AcceptKey.isValidKey must accept it.", () -> {
                            refused(GOOD.replace("Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Key: abc"), 400);
                            refused(GOOD.replace("Sec-WebSocket-Version", "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version"), 400);
                        }),
                core("03-validate-request", "the first subprotocol offered that the server speaks", "RFC 6455 section 4.2.2 step 4 /subprotocol/",
                        "Go through headers().list(\"Sec-WebSocket-Protocol\") in order; pick the first in policy.subprotocols().", () -> {
                            String head = GOOD.replace("Sec-WebSocket-Version", "Sec-WebSocket-Protocol: superchat, chat\r\nSec-WebSocket-Version");
                            HttpRequest r = request(head);
                            Expect.equal(show(head) + " (the server speaks chat)", Optional.of("chat"),
                                    () -> ServerHandshake.negotiate(r, HandshakePolicy.defaults().withSubprotocols("chat")).subprotocol());
                        }),
                core("03-verify-response", "the RFC's 101 is accepted, with its subprotocol", client + " (items 1 to 6)",
                        "When every check passes: return new Result(request, response, the chosen subprotocol or Optional.empty()).", () -> {
                            String head = OK + ACCEPT + "Sec-WebSocket-Protocol: chat\r\n\r\n";
                            HttpResponse r = response(head);
                            Expect.equal(showResponse(head) + " subprotocol()", Optional.of("chat"), () -> client().verify(r).subprotocol());
                            String none = OK + ACCEPT + "\r\n";
                            HttpResponse plain = response(none);
                            Expect.equal(showResponse(none) + " subprotocol()", Optional.empty(), () -> client().verify(plain).subprotocol());
                        }),
                core("03-verify-response", "anything but 101 fails: a 200 from a web server, a 403", client + " (item 1)",
                        "response.status() must be 101; else throw fail(\"The server answered ...\").", () -> {
                            failed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                            failed("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                        }),
                core("03-verify-response", "Upgrade: websocket and Connection: Upgrade, as tokens", client + " (items 2 and 3)",
                        "h.hasToken(\"Upgrade\", \"websocket\") and h.hasToken(\"Connection\", \"Upgrade\"), case-insensitive.", () -> {
                            failed("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + ACCEPT + "\r\n");
                            failed("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n" + ACCEPT + "\r\n");
                            String lower = "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nconnection: keep-alive, upgrade\r\n" + ACCEPT + "\r\n";
                            HttpResponse r = response(lower);
                            Expect.equal(showResponse(lower) + " subprotocol()", Optional.empty(), () -> client().verify(r).subprotocol());
                        }),
                core("03-verify-response", "exactly one Sec-WebSocket-Accept, and the right one", client + " (item 4)",
                        "AcceptKey.accept(key) must equal the only Sec-WebSocket-Accept, compared exactly (base64 is case-sensitive).", () -> {
                            failed(OK + "Sec-WebSocket-Accept: 4O33ZinyFxWKCaxf7T4yCA==\r\n\r\n");
                            failed(OK + "Sec-WebSocket-Accept: S3PPLMBITXAQ9KYGZZHZRBK+XOO=\r\n\r\n");
                            failed(OK + "\r\n");
                            failed(OK + ACCEPT + ACCEPT + "\r\n");
                        }),
                core("03-verify-response", "no extension and no subprotocol we did not offer", client + " (items 5 and 6)",
                        "h.list(\"Sec-WebSocket-Extensions\") must be empty unless the request offered some; at most one subprotocol, one of protocols.", () -> {
                            failed(OK + ACCEPT + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
                            failed(OK + ACCEPT + "Sec-WebSocket-Protocol: superchat\r\n\r\n");
                            failed(OK + ACCEPT + "Sec-WebSocket-Protocol: chat, chat\r\n\r\n");
                        }),
                challenge("03-validate-request", "a page from another origin gets 403", "RFC 6455 section 10.2: the server decides which origins may connect",
                        "Ask policy.origins().allows(origin, host); refuse with new HandshakeRejected(403, reason, \"RFC 6455 section 10.2\").", () -> {
                            String head = GOOD.replace("Sec-WebSocket-Version", "Origin: http://evil.example\r\nSec-WebSocket-Version");
                            refused(head, 403, HandshakePolicy.defaults().withOrigins(OriginPolicy.sameOrigin()));
                        }));
    }
}

