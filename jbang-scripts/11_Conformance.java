///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 10_Interop.java
//SOURCES wsfs/Verdict.java
//SOURCES wsfs/FuzzFrame.java
//SOURCES wsfs/CaseStep.java
//SOURCES wsfs/WireEvent.java
//SOURCES wsfs/CaseExpectation.java
//SOURCES wsfs/Transcript.java
//SOURCES wsfs/ConformanceJudge.java
//SOURCES wsfs/ConformanceCase.java
//SOURCES wsfs/CaseResult.java
//SOURCES wsfs/ConformanceSession.java
//SOURCES wsfs/CaseKit.java
//SOURCES wsfs/Utf8Vectors.java
//SOURCES wsfs/CasesFraming.java
//SOURCES wsfs/CasesFragmentation.java
//SOURCES wsfs/CasesUtf8.java
//SOURCES wsfs/CasesClose.java
//SOURCES wsfs/CasesLimits.java
//SOURCES wsfs/CasesMisc.java
//SOURCES wsfs/ConformanceSuite.java
//SOURCES wsfs/ConformanceReport.java
//SOURCES wsfs/FuzzingClient.java
//SOURCES wsfs/FuzzingServer.java
//MAIN Conformance

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import wsfs.CaseResult;
import wsfs.ConformanceCase;
import wsfs.ConformanceReport;
import wsfs.ConformanceSuite;
import wsfs.FuzzingClient;
import wsfs.FuzzingServer;
import wsfs.Role;
import wsfs.Verdict;

/**
 * Chapter 11: conformance and robustness. A fuzzing client that runs the conformance suite against any
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
            case "--help", "-h", "help" -> help();
            default -> {
                System.err.println("unknown mode: " + args[0]);
                help();
                System.exit(2);
            }
        }
    }

    static void demo() throws Exception {
        throw new UnsupportedOperationException("TODO: demo against our echo server");
    }

    static void help() {
        System.out.println("""
                11_Conformance.java: a conformance suite for RFC 6455, organised like the Autobahn|Testsuite.

                  (no arguments)            demo: our echo server in-process, a few cases with their bytes, the table
                  check URL [options]       run the suite against the server at URL (ws://host:port/path);
                                            exit status 0 only if no case FAILs
                  fuzz-server --port N [options]
                                            a fuzzing server: each client connection gets the next case; prints the
                                            table once every case ran; exit status 0 only if no case FAILs
                  list [--cases F]          list the cases and their descriptions
                  --help                    this text

                options:
                  --cases F                 only the cases matching F: "6.*", "1.*,7.*", "7.9.3" (default: all)
                  --html FILE               also write an HTML report
                  --json FILE               also write the results as JSON (no timings)
                  --peer NAME --peer-version V   name the tested peer in the JSON and HTML
                  --times                   add a milliseconds column to the console table
                """);
    }

    record Options(String cases, Path html, Path json, String peer, String peerVersion, boolean times, int port) {
        static Options parse(String[] args, int from) {
            String cases = "*";
            Path html = null;
            Path json = null;
            String peer = "peer";
            String version = "";
            boolean times = false;
            int port = 9001;
            for (int i = from; i < args.length; i++) {
                switch (args[i]) {
                    case "--cases" -> cases = args[++i];
                    case "--html" -> html = Path.of(args[++i]);
                    case "--json" -> json = Path.of(args[++i]);
                    case "--peer" -> peer = args[++i];
                    case "--peer-version" -> version = args[++i];
                    case "--times" -> times = true;
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(cases, html, json, peer, version, times, port);
        }
    }

    static int check(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: check ws://host:port/path [--cases F] [--html FILE] [--json FILE]");
            return 2;
        }
        URI url = URI.create(args[1]);
        Options o = Options.parse(args, 2);
        List<ConformanceCase> cases = ConformanceSuite.select(o.cases(), Role.SERVER);
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
        List<ConformanceCase> cases = ConformanceSuite.select(o.cases(), Role.CLIENT);
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

    static void list(String[] args) {
        Options o = Options.parse(args, 1);
        List<ConformanceCase> cases = new ArrayList<>(ConformanceSuite.all().stream().filter(c -> c.matches(o.cases())).toList());
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
