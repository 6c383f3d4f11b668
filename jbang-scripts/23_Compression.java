///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 22_Negotiation.java
//SOURCES wsfs/protocol/MessageDeflater.java
//SOURCES wsfs/protocol/MessageInflater.java
//SOURCES wsfs/protocol/DeflateExtension.java
//SOURCES wsfs/io/DeflateNegotiation.java
//SOURCES wsfs/view/CompressedFrames.java
//SOURCES wsfs/conformance/CasesCompression.java
//SOURCES wsfs/conformance/CompressionConformance.java
//MAIN Compression

// Chapter 23: compressed messages, RFC 7692 (permessage-deflate) after chapter 22's negotiation. The data path
// (RSV1 on a message's first frame, DEFLATE with a sync flush and the 00 00 ff ff trick, context takeover), the
// edge that plugs both into the server and the client, the inflated-size limit, the compression categories of
// the conformance runner, and what compression costs.

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.conformance.CasesCompression;
import wsfs.conformance.CompressionConformance;
import wsfs.io.ClientHandshake;
import wsfs.io.DeflateNegotiation;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Connection;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.DeflateExtension;
import wsfs.protocol.ExtensionOffer;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Frame;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.MessageDeflater;
import wsfs.protocol.MessageInflater;
import wsfs.protocol.Opcode;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.Role;
import wsfs.view.CompressedFrames;
import wsfs.view.HexDump;

