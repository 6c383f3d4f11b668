///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 19_Interop.java
//SOURCES wsfs/conformance/Verdict.java
//SOURCES wsfs/conformance/FuzzFrame.java
//SOURCES wsfs/conformance/CaseStep.java
//SOURCES wsfs/view/WireEvent.java
//SOURCES wsfs/conformance/CaseExpectation.java
//SOURCES wsfs/conformance/Transcript.java
//SOURCES wsfs/conformance/ConformanceJudge.java
//SOURCES wsfs/conformance/ConformanceCase.java
//SOURCES wsfs/conformance/CaseResult.java
//SOURCES wsfs/conformance/ConformanceSession.java
//SOURCES wsfs/conformance/CaseKit.java
//SOURCES wsfs/conformance/Utf8Vectors.java
//SOURCES wsfs/conformance/CasesFraming.java
//SOURCES wsfs/conformance/CasesFragmentation.java
//SOURCES wsfs/conformance/CasesUtf8.java
//SOURCES wsfs/conformance/CasesClose.java
//SOURCES wsfs/conformance/CasesLimits.java
//SOURCES wsfs/conformance/CasesMisc.java
//SOURCES wsfs/conformance/ConformanceSuite.java
//SOURCES wsfs/conformance/ConformanceReport.java
//SOURCES wsfs/conformance/ReferenceResults.java
//SOURCES wsfs/conformance/FuzzingClient.java
//SOURCES wsfs/conformance/FuzzingServer.java
//MAIN Conformance

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import wsfs.conformance.CaseResult;
import wsfs.app.CommandLine;
import wsfs.conformance.ConformanceCase;
import wsfs.conformance.ConformanceReport;
import wsfs.conformance.ConformanceSession;
import wsfs.conformance.ConformanceSuite;
import wsfs.io.EchoListener;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.view.FrameDescriber;
import wsfs.conformance.FuzzFrame;
import wsfs.conformance.FuzzingClient;
import wsfs.conformance.FuzzingServer;
import wsfs.protocol.MaskingKeys;
import wsfs.conformance.PeerProcess;
import wsfs.conformance.ReferenceResults;
import wsfs.protocol.Role;
import wsfs.conformance.Verdict;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketServer;

/**
 * Chapter 20: conformance and robustness. A fuzzing client that runs the conformance suite against any
 * WebSocket server, and a fuzzing server that runs it against any client.
 */
