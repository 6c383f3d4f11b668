///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 02_Handshake.java
//SOURCES wsfs/protocol/HandshakeFailed.java
//SOURCES wsfs/protocol/OriginPolicy.java
//SOURCES wsfs/protocol/HandshakePolicy.java
//SOURCES wsfs/io/ServerHandshake.java
//SOURCES wsfs/io/ClientHandshake.java
//SOURCES wsfs/view/ReadyStatePage.java
//SOURCES wsfs/view/LogLine.java
//SOURCES wsfs/io/DeadlineInputStream.java
//SOURCES wsfs/app/HandshakeServer.java
//MAIN HandshakeChecks

// Chapter 03: the handshake's checks (RFC 6455 sections 4.1, 4.2.1, 4.2.2, 4.4 and 10.2). The server checks every
// request and answers 101 or a real HTTP error; the client checks every 101; a browser runs our handshake.

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

class HandshakeChecks {
    static final String RFC_KEY = Handshake.RFC_KEY;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "serve" -> serve(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], HandshakeChecks::help);
        }
    }

    static void help() {
        System.out.println("""
                03_HandshakeChecks.java: the checks of the WebSocket opening handshake (chapter 03, RFC 6455 section 4)

                  (no arguments)    demo: a server and a client on loopback; the upgrade request and the
                                    101 response byte by byte after every check, the captured Chrome request of
                                    document 001 against two origin policies, requests the server refuses
                                    (400, 426, 403, 431, 408) with its answers, and answers the client refuses
                  serve [--port N] [--origin URL]... [--timeout SECONDS]
                                    serve http://127.0.0.1:N/ (default 8080): a page whose script opens a
                                    WebSocket back to this server and shows readyState go from 0 CONNECTING to
                                    1 OPEN. Pages of other origins are refused with 403 unless --origin
                                    allows them. After the handshake the connection stays open and the bytes
                                    the browser sends are printed (frames: chapter 04). Ctrl-C stops it.
                  --help            this text

                The HTTP part (heads, Sec-WebSocket-Accept, accept KEY): 02_Handshake.java.
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
            Handshake.section("1. A checked upgrade request, and the server's 101 answer");
            System.out.println("server: listening on 127.0.0.1 (an ephemeral port); it speaks superchat and chat,"
                    + " and accepts pages from http://example.com");
            goodHandshake(server.port(), serverLog);

            Handshake.section("2. The Chrome request captured in document 001, negotiated without a socket");
            capturedChromeRequest();

            Handshake.section("3. Requests the server refuses, and its answers (RFC 6455 sections 4.2.1, 4.4, 10.2)");
            badRequests(server.port(), serverLog);

            Handshake.section("4. The client refuses bad answers too (RFC 6455 section 4.1)");
            badResponses();
        }
        System.out.println("""

                What to take away: the server checks every rule of section 4.2.1 and the page's Origin before it
                switches protocols; anything that is not a valid version-13 request gets an HTTP error with the rule
                and the RFC section in its body, and the connection closes. The client checks the 101 just as
                strictly: status, Upgrade, Connection, the accept value, extensions and the subprotocol.""");
    }

    static void goodHandshake(int port, BlockingQueue<String> serverLog) throws Exception {
        // A fixed key so the output can be compared with the RFC; a real client draws one from SecureRandom.
        ClientHandshake handshake = new ClientHandshake("127.0.0.1", port, "/chat", List.of("chat", "superchat"),
                Map.of("Origin", "http://example.com"), RFC_KEY);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            Handshake.RecordingInputStream in = new Handshake.RecordingInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();

            HttpRequest request = handshake.request();
            byte[] requestBytes = request.toBytes();
            byte[] frame = HexDump.parse(Handshake.HELLO_FRAME);
            System.out.println("client -> server: the upgrade request (" + requestBytes.length + " bytes), and in"
                    + " the same write the first frame (" + frame.length + " bytes)");
            byte[] both = Handshake.concat(requestBytes, frame);
            System.out.print(HexDump.annotate(both, Handshake.withFrame(HexDump.lines(requestBytes), requestBytes.length, frame.length)));
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

    static void capturedChromeRequest() throws Exception {
        HttpRequest request = Handshake.parse(Handshake.CAPTURED_CHROME_REQUEST);
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
            System.out.print(Handshake.indent(HexDump.visibleText(answer)));
            System.out.println("  (then the server closed the connection)");
        }
        System.out.println("  server log: " + next(serverLog));
    }

    static void badResponses() throws Exception {
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
    }

    static String next(BlockingQueue<String> log) throws InterruptedException {
        String line = log.poll(5, TimeUnit.SECONDS);
        return line == null ? "(nothing within 5 s)" : line;
    }
}
