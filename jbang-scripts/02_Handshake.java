///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 01_RawSocket.java
//SOURCES wsfs/protocol/HttpHeaders.java
//SOURCES wsfs/protocol/HttpRequest.java
//SOURCES wsfs/protocol/HttpResponse.java
//SOURCES wsfs/io/HttpReader.java
//SOURCES wsfs/protocol/HandshakeRejected.java
//SOURCES wsfs/protocol/ByteString.java
//SOURCES wsfs/protocol/AcceptKey.java
//MAIN Handshake

// Chapter 02: the opening handshake (RFC 6455 sections 1.3, 4.1 and 4.2.2), the HTTP part. An HTTP/1.1
// upgrade request, a 101 answer carrying Sec-WebSocket-Accept, and from the byte after its empty line on, the
// same TCP connection carries WebSocket frames. The server's and the client's checks are chapter 03's.

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import wsfs.protocol.AcceptKey;
import wsfs.app.CommandLine;
import wsfs.protocol.HandshakeRejected;
import wsfs.view.HexDump;
import wsfs.io.HttpReader;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;

class Handshake {
    /** The example key of RFC 6455 sections 1.3 and 4.2.2. */
    static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** The request Chrome 63 sent in "Python WebSocket development over raw sockets" (document 001), byte for byte. */
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