class Conformance {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "check" -> System.exit(check(args));
            case "fuzz-server" -> System.exit(fuzzServer(args));
            case "list" -> list(args);
            case "reference" -> reference(args);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Conformance::help);
        }
    }

    /** The cases the demo shows byte by byte: one per idea. */
    static final List<String> SHOWN = List.of("2.2", "5.6", "6.3.1", "7.9.4", "10.3.2");

    static void demo() throws Exception {
        WebSocketServer.Options options = WebSocketServer.Options.defaults();
        try (WebSocketServer server = WebSocketServer.start(0, options, new EchoListener())) {
            URI url = URI.create(server.url());
            System.out.println("== Our echo server (chapter 14) listens on an ephemeral port; the fuzzing client runs cases against it.");
            System.out.println("   Each case gets its own connection. The masking key is fixed (37 fa 21 3d) so the bytes are readable.\n");
            List<String> wire = java.util.Collections.synchronizedList(new ArrayList<>());
            ConformanceSession.Tap tap = new ConformanceSession.Tap() {
                @Override
                public void sent(List<FuzzFrame> frames, byte[] bytes) {
                    wire.add("--> we send " + frames.stream().map(FuzzFrame::describe).toList() + "\n"
                            + indent(FrameDescriber.text(bytes)));
                }

                @Override
                public void received(Frame frame) {
                    wire.add("<-- the server sends " + frame.opcode() + "\n" + indent(FrameDescriber.text(FrameCodec.encode(frame))));
                }
            };
            FuzzingClient shown = new FuzzingClient(url, MaskingKeys.fixed("37 fa 21 3d")).tap(tap);
            List<CaseResult> shownResults = new ArrayList<>();
            for (String id : SHOWN) {
                ConformanceCase c = ConformanceSuite.select(id, Role.SERVER).get(0);
                wire.clear();
                CaseResult r = shown.run(c);
                shownResults.add(r);
                System.out.println("== Case " + c.id() + ": " + c.description());
                System.out.println("   expected: " + r.expectation());
                synchronized (wire) {
                    wire.forEach(System.out::print);
                }
                System.out.println("   observed: " + r.observed());
                System.out.println("   verdict:  " + r.verdict().label() + " (" + r.reason() + ")\n");
            }
            System.out.print(ConformanceReport.text(shownResults, false));

            System.out.println("\n== The whole suite against the same server (category 9 sends up to 16 MiB per message):");
            List<CaseResult> all = new FuzzingClient(url).runAll(ConformanceSuite.select("*", Role.SERVER), null);
            ReferenceResults.parse(ConformanceReport.json("demo", List.of(new ConformanceReport.Run("ours", "", all))))
                    .runs().get(0).counts().forEach((category, counts) -> System.out.printf("   %2d %-20s %s%n",
                            category, ConformanceSuite.CATEGORIES.get(category), ReferenceResults.cell(counts)));
            System.out.println("   " + ConformanceReport.totals(all));
            String problems = ConformanceReport.problems(all);
            if (!problems.isEmpty()) {
                System.out.println("\nNot PASS:\n" + problems);
            }
            System.out.println("Run `check URL` against any server, or `fuzz-server --port N` for any client (--help).");
        }
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    static void help() {
        System.out.println("""
                20_Conformance.java: a conformance suite for RFC 6455, organised like the Autobahn|Testsuite.

                  (no arguments)            demo: our echo server in-process, a few cases with their bytes, the table
                  check URL [options]       run the suite against the server at URL (ws://host:port/path);
                                            exit status 0 only if no case FAILs
                  fuzz-server --port N [options]
                                            a fuzzing server: each client connection gets the next case; prints the
                                            table once every case ran; exit status 0 only if no case FAILs
                  list [--cases F]          list the cases and their descriptions
                  reference [--json FILE] [--client-json FILE]
                                            the suite against our server, Python websockets and Node ws (the
                                            peers ./course installs), side by side, then the fuzzing server
                                            against our client and theirs; the JSON files are the data the
                                            chapter and notebook use (notebooks/data/20-reference-results.json,
                                            notebooks/data/20-reference-client-results.json)
                  --help                    this text

                options:
                  --cases F                 only the cases matching F: "6.*", "1.*,7.*", "7.9.3" (default: all)
                  --html FILE               also write an HTML report
                  --json FILE               also write the results as JSON (no timings)
                  --peer NAME --peer-version V   name the tested peer in the JSON and HTML
                  --times                   add a milliseconds column to the console table
                """);
    }

    record Options(String cases, Path html, Path json, Path clientJson, String peer, String peerVersion, boolean times, int port) {
        static Options parse(String[] args, int from) {
            String[] given = Arrays.copyOfRange(args, from, args.length);
            CommandLine.checkOptions(given, List.of("--times"),
                    List.of("--cases", "--html", "--json", "--client-json", "--peer", "--peer-version", "--port"));
            return new Options(CommandLine.option(given, "--cases").orElse("*"),
                    CommandLine.option(given, "--html").map(Path::of).orElse(null),
                    CommandLine.option(given, "--json").map(Path::of).orElse(null),
                    CommandLine.option(given, "--client-json").map(Path::of).orElse(null),
                    CommandLine.option(given, "--peer").orElse("peer"),
                    CommandLine.option(given, "--peer-version").orElse(""),
                    CommandLine.flag(given, "--times"),
                    CommandLine.portOption(given, 9001));
        }

        /** The cases of {@code --cases} for {@code role}; a pattern that matches none is a mistake, not an empty run. */
        List<ConformanceCase> select(Role role) {
            List<ConformanceCase> selected = ConformanceSuite.select(cases, role);
            if (selected.isEmpty()) {
                throw CommandLine.usageError("no case matches --cases " + cases + " (see `list`; patterns look like \"6.*\", \"1.*,7.*\", \"7.9.3\")");
            }
            return selected;
        }
    }

    /** The URL that {@code check} tests: a ws:// URL with a host, or a mistake. */
    static URI serverUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw CommandLine.usageError("not a URL: '" + text + "' (" + e.getReason() + ")");
        }
        if (!"ws".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw CommandLine.usageError("check needs a ws://host:port/path URL (the fuzzer speaks plain ws:// only), not '" + text + "'");
        }
        return url;
    }

    /** Whether a TCP connection to the URL's host and port opens within 3 s; if not, says why in one line. */
    static boolean reachable(URI url) {
        int port = url.getPort() == -1 ? 80 : url.getPort();
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(new java.net.InetSocketAddress(url.getHost(), port), 3_000);
            return true;
        } catch (IOException e) {
            System.err.println("20_Conformance.java: cannot reach " + url.getHost() + ":" + port + " (" + e.getMessage()
                    + "); is the server running?");
            return false;
        }
    }

    static int check(String[] args) throws IOException {
        if (args.length < 2 || args[1].startsWith("-")) {
            throw CommandLine.usageError("usage: check ws://host:port/path [--cases F] [--html FILE] [--json FILE]");
        }
        URI url = serverUrl(args[1]);
        Options o = Options.parse(args, 2);
        List<ConformanceCase> cases = o.select(Role.SERVER);
        if (!reachable(url)) {
            return 1;
        }
        System.out.println("Running " + cases.size() + " cases against " + url + " ...");
        List<CaseResult> results = new FuzzingClient(url).runAll(cases, r -> {
            if (r.verdict() == Verdict.FAIL) {
                System.out.println("  FAIL " + r.id() + ": " + r.reason());
            }
        });
        return report(results, o, "Conformance of " + o.peer() + " " + o.peerVersion() + " (" + url + ")");
    }

    static int fuzzServer(String[] args) throws Exception {
        Options o = Options.parse(args, 1);
        List<ConformanceCase> cases = o.select(Role.CLIENT);
        try (FuzzingServer server = FuzzingServer.start(o.port(), cases)) {
            System.out.println("fuzzing server ready on ws://127.0.0.1:" + server.port() + "/ with " + cases.size()
                    + " cases: each connection gets the next case (or /case/ID for one case, /count for the number)");
            List<CaseResult> results = server.awaitAll(java.time.Duration.ofHours(1));
            return report(results, o, "Client conformance of " + o.peer() + " " + o.peerVersion());
        }
    }

    static int report(List<CaseResult> results, Options o, String title) throws IOException {
        System.out.println();
        System.out.print(ConformanceReport.text(results, o.times()));
        String problems = ConformanceReport.problems(results);
        if (!problems.isEmpty()) {
            System.out.println("\nNot PASS:\n" + problems);
        }
        if (o.html() != null) {
            Files.writeString(o.html(), ConformanceReport.html(title, results));
            System.out.println("HTML report: " + o.html());
        }
        if (o.json() != null) {
            Files.writeString(o.json(), ConformanceReport.json(o.peer(), o.peerVersion(), results));
            System.out.println("JSON results: " + o.json());
        }
        return ConformanceReport.failures(results) == 0 ? 0 : 1;
    }

    /** The suite against our echo server and the two reference servers, side by side. */
    static void reference(String[] args) throws Exception {
        Options o = Options.parse(args, 1);
        List<ConformanceCase> cases = o.select(Role.SERVER);
        List<ConformanceReport.Run> runs = new ArrayList<>();
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener())) {
            runs.add(run("wsfs (chapter 14 echo server)", "Java " + Runtime.version().feature(), server.url(), cases));
        }
        PeerPrograms programs = PeerPrograms.defaults(); // the Python and node of chapter 19, which hold the packages
        Path peers = programs.directory().resolve("../../ch20/peers").normalize();
        String python = programs.python();
        try (PeerProcess p = PeerProcess.startServer(List.of(python, "websockets_echo.py", "0"), peers, Duration.ofSeconds(30))) {
            String version = PeerProcess.probe(List.of(python, "-c",
                    "import sys, websockets; print(websockets.__version__ + ' on Python ' + sys.version.split()[0])"));
            runs.add(run("Python websockets", version, p.url(), cases));
        }
        String node = programs.node();
        try (PeerProcess p = PeerProcess.startServer(List.of(node, "ws_echo.js", "0"), peers, Duration.ofSeconds(30))) {
            String version = PeerProcess.probe(List.of(node, "-e", "console.log(require("
                    + PeerPrograms.quoted(programs.wsPackageJson()) + ").version + ' on Node ' + process.version)"));
            runs.add(run("Node ws", version, p.url(), cases));
        }
        String json = ConformanceReport.json("wsfs conformance suite (chapter 20), " + cases.size() + " cases for servers", runs);
        print(ReferenceResults.parse(json));
        if (o.json() != null) {
            Files.writeString(o.json(), json);
            System.out.println("\nJSON results: " + o.json());
        }

        // The other way round: the fuzzing server against our client and the two reference clients.
        List<ConformanceCase> clientCases = ConformanceSuite.select(o.cases(), Role.CLIENT);
        String count = String.valueOf(clientCases.size());
        List<ConformanceReport.Run> clientRuns = new ArrayList<>();
        clientRuns.add(runClient("wsfs (chapter 16 client)", "Java " + Runtime.version().feature(), clientCases, url -> {
            for (int i = 0; i < clientCases.size(); i++) {
                WebSocketClient.connect(url, new EchoListener()).awaitClosed(Duration.ofSeconds(90));
            }
        }));
        clientRuns.add(runClient("Python websockets client", runs.get(1).version(), clientCases, url ->
                PeerProcess.run(List.of(python, "websockets_echo_client.py", url, count), peers, Duration.ofMinutes(15)).close()));
        clientRuns.add(runClient("Node ws client", runs.get(2).version(), clientCases, url ->
                PeerProcess.run(List.of(node, "ws_echo_client.js", url, count), peers, Duration.ofMinutes(15)).close()));
        String clientJson = ConformanceReport.json("wsfs conformance suite (chapter 20), " + clientCases.size()
                + " cases for clients (fuzzing server)", clientRuns);
        print(ReferenceResults.parse(clientJson));
        if (o.clientJson() != null) {
            Files.writeString(o.clientJson(), clientJson);
            System.out.println("\nJSON results: " + o.clientJson());
        }
    }

    interface ClientDriver {
        void connectAll(String url) throws Exception;
    }

    /** Starts a fuzzing server, lets {@code driver} connect a client once per case, returns the results. */
    static ConformanceReport.Run runClient(String peer, String version, List<ConformanceCase> cases, ClientDriver driver)
            throws Exception {
        System.out.println("Fuzzing server: " + cases.size() + " cases against " + peer + " " + version + " ...");
        try (FuzzingServer server = FuzzingServer.start(0, cases)) {
            driver.connectAll("ws://127.0.0.1:" + server.port() + "/");
            return new ConformanceReport.Run(peer, version, server.awaitAll(Duration.ofSeconds(30)));
        }
    }

    static void print(ReferenceResults side) {
        System.out.println("\n" + side.suite());
        for (ReferenceResults.Run r : side.runs()) {
            System.out.println("== " + r.peer() + " " + r.version());
            r.counts().forEach((category, counts) -> System.out.printf("   %2d %-20s %s%n", category,
                    ConformanceSuite.CATEGORIES.get(category), ReferenceResults.cell(counts)));
        }
        System.out.println("\n== Cases where the verdicts differ:");
        for (String id : side.disagreements()) {
            System.out.println(id);
            for (ReferenceResults.Run r : side.runs()) {
                System.out.printf("   %-32s %-13s %s%n", r.peer(), r.verdicts().get(id), r.observed().get(id));
            }
        }
    }

    static ConformanceReport.Run run(String peer, String version, String url, List<ConformanceCase> cases) {
        System.out.println("Running " + cases.size() + " cases against " + peer + " " + version + " ...");
        return new ConformanceReport.Run(peer, version, new FuzzingClient(URI.create(url)).runAll(cases, null));
    }

    static void list(String[] args) {
        Options o = Options.parse(args, 1);
        List<ConformanceCase> cases = new ArrayList<>(ConformanceSuite.all().stream().filter(c -> c.matches(o.cases())).toList());
        if (cases.isEmpty()) {
            o.select(Role.SERVER); // says that no case matches
        }
        for (ConformanceCase c : cases) {
            String who = c.peers().size() == 2 ? "" : c.peers().contains(Role.SERVER) ? " [servers only]" : " [clients only]";
            System.out.println(c.id() + "  " + c.description() + who);
        }
        for (Map.Entry<Integer, Integer> e : ConformanceSuite.countByCategory(Role.SERVER).entrySet()) {
            System.out.printf("category %2d %-20s %3d cases for servers, %3d for clients%n", e.getKey(),
                    ConformanceSuite.CATEGORIES.get(e.getKey()), e.getValue(),
                    ConformanceSuite.countByCategory(Role.CLIENT).get(e.getKey()));
        }
    }
}
