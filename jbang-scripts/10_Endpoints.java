///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 09_Close.java
//SOURCES wsfs/io/WsUrl.java
//SOURCES wsfs/view/WireTap.java
//SOURCES wsfs/io/WebSocketServer.java
//SOURCES wsfs/io/DeadlineInputStream.java
//SOURCES wsfs/io/WebSocketClient.java
//SOURCES wsfs/io/EchoListener.java
//SOURCES wsfs/app/StdioBridge.java
//SOURCES wsfs/io/BrowserStyleWebSocket.java
//SOURCES wsfs/io/SimpleWebSocketClient.java
//MAIN Endpoints

// Chapter 10: a complete server and a complete client. The connection of chapter 09 gets a TCP socket on each
// side: a server that accepts many clients (one virtual thread each) and a client that parses ws:// URLs,
// with two APIs on top, the browser's and MicroPython's.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.io.BrowserStyleWebSocket;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.app.CommandLine;
import wsfs.io.EchoListener;
import wsfs.view.HexDump;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.io.SimpleWebSocketClient;
import wsfs.app.StdioBridge;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;

class Endpoints {
    /** The echo mode accepts messages (and frames) up to this size: benchmarks and conformance tools send big ones. */
    static final long ECHO_MAX = 64 * Limits.MiB;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "serve" -> serve(CommandLine.rest(args));
            case "websocketd" -> websocketd(CommandLine.portOption(args, 8080), commandAfterDashes(args));
            case "connect" -> connect(args.length > 1 ? args[1] : "ws://127.0.0.1:8080/",
                    CommandLine.flag(args, "--debug"));
            case "idle-heap" -> idleHeap(args);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Endpoints::help);
        }
    }

    static void help() {
        System.out.println("""
                10_Endpoints.java: a WebSocket server and client (chapter 10)

                  (no arguments)            demo: an echo server on a free port, both client APIs, fragments,
                                            ping, close and graceful shutdown, with the frames as annotated hex
                  serve [--port N] [--max-connections N] [--max-message BYTES] [--idle-timeout SECONDS]
                                            echo server on ws://127.0.0.1:N/ (default 8080, 0 = any free port):
                                            every text and binary message comes back unchanged.
                                            Prints one line "listening on ws://127.0.0.1:N/" when ready;
                                            SIGTERM or Ctrl-C closes every client with 1001 and exits.
                                            --max-connections: open connections at most, the next gets
                                              503 (default 10000)
                                            --max-message: largest message and frame, such as 1048576,
                                              64KiB or 64MiB; a bigger one gets 1009 (default 64MiB)
                                            --idle-timeout: close with 1001 a client silent this long
                                              (default 120; 0 = never)
                  websocketd [--port N] -- COMMAND [ARGS...]
                                            like websocketd: each connection starts COMMAND; each line it prints
                                            is a text message, each message is a line on its standard input
                  connect URL [--debug]     a client in the style of MicroPython's uwebsocket: lines typed on
                                            standard input are sent, messages received are printed;
                                            --debug prints the handshake and every frame as annotated hex
                  --help                    this text
                """);
    }

    static List<String> commandAfterDashes(String[] args) {
        int dashes = Arrays.asList(args).indexOf("--");
        if (dashes < 0 || dashes == args.length - 1) {
            System.err.println("websocketd needs a command after --, for example: websocketd --port 8080 -- sh -c 'echo hi'");
            System.exit(2);
        }
        return List.of(Arrays.copyOfRange(args, dashes + 1, args.length));
    }

    // ---- serve: the echo server for tools --------------------------------------------------------------

    static WebSocketServer.Options echoOptions() {
        return WebSocketServer.Options.defaults()
                .withLimits(Limits.defaults().withMaxFramePayload(ECHO_MAX).withMaxMessageSize(ECHO_MAX))
                .withLog(line -> System.err.println(line));
    }

    static final List<String> SERVE_OPTIONS = List.of("--port", "--max-connections", "--max-message", "--idle-timeout");

    /** The echo mode: the options of {@link #SERVE_OPTIONS}, each checked; a mistake is one line and exit status 2. */
    static void serve(String[] args) throws Exception {
        if (CommandLine.flag(args, "--help")) {
            help();
            return;
        }
        CommandLine.checkOptions(args, List.of(), SERVE_OPTIONS);
        int port = CommandLine.portOption(args, 8080);
        int maxConnections = (int) CommandLine.numberOption(args, "--max-connections", 10_000, 1, 1_000_000);
        long maxMessage = CommandLine.bytesOption(args, "--max-message", ECHO_MAX, 1024 * Limits.MiB);
        long idleSeconds = CommandLine.numberOption(args, "--idle-timeout", 120, 0, 365L * 24 * 3600);
        WebSocketServer.Options options = echoOptions()
                // 5.2: a frame's payload can be as large as the message; a control frame needs 125 bytes
                .withLimits(Limits.defaults().withMaxFramePayload(Math.max(125, maxMessage)).withMaxMessageSize(maxMessage))
                .withMaxConnections(maxConnections)
                .withIdleTimeout(idleSeconds == 0 ? null : Duration.ofSeconds(idleSeconds));
        runUntilStopped(listen(port, options, new EchoListener()));
    }

    static void websocketd(int port, List<String> command) throws Exception {
        WebSocketServer server = listen(port, echoOptions(), new StdioBridge(command));
        System.err.println("each connection runs: " + String.join(" ", command));
        runUntilStopped(server);
    }

    /** Starts the server; a port in use is a mistake on the command line: one line and exit status 2. */
    static WebSocketServer listen(int port, WebSocketServer.Options options, WebSocketListener listener) throws Exception {
        try {
            return WebSocketServer.start(port, options, listener);
        } catch (BindException e) {
            CommandLine.cannotListen(port, e);
            throw e;
        }
    }

    /** Prints the ready line, then waits; SIGTERM / Ctrl-C run the shutdown hook: 1001 to every client. */
    static void runUntilStopped(WebSocketServer server) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "shutdown"));
        System.out.println("listening on " + server.url());
        System.out.flush();
        server.awaitShutdown();
    }

    // ---- idle-heap: what an idle connection costs (a benchmark, not a test) ------------------------------

    /**
     * {@code idle-heap [--connections N]}: an echo server in this JVM, N idle WebSocket clients in a child JVM (so
     * their sockets and objects are not counted, and each process needs only N file descriptors), then heap in use
     * after a full GC, before and after, divided by N. {@code --clients-for PORT} is the child's side.
     */
    static void idleHeap(String[] args) throws Exception {
        int n = CommandLine.intOption(args, "--connections", 1000);
        int clientsFor = CommandLine.intOption(args, "--clients-for", 0);
        if (n < 1) {
            System.err.println("--connections must be at least 1, not " + n);
            System.exit(2);
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                && os.getMaxFileDescriptorCount() < n + 200L) {
            System.err.println("idle-heap: this process may open " + os.getMaxFileDescriptorCount()
                    + " files, and " + n + " connections need about " + (n + 200) + ": raise the limit (ulimit -n "
                    + (n + 200) + ", or the hard limit) or ask for fewer --connections");
            System.exit(2);
        }
        if (clientsFor > 0) {
            openIdleClients(clientsFor, n);
            return;
        }
        WebSocketServer server = WebSocketServer.start(0, echoOptions().withMaxConnections(n + 16).withLog(line -> { }),
                new EchoListener());
        long before = heapAfterGc();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process clients = new ProcessBuilder(java, "-Xss256k", "-cp", System.getProperty("java.class.path"), "Endpoints",
                "idle-heap", "--clients-for", String.valueOf(server.port()), "--connections", String.valueOf(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader childOut = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.UTF_8));
        String ready = childOut.readLine();
        if (ready == null || !ready.startsWith("opened")) {
            System.err.println("idle-heap: the client process failed: " + ready);
            clients.destroy();
            server.shutdown();
            System.exit(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.connections().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50); // a benchmark waiting for the server's count, not a test's synchronisation
        }
        int open = server.connections().size();
        long after = heapAfterGc();
        System.out.printf("idle-heap: %d idle connections open; heap in use after GC %.1f MiB before, %.1f MiB after:"
                        + " %.1f KiB per connection (the server's side only; the clients run in another JVM)%n",
                open, before / 1048576.0, after / 1048576.0, (after - before) / 1024.0 / Math.max(1, open));
        clients.getOutputStream().close();            // the child exits when its standard input ends
        clients.waitFor(30, TimeUnit.SECONDS);
        clients.destroy();
        server.shutdown();
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200); // let the collector and reference processing settle
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The child: N connections that complete the handshake and then say nothing, until standard input ends. */
    private static void openIdleClients(int port, int n) throws Exception {
        List<java.net.Socket> sockets = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            java.net.Socket s = new java.net.Socket("127.0.0.1", port);
            wsfs.io.ClientHandshake.of("127.0.0.1", port, "/", List.of(), Map.of())
                    .perform(s.getInputStream(), s.getOutputStream());
            sockets.add(s);
        }
        System.out.println("opened " + sockets.size());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the parent
        }
        for (java.net.Socket s : sockets) {
            s.close();
        }
    }

    // ---- connect: the MicroPython-style client from the command line -------------------------------------

    static void connect(String url, boolean debug) throws Exception {
        SimpleWebSocketClient client = SimpleWebSocketClient.connect(url, Map.of(), debug);
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
        WebSocketServer server = WebSocketServer.start(0, echoOptions().withLog(line -> System.out.println("server: " + line)),
                new EchoListener());
        String url = server.url();
        System.out.println("== 1. An echo server, one virtual thread per connection");
        System.out.println("server: listening on ws://127.0.0.1:<an ephemeral port>/");

        micropythonStyle(url);
        browserStyle(url);
        connectionApi(url);
        gracefulShutdown(server, url);
        System.out.println("""

                What to take away: the same connection class serves both ends; the server adds accepting,
                limits and shutdown, the client adds URLs and the handshake, and the two client APIs are thin
                layers over it: events on one thread (the browser), or a blocking recv() that returns null at
                the end (MicroPython).""");
    }

    static void micropythonStyle(String url) throws Exception {
        System.out.println("\n== 2. The MicroPython-style client of \"WebSocket 通信\": connect(url, headers, debug=true)");
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

    static void browserStyle(String url) throws Exception {
        System.out.println("\n== 3. The browser-style client: new WebSocket(url), onopen/onmessage/onerror/onclose");
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        // The handlers are set in the setup lambda, before the connection starts: Java's stand-in for the
        // browser's rule that a script runs to its end before any event is delivered.
        BrowserStyleWebSocket ws = new BrowserStyleWebSocket(url, self -> {
            System.out.println("readyState in the setup, before connecting: " + state(self.readyState()));
            self.onopen(e -> {
                System.out.println("onopen: readyState " + state(self.readyState()));
                opened.countDown();
            });
            self.addEventListener("open", e -> System.out.println("open (addEventListener): a second handler"));
            self.onmessage(e -> {
                Object data = e.data();
                String shown = switch (data) {
                    case String s -> "String \"" + (s.length() > 40 ? s.substring(0, 40) + "...\" (" + s.length() + " chars)" : s + "\"");
                    case byte[] b -> "byte[" + b.length + "] (binaryType blob) " + HexDump.hex(b, 0, Math.min(8, b.length));
                    case ByteBuffer bb -> "ByteBuffer, " + bb.remaining() + " bytes (binaryType arraybuffer)"
                            + (bb.remaining() <= 8 ? " " + HexDump.hex(bytes(bb)) : "");
                    default -> data.toString();
                };
                System.out.println("onmessage: " + shown);
                received.add(data);
            });
            self.onerror(e -> System.out.println("onerror: " + e.cause()));
            self.onclose(e -> {
                System.out.println("onclose: code " + e.code() + ", reason \"" + e.reason() + "\", wasClean " + e.wasClean()
                        + "; readyState " + state(self.readyState()));
                closed.countDown();
            });
        });
        if (!opened.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no open event");
        }
        ws.send("Hello WebSockets!");
        received.poll(10, TimeUnit.SECONDS);
        ws.send(new byte[] {1, 2, 3});
        received.poll(10, TimeUnit.SECONDS);
        ws.binaryType(BrowserStyleWebSocket.BinaryType.ARRAYBUFFER);
        ws.send(ByteBuffer.wrap(new byte[] {4, 5, 6}));
        received.poll(10, TimeUnit.SECONDS);
        byte[] big = new byte[8 * 1024 * 1024];
        ws.send(big);
        System.out.println("bufferedAmount right after send(8 MiB): " + ws.bufferedAmount()
                + " (the writer thread has not written it all yet)");
        received.poll(30, TimeUnit.SECONDS);
        System.out.println("bufferedAmount after the echo came back: " + ws.bufferedAmount());
        System.out.println("close(1000, \"done\")");
        ws.close(1000, "done");
        closed.await(10, TimeUnit.SECONDS);
    }

    static void connectionApi(String url) throws Exception {
        System.out.println("\n== 4. The connection underneath: a fragmented message and a ping");
        System.out.println("   (the RFC's example key \"dGhlIHNhbXBsZSBub25jZQ==\" and masking key 37 fa 21 3d, so the");
        System.out.println("    bytes are those of RFC 6455 section 5.7; a real client draws both at random)");
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocketClient.Options options = WebSocketClient.Options.defaults()
                .withDebug(System.out)
                .reproducible("dGhlIHNhbXBsZSBub25jZQ==", MaskingKeys.fixed("37 fa 21 3d"));
        WebSocketConnection c = WebSocketClient.connect(url, options, new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                events.add("onText \"" + text + "\"");
            }

            @Override
            public void onPong(WebSocketConnection c, ByteString data) {
                events.add("onPong \"" + data.utf8() + "\"");
            }

            @Override
            public void onClose(WebSocketConnection c, CloseEvent event) {
                events.add("onClose " + event);
            }
        });
        c.sendText("Hello");
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
        c.sendFragmented(Message.text("Hello"), 3);
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS) + "   (the echo server got one message)");
        c.ping("Hello".getBytes(StandardCharsets.UTF_8));
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
        c.close(CloseCode.NORMAL_CLOSURE, "bye");
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
    }

    static void gracefulShutdown(WebSocketServer server, String url) throws Exception {
        System.out.println("\n== 5. Graceful shutdown: the server sends 1001 to every client and waits for the answers");
        LinkedBlockingQueue<CloseEvent> closes = new LinkedBlockingQueue<>();
        for (int i = 0; i < 3; i++) {
            WebSocketClient.connect(url, new WebSocketListener() {
                @Override
                public void onClose(WebSocketConnection c, CloseEvent event) {
                    closes.add(event);
                }
            });
        }
        waitUntil(() -> server.connections().size() == 3, 5000);
        System.out.println("server: " + server.connections().size() + " clients connected; shutting down");
        server.shutdown();
        for (int i = 0; i < 3; i++) {
            System.out.println("client " + (i + 1) + " onClose: " + closes.poll(10, TimeUnit.SECONDS));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static String state(int readyState) {
        return readyState + " " + BrowserStyleWebSocket.readyStateName(readyState);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    /** Polls a condition every 10 ms up to a bound (demo pacing only; the tests use latches). */
    static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
