package exercises;

import wsfs.io.HttpReader;
import wsfs.protocol.AcceptKey;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 02's stages: the accept value and the header lists of the opening handshake (GOOD and request serve chapter 03 too). */
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

    /** HttpHeaders.list over the fields of {@code head}, as a request carries them. */
    static List<String> list(String head, String name) throws Exception {
        return request(head).headers().list(name);
    }

    static List<Stage> stages() {
        String accept = "Sec-WebSocket-Accept is base64(SHA-1(key + \"258EAFA5-E914-47DA-95CA-C5AB0DC85B11\")) (RFC 6455 sections 1.3 and 4.2.2)";
        String lists = "RFC 9110 section 5.6.1: a list is split at its commas; whitespace around elements and empty elements are dropped";
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
                core("02-header-lists", "Connection: keep-alive, Upgrade is a list of two", lists,
                        "Walk the value character by character; at a comma, strip what you collected and keep it if it is not empty.", () -> {
                            Expect.equal("list(\"Connection: keep-alive, Upgrade\")", List.of("keep-alive", "Upgrade"),
                                    () -> HttpHeaders.of("Connection", "keep-alive, Upgrade").list("Connection"));
                            Expect.equal("list(\"Upgrade: websocket\")", List.of("websocket"),
                                    () -> HttpHeaders.of("Upgrade", "websocket").list("Upgrade"));
                        }),
                core("02-header-lists", "whitespace around elements and empty elements are dropped", lists,
                        "strip() each element (spaces and tabs are optional whitespace) and drop the empty ones, also at both ends.", () -> {
                            Expect.equal("list(\"Sec-WebSocket-Protocol: ,  chat ,\\t, superchat,\")", List.of("chat", "superchat"),
                                    () -> HttpHeaders.of("Sec-WebSocket-Protocol", ",  chat ,\t, superchat,").list("Sec-WebSocket-Protocol"));
                            Expect.equal("list(\"Connection: , ,\")", List.of(), () -> HttpHeaders.of("Connection", " , ,").list("Connection"));
                        }),
                core("02-header-lists", "a list split over repeated fields, names in any case", "RFC 9110 section 5.3: repeated fields of a list are one list, in order",
                        "list(name) already joins every field of that name; your split must only handle one value at a time.", () -> {
                            String head = GOOD.replace("Connection: Upgrade", "connection: keep-alive\r\nCONNECTION: Upgrade");
                            Expect.equal(show(head) + " list(\"Connection\")", List.of("keep-alive", "Upgrade"), () -> list(head, "Connection"));
                        }),
                core("02-header-lists", "a comma inside a quoted string does not split", "RFC 9110 section 5.6.4: a quoted string may hold commas, and \\\" escapes a quote",
                        "Keep a flag: a '\"' turns quoting on and off; a backslash inside quotes takes the next character as it is.", () -> {
                            String value = "foo; p=\"a,b\", bar; q=\"x\\\",y\"";
                            Expect.equal("list(\"Sec-WebSocket-Extensions: " + value.replace("\"", "\\\"") + "\")",
                                    List.of("foo; p=\"a,b\"", "bar; q=\"x\\\",y\""),
                                    () -> HttpHeaders.of("Sec-WebSocket-Extensions", value).list("Sec-WebSocket-Extensions"));
                        }),
                challenge("02-accept-key", "the RFC's own key of section 4.1 is valid (erratum 3150)", "RFC 6455 section 4.2.1 item 5, erratum 3150: the padding bits need not be zero",
                        "Decode with Base64.getDecoder() and count the bytes; do not insist that the bits under the padding are zero.", () -> {
                            Expect.equal("isValidKey(\"AQIDBAUGBwgJCgsMDQ4PEC==\")", true, () -> AcceptKey.isValidKey("AQIDBAUGBwgJCgsMDQ4PEC=="));
                            Expect.equal("isValidKey(\"AQIDBAUGBwgJCgsMDQ4PEA==\")", true, () -> AcceptKey.isValidKey("AQIDBAUGBwgJCgsMDQ4PEA=="));
                        }));
    }
}
