///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 14_Endpoints.java
//SOURCES wsfs/app/StdioBridge.java
//SOURCES wsfs/io/OperatorLogListener.java
//SOURCES wsfs/io/ConnectionCap.java
//SOURCES wsfs/io/IdleWatchdog.java
//SOURCES wsfs/io/GracefulShutdown.java
//SOURCES wsfs/io/StaticPages.java
//SOURCES wsfs/io/WebSocketServer.java
//MAIN Operating

// Chapter 15: operating a server. Chapter 14's core gets what an operator needs, through its hooks: a cap on
// open connections (503), an idle time-out (1001), one log line per failure, pages on the same port, and a
// graceful shutdown that sends 1001 to every client and waits for the answers. The modes here are the echo
// server that tools, benchmarks and later chapters use (serve), websocketd, and a measurement (idle-heap).

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.net.BindException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.app.StdioBridge;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Limits;

class Operating {
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
            case "idle-heap" -> idleHeap(args);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Operating::help);
        }
    }

    static void help() {
        System.out.println("""
                15_Operating.java: operating a WebSocket server (chapter 15)

                  (no arguments)            demo: an echo server with its limits: a connection cap (503), a message
                                            too big (1009), a page on the same port, an idle time-out (1001) and
                                            a graceful shutdown (1001 to every client), with the operator's log
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
                  idle-heap [--connections N]
                                            what an idle connection costs the server: heap after GC, per
                                            connection (the clients run in a child JVM; default 1000)
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
        Process clients = new ProcessBuilder(java, "-Xss256k", "-cp", System.getProperty("java.class.path"), "Operating",
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

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        WebSocketServer server = WebSocketServer.start(0, echoOptions()
                        .withLimits(Limits.defaults().withMaxFramePayload(1024).withMaxMessageSize(1024))
                        .withMaxConnections(2)
                        .withPage("/", WebSocketServer.Page.text("an echo server: connect with ws://\n"))
                        .withLog(line -> System.out.println("server log: " + line)),
                new EchoListener());
        System.out.println("== 1. WebSocketServer: chapter 14's core with an operator's options");
        System.out.println("   (messages up to 1 KiB, 2 connections at most, a page at /, one log line per failure)");

        System.out.println("\n== 2. One port for pages and WebSockets: GET / without Upgrade");
        System.out.println(plainGet(server.port()));

        System.out.println("\n== 3. The connection cap: two clients in, the third gets 503 before any WebSocket exists");
        LinkedBlockingQueue<String> a = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> b = new LinkedBlockingQueue<>();
        WebSocketConnection first = Endpoints.connect(server.port(), "first", a, false);
        WebSocketConnection second = Endpoints.connect(server.port(), "second", b, false);
        Endpoints.waitUntil(() -> server.connections().size() == 2, 5000);
        System.out.println("open: " + server.connections().size());
        System.out.println("third: " + upgradeStatus(server.port()));

        System.out.println("\n== 4. A message over the limit: 2 KiB text gets 1009, and the log says why");
        first.sendText("x".repeat(2048));
        System.out.println("first:  " + a.poll(10, TimeUnit.SECONDS));

        System.out.println("\n== 5. Graceful shutdown: 1001 to every client, then wait for their answers");
        WebSocketConnection third = Endpoints.connect(server.port(), "third", a, false);
        Endpoints.waitUntil(() -> server.connections().size() == 2, 5000);
        server.shutdown();
        System.out.println("second: " + b.poll(10, TimeUnit.SECONDS));
        System.out.println("third:  " + a.poll(10, TimeUnit.SECONDS));

        System.out.println("\n== 6. The idle time-out: a client silent for 1 s is closed with 1001");
        WebSocketServer idle = WebSocketServer.start(0, echoOptions().withIdleTimeout(Duration.ofSeconds(1))
                .withLog(line -> System.out.println("server log: " + line)), new EchoListener());
        LinkedBlockingQueue<String> quiet = new LinkedBlockingQueue<>();
        Endpoints.connect(idle.port(), "quiet", quiet, false);
        System.out.println("quiet:  " + quiet.poll(10, TimeUnit.SECONDS));
        idle.shutdown();
        System.out.println("""

                What to take away: nothing here is in chapter 14's core; each limit plugs into its hooks (admit,
                answerPlainRequest, the idle watchdog, shutdown), and each refusal or failure is one log line for
                the operator with the peer and the rule. A stopping server says 1001 (going away), not 1006.""");
    }

    /** A GET without Upgrade, as a browser asks for a page: the status line and the body. */
    static String plainGet(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return all.lines().findFirst().orElse("") + " ... " + all.substring(all.indexOf("\r\n\r\n") + 4).strip();
        }
    }

    /** An upgrade request on a raw socket; the status line of the answer. */
    static String upgradeStatus(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(new wsfs.io.ClientHandshake("127.0.0.1", port, "/", List.of(), Map.of(),
                    Endpoints.RFC_HANDSHAKE_KEY).request().toBytes());
            s.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }
}