    /** The RFC's sample request (section 1.2), as a client writes it. */
    static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: " + RFC_KEY + "\r\nOrigin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /** The masked "Hello World" frame a browser sent in document 001; chapter 04 decodes it. */
    static final String HELLO_FRAME = "81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "accept" -> {
                if (args.length != 2) {
                    System.err.println("usage: accept KEY   (for example: accept " + RFC_KEY + ")");
                    System.exit(2);
                }
                if (!AcceptKey.isValidKey(args[1])) {
                    System.err.println("note: " + args[1] + " is not base64 of 16 bytes; a server would refuse it");
                }
                System.out.println(AcceptKey.accept(args[1]));
            }
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Handshake::help);
        }
    }

    static void help() {
        System.out.println("""
                02_Handshake.java: the WebSocket opening handshake, its HTTP part (chapter 02, RFC 6455 section 4)

                  (no arguments)    demo: an upgrade request and a 101 response on loopback, byte by byte, with
                                    the first frame right behind the request; the Sec-WebSocket-Accept
                                    computation step by step; the captured Chrome request of document 001
                                    parsed; heads the reader refuses (400, 431); a 101 with one CRLF too many
                  accept KEY        print Sec-WebSocket-Accept for a Sec-WebSocket-Key
                                    (accept dGhlIHNhbXBsZSBub25jZQ== prints s3pPLMBiTxaQ9kYGzzhZRbK+xOo=)
                  --help            this text

                The server's and the client's checks, the refusals and a server for your browser: 03_HandshakeChecks.java.
                """);
    }

    // ---- the demo ------------------------------------------------------------------------------------

    static void demo() throws Exception {
        section("1. A client's upgrade request, and the server's 101 answer (RFC 6455 sections 1.2 and 4.2.2)");
        upgradeOnLoopback();

        section("2. Sec-WebSocket-Accept, step by step (RFC 6455 section 4.2.2)");
        acceptSteps(RFC_KEY);
        acceptSteps("pO5nV5UZg1q2wAcE4Hb39g==");

        section("3. The Chrome request captured in document 001, parsed without a socket");
        capturedChromeRequest();

        section("4. Heads the reader refuses before anybody looks at WebSocket (RFC 9112, RFC 6585)");
        malformedHeads();

        section("5. A 101 with one CRLF too many (document 001's warning)");
        oneCrlfTooMany();
        System.out.println("""

                What to take away: the handshake is one HTTP request and one 101 response. Their heads end at the
                first empty line, and from the very next byte the connection carries WebSocket frames: the
                17 bytes the client wrote right behind its request reached the server intact because the head
                was read one byte at a time. The accept value is base64(SHA-1(key + GUID)): a proof that the server
                read a WebSocket request, not a secret. Chapter 03 adds every check of both sides.""");
    }

    /**
     * A server thread that reads one head, answers with the 101 and reports what follows the head; no checks
     * yet (chapter 03's ServerHandshake makes them), only the accept value computed from the client's key.
     */
    static void upgradeOnLoopback() throws Exception {
        byte[] frame = HexDump.parse(HELLO_FRAME);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = listener.accept()) {
                    peer.setSoTimeout(5_000);
                    InputStream in = peer.getInputStream();
                    HttpRequest request = HttpReader.readRequest(in, HttpReader.DEFAULT_MAX_HEAD_BYTES);
                    String key = request.headers().first("Sec-WebSocket-Key").orElseThrow();
                    peer.getOutputStream().write(HttpResponse.switchingProtocols(AcceptKey.accept(key), Optional.empty()).toBytes());
                    peer.getOutputStream().flush();
                    byte[] after = in.readNBytes(frame.length);
                    return "server: read " + request.method() + " " + request.target() + " and " + request.headers().fields().size()
                            + " fields, stopped at the empty line, answered 101 (choosing no subprotocol: chapter 03 chooses); then read " + after.length
                            + " bytes after the head: " + HexDump.hex(after) + (java.util.Arrays.equals(after, frame)
                            ? " (the frame, intact)" : " (NOT the frame!)");
                } catch (IOException e) {
                    return "server: " + e.getMessage();
                }
            });
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setSoTimeout(5_000);
                RecordingInputStream in = new RecordingInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                byte[] requestBytes = RFC_REQUEST.getBytes(StandardCharsets.ISO_8859_1);
                System.out.println("client -> server: the upgrade request (" + requestBytes.length + " bytes), and in"
                        + " the same write the first frame (" + frame.length + " bytes)");
                byte[] both = concat(requestBytes, frame);
                System.out.print(HexDump.annotate(both, withFrame(HexDump.lines(requestBytes), requestBytes.length, frame.length)));
                out.write(both);
                out.flush();

                HttpResponse response = HttpReader.readResponse(in, HttpReader.DEFAULT_MAX_HEAD_BYTES);
                byte[] responseBytes = in.recorded();
                System.out.println("\nserver -> client: the response (" + responseBytes.length + " bytes)");
                System.out.print(HexDump.annotate(responseBytes, HexDump.lines(responseBytes)));
                System.out.print(HexDump.visibleText(responseBytes));
                String accept = response.headers().first("Sec-WebSocket-Accept").orElse("none");
                System.out.println("client: status " + response.status() + ", Sec-WebSocket-Accept " + accept
                        + (accept.equals(AcceptKey.accept(RFC_KEY)) ? " = base64(SHA-1(our key + GUID))" : " is WRONG")
                        + " (every other check of RFC 6455 section 4.1: chapter 03)");
                System.out.println(serverSide.get(5, TimeUnit.SECONDS));
            }
        }
    }

    static List<HexDump.Field> withFrame(List<HexDump.Field> head, int offset, int length) {
        List<HexDump.Field> fields = new ArrayList<>(head);
        fields.add(new HexDump.Field(offset, length, "not HTTP: a WebSocket frame (chapter 04 decodes it)"));
        return fields;
    }

    static void acceptSteps(String key) {
        AcceptKey.Steps steps = AcceptKey.steps(key);
        System.out.println("Sec-WebSocket-Key          " + steps.key()
                + "   (base64 of 16 bytes: " + HexDump.hex(java.util.Base64.getDecoder().decode(key)) + ")");
        System.out.println("key + GUID (ASCII)         " + steps.concatenated());
        System.out.println("SHA-1 of those " + steps.concatenated().length() + " bytes    "
                + HexDump.hex(steps.sha1().toByteArray()) + "   (20 bytes)");
        System.out.println("base64 of the digest       " + steps.accept() + "   = Sec-WebSocket-Accept");
        System.out.println();
    }

    static void capturedChromeRequest() throws IOException {
        HttpRequest request = parse(CAPTURED_CHROME_REQUEST);
        System.out.println("parsed: " + request.method() + " " + request.target() + " " + request.version() + ", "
                + request.headers().fields().size() + " header fields");
        System.out.println("  Connection as a token list:       " + request.headers().list("Connection")
                + "  (has the token Upgrade: " + request.headers().hasToken("Connection", "upgrade") + ")");
        System.out.println("  offered extensions:               " + request.headers().list("Sec-WebSocket-Extensions"));
        System.out.println("  Origin (the page) and Host:       " + request.headers().first("Origin").orElseThrow()
                + " and " + request.headers().first("Host").orElseThrow() + ": another port, another origin (chapter 03)");
        String key = request.headers().first("Sec-WebSocket-Key").orElseThrow();
        System.out.println("  its key and the answer:           " + key + " -> " + AcceptKey.accept(key)
                + "  (the document does not show this value)");
        String tricky = "GET /chat HTTP/1.1\r\nhost: server.example.com\r\nupgrade:websocket\r\n"
                + "Connection: keep-alive\r\nCONNECTION:  Upgrade \t\r\nSec-WebSocket-Protocol: chat\r\n"
                + "Sec-WebSocket-Protocol: , superchat,\r\n\r\n";
        HttpRequest odd = parse(tricky);
        System.out.println("a request in odd but valid spelling: names in any case, no space after the colon, lists over"
                + " repeated fields");
        System.out.print(indent(HexDump.visibleText(tricky.getBytes(StandardCharsets.ISO_8859_1))));
        System.out.println("  Upgrade " + odd.headers().first("UPGRADE").orElseThrow() + "; Connection "
                + odd.headers().list("connection") + "; Sec-WebSocket-Protocol " + odd.headers().list("sec-websocket-protocol"));
    }

    static void malformedHeads() {
        String ok = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        refused("a space between the name and the colon", ok + "Sec-WebSocket-Key : " + RFC_KEY + "\r\n\r\n", 8192);
        refused("a field line that starts with whitespace (obsolete folding)", ok + "  Upgrade\r\n\r\n", 8192);
        refused("a request line of two words (as in document 002)", "GET HTTP/1.1\r\nHost: x\r\n\r\n", 8192);
        refused("a 5000-byte Cookie, the bound is 4096 bytes", ok + "Cookie: " + "a".repeat(5000) + "\r\n\r\n", 4096);
    }

    static void refused(String what, String raw, int maxHeadBytes) {
        try {
            HttpReader.readRequest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), maxHeadBytes);
            System.out.println("--- " + what + ": accepted?!");
        } catch (HandshakeRejected rejected) {
            System.out.println("--- " + what + ":\n  " + rejected.getMessage());
            System.out.print(indent(HexDump.visibleText(HttpResponse.plainText(rejected.status(),
                    rejected.getMessage() + "\n", rejected.headers()).toBytes())));
        } catch (IOException e) {
            System.out.println("--- " + what + ": " + e);
        }
    }

    static void oneCrlfTooMany() throws IOException {
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
        // The head still parses; the extra bytes stay in the stream and are read as the first byte of a frame.
        InputStream in = new ByteArrayInputStream((ok + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        HttpResponse response = HttpReader.readResponse(in, HttpReader.DEFAULT_MAX_HEAD_BYTES);
        byte[] extra = in.readAllBytes();
        int b0 = extra[0] & 0xff;
        System.out.println("the head parses (status " + response.status() + "), but " + extra.length + " bytes remain: "
                + HexDump.hex(extra) + ". Read as a frame header, 0x0d means FIN=" + (b0 >> 7) + ", RSV="
                + ((b0 >> 4) & 7) + ", opcode=0x" + Integer.toHexString(b0 & 0xf)
                + " (a reserved opcode), so the browser fails the connection (chapter 04).");
        byte[] ours = response.toBytes();
        System.out.println("HttpResponse.toBytes writes exactly one empty line: the same 101 written back ends in "
                + HexDump.hex(java.util.Arrays.copyOfRange(ours, ours.length - 4, ours.length)) + " and nothing after it");
    }

    // ---- small helpers (chapter 03's script uses them too) -------------------------------------------

    static HttpRequest parse(String head) throws IOException {
        return HttpReader.readRequest(new ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)),
                HttpReader.DEFAULT_MAX_HEAD_BYTES);
    }

    static void section(String title) {
        System.out.println("\n=== " + title + " ===");
    }

    static String indent(String text) {
        return text.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Keeps a copy of every byte read, so the demo can show the response exactly as it arrived. */
    static final class RecordingInputStream extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        RecordingInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b != -1) {
                copy.write(b);
            }
            return b;
        }

        byte[] recorded() {
            return copy.toByteArray();
        }
    }
}
