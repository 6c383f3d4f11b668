///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 09_ChatRoom.java
//SOURCES wsfs/app/InteropEcho.java
//SOURCES wsfs/conformance/InteropExchange.java
//SOURCES wsfs/view/InteropPage.java
//SOURCES wsfs/conformance/PeerProcess.java
//MAIN Interop

// Chapter 10: interoperability. Our server and client against peers we did not write: the JDK's own
// WebSocket client, Python's websockets, Node's ws and a real browser. The same steps run with every pair.

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import wsfs.app.CommandLine;
import wsfs.app.InteropEcho;
import wsfs.conformance.InteropExchange;
import wsfs.view.InteropPage;
import wsfs.conformance.PeerProcess;
import wsfs.io.SimpleWebSocketClient;
import wsfs.io.WebSocketServer;

class Interop {

    public static void main(String[] args) throws Exception {
        Usage.run("10_Interop.java", () -> modes(args));
    }

    static void modes(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "peers" -> {
                Usage.only(args, 1, List.of(), List.of());
                peers();
            }
            case "serve" -> {
                Usage.only(args, 1, List.of(), List.of("--port"));
                serve(Usage.port(args, 8080));
            }
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Interop::help);
        }
    }

    static void help() {
        System.out.println("""
                10_Interop.java: interoperability with peers we did not write (chapter 10)

                  (no arguments)      demo: our server with the JDK's java.net.http.WebSocket client, and our
                                      client with our server; prints a table of results and a few frames
                  peers               our client against a Python websockets server and a Node ws server, and a
                                      Python websockets client against our server (needs ./course to have
                                      installed them: .venv with websockets, npm ci --prefix tests/ch10/peers)
                  serve [--port N]    our interop server with a test page: open http://127.0.0.1:N/ in a browser
                                      and its WebSocket runs the same steps against our server
                  --help              this text
                """);
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

    static void peers() throws Exception {
        List<String> failures = new ArrayList<>();
        var dir = PeerProcess.peersDirectory();
        String python = PeerProcess.python();
        String node = PeerProcess.node();
        try (PeerProcess py = PeerProcess.startServer(List.of(python, "websockets_server.py", "0"), dir, Duration.ofSeconds(20));
             PeerProcess js = PeerProcess.startServer(List.of(node, "ws_server.js", "0"), dir, Duration.ofSeconds(20));
             WebSocketServer ours = startOurServer(0)) {
            report("our client -> Python websockets " + PeerProcess.WEBSOCKETS_VERSION + " server",
                    InteropExchange.withOurClient(py.url()), failures);
            report("our client -> Node ws " + PeerProcess.WS_VERSION + " server",
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
