///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 23_Compression.java
//SOURCES wsfs/io/PemFiles.java
//SOURCES wsfs/io/Certificates.java
//SOURCES wsfs/app/SelfSignedCertificate.java
//SOURCES wsfs/io/TlsSocket.java
//SOURCES wsfs/io/TlsHandshake.java
//SOURCES wsfs/io/TlsConfig.java
//SOURCES wsfs/io/SpkiPin.java
//SOURCES wsfs/view/RecordingRelay.java
//SOURCES wsfs/view/TlsRecords.java
//MAIN Tls

// Chapter 24: wss:// for a server, with the JDK alone (javax.net.ssl, java.security, keytool). The server of
// chapter 14 gets a TLS layer under its HTTP handshake; nothing above it changes: the same upgrade request, the same
// frames, still masked. Chapter 25 gives the client its TLS layer (trust, the name check, one-line refusals); the
// demo here connects with a client made of the JDK's SSLSocket alone.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.security.KeyStore;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import wsfs.app.CommandLine;
import wsfs.io.Certificates;
import wsfs.io.DeflateNegotiation;
import wsfs.io.EchoListener;
import wsfs.io.PemFiles;
import wsfs.view.RecordingRelay;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.ServerHandshake;
import wsfs.io.SpkiPin;
import wsfs.io.TlsConfig;
import wsfs.io.TlsSocket;
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
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Tls::help);
        }
    }

    static void help() {
        System.out.println("""
                24_Tls.java: wss:// for a server, with the JDK only (chapter 24)

                  (no arguments)            demo: a certificate in a temp folder, our echo server behind TLS, a
                                            client of the JDK's SSLSocket over wss://, and what crosses the wire:
                                            TLS records outside, the same frames as ever inside
                  make-cert DIR             a self-signed certificate for localhost and 127.0.0.1 (keytool):
                                            DIR/cert.pem and DIR/key.pem (PKCS#8)
                  serve [--port N] --tls-cert FILE --tls-key FILE [--no-deflate]
                                            the echo server of chapter 14 on wss://127.0.0.1:N/ (default 8443),
                                            accepting permessage-deflate offers as chapter 23's does (--no-deflate:
                                            declines them)
                  (the client for wss:// URLs and the measure mode: 25_TlsClient.java --help)
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
        System.out.println("serve with: 24_Tls.java serve --port 8443 --tls-cert " + made.cert() + " --tls-key " + made.key());
        System.out.println("connect with: 25_TlsClient.java client wss://localhost:8443/ --ca " + made.cert());
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
                        + " 15_Operating.java serve)"));
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
        // Chapter 23's compression composes with TLS: the extension is negotiated inside the encrypted stream.
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
            System.out.println("\n== 2. Our echo server (chapter 14) behind TLS, and a relay in between that keeps a copy of every byte");
            System.out.println("   server: listening on wss://127.0.0.1:<an ephemeral port>/");
            System.out.println("   client: wss://localhost:<the relay's port>/, with the JDK's SSLSocket trusting cert.pem: it"
                    + " checks the signature and that the certificate names localhost (chapter 25: the course's client)");

            ByteArrayOutputStream inside = new ByteArrayOutputStream();
            PrintStream debug = new PrintStream(inside, true, StandardCharsets.UTF_8);
            List<WireTap.Tapped> frames = java.util.Collections.synchronizedList(new ArrayList<>());
            BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
            String url = "wss://localhost:" + relay.port() + "/";
            WebSocketClient.Options options = WebSocketClient.Options.defaults().withDebug(debug).withTap(frames::add)
                    .reproducible(KEY, MaskingKeys.fixed(MASK));
            TlsSocket[] tls = new TlsSocket[1];
            WebSocketClient.SocketLayer layer = jdkClient(made.cert(), tls);
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

            System.out.println("\n== 3. Inside TLS: exactly the bytes of chapter 14 (fixed key and masking key " + MASK + ")");
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
                    the bytes of chapter 14, masked as before (RFC 6455 section 10.3 asks for masking whatever the
                    transport), inside records of type 23 that a proxy cannot read, so it cannot get in the way of
                    the Upgrade either. Try: make-cert DIR, then serve (--help), and
                    25_TlsClient.java client.""");
        }
    }

    /**
     * A client's TLS layer made of the JDK alone, trusting exactly {@code cert} (chapter 25 builds the course's: the
     * JDK's CAs or a --ca file, and a refusal in one line): the SNI name, ALPN http/1.1, and the JDK's name check.
     */
    static WebSocketClient.SocketLayer jdkClient(Path cert, TlsSocket[] opened) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("demo", PemFiles.certificates(cert).get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return (tcp, target, budget) -> {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, target.socketHost(), target.port(), true);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
            p.setServerNames(List.of(new SNIHostName(target.socketHost()))); // SNI, RFC 6455 section 4.1
            p.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(p);
            tcp.setSoTimeout((int) budget.toMillis());
            tls.startHandshake();
            tcp.setSoTimeout(0);
            opened[0] = new TlsSocket(tls, tcp);
            return opened[0];
        };
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
}