/** Chapter 23: permessage-deflate (RFC 7692) from chapter 22's agreement to the bytes, and what it costs. */
class Compression {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";   // RFC 6455 section 1.3's sample key: the same bytes every run
    static final String MASK = "37 fa 21 3d";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case "serve" -> serve(rest);
            case "client" -> client(rest);
            case "measure" -> measure(rest);
            case "conformance" -> System.exit(conformance(rest));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Compression::help);
        }
    }

    static void help() {
        System.out.println("""
                23_Compression.java: permessage-deflate (RFC 7692) on the wire, after chapter 22's negotiation.

                  (no arguments)            demo: our server on loopback, the handshake offer and answer, compressed
                                            frames annotated, with and without context takeover, the 1009 guard
                  serve --port N [--no-deflate] [--no-context-takeover]
                                            an echo server that accepts permessage-deflate offers (--no-deflate:
                                            it declines them, as chapters 14-21 do; --no-context-takeover: both
                                            sides reset their compressors per message)
                  client URL [--text T]... [--no-context-takeover]
                                            connect offering permessage-deflate, send each text (default: Hello
                                            twice), print the answer and every frame annotated
                  measure [--csv FILE] [--messages N]
                                            compression ratio and CPU per message for chat text, JSON and random
                                            bytes, with and without context takeover (the notebook's CSV)
                  conformance [URL] [--scale X] [--client COMMAND]
                                            the compression categories 12 and 13: against the server at URL, or
                                            (no URL) against our own server and our own client; exit 0 if no FAIL.
                                            --client: run the client categories against another client, started
                                            once per case as COMMAND followed by the case's URL (it must echo)
                  --help                    this text
                """);
    }

    // ---- the demo -------------------------------------------------------------------------------------------

    static void demo() throws Exception {
        System.out.println("== 1. Context takeover (the default): the offer, the answer, and two \"Hello\"s\n");
        talk(PerMessageDeflate.Options.defaults(), List.of("Hello", "Hello"));
        System.out.println("== 2. No context takeover: each message is compressed from an empty window\n");
        talk(PerMessageDeflate.Options.noContextTakeover(), List.of("Hello", "Hello"));
        System.out.println("== 3. A JSON chat line, sent three times: bytes on the wire per message\n");
        String json = "{\"type\":\"chat\",\"room\":\"lobby\",\"user\":\"ada\",\"text\":\"the meeting moves to 15:00, same room\"}";
        for (PerMessageDeflate.Options o : List.of(PerMessageDeflate.Options.defaults(), PerMessageDeflate.Options.noContextTakeover())) {
            MessageDeflater d = new MessageDeflater(o.clientNoContextTakeover(), -1);
            List<Integer> sizes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sizes.add(d.compress(json.getBytes(StandardCharsets.UTF_8)).length);
            }
            System.out.printf("   %-28s %d bytes of JSON -> %s bytes of DEFLATE%n",
                    o.clientNoContextTakeover() ? "no context takeover:" : "context takeover:", json.length(), sizes);
        }
        System.out.println();
        System.out.println("== 4. The inflated-size limit: a 64 KiB frame that would inflate to 64 MiB, limit 1 MiB\n");
        byte[] bomb = new MessageDeflater().compress(new byte[64 << 20]);
        Connection client = new Connection(Role.CLIENT, Limits.defaults().withMaxMessageSize(1 << 20),
                MaskingKeys.fixed(MASK), new DeflateExtension(Role.CLIENT, DeflateAgreement.defaults()));
        List<Connection.Event> events = client.receive(FrameCodec.encode(new Frame(true, 4, Opcode.BINARY, null, bomb)));
        System.out.println("   frame payload: " + bomb.length + " bytes; inflated in chunks of " + MessageInflater.CHUNK + " bytes");
        Connection.Failure failure = (Connection.Failure) events.get(0);
        System.out.println("   event: Failure " + failure.closeCode().code() + ": " + failure.violation().getMessage());
        System.out.println("   buffered when refused: " + client.bufferedMessageBytes() + " bytes (not 64 MiB)");
        System.out.println("   our Close: " + HexDump.hex(client.dataToSend().get(0)) + "\n");
        System.out.println("== 5. An offer we cannot honour: server_max_window_bits=10 (java.util.zip.Deflater has 15 bits only)\n");
        List<String> log = new ArrayList<>();
        try (WebSocketServer server = deflateServer(0, PerMessageDeflate.Options.defaults(), log::add)) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                ClientHandshake.Result r = new ClientHandshake("127.0.0.1", server.port(), "/", List.of(), java.util.Map.of(), KEY)
                        .perform(s.getInputStream(), s.getOutputStream(), "permessage-deflate; server_max_window_bits=10");
                System.out.print(indent(HexDump.visibleText(r.response().toBytes())));
                System.out.println("   (no Sec-WebSocket-Extensions: declined, the connection works uncompressed)");
            }
            server.shutdown();
        }
        log.stream().filter(l -> l.contains("declined")).forEach(l -> System.out.println("   server log: " + l));
        System.out.println("\nRun `serve --port N`, `client URL`, `measure` or `conformance` (--help).");
    }

    /** Our server on loopback; our sans-I/O client core driven by hand over a socket, so every byte is printed. */
    static void talk(PerMessageDeflate.Options ours, List<String> texts) throws Exception {
        try (WebSocketServer server = deflateServer(0, ours, line -> { });
             Socket socket = new Socket("127.0.0.1", server.port())) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String offer = PerMessageDeflate.offer(ours).toString();
            ClientHandshake.Result r = new ClientHandshake("127.0.0.1", server.port(), "/", List.of(), java.util.Map.of(), KEY)
                    .perform(in, out, offer);
            System.out.println("--> the client's offer (the server's ephemeral port shown as PORT):");
            System.out.print(indent(HexDump.visibleText(r.request().toBytes())).replace(":" + server.port() + "\\r", ":PORT\\r"));
            System.out.println("<-- the server's answer:");
            System.out.print(indent(HexDump.visibleText(r.response().toBytes())));
            DeflateAgreement agreed = PerMessageDeflate.verify(ExtensionOffer.parseAll(r.response().headers()), ours)
                    .orElseThrow();
            Connection client = new Connection(Role.CLIENT, Limits.defaults(), MaskingKeys.fixed(MASK),
                    new DeflateExtension(Role.CLIENT, agreed));
            CompressedFrames sent = new CompressedFrames(agreed.clientNoContextTakeover());
            CompressedFrames received = new CompressedFrames(agreed.serverNoContextTakeover());
            for (String text : texts) {
                client.sendText(text);
                for (byte[] frame : client.dataToSend()) {
                    System.out.println("--> " + text + ": " + sent.describe(frame).stripTrailing().replace("\n", "\n    "));
                    out.write(frame);
                }
                byte[] echo = readUntilEvent(in, client);
                System.out.println("<-- the echo: " + received.describe(echo).stripTrailing().replace("\n", "\n    "));
            }
            client.close();
            client.dataToSend().forEach(b -> write(out, b));
            readUntilEvent(in, client);
            server.shutdown();
        }
        System.out.println();
    }

    /** Reads until the connection reports an event; returns the bytes that made it (a copy, before unmasking). */
    static byte[] readUntilEvent(InputStream in, Connection c) throws IOException {
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (true) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, c.bytesNeeded()));
            if (n < 0) {
                return seen.toByteArray();
            }
            seen.write(buf, 0, n);
            if (!c.receive(buf, 0, n).isEmpty()) {
                return seen.toByteArray();
            }
        }
    }

    static void write(OutputStream out, byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    static WebSocketServer deflateServer(int port, PerMessageDeflate.Options ours, java.util.function.Consumer<String> log)
            throws IOException {
        return WebSocketServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port),
                WebSocketServer.Options.defaults().withLog(log), request -> new EchoListener(),
                DeflateNegotiation.server(ours, log));
    }

    // ---- serve and client -----------------------------------------------------------------------------------

    static void serve(String[] args) throws Exception {
        CommandLine.checkOptions(args, List.of("--deflate", "--no-deflate", "--no-context-takeover"), List.of("--port"));
        int port = CommandLine.portOption(args, 8080);
        boolean deflate = !CommandLine.flag(args, "--no-deflate"); // on unless refused; --deflate says so explicitly
        PerMessageDeflate.Options ours = CommandLine.flag(args, "--no-context-takeover")
                ? PerMessageDeflate.Options.noContextTakeover() : PerMessageDeflate.Options.defaults();
        if (CommandLine.flag(args, "--deflate") && !deflate) {
            CommandLine.usageError("--deflate and --no-deflate contradict each other (see --help)");
        }
        if (!deflate && CommandLine.flag(args, "--no-context-takeover")) {
            CommandLine.usageError("--no-context-takeover needs compression, and --no-deflate turns it off (see --help)");
        }
        WebSocketServer server;
        try {
            server = WebSocketServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port),
                    WebSocketServer.Options.defaults().withLog(System.out::println), request -> new EchoListener(),
                    deflate ? DeflateNegotiation.server(ours, System.out::println) : request -> java.util.Optional.empty());
        } catch (java.net.BindException e) {
            CommandLine.cannotListen(port, e);
            return;
        }
        System.out.println("echo server listening on " + server.url() + (deflate
                ? " with permessage-deflate (" + (ours.serverNoContextTakeover() ? "no " : "") + "context takeover)"
                : " without compression (--no-deflate)"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        server.awaitShutdown();
    }

    static void client(String[] args) throws Exception {
        CommandLine.checkOptions(java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length),
                List.of("--no-context-takeover"), List.of("--text"));
        if (args.length == 0 || args[0].startsWith("--")) {
            CommandLine.usageError("client needs a URL: client ws://127.0.0.1:8080/ (see --help)");
        }
        List<String> texts = CommandLine.options(args, "--text");
        if (texts.isEmpty()) {
            texts = List.of("Hello", "Hello");
        }
        PerMessageDeflate.Options ours = CommandLine.flag(args, "--no-context-takeover")
                ? PerMessageDeflate.Options.noContextTakeover() : PerMessageDeflate.Options.defaults();
        java.util.concurrent.atomic.AtomicReference<DeflateAgreement> agreed = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.BlockingQueue<String> echoes = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch closed = new CountDownLatch(1);
        List<wsfs.view.WireTap.Tapped> wire = java.util.Collections.synchronizedList(new ArrayList<>());
        WebSocketConnection c;
        try {
            c = WebSocketClient.connect(args[0], WebSocketClient.Options.defaults()
                            .withTap(wire::add),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocketConnection conn, String text) {
                            echoes.add(text);
                        }

                        @Override
                        public void onBinary(WebSocketConnection conn, ByteString data) {
                            echoes.add(data.length() + " bytes");
                        }

                        @Override
                        public void onClose(WebSocketConnection conn, CloseEvent event) {
                            closed.countDown();
                        }
                    }, DeflateNegotiation.client(ours, agreed::set));
        } catch (IllegalArgumentException | IOException e) {
            CommandLine.usageError("cannot connect to " + args[0] + ": " + e.getMessage());
            return;
        }
        System.out.println("offered:  " + PerMessageDeflate.offer(ours));
        System.out.println("answered: " + (agreed.get() == null ? "(declined: no compression)" : agreed.get()));
        for (String t : texts) {
            c.sendText(t);
            String echo = echoes.poll(10, TimeUnit.SECONDS);
            System.out.println("sent " + t.length() + " characters, got back: " + echo);
        }
        c.close();
        closed.await(5, TimeUnit.SECONDS);
        // The frames, in the order each side saw them, each direction through its own decompressor.
        DeflateAgreement a = agreed.get() != null ? agreed.get() : DeflateAgreement.defaults();
        CompressedFrames sent = new CompressedFrames(a.clientNoContextTakeover());
        CompressedFrames received = new CompressedFrames(a.serverNoContextTakeover());
        synchronized (wire) {
            for (wsfs.view.WireTap.Tapped t : wire) {
                boolean out = t.direction() == wsfs.view.WireTap.Direction.SENT;
                String text = t.complete() ? (out ? sent : received).describe(t.wire().toByteArray())
                        : t.summary() + " (longer than the tap keeps: " + t.payloadLength() + " payload bytes)\n";
                System.out.print(t.direction().arrow() + " " + text.stripTrailing().replace("\n", "\n     ") + "\n");
            }
        }
    }

    // ---- measure ---------------------------------------------------------------------------------------------

    /** The three payloads of the measurement: what a chat sends, what an API sends, what does not compress. */
    static List<byte[]> payloads(String kind, int n) {
        Random random = new Random(13);
        List<byte[]> out = new ArrayList<>();
        String[] words = "hi ok yes no lunch meeting tomorrow at noon see you later thanks great the build is green again".split(" ");
        for (int i = 0; i < n; i++) {
            String s = switch (kind) {
                case "chat" -> {
                    StringBuilder b = new StringBuilder();
                    for (int w = 0, count = 3 + random.nextInt(10); w < count; w++) {
                        b.append(words[random.nextInt(words.length)]).append(' ');
                    }
                    yield b.toString().strip();
                }
                case "json" -> {
                    StringBuilder b = new StringBuilder("{\"orders\":[");
                    for (int o = 0; o < 8; o++) {
                        b.append(o == 0 ? "" : ",").append("{\"id\":").append(100000 + random.nextInt(900000))
                                .append(",\"status\":\"").append(random.nextBoolean() ? "shipped" : "pending")
                                .append("\",\"price\":").append(random.nextInt(10000) / 100.0)
                                .append(",\"currency\":\"EUR\",\"customer\":{\"name\":\"customer ")
                                .append(random.nextInt(50)).append("\",\"country\":\"DE\"}}");
                    }
                    yield b.append("]}").toString();
                }
                default -> null;
            };
            if (s == null) {
                byte[] b = new byte[1024];
                random.nextBytes(b);
                out.add(b);
            } else {
                out.add(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    record Measured(String payload, boolean takeover, int messages, double meanBytes, double meanWire,
                    double ratio, double deflateMicros, double inflateMicros) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%d,%.1f,%.1f,%.4f,%.2f,%.2f", payload,
                    takeover ? "takeover" : "no_takeover", messages, meanBytes, meanWire, ratio, deflateMicros, inflateMicros);
        }
    }

    static Measured measureOne(String kind, boolean takeover, int n) throws Exception {
        List<byte[]> messages = payloads(kind, n);
        long raw = 0;
        long wire = 0;
        for (int round = 0; round < 2; round++) {          // round 0 warms the JIT up; round 1 is timed
            MessageDeflater deflater = new MessageDeflater(!takeover, -1);
            MessageInflater inflater = new MessageInflater(!takeover);
            List<byte[]> compressed = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (byte[] m : messages) {
                compressed.add(deflater.compress(m));
            }
            long t1 = System.nanoTime();
            long[] inflated = {0};
            for (byte[] c : compressed) {
                inflater.feed(c, 0, c.length, (d, o, l) -> inflated[0] += l);
                inflater.finish((d, o, l) -> inflated[0] += l);
            }
            long t2 = System.nanoTime();
            if (round == 1) {
                raw = messages.stream().mapToLong(m -> m.length).sum();
                wire = compressed.stream().mapToLong(c -> c.length).sum();
                if (inflated[0] != raw) {
                    throw new IllegalStateException("inflated " + inflated[0] + " bytes, expected " + raw);
                }
                return new Measured(kind, takeover, n, raw / (double) n, wire / (double) n, wire / (double) raw,
                        (t1 - t0) / 1000.0 / n, (t2 - t1) / 1000.0 / n);
            }
        }
        throw new AssertionError();
    }

    static void measure(String[] args) throws Exception {
        CommandLine.checkOptions(args, List.of(), List.of("--csv", "--messages"));
        int n = (int) CommandLine.numberOption(args, "--messages", 2000, 10, 100000);
        List<String> lines = new ArrayList<>();
        lines.add("payload,context,messages,mean_bytes,mean_wire_bytes,ratio,deflate_us_per_msg,inflate_us_per_msg");
        System.out.printf("%-8s %-12s %10s %10s %7s %12s %12s%n", "payload", "context", "bytes/msg", "wire/msg", "ratio",
                "deflate us", "inflate us");
        for (String kind : List.of("chat", "json", "random")) {
            for (boolean takeover : List.of(true, false)) {
                Measured m = measureOne(kind, takeover, n);
                lines.add(m.csv());
                System.out.printf(Locale.ROOT, "%-8s %-12s %10.1f %10.1f %7.3f %12.2f %12.2f%n", kind,
                        takeover ? "takeover" : "no takeover", m.meanBytes(), m.meanWire(), m.ratio(),
                        m.deflateMicros(), m.inflateMicros());
            }
        }
        System.out.println("(a frame header adds 2-14 bytes to every message, compressed or not; ratio = wire / raw)");
        java.util.Optional<String> csv = CommandLine.option(args, "--csv");
        if (csv.isPresent()) {
            Path path = Path.of(csv.get());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path))) {
                lines.forEach(w::println);
            } catch (IOException e) {
                CommandLine.usageError("cannot write " + path + ": " + e.getMessage());
            }
            System.out.println("wrote " + path);
        }
    }

    // ---- conformance -----------------------------------------------------------------------------------------

    static int conformance(String[] args) throws Exception {
        String url = args.length > 0 && !args[0].startsWith("--") ? args[0] : null;
        CommandLine.checkOptions(url == null ? args : java.util.Arrays.copyOfRange(args, 1, args.length),
                List.of(), List.of("--scale", "--client"));
        double scale = CommandLine.option(args, "--scale").map(Compression::scale).orElse(1.0);
        List<CompressionConformance.Outcome> results = new ArrayList<>();
        java.util.Optional<String> command = CommandLine.option(args, "--client");
        if (url != null) {
            results.addAll(report("the server at " + url,
                    CompressionConformance.againstServer(url, CasesCompression.forPeer(Role.SERVER), scale)));
        } else if (command.isEmpty()) {
            try (WebSocketServer server = WebSocketServer.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                    WebSocketServer.Options.defaults().withLimits(Limits.defaults().withMaxMessageSize(16L << 20)),
                    request -> new EchoListener(), DeflateNegotiation.server(PerMessageDeflate.Options.defaults(), line -> { }))) {
                results.addAll(report("our server", CompressionConformance.againstServer(server.url(),
                        CasesCompression.forPeer(Role.SERVER), scale)));
                server.shutdown();
            }
            results.addAll(report("our client", CompressionConformance.againstClient(CasesCompression.forPeer(Role.CLIENT),
                    scale, CompressionConformance.ourClient())));
        }
        if (command.isPresent()) {
            List<Process> started = java.util.Collections.synchronizedList(new ArrayList<>());
            CompressionConformance.PeerClient peer = target -> {
                List<String> line = new ArrayList<>(List.of(command.get().trim().split("\\s+")));
                line.add(target);
                started.add(new ProcessBuilder(line).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            };
            results.addAll(report("the client `" + command.get() + "`", CompressionConformance.againstClient(
                    CasesCompression.forPeer(Role.CLIENT), scale, peer)));
            for (Process p : started) {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        return results.stream().anyMatch(o -> o.verdict() == wsfs.conformance.Verdict.FAIL) ? 1 : 0;
    }

    static double scale(String text) {
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && v <= 10) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        CommandLine.usageError("--scale must be a number above 0 and at most 10, not " + text);
        return 1;
    }

    static List<CompressionConformance.Outcome> report(String who, List<CompressionConformance.Outcome> outcomes) {
        System.out.println("== Categories 12 and 13 against " + who + ":");
        String group = "";
        for (CompressionConformance.Outcome o : outcomes) {
            String g = o.id().substring(0, o.id().lastIndexOf('.'));
            if (!g.equals(group) || o.verdict() != wsfs.conformance.Verdict.PASS) {
                System.out.println("   " + o.line());
                group = g;
            }
        }
        System.out.println("   " + CompressionConformance.summary(outcomes) + " (one line shown per group, and every case not PASS)\n");
        return outcomes;
    }
}
