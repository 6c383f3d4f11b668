///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 19_Compression.java
//SOURCES wsfs/io/PemFiles.java
//SOURCES wsfs/io/Certificates.java
//SOURCES wsfs/app/SelfSignedCertificate.java
//SOURCES wsfs/io/TlsSocket.java
//SOURCES wsfs/io/TlsHandshake.java
//SOURCES wsfs/io/TlsConfig.java
//SOURCES wsfs/io/TlsTrust.java
//SOURCES wsfs/io/RecordingTrustManager.java
//SOURCES wsfs/io/TlsFailed.java
//SOURCES wsfs/io/TlsClientLayer.java
//SOURCES wsfs/io/SpkiPin.java
//SOURCES wsfs/io/TlsClient.java
//SOURCES wsfs/view/RecordingRelay.java
//SOURCES wsfs/view/TlsRecords.java
//MAIN Tls

// Chapter 20: wss://, WebSocket over TLS, with the JDK alone (javax.net.ssl, java.security, keytool). The server
// of chapter 10 gets a TLS layer under its HTTP handshake, the client a TLS layer under its own; nothing above
// them changes: the same upgrade request, the same frames, still masked.

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import wsfs.app.CommandLine;
import wsfs.io.Certificates;
import wsfs.io.DeflateNegotiation;
import wsfs.io.EchoListener;
import wsfs.io.PemFiles;
import wsfs.view.RecordingRelay;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.ServerHandshake;
import wsfs.io.SpkiPin;
import wsfs.io.TlsClient;
import wsfs.io.TlsClientLayer;
import wsfs.io.TlsConfig;
import wsfs.io.TlsSocket;
import wsfs.io.TlsTrust;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.io.WsUrl;
import wsfs.protocol.CloseCode;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.PerMessageDeflate;
import wsfs.view.HexDump;
import wsfs.view.TlsRecords;
import wsfs.view.WireTap;

