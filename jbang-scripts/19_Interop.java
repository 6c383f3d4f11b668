///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 18_ChatRoom.java
//SOURCES wsfs/app/InteropEcho.java
//SOURCES wsfs/conformance/InteropExchange.java
//SOURCES wsfs/view/InteropPage.java
//SOURCES wsfs/conformance/PeerProcess.java
//SOURCES wsfs/conformance/ViolationProbe.java
//MAIN Interop

// Chapter 19: interoperability. Our server and client against peers we did not write: the JDK's own
// WebSocket client, Python's websockets, Node's ws and a real browser. The same steps run with every pair.

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import wsfs.app.CommandLine;
import wsfs.app.InteropEcho;
import wsfs.conformance.InteropExchange;
import wsfs.view.InteropPage;
import wsfs.conformance.PeerProcess;
import wsfs.conformance.RawFrame;
import wsfs.conformance.ViolationProbe;
import wsfs.io.SimpleWebSocketClient;
import wsfs.io.WebSocketServer;

class Interop {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "peers" -> peers(PeerPrograms.from(CommandLine.rest(args)));
            case "serve" -> {
                CommandLine.checkOptions(CommandLine.rest(args), List.of(), List.of("--port"));
                serve(CommandLine.portOption(args, 8080));
            }
            case "probe" -> probe(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Interop::help);
        }
    }

    static void help() {
        System.out.println("""
                19_Interop.java: interoperability with peers we did not write (chapter 19)

                  (no arguments)      demo: our server with the JDK's java.net.http.WebSocket client, and our
                                      client with our server; prints a table of results and a few frames
                  peers [--dir DIR] [--python PATH] [--node PATH]
                                      our client against a Python websockets server and a Node ws server, and a
                                      Python websockets client against our server. The peer programs are in DIR
                                      (default tests/ch19/peers, whose ws package npm ci --prefix installs); the
                                      Python must have websockets (default: COURSE_PYTHON, else .venv/bin/python,
                                      which ./course setup makes); node: COURSE_NODE, else node
                  serve [--port N]    our interop server with a test page: open http://127.0.0.1:N/ in a browser
                                      and its WebSocket runs the same steps against our server
                  probe URL           sends a server at URL five frames that break a rule (unmasked, reserved
                                      opcode, long ping, bad UTF-8, close code 1005) and prints how it closes
                  --help              this text
                """);
    }

    /** Asks any server what it does with five broken frames: the close code is fixed by the RFC, the reason is not. */
    static void probe(String[] args) throws Exception {
        if (args.length != 1) {
            usageError("probe needs one ws:// URL, e.g. probe ws://127.0.0.1:8080/");
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        var broken = new java.util.LinkedHashMap<String, byte[]>();
        broken.put("unmasked text frame (5.1: 1002)", RawFrame.of(0x1, "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes());
        broken.put("reserved opcode 0x3 (5.2: 1002)", RawFrame.of(0x3, new byte[0]).mask(key).toBytes());
        broken.put("ping of 126 bytes (5.5: 1002)", RawFrame.of(0x9, new byte[126]).mask(key).toBytes());
        broken.put("text that is not UTF-8 (8.1: 1007)", RawFrame.of(0x1, new byte[] {(byte) 0xff}).mask(key).toBytes());
        broken.put("close code 1005 on the wire (7.4.1: 1002)", RawFrame.of(0x8, new byte[] {0x03, (byte) 0xed}).mask(key).toBytes());
        for (var e : broken.entrySet()) {
            String answer;
            try {
                answer = ViolationProbe.send(args[0], e.getValue()).toString();
            } catch (java.io.IOException | IllegalArgumentException failed) {
                usageError("cannot probe " + args[0] + ": " + failed.getMessage());
                return;
            }
            System.out.printf("%-44s -> %s%n", e.getKey(), answer);
        }
    }

    /** A person's mistake: one line on stderr, exit status 2. */
    static void usageError(String line) {
        System.err.println("19_Interop.java: " + line);
        System.exit(2);
    }

    static WebSocketServer startOurServer(int port) throws Exception {
        return WebSocketServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port),
                WebSocketServer.Options.defaults()
                        .withPage("/", WebSocketServer.Page.html(InteropPage.HTML))
                        .withPage("/interop.html", WebSocketServer.Page.html(InteropPage.HTML)),
                request -> new InteropEcho());
    }

    static void demo() throws Exception {
        try (WebSocketServer server = startOurServer(0)) {
            System.out.println("== Our server (InteropEcho) listens on an ephemeral port\n");
            List<InteropExchange.Check> jdk = InteropExchange.withJdkClient(server.url());
            System.out.println(InteropExchange.table("JDK java.net.http.WebSocket -> our server", jdk));
            List<InteropExchange.Check> ours = InteropExchange.withOurClient(server.url());
            System.out.println(InteropExchange.table("our client -> our server", ours));

            System.out.println("== On the wire: \"please fragment\" and the fragments that come back");
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(server.url(), java.util.Map.of(), true);
            client.send(InteropEcho.PLEASE_FRAGMENT);
            System.out.println("recv() = " + client.recv());
            client.close();

            long failed = jdk.stream().filter(c -> !c.passed()).count() + ours.stream().filter(c -> !c.passed()).count();
            System.out.println("\n" + (jdk.size() + ours.size()) + " checks, " + failed + " failed");
            if (failed > 0) {
                System.exit(1);
            }
        }
    }

    static void peers(PeerPrograms programs) throws Exception {
        List<String> failures = new ArrayList<>();
        Path dir = programs.directory();
        String python = programs.python();
        String node = programs.node();
        try (PeerProcess py = PeerProcess.startServer(List.of(python, "websockets_server.py", "0"), dir, Duration.ofSeconds(20));
             PeerProcess js = PeerProcess.startServer(List.of(node, "ws_server.js", "0"), dir, Duration.ofSeconds(20));
             WebSocketServer ours = startOurServer(0)) {
            report("our client -> Python websockets " + programs.websocketsVersion() + " server",
                    InteropExchange.withOurClient(py.url()), failures);
            report("our client -> Node ws " + programs.wsVersion() + " server",
                    InteropExchange.withOurClient(js.url()), failures);
            try (PeerProcess client = PeerProcess.run(List.of(python, "websockets_client.py", ours.url()), dir,
                    Duration.ofSeconds(60))) {
                System.out.println("| Python websockets client -> our server | result |\n|---|---|");
                for (String line : client.lines()) {
                    if (line.startsWith("PASS ")) {
                        System.out.println("| " + line.substring(5) + " | pass |");
                    } else if (line.startsWith("FAIL ")) {
                        System.out.println("| " + line.substring(5) + " | FAIL |");
                        failures.add("python client: " + line);
                    }
                }
                if (client.exitValue() != 0) {
                    failures.add("python client exited with " + client.exitValue() + ":\n" + client.output());
                }
            }
        }
        System.out.println(failures.isEmpty() ? "\nevery check passed" : "\nfailures:\n" + String.join("\n", failures));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    static void report(String title, List<InteropExchange.Check> checks, List<String> failures) {
        System.out.println(InteropExchange.table(title, checks));
        checks.stream().filter(c -> !c.passed()).forEach(c -> failures.add(title + ": " + c.name() + ": " + c.detail()));
    }

    static void serve(int port) throws Exception {
        WebSocketServer server = startOurServer(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "shutdown"));
        System.out.println("interop page on http://127.0.0.1:" + server.port() + "/");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

/**
 * The programs the {@code peers} mode runs (chapter 19's script; 20_Conformance.java uses it too): the folder
 * of the peer programs, a Python that has the websockets package and a node whose ws package is installed in
 * that folder. Each can be given on the command line; the defaults are the course's layout. A missing one is
 * one line that says how to get it, and exit status 2.
 */
record PeerPrograms(Path directory, String python, String node) {

    static PeerPrograms from(String[] args) {
        List<String> unknown = CommandLine.words(args, List.of(), List.of("--dir", "--python", "--node"));
        if (!unknown.isEmpty()) {
            fail("unknown option: " + unknown.getFirst() + " (peers takes --dir, --python and --node)");
        }
        String python = CommandLine.option(args, "--python").orElse(orDefault(System.getenv("COURSE_PYTHON"), ".venv/bin/python"));
        String node = CommandLine.option(args, "--node").orElse(orDefault(System.getenv("COURSE_NODE"), "node"));
        return check(Path.of(CommandLine.option(args, "--dir").orElse("tests/ch19/peers")), python, node);
    }

    static PeerPrograms defaults() {
        return from(new String[0]);
    }

    static PeerPrograms check(Path directory, String python, String node) {
        if (!Files.isRegularFile(directory.resolve("websockets_server.py"))) {
            fail("no peer programs in " + directory + ": run from the project folder or give --dir tests/ch19/peers");
        }
        if (PeerProcess.probe(List.of(python, "-c", "import websockets")) == null) {
            fail("no Python with the websockets package at " + python + ": run ./course setup, or give --python PATH");
        }
        if (PeerProcess.probe(List.of(node, "--version")) == null) {
            fail("node does not run (" + node + "): install Node.js, or give --node PATH");
        }
        if (!Files.isRegularFile(directory.resolve("node_modules/ws/package.json"))) {
            fail("the ws package is not installed: run npm ci --prefix " + directory);
        }
        return new PeerPrograms(directory.toAbsolutePath(), absolute(python), absolute(node));
    }

    /** The websockets version the Python reports, e.g. "17.4". */
    String websocketsVersion() {
        return PeerProcess.probe(List.of(python, "-c", "import websockets; print(websockets.__version__)"));
    }

    /** The version of the ws package in the peer folder, e.g. "8.23.0". */
    String wsVersion() {
        return PeerProcess.probe(List.of(node, "-e", "console.log(require(" + quoted(wsPackageJson()) + ").version)"));
    }

    Path wsPackageJson() {
        return directory.resolve("node_modules/ws/package.json");
    }

    static String quoted(Path path) {
        return "'" + path.toString().replace("\\", "/").replace("'", "\\'") + "'";
    }

    /** A path such as .venv/bin/python made absolute (the peers run in their own folder); a bare name like node stays. */
    private static String absolute(String program) {
        return program.contains("/") || program.contains(java.io.File.separator) ? Path.of(program).toAbsolutePath().toString() : program;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void fail(String line) {
        System.err.println(line);
        System.exit(2);
    }
}
