///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 15_Operating.java
//SOURCES wsfs/io/WsUrl.java
//SOURCES wsfs/view/WireTap.java
//SOURCES wsfs/io/WebSocketClient.java
//SOURCES wsfs/io/SimpleWebSocketClient.java
//MAIN Client

// Chapter 16: the client. A ws:// URL taken apart (section 3), a socket, chapter 03's client handshake, and the
// connection of chapter 09 in the client role; on top, the blocking API of MicroPython's uwebsocket.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.io.EchoListener;
import wsfs.io.SimpleWebSocketClient;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;
import wsfs.io.WsUrl;
import wsfs.protocol.CloseCode;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;

class Client {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "connect" -> connect(args);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Client::help);
        }
    }

    static void help() {
        System.out.println("""
                16_Client.java: a WebSocket client (chapter 16)

                  (no arguments)            demo: ws:// URLs taken apart, then an echo server on a free port and
                                            our client: MicroPython's API, a fragmented message, a ping and a
                                            close, with the frames as annotated hex
                  connect URL [--debug]     a client in the style of MicroPython's uwebsocket: lines typed on
                                            standard input are sent, messages received are printed;
                                            --debug prints the handshake and every frame as annotated hex
                  --help                    this text
                """);
    }

    // ---- connect: the MicroPython-style client from the command line -------------------------------------

    static void connect(String[] args) throws Exception {
        boolean urlGiven = args.length > 1 && !args[1].startsWith("--");
        CommandLine.checkOptions(args, urlGiven ? 2 : 1, List.of("--debug"), List.of());
        String url = urlGiven ? args[1] : "ws://127.0.0.1:8080/";
        SimpleWebSocketClient client;
        try {
            client = SimpleWebSocketClient.connect(url, Map.of(), CommandLine.flag(args, "--debug"));
        } catch (IllegalArgumentException e) { // a malformed URL, or wss://: a mistake on the command line
            System.err.println("connect: " + e.getMessage());
            System.exit(2);
            return;
        } catch (java.io.IOException e) { // no server there, or the handshake failed: one line, not a trace
            System.err.println("connect: cannot connect to " + url + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.err.println("connected to " + url + "; type lines to send them, end with Ctrl-D");
        Thread receiver = Thread.ofVirtual().start(() -> receiveLoop(client, new CountDownLatch(0)));
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = stdin.readLine()) != null && receiver.isAlive(); ) {
                client.send(line);
            }
        }
        client.close();
        receiver.join(TimeUnit.SECONDS.toMillis(10));
    }

    /**
     * The receiving thread of the document "WebSocket 通信", in Java: loop on recv(); null means the connection
     * is closed (by the server or by us), and then the thread closes the client and ends.
     */
    static void receiveLoop(SimpleWebSocketClient client, CountDownLatch received) {
        try {
            while (true) {
                String data = client.recv();
                System.out.println("recv_data = " + data);
                received.countDown();
                if (data == null) {
                    System.out.println("cli close");
                    client.close();
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        urls();
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                .withLog(line -> System.out.println("server: " + line)), new EchoListener());
        System.out.println("\n== 2. An echo server (chapter 14) on ws://127.0.0.1:<an ephemeral port>/, for our client to talk to");
        micropythonStyle(server.url());
        connectionApi(server.url());
        server.shutdown();
        System.out.println("""

                What to take away: the client adds a URL, a socket and the handshake; everything after it is
                chapter 09's connection in the client role, with masked frames. MicroPython's API is a thin,
                blocking layer on top: recv() returns each message, and null (never "") at the end.""");
    }

    static void urls() {
        System.out.println("== 1. ws:// URLs (RFC 6455 section 3): what to connect to, the request line, the Host header");
        for (String url : List.of("ws://example.com", "ws://127.0.0.1:9913/chat?nick=ann%20b", "ws://[::1]:8080/",
                "ws://h/#top", "wss://echo.example/")) {
            try {
                WsUrl u = WsUrl.parse(url);
                String note = u.secure() ? "   (parsed; this client refuses wss://, chapter 24 adds TLS)" : "";
                System.out.printf("%-38s connect %s:%d, GET %s HTTP/1.1, Host: %s%s%n", url, u.socketHost(), u.port(),
                        u.resourceName(), u.hostHeader(), note);
            } catch (IllegalArgumentException e) {
                System.out.printf("%-38s refused: %s%n", url, e.getMessage());
            }
        }
    }

    static void micropythonStyle(String url) throws Exception {
        System.out.println("\n== 3. The MicroPython-style client of \"WebSocket 通信\": connect(url, headers, debug=true)");
        System.out.println("   (debug prints the handshake, then every frame; a client masks with a random key)");
        SimpleWebSocketClient client = SimpleWebSocketClient.connect(url, Map.of("User-Agent", "wsfs-demo"), true);
        // The document's example: a receiving thread, then send from the main thread.
        CountDownLatch echoed = new CountDownLatch(1);
        Thread receiver = Thread.ofVirtual().name("recv").start(() -> receiveLoop(client, echoed));
        client.send("this is a test msg");
        echoed.await(10, TimeUnit.SECONDS); // the receiving thread has printed the echo
        client.close();
        receiver.join(TimeUnit.SECONDS.toMillis(10));
        System.out.println("closed: " + client.closeEvent());
    }

    static void connectionApi(String url) throws Exception {
        System.out.println("\n== 4. The connection underneath: a fragmented message and a ping");
        System.out.println("   (the RFC's example key \"dGhlIHNhbXBsZSBub25jZQ==\" and masking key 37 fa 21 3d, so the");
        System.out.println("    bytes are those of RFC 6455 section 5.7; a real client draws both at random)");
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocketClient.Options options = WebSocketClient.Options.defaults()
                .withDebug(System.out)
                .reproducible("dGhlIHNhbXBsZSBub25jZQ==", MaskingKeys.fixed("37 fa 21 3d"));
        WebSocketConnection c = WebSocketClient.connect(url, options, Endpoints.recorder(events));
        c.sendText("Hello");
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
        c.sendFragmented(Message.text("Hello"), 3);
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS) + "   (the echo server got one message)");
        c.ping("Hello".getBytes(StandardCharsets.UTF_8));
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
        c.close(CloseCode.NORMAL_CLOSURE, "bye");
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
    }
}