class Tls {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "make-cert" -> makeCert(args);
            case "serve" -> serve(CommandLine.rest(args));
            case "client" -> client(args);
            case "measure" -> measure(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Tls::help);
        }
    }

    static void help() {
        System.out.println("""
                20_Tls.java: wss://, WebSocket over TLS, with the JDK only (chapter 20)

                  (no arguments)            demo: a certificate in a temp folder, our echo server behind TLS, our
                                            client over wss://, and what crosses the wire: TLS records outside,
                                            the same frames as ever inside
                  make-cert DIR             a self-signed certificate for localhost and 127.0.0.1 (keytool):
                                            DIR/cert.pem and DIR/key.pem (PKCS#8)
                  serve [--port N] --tls-cert FILE --tls-key FILE [--no-deflate]
                                            the echo server of chapter 10 on wss://127.0.0.1:N/ (default 8443),
                                            accepting permessage-deflate offers as chapter 19's does (--no-deflate:
                                            declines them)
                  client URL [--ca FILE]    connect to a wss:// (or ws://) URL, send each line of standard input,
                                            print what comes back; the certificate is checked against the JDK's
                                            trust store, or only against the certificates in FILE
                  measure [--csv FILE]      a short comparison of ws:// and wss:// on loopback: connection setup
                                            and echo round trips (small and 64 KiB messages)
                  --help                    this text
                """);
    }

    // ---- make-cert --------------------------------------------------------------------------------------

    static void makeCert(String[] args) throws Exception {
        if (args.length < 2 || args[1].startsWith("-")) {
            throw CommandLine.usageError("make-cert needs a folder: make-cert DIR");
        }
        CommandLine.checkOptions(args, 2, List.of(), List.of());
        Path dir = Path.of(args[1]);
        SelfSignedCertificate.Made made;
        try {
            made = SelfSignedCertificate.make(dir);
        } catch (IOException e) {
            throw CommandLine.usageError("cannot make the certificate in " + dir + ": " + e.getMessage());
        }
        System.out.println("wrote " + made.cert() + " (the certificate: " + made.certificate().getSubjectX500Principal().getName()
                + ", " + Certificates.names(made.certificate()) + ", valid until "
                + made.certificate().getNotAfter().toInstant() + ")");
        System.out.println("wrote " + made.key() + " (its private key, PKCS#8; keep it to yourself)");
        System.out.println("serve with: 20_Tls.java serve --port 8443 --tls-cert " + made.cert() + " --tls-key " + made.key());
        System.out.println("connect with: 20_Tls.java client wss://localhost:8443/ --ca " + made.cert());
        System.out.println("Chromium pin: --ignore-certificate-errors-spki-list=" + SpkiPin.sha256(made.certificate()));
    }

    // ---- serve ------------------------------------------------------------------------------------------

    static void serve(String[] args) throws Exception {
        if (CommandLine.flag(args, "--help")) {
            help();
            return;
        }
        CommandLine.checkOptions(args, 0, List.of("--no-deflate"), List.of("--port", "--tls-cert", "--tls-key", "--max-connections"));
        int port = CommandLine.portOption(args, 8443);
        Path cert = CommandLine.option(args, "--tls-cert").map(Path::of).orElseThrow(() -> CommandLine.usageError(
                "serve needs --tls-cert FILE and --tls-key FILE (make them with make-cert DIR; for plain ws:// use"
                        + " 11_Operating.java serve)"));
        Path key = CommandLine.option(args, "--tls-key").map(Path::of).orElseThrow(() -> CommandLine.usageError(
                "serve needs --tls-key FILE, the private key of " + cert));
        SSLContext context;
        try {
            context = TlsConfig.server(cert, key);
        } catch (PemFiles.BadFile e) {
            throw CommandLine.usageError(e.getMessage());
        }
        WebSocketServer.Options options = Operating.echoOptions()
                .withMaxConnections((int) CommandLine.numberOption(args, "--max-connections", 10_000, 1, 1_000_000));
        // Chapter 19's compression composes with TLS: the extension is negotiated inside the encrypted stream.
        WebSocketServer.Extensions extensions = CommandLine.flag(args, "--no-deflate")
                ? request -> java.util.Optional.empty()
                : DeflateNegotiation.server(PerMessageDeflate.Options.defaults(), options.log());
        WebSocketServer server;
        try {
            server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), options,
                    request -> new EchoListener(), TlsConfig.serverLayer(context), extensions);
        } catch (BindException e) {
            CommandLine.cannotListen(port, e);
            return;
        }
        Operating.runUntilStopped(server);
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

    /** The fixed keys of the demo, so that every run puts the same plaintext inside TLS. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String MASK = "37 fa 21 3d";

    static void demo() throws Exception {
        Path dir = Files.createTempDirectory("wsfs-tls-demo-");
        try {
            demoIn(dir);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    static void demoIn(Path dir) throws Exception {
        System.out.println("== 1. A certificate for localhost and 127.0.0.1 (what make-cert DIR does)");
        System.out.println("   keytool -genkeypair -keyalg EC -groupname secp256r1 -dname CN=localhost"
                + " -ext SAN=dns:localhost,ip:127.0.0.1 -ext EKU=serverAuth -validity 365 ...");
        SelfSignedCertificate.Made made = SelfSignedCertificate.make(dir);
        System.out.println("   cert.pem: " + made.certificate().getSubjectX500Principal().getName() + ", "
                + made.certificate().getPublicKey().getAlgorithm() + " key, names " + Certificates.names(made.certificate())
                + ", issued by itself: " + made.certificate().getIssuerX500Principal().equals(made.certificate().getSubjectX500Principal()));
        System.out.println("   key.pem:  " + Files.readAllLines(made.key()).get(0) + " (PKCS#8)");

        SSLContext context = TlsConfig.server(made.cert(), made.key());
        List<String> serverLog = new ArrayList<>();
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Operating.echoOptions().withLog(serverLog::add), request -> new EchoListener(),
                TlsConfig.serverLayer(context));
             RecordingRelay relay = RecordingRelay.start(server.port())) {
            System.out.println("\n== 2. Our echo server (chapter 10) behind TLS, and a relay in between that keeps a copy of every byte");
            System.out.println("   server: listening on wss://127.0.0.1:<an ephemeral port>/");
            System.out.println("   client: wss://localhost:<the relay's port>/, trusting cert.pem (--ca): it checks the"
                    + " signature and that the certificate names localhost");

            ByteArrayOutputStream inside = new ByteArrayOutputStream();
            PrintStream debug = new PrintStream(inside, true, StandardCharsets.UTF_8);
            List<WireTap.Tapped> frames = java.util.Collections.synchronizedList(new ArrayList<>());
            BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
            String url = "wss://localhost:" + relay.port() + "/";
            WebSocketClient.Options options = WebSocketClient.Options.defaults().withDebug(debug).withTap(frames::add)
                    .reproducible(KEY, MaskingKeys.fixed(MASK));
            TlsTrust trust = TlsTrust.of(made.cert());
            TlsSocket[] tls = new TlsSocket[1];
            WebSocketClient.SocketLayer layer = (tcp, target, budget) -> {
                Socket s = TlsClientLayer.of(trust).wrap(tcp, target, budget);
                tls[0] = (TlsSocket) s;
                return s;
            };
            WebSocketConnection c = WebSocketClient.connect(WsUrl.parse(url), options, new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection c, String text) {
                    echoes.add(text);
                }
            }, layer);
            var session = tls[0].tls().getSession();
            System.out.println("   TLS: " + session.getProtocol() + ", " + session.getCipherSuite() + ", ALPN "
                    + tls[0].tls().getApplicationProtocol() + ", server name (SNI) localhost");
            c.sendText("Hello over TLS");
            String echo = echoes.poll(10, TimeUnit.SECONDS);
            c.close(CloseCode.NORMAL_CLOSURE, "done");
            c.awaitClosed(Duration.ofSeconds(10));
            relay.awaitDone(Duration.ofSeconds(10));

            System.out.println("\n== 3. Inside TLS: exactly the bytes of chapter 10 (fixed key and masking key " + MASK + ")");
            System.out.println("   the echo came back: " + "Hello over TLS".equals(echo));
            System.out.print(indent(inside.toString(StandardCharsets.UTF_8)
                    .replace("localhost:" + relay.port(), "localhost:<the relay's port>")));

            HttpBytes http = HttpBytes.of(url);
            System.out.println("\n== 4. On the wire: TLS records (RFC 8446 section 5.1: type, legacy version, length)");
            System.out.println("   client -> server");
            List<Integer> clientPlain = new ArrayList<>(List.of(http.request()));
            List<String> clientWhat = new ArrayList<>(List.of("the HTTP upgrade request"));
            List<Integer> serverPlain = new ArrayList<>(List.of(http.response()));
            List<String> serverWhat = new ArrayList<>(List.of("the 101 Switching Protocols response"));
            synchronized (frames) {
                for (WireTap.Tapped f : frames) {
                    int size = (int) (f.headerLength() + f.payloadLength());
                    String what = "a " + wsfs.view.FrameDescriber.opcodeName(f.opcode()) + " frame";
                    if (f.direction() == WireTap.Direction.SENT) {
                        clientPlain.add(size);
                        clientWhat.add(what);
                    } else {
                        serverPlain.add(size);
                        serverWhat.add(what);
                    }
                }
            }
            printRecords(relay.clientBytes(), clientPlain, clientWhat, "the client's Finished");
            System.out.println("   server -> client");
            printRecords(relay.serverBytes(), serverPlain, serverWhat,
                    "EncryptedExtensions, Certificate, CertificateVerify, Finished, NewSessionTicket");
            System.out.println("   (each encrypted record is " + TlsRecords.JDK_TLS13_OVERHEAD + " bytes longer than what it"
                    + " carries: 1 byte of inner type, 16 of padding the JDK adds, 16 of authentication tag)");

            byte[] wire = concat(relay.clientBytes(), relay.serverBytes());
            System.out.println("\n== 5. What an observer of the wire can read");
            System.out.println("   \"localhost\" (the SNI in the ClientHello, in clear): " + contains(relay.clientBytes(), "localhost"));
            System.out.println("   \"GET / HTTP/1.1\" (the upgrade request):              " + contains(wire, "GET / HTTP/1.1"));
            System.out.println("   \"Upgrade: websocket\":                                " + contains(wire, "Upgrade: websocket"));
            System.out.println("   the masked frame 81 8e 37 fa 21 3d ...:              " + contains(wire, HexDump.parse("81 8e 37 fa 21 3d")));
            System.out.println("""

                    What to take away: TLS wraps the connection, not the frames. The handshake and every frame are
                    the bytes of chapter 10, masked as before (RFC 6455 section 10.3 asks for masking whatever the
                    transport), inside records of type 23 that a proxy cannot read, so it cannot get in the way of
                    the Upgrade either. Try: make-cert DIR, then serve and client (--help).""");
        }
    }

    /** The sizes of the upgrade request our client sends and of the 101 our server answers (the same code, in memory). */
    record HttpBytes(int request, int response) {
        static HttpBytes of(String url) throws Exception {
            WsUrl target = WsUrl.parse(url);
            var request = new wsfs.io.ClientHandshake(target.host(), target.port(), target.resourceName(), List.of(),
                    Map.of(), KEY).request();
            var accepted = ServerHandshake.negotiate(request, HandshakePolicy.defaults());
            return new HttpBytes(request.toBytes().length, accepted.response().toBytes().length);
        }
    }

    static void printRecords(byte[] stream, List<Integer> plaintexts, List<String> names, String hidden) {
        System.out.print(TlsRecords.annotate(stream, plaintexts, names, hidden));
    }

    static String indent(String text) {
        return text.lines().map(l -> "   " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    static boolean contains(byte[] haystack, String needle) {
        return contains(haystack, needle.getBytes(StandardCharsets.US_ASCII));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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
