///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 01_RawSocket.java
//SOURCES wsfs/protocol/HttpHeaders.java
//SOURCES wsfs/protocol/HttpRequest.java
//SOURCES wsfs/protocol/HttpResponse.java
//SOURCES wsfs/io/HttpReader.java
//SOURCES wsfs/protocol/HandshakeRejected.java
//SOURCES wsfs/protocol/HandshakeFailed.java
//SOURCES wsfs/protocol/ByteString.java
//SOURCES wsfs/protocol/AcceptKey.java
//SOURCES wsfs/protocol/OriginPolicy.java
//SOURCES wsfs/protocol/HandshakePolicy.java
//SOURCES wsfs/io/ServerHandshake.java
//SOURCES wsfs/io/ClientHandshake.java
//SOURCES wsfs/view/ReadyStatePage.java
//SOURCES wsfs/view/LogLine.java
//SOURCES wsfs/io/DeadlineInputStream.java
//SOURCES wsfs/app/HandshakeServer.java
//MAIN Handshake

// Chapter 02: the opening handshake (RFC 6455 section 4). An HTTP/1.1 upgrade request, a 101 answer,
// and from the byte after its empty line on, the same TCP connection carries WebSocket frames.

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.protocol.AcceptKey;
import wsfs.io.ClientHandshake;
import wsfs.app.CommandLine;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.HandshakePolicy;
import wsfs.app.HandshakeServer;
import wsfs.view.HexDump;
import wsfs.io.HttpReader;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.OriginPolicy;
import wsfs.io.ServerHandshake;

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
            case "serve" -> serve(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Handshake::help);
        }
    }

    static void help() {
        System.out.println("""
                02_Handshake.java: the WebSocket opening handshake (chapter 02, RFC 6455 section 4)

                  (no arguments)    demo: a server and a client on loopback; the upgrade request and the
                                    101 response byte by byte, the Sec-WebSocket-Accept computation step by
                                    step, the captured Chrome request of document 001, and requests the
                                    server refuses (400, 426, 403, 431, 408) with its answers
                  accept KEY        print Sec-WebSocket-Accept for a Sec-WebSocket-Key
                                    (accept dGhlIHNhbXBsZSBub25jZQ== prints s3pPLMBiTxaQ9kYGzzhZRbK+xOo=)
                  serve [--port N] [--origin URL]... [--timeout SECONDS]
                                    serve http://127.0.0.1:N/ (default 8080): a page whose script opens a
                                    WebSocket back to this server and shows readyState go from 0 CONNECTING to
                                    1 OPEN. Pages of other origins are refused with 403 unless --origin
                                    allows them. After the handshake the connection stays open and the bytes
                                    the browser sends are printed (frames: chapter 04). Ctrl-C stops it.
                  --help            this text
                """);
    }

    // ---- serve: a real browser runs our handshake ----------------------------------------------------

    static void serve(String[] args) throws Exception {
        CommandLine.checkOptions(args, List.of(), List.of("--port", "--timeout", "--origin"));
        int port = CommandLine.portOption(args, 8080);
        Duration timeout = Duration.ofSeconds(CommandLine.numberOption(args, "--timeout", 10, 1, 3600));
        OriginPolicy origins = OriginPolicy.sameOrigin();
        for (String origin : CommandLine.options(args, "--origin")) {
            origins = origins.or(OriginPolicy.allowList(origin));
        }
        HandshakePolicy policy = HandshakePolicy.defaults().withSubprotocols("chat").withOrigins(origins);
        HandshakeServer started = null;
        try {
            started = HandshakeServer.start(port, policy, timeout, System.out::println);
        } catch (java.net.BindException e) {
            CommandLine.cannotListen(port, e);       // one line, exit status 2
        }
        try (HandshakeServer server = started) {
            System.out.println("serving on http://127.0.0.1:" + server.port() + "/  - open it in a browser (Ctrl-C to stop)");
            System.out.println("subprotocols: chat; origins: this page's own, plus any --origin; handshake timeout "
                    + timeout.toSeconds() + " s");
            Thread.currentThread().join(); // until Ctrl-C
        }
    }

    // ---- the demo ------------------------------------------------------------------------------------

    static void demo() throws Exception {
        BlockingQueue<String> serverLog = new LinkedBlockingQueue<>();
        HandshakePolicy policy = HandshakePolicy.defaults()
                .withSubprotocols("superchat", "chat")                       // what this server speaks
                .withOrigins(OriginPolicy.allowList("http://example.com"))   // the only page allowed in
                .withMaxHeadBytes(4096);
        try (HandshakeServer server = HandshakeServer.start(0, policy, Duration.ofMillis(1500), serverLog::add)) {
            section("1. A client's upgrade request, and the server's 101 answer");
            System.out.println("server: listening on 127.0.0.1 (an ephemeral port); it speaks superchat and chat,"
                    + " and accepts pages from http://example.com");
            goodHandshake(server.port(), serverLog);

            section("2. Sec-WebSocket-Accept, step by step (RFC 6455 section 4.2.2)");
            acceptSteps(RFC_KEY);
            acceptSteps("pO5nV5UZg1q2wAcE4Hb39g==");

            section("3. The Chrome request captured in document 001, answered without a socket");
            capturedChromeRequest();

            section("4. Requests the server refuses, and its answers");
            badRequests(server.port(), serverLog);

            section("5. The client refuses bad answers too (RFC 6455 section 4.1)");
            badResponses();
        }
        System.out.println("""

                What to take away: the handshake is one HTTP request and one 101 response. Their heads end at the
                first empty line, and from the very next byte the connection carries WebSocket frames: the
                17 bytes the client wrote right behind its request reached the server intact because the head
                was read one byte at a time. Anything that is not a valid version-13 request gets an HTTP error
                with the rule and the RFC section in its body, and the connection closes.""");
    }

    static void goodHandshake(int port, BlockingQueue<String> serverLog) throws Exception {
        // A fixed key so the output can be compared with the RFC; a real client draws one from SecureRandom.
        ClientHandshake handshake = new ClientHandshake("127.0.0.1", port, "/chat", List.of("chat", "superchat"),
                Map.of("Origin", "http://example.com"), RFC_KEY);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            RecordingInputStream in = new RecordingInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();

            HttpRequest request = handshake.request();
            byte[] requestBytes = request.toBytes();
            byte[] frame = HexDump.parse(HELLO_FRAME);
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

            ClientHandshake.Result result = handshake.verify(response);
            System.out.println("client: status 101, Upgrade and Connection are right, Sec-WebSocket-Accept is "
                    + AcceptKey.accept(RFC_KEY) + " as expected; subprotocol: " + result.subprotocol().orElse("none")
                    + " (the client's first choice among those the server speaks)");
            System.out.println("server log: " + next(serverLog));
            System.out.println("server log: " + next(serverLog));
        }
        System.out.println("server log: " + next(serverLog));
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
        byte[] bytes = CAPTURED_CHROME_REQUEST.getBytes(StandardCharsets.ISO_8859_1);
        HttpRequest request = HttpReader.readRequest(new ByteArrayInputStream(bytes), HttpReader.DEFAULT_MAX_HEAD_BYTES);
        System.out.println("parsed: " + request.method() + " " + request.target() + " " + request.version() + ", "
                + request.headers().fields().size() + " header fields; offered extensions: "
                + request.headers().list("Sec-WebSocket-Extensions"));
        // The page came from port 9915 and the WebSocket goes to port 9913: a different origin.
        HandshakePolicy policy = HandshakePolicy.defaults().withOrigins(OriginPolicy.allowList("http://127.0.0.1:9915"));
        ServerHandshake.Accepted accepted = ServerHandshake.negotiate(request, policy);
        System.out.println("answer (no Sec-WebSocket-Extensions: we accept no extension, so we name none):");
        System.out.print(HexDump.visibleText(accepted.response().toBytes()));
        try {
            ServerHandshake.negotiate(request, policy.withOrigins(OriginPolicy.sameOrigin()));
        } catch (wsfs.protocol.HandshakeRejected rejected) {
            System.out.println("with a same-origin policy instead: " + rejected.getMessage());
        }
    }

    static void badRequests(int port, BlockingQueue<String> serverLog) throws Exception {
        String base = "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        String key = "Sec-WebSocket-Key: " + RFC_KEY + "\r\n";
        String v13 = "Sec-WebSocket-Version: 13\r\n";
        refused(port, serverLog, "no Sec-WebSocket-Key", base + v13 + "\r\n");
        refused(port, serverLog, "a key that is not 16 bytes", base + "Sec-WebSocket-Key: aGVsbG8=\r\n" + v13 + "\r\n");
        refused(port, serverLog, "Connection: keep-alive only", base.replace("Connection: Upgrade", "Connection: keep-alive")
                + key + v13 + "\r\n");
        refused(port, serverLog, "version 8 (an older draft)", base + key + "Sec-WebSocket-Version: 8\r\n\r\n");
        refused(port, serverLog, "the hixie-76 draft handshake of 2010 (Key1/Key2, no version)",
                "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                        + "Origin: http://example.com\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                        + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U");
        refused(port, serverLog, "a page from another site (cross-site WebSocket hijacking)",
                base + key + v13 + "Origin: http://evil.example\r\n\r\n");
        refused(port, serverLog, "a 5000-byte Cookie (the server's bound is 4096 bytes)",
                base + key + v13 + "Cookie: " + "a".repeat(5000) + "\r\n\r\n");
        refused(port, serverLog, "half a request, then silence (the server waits 1.5 s)", base + key);
    }

    /** Sends raw bytes, prints everything the server answers until it closes the connection. */
    static void refused(int port, BlockingQueue<String> serverLog, String what, String raw) throws Exception {
        System.out.println("--- " + what);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readNBytes(64 * 1024); // until the server closes
            System.out.print(indent(HexDump.visibleText(answer)));
            System.out.println("  (then the server closed the connection)");
        }
        System.out.println("  server log: " + next(serverLog));
    }

    static void badResponses() throws IOException {
        ClientHandshake handshake = new ClientHandshake("127.0.0.1", 9913, "/", List.of("chat"), Map.of(), RFC_KEY);
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        String accept = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
        String[][] cases = {
            {"an accept value like the one document 002 shows", ok + "Sec-WebSocket-Accept: 4O33ZinyFxWKCaxf7T4yCA==\r\n\r\n"},
            {"a 200 OK from a plain web server", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"},
            {"a subprotocol we did not offer", ok + accept + "Sec-WebSocket-Protocol: superchat\r\n\r\n"},
            {"an extension we did not offer", ok + accept + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"},
            {"Upgrade missing", "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n" + accept + "\r\n"},
        };
        for (String[] c : cases) {
            HttpResponse response = HttpReader.readResponse(
                    new ByteArrayInputStream(c[1].getBytes(StandardCharsets.ISO_8859_1)), HttpReader.DEFAULT_MAX_HEAD_BYTES);
            try {
                handshake.verify(response);
                System.out.println("--- " + c[0] + ": accepted?!");
            } catch (HandshakeFailed failed) {
                System.out.println("--- " + c[0] + ":\n  client: " + failed.getMessage());
            }
        }
        // Document 001's warning: one CRLF too many. The head still parses; the extra bytes stay in the stream
        // and are read as the first byte of a frame.
        InputStream in = new ByteArrayInputStream((ok + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        handshake.verify(HttpReader.readResponse(in, HttpReader.DEFAULT_MAX_HEAD_BYTES));
        byte[] extra = in.readAllBytes();
        int b0 = extra[0] & 0xff;
        System.out.println("--- a 101 with one CRLF too many: the head is fine, but " + extra.length + " bytes remain: "
                + HexDump.hex(extra) + ". Read as a frame header, 0x0d means FIN=" + (b0 >> 7) + ", RSV="
                + ((b0 >> 4) & 7) + ", opcode=0x" + Integer.toHexString(b0 & 0xf)
                + " (a reserved opcode), so the browser fails the connection (chapter 04).");
    }

    // ---- small helpers -------------------------------------------------------------------------------

    static String next(BlockingQueue<String> log) throws InterruptedException {
        String line = log.poll(5, TimeUnit.SECONDS);
        return line == null ? "(nothing within 5 s)" : line;
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
