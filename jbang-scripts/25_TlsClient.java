///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 24_Tls.java
//SOURCES wsfs/io/TlsTrust.java
//SOURCES wsfs/io/RecordingTrustManager.java
//SOURCES wsfs/io/TlsFailed.java
//SOURCES wsfs/io/TlsClientLayer.java
//SOURCES wsfs/io/TlsClient.java
//MAIN TlsClientDemo

// Chapter 25: wss:// for a client, with the JDK alone. Chapter 16's client gets a TLS layer between its TCP socket and
// its opening handshake: SNI, ALPN, the JDK's CAs or a --ca file, the name check of https, and a refusal in one line.
// Nothing inside changes: the same upgrade request, the same frames, still masked (RFC 6455 section 10.3).

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import wsfs.app.CommandLine;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.EchoListener;
import wsfs.io.TlsClient;
import wsfs.io.TlsConfig;
import wsfs.io.TlsTrust;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.io.WsUrl;
import wsfs.protocol.CloseCode;
import wsfs.view.RecordingRelay;
import wsfs.view.TlsRecords;

class TlsClientDemo {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "client" -> client(args);
            case "measure" -> measure(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], TlsClientDemo::help);
        }
    }

    static void help() {
        System.out.println("""
                25_TlsClient.java: wss:// for a client, with the JDK only (chapter 25)

                  (no arguments)            demo: chapter 24's TLS echo server; our client trusting its certificate
                                            (an echo), then the client's refusals, each one line: a certificate
                                            that does not name the host, one nobody trusted signed, a plain ws://
                                            server; and the refused handshake's TLS records on the wire
                  client URL [--ca FILE]    connect to a wss:// (or ws://) URL, send each line of standard input,
                                            print what comes back; the certificate is checked against the JDK's
                                            trust store, or only against the certificates in FILE
                  measure [--csv FILE]      a short comparison of ws:// and wss:// on loopback: connection setup
                                            and echo round trips (small and 64 KiB messages)
                  --help                    this text
                  (make-cert and serve: 24_Tls.java --help)
                """);
    }

    // ---- client -----------------------------------------------------------------------------------------

    static void client(String[] args) throws Exception {
        if (args.length < 2 || args[1].startsWith("-")) {
            throw CommandLine.usageError("client needs a URL: client wss://localhost:8443/ [--ca FILE]");
        }
        CommandLine.checkOptions(args, 2, List.of(), List.of("--ca"));
        String url = args[1];
        Path ca = CommandLine.option(args, "--ca").map(Path::of).orElse(null);
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        WebSocketConnection c;
        try {
            WsUrl.parse(url);
            c = TlsClient.connect(url, WebSocketClient.Options.defaults(), new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection c, String text) {
                    inbox.add(text);
                }

                @Override
                public void onClose(WebSocketConnection c, wsfs.protocol.CloseEvent event) {
                    inbox.add(event);
                }
            }, TlsTrust.of(ca));
        } catch (IllegalArgumentException | IOException e) {
            throw CommandLine.usageError("cannot connect to " + url + ": " + e.getMessage());
        }
        System.err.println("connected to " + url + "; type lines to send them, end with Ctrl-D");
        Thread printer = Thread.ofVirtual().start(() -> {
            try {
                for (Object next; (next = inbox.take()) instanceof String text; ) {
                    System.out.println(text);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int sent = 0;
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = stdin.readLine()) != null && printer.isAlive(); ) {
                c.sendText(line);
                sent++;
            }
        }
        c.close(CloseCode.NORMAL_CLOSURE, "");
        c.awaitClosed(Duration.ofSeconds(10));
        printer.join(TimeUnit.SECONDS.toMillis(10));
    }

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        Path dir = Files.createTempDirectory("wsfs-tls-client-demo-");
        SelfSignedCertificate.Made made = SelfSignedCertificate.make(dir);
        try {
            demoWith(made);
        } finally {
            for (Path p : List.of(made.cert(), made.key(), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    static WebSocketServer tlsServer(String address, SSLContext context) throws IOException {
        return WebSocketServer.start(new InetSocketAddress(address, 0), Operating.echoOptions().withLog(line -> { }),
                request -> new EchoListener(), TlsConfig.serverLayer(context));
    }

    /** What the client did: the echo it got, or the one line it refused with. */
    static String attempt(String url, TlsTrust trust) {
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        try {
            WebSocketConnection c = TlsClient.connect(url, WebSocketClient.Options.defaults(), new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection c, String text) {
                    echoes.add(text);
                }
            }, trust);
            c.sendText("Hello over TLS");
            String echo = echoes.poll(10, TimeUnit.SECONDS);
            c.close(CloseCode.NORMAL_CLOSURE, "");
            c.awaitClosed(Duration.ofSeconds(10));
            return "echo \"" + echo + "\"";
        } catch (Exception e) {
            return "refused (" + e.getClass().getSimpleName() + "): " + e.getMessage();
        }
    }

    static void demoWith(SelfSignedCertificate.Made made) throws Exception {
        SSLContext context = TlsConfig.server(made.cert(), made.key());
        TlsTrust trustingTheFile = TlsTrust.of(made.cert());
        TlsTrust trustingTheJdk = TlsTrust.of(null);
        try (WebSocketServer here = tlsServer("127.0.0.1", context);
             WebSocketServer elsewhere = tlsServer("127.0.0.2", context);
             // A plain server reads the ClientHello as a broken HTTP head and answers in plain HTTP (408 after 1 s).
             WebSocketServer plain = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                     .withHandshakeTimeout(Duration.ofSeconds(1)).withLog(line -> { }), new EchoListener())) {
            System.out.println("== 1. Chapter 24's echo server behind TLS, with a certificate for localhost and 127.0.0.1");
            System.out.println("   the same server and certificate at 127.0.0.2 (a loopback address it does not name),"
                    + " and a plain ws:// echo server");

            System.out.println("\n== 2. Our client: SNI, ALPN http/1.1, the chain, the name (TlsClientLayer)");
            String good = "wss://localhost:" + here.port() + "/";
            System.out.println("   trusting cert.pem (--ca), wss://localhost:<port>/  -> " + attempt(good, trustingTheFile));

            System.out.println("\n== 3. What it refuses, each in one line (TlsFailed), before any WebSocket exists");
            String[][] cases = {
                    {"wss://127.0.0.2:" + elsewhere.port() + "/", "the certificate does not name 127.0.0.2"},
                    {good, "only the JDK's CAs trusted, none signed cert.pem"},
                    {"wss://127.0.0.1:" + plain.port() + "/", "a plain ws:// server on that port"}};
            for (int i = 0; i < cases.length; i++) {
                TlsTrust trust = i == 1 ? trustingTheJdk : trustingTheFile;
                String seen = attempt(cases[i][0], trust).replace(":" + elsewhere.port(), ":<port>")
                        .replace(":" + here.port(), ":<port>").replace(":" + plain.port(), ":<port>");
                System.out.println("   " + cases[i][1] + ":\n     " + seen);
            }

            System.out.println("\n== 4. On the wire: the refused handshake (the JDK's CAs only), through a relay that keeps"
                    + " a copy of every byte");
            try (RecordingRelay relay = RecordingRelay.start(here.port())) {
                attempt("wss://localhost:" + relay.port() + "/", trustingTheJdk);
                relay.awaitDone(Duration.ofSeconds(10));
                System.out.println("   client -> server");
                printRecords(relay.clientBytes());
                System.out.println("   server -> client");
                printRecords(relay.serverBytes());
            }
            System.out.println("""

                    What to take away: the client checks two things TLS can prove, that a trusted CA signed the
                    certificate and that the certificate names the URL's host (RFC 9110 section 4.3.4), and refuses in
                    one line. After the ServerHello every record is type 23, so the client's alert is encrypted too:
                    an observer sees a handshake that stops, and no upgrade request. Try: client wss://... --ca FILE
                    against 24_Tls.java serve, and measure (--help).""");
        }
    }

    /** One line per TLS record: its 5-byte header and what it is (RFC 8446 section 5.1). */
    static void printRecords(byte[] stream) {
        for (TlsRecords.Record r : TlsRecords.parse(stream)) {
            String what = switch (r.type()) {
                case 22 -> "handshake, in clear: " + r.handshakeName();
                case 20 -> "change_cipher_spec (no meaning in TLS 1.3: it calms middleboxes)";
                case 23 -> "application_data, " + r.length() + " bytes, encrypted (the rest of the TLS handshake, or an alert)";
                default -> r.typeName();
            };
            System.out.println("     " + r.headerHex() + "  " + what);
        }
    }

    // ---- measure ----------------------------------------------------------------------------------------

    static void measure(String[] args) throws Exception {
        CommandLine.checkOptions(args, 0, List.of(), List.of("--csv"));
        Path csv = CommandLine.option(args, "--csv").map(Path::of).orElse(null);
        Path dir = Files.createTempDirectory("wsfs-tls-measure-");
        SelfSignedCertificate.Made made = SelfSignedCertificate.make(dir);
        SSLContext context = TlsConfig.server(made.cert(), made.key());
        TlsTrust trust = TlsTrust.of(made.cert());
        StringBuilder rows = new StringBuilder("transport,measure,count,median_us,p90_us\n");
        WebSocketServer.Options quiet = Operating.echoOptions().withLog(line -> { });
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (WebSocketServer plain = WebSocketServer.start(loopback, quiet, r -> new EchoListener(), (WebSocketServer.SocketLayer) null);
             WebSocketServer secure = WebSocketServer.start(loopback, quiet, r -> new EchoListener(),
                     TlsConfig.serverLayer(context))) {
            for (WebSocketServer server : List.of(plain, secure)) {
                String transport = server.url().startsWith("wss") ? "wss" : "ws";
                measureOne(server.url(), transport, trust, rows);
            }
        } finally {
            Files.deleteIfExists(made.cert());
            Files.deleteIfExists(made.key());
            Files.deleteIfExists(dir);
        }
        System.out.print(rows);
        if (csv != null) {
            Files.writeString(csv, rows);
            System.out.println("wrote " + csv);
        }
    }

    static void measureOne(String url, String transport, TlsTrust trust, StringBuilder rows) throws Exception {
        // Connection setup: TCP connect + (TLS handshake) + HTTP upgrade, then a clean close.
        List<Long> setup = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long t0 = System.nanoTime();
            WebSocketConnection c = TlsClient.connect(url, WebSocketClient.Options.defaults(), new WebSocketListener() { }, trust);
            setup.add(System.nanoTime() - t0);
            c.close(CloseCode.NORMAL_CLOSURE, "");
            c.awaitClosed(Duration.ofSeconds(5));
        }
        row(rows, transport, "connect+handshake", setup.subList(10, setup.size()));
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        WebSocketConnection c = TlsClient.connect(url, WebSocketClient.Options.defaults(), new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                echoes.add(text);
            }
        }, trust);
        for (int size : new int[] {32, 65536}) {
            String message = "x".repeat(size);
            List<Long> rtt = new ArrayList<>();
            int n = size == 32 ? 2000 : 300;
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                c.sendText(message);
                if (echoes.poll(10, TimeUnit.SECONDS) == null) {
                    throw new IOException("no echo within 10 s");
                }
                rtt.add(System.nanoTime() - t0);
            }
            row(rows, transport, "echo " + size + " B", rtt.subList(n / 10, n));
        }
        c.close(CloseCode.NORMAL_CLOSURE, "");
        c.awaitClosed(Duration.ofSeconds(5));
    }

    static void row(StringBuilder rows, String transport, String measure, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        rows.append("%s,%s,%d,%d,%d%n".formatted(transport, measure, sorted.size(), sorted.get(sorted.size() / 2) / 1000,
                sorted.get(sorted.size() * 9 / 10) / 1000));
    }
}
