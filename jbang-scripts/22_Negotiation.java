///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 21_Performance.java
//SOURCES wsfs/protocol/ExtensionOffer.java
//SOURCES wsfs/protocol/DeflateAgreement.java
//SOURCES wsfs/protocol/PerMessageDeflate.java
//MAIN Negotiation

// Chapter 22: negotiating an extension, RFC 6455 section 9.1 and RFC 7692 section 7 (permessage-deflate). The
// grammar of Sec-WebSocket-Extensions, the server's choice among the client's offers, the client's check of the
// answer, and why an answer without the data path behind it breaks the connection (chapter 23 adds that path).

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import wsfs.app.CommandLine;
import wsfs.io.ClientHandshake;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.io.WsUrl;
import wsfs.protocol.Connection;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.ExtensionOffer;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.PerMessageDeflate;
import wsfs.protocol.Role;
import wsfs.view.FrameDescriber;
import wsfs.view.HexDump;

/** Chapter 22: the permessage-deflate negotiation (RFC 7692 section 7), offer by offer, without compressing yet. */
class Negotiation {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";   // RFC 6455 section 1.3's sample key: the same bytes every run
    static final String MASK = "37 fa 21 3d";
    static final String CHROME = "permessage-deflate; client_max_window_bits";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        String[] rest = CommandLine.rest(args);
        switch (args[0]) {
            case "accept" -> accept(rest);
            case "probe" -> probe(rest);
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Negotiation::help);
        }
    }

    static void help() {
        System.out.println("""
                22_Negotiation.java: the permessage-deflate negotiation (RFC 7692 section 7) on top of chapters 01-14.

                  (no arguments)            demo: the header's grammar, the server's choice among offers, the
                                            client's check of answers, one handshake on loopback annotated, and
                                            what an answer without a data path does to the first compressed frame
                  accept "OFFER" [--no-context-takeover]
                                            what our server answers to a Sec-WebSocket-Extensions value: each
                                            element parsed, each declined offer with its rule, the answer
                  probe URL [--offer "OFFER"]
                                            offer permessage-deflate (default: Chrome's offer) to a server, print
                                            its answer and whether our client accepts it as an answer to that
                                            offer, then close cleanly
                  --help                    this text
                (Compressed messages, and a server and client that use them: 23_Compression.java.)
                """);
    }

    // ---- the demo -------------------------------------------------------------------------------------------

    static void demo() throws Exception {
        System.out.println("== 1. The grammar (RFC 6455 section 9.1): a list of offers, each a name and parameters\n");
        for (String value : List.of(CHROME, "permessage-deflate; client_max_window_bits=\"10\", permessage-deflate",
                "permessage-deflate; client_max_window_bits=\"1 0\"", "permessage-deflate; =15")) {
            System.out.println("   " + value);
            try {
                for (ExtensionOffer offer : ExtensionOffer.parse(value)) {
                    System.out.println("     offer " + offer.name() + " " + offer.parameters());
                }
            } catch (ExtensionOffer.Malformed malformed) {
                System.out.println("     malformed: " + malformed.getMessage());
            }
        }
        System.out.println("\n== 2. The server's choice (RFC 7692 section 7): the first offer it can honour\n");
        for (String value : List.of(CHROME, "permessage-deflate; server_max_window_bits=10, permessage-deflate; client_no_context_takeover",
                "permessage-deflate; mystery", "permessage-deflate; server_no_context_takeover; server_no_context_takeover")) {
            System.out.println("   offered:  " + value);
            describeChoice(PerMessageDeflate.accept(ExtensionOffer.parse(value), PerMessageDeflate.Options.defaults()));
        }
        System.out.println("\n== 3. The client's check of the answer to its offer \"permessage-deflate\"\n");
        for (String answer : List.of("permessage-deflate", "permessage-deflate; server_max_window_bits=12",
                "permessage-deflate; client_max_window_bits=10", "permessage-deflate; server_max_window_bits=08",
                "x-webkit-deflate-frame")) {
            try {
                DeflateAgreement a = PerMessageDeflate.verify(ExtensionOffer.parse(answer), PerMessageDeflate.Options.defaults())
                        .orElseThrow();
                System.out.println("   OK    " + answer + "\n         agreed: " + describe(a));
            } catch (HandshakeFailed failed) {
                System.out.println("   FAIL  " + answer + "\n         " + failed.getMessage());
            }
        }
        List<String> log = new ArrayList<>();
        try (WebSocketServer server = negotiatingServer(log::add)) {
            System.out.println("\n== 4. On loopback: Chrome's offer, our server's answer, and a Close (never compressed)\n");
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5000);
                ClientHandshake.Result r = handshake(socket, "127.0.0.1", server.port(), "/", CHROME);
                System.out.println("--> the client's offer (the server's ephemeral port shown as PORT):");
                System.out.print(indent(HexDump.visibleText(r.request().toBytes())).replace(":" + server.port() + "\\r", ":PORT\\r"));
                System.out.println("<-- the server's answer:");
                System.out.print(indent(HexDump.visibleText(r.response().toBytes())));
                DeflateAgreement agreed = PerMessageDeflate.verify(ExtensionOffer.parseAll(r.response().headers()),
                        PerMessageDeflate.Options.defaults()).orElseThrow();
                System.out.println("   the client checks it (RFC 7692 section 7): agreed on " + describe(agreed));
                System.out.println("   RFC 7692 section 6: control frames are never compressed, so the Close is chapter 09's:");
                Connection client = new Connection(Role.CLIENT, Limits.defaults(), MaskingKeys.fixed(MASK));
                client.close();
                exchange(socket, client.dataToSend().get(0));
            }
            System.out.println("== 5. The same answer, then the RFC's compressed \"Hello\" (RSV1 set, RFC 7692 section 7.2.3.1)\n");
            System.out.println("   This server answered \"permessage-deflate\" but has no data path behind the answer");
            System.out.println("   (that is chapter 23): it reads RSV1 as chapter 04 does, and fails the connection.");
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(5000);
                handshake(socket, "127.0.0.1", server.port(), "/", CHROME);
                byte[] hello = HexDump.parse("c1 87 37 fa 21 3d c5 b2 ec f4 fe fd 21");   // f2 48 cd c9 c9 07 00, masked
                exchange(socket, hello);
            }
            server.shutdown();
        }
        log.stream().filter(line -> line.contains("1002")).forEach(line ->
                System.out.println("   server log: " + line.replaceAll(":\\d+ ", ":PORT ")));
        System.out.println("\nAn answer is a promise: say yes only with the data path behind it (23_Compression.java).");
        System.out.println("Run `accept \"OFFER\"` or `probe URL` (--help).");
    }

    /** Our server on loopback, answering offers with {@link PerMessageDeflate#accept} and no data path (see part 5). */
    static WebSocketServer negotiatingServer(Consumer<String> log) throws IOException {
        WebSocketServer.Extensions negotiateOnly = request -> {
            try {
                PerMessageDeflate.ServerChoice choice = PerMessageDeflate.accept(
                        ExtensionOffer.parseAll(request.headers()), PerMessageDeflate.Options.defaults());
                choice.declined().forEach(line -> log.accept(wsfs.view.LogLine.escape(line)));
                // The mistake of part 5 on purpose: the 101 says yes, the connection gets no extension (null).
                return choice.agreement().map(a -> new WebSocketServer.Extensions.Agreed(a.toString(), null));
            } catch (ExtensionOffer.Malformed malformed) {
                log.accept("ignored a malformed Sec-WebSocket-Extensions: " + wsfs.view.LogLine.escape(malformed.getMessage()));
                return Optional.empty();
            }
        };
        return WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withLog(log), request -> new EchoListener(), negotiateOnly);
    }

    static ClientHandshake.Result handshake(Socket socket, String host, int port, String path, String offer) throws IOException {
        return new ClientHandshake(host, port, path, List.of(), Map.of(), KEY)
                .perform(socket.getInputStream(), socket.getOutputStream(), offer);
    }

    /** Sends one frame, prints it annotated, then prints what the server sends until it closes TCP. */
    static void exchange(Socket socket, byte[] frame) throws IOException {
        OutputStream out = socket.getOutputStream();
        System.out.print("--> " + FrameDescriber.text(frame).stripTrailing().replace("\n", "\n    ") + "\n");
        out.write(frame);
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            back.write(buf, 0, n);
        }
        System.out.print("<-- " + FrameDescriber.text(back.toByteArray()).stripTrailing().replace("\n", "\n    ") + "\n\n");
    }

    static void describeChoice(PerMessageDeflate.ServerChoice choice) {
        choice.declined().forEach(line -> System.out.println("     " + line));
        System.out.println("     answer:  " + choice.agreement().map(a -> "Sec-WebSocket-Extensions: " + a)
                .orElse("(no Sec-WebSocket-Extensions: the connection works uncompressed)"));
    }

    /** The agreement in words: who resets their compressor, which windows. */
    static String describe(DeflateAgreement a) {
        return "server " + (a.serverNoContextTakeover() ? "resets" : "keeps") + " its context, client "
                + (a.clientNoContextTakeover() ? "resets" : "keeps") + " its context, server window "
                + (a.serverMaxWindowBits() == 0 ? 15 : a.serverMaxWindowBits()) + " bits, client window "
                + (a.clientMaxWindowBits() == 0 ? 15 : a.clientMaxWindowBits()) + " bits";
    }

    static String indent(String text) {
        return text.lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    // ---- accept and probe -----------------------------------------------------------------------------------

    static void accept(String[] args) {
        CommandLine.checkOptions(args, Math.min(1, args.length), List.of("--no-context-takeover"), List.of());
        if (args.length == 0 || args[0].startsWith("--")) {
            CommandLine.usageError("accept needs an offer: accept \"" + CHROME + "\" (see --help)");
        }
        PerMessageDeflate.Options ours = CommandLine.flag(args, "--no-context-takeover")
                ? PerMessageDeflate.Options.noContextTakeover() : PerMessageDeflate.Options.defaults();
        List<ExtensionOffer> offers;
        try {
            offers = ExtensionOffer.parse(args[0]);
        } catch (ExtensionOffer.Malformed malformed) {
            System.out.println("malformed: " + malformed.getMessage());
            System.out.println("answer:  (no Sec-WebSocket-Extensions: our server ignores a malformed header)");
            return;
        }
        offers.forEach(o -> System.out.println("offer " + o.name() + " " + o.parameters()
                + (o.name().equalsIgnoreCase(PerMessageDeflate.NAME) ? "" : "  (not ours: skipped)")));
        PerMessageDeflate.ServerChoice choice = PerMessageDeflate.accept(offers, ours);
        choice.declined().forEach(System.out::println);
        System.out.println("answer:  " + choice.agreement().map(a -> "Sec-WebSocket-Extensions: " + a + "\n         " + describe(a))
                .orElse("(no Sec-WebSocket-Extensions: the connection works uncompressed)"));
    }

    /** What an offer asks for, as the Options our client's check compares the answer with (RFC 7692 section 7). */
    static PerMessageDeflate.Options optionsOf(String offer) {
        try {
            ExtensionOffer first = ExtensionOffer.parse(offer).stream()
                    .filter(o -> o.name().equalsIgnoreCase(PerMessageDeflate.NAME)).findFirst()
                    .orElseThrow(() -> CommandLine.usageError("--offer must offer permessage-deflate: " + offer));
            int bits = first.parameter("server_max_window_bits").filter(v -> v.matches("8|9|1[0-5]"))
                    .map(Integer::parseInt).orElse(0);
            return new PerMessageDeflate.Options(first.parameter("server_no_context_takeover").isPresent(),
                    first.parameter("client_no_context_takeover").isPresent(), bits);
        } catch (ExtensionOffer.Malformed malformed) {
            throw CommandLine.usageError("--offer is not a Sec-WebSocket-Extensions value: " + malformed.getMessage());
        }
    }

    static void probe(String[] args) throws IOException {
        CommandLine.checkOptions(args, Math.min(1, args.length), List.of(), List.of("--offer"));
        if (args.length == 0 || args[0].startsWith("--")) {
            CommandLine.usageError("probe needs a URL: probe ws://127.0.0.1:8080/ (see --help)");
        }
        WsUrl url;
        try {
            url = WsUrl.parse(args[0]);
        } catch (IllegalArgumentException e) {
            throw CommandLine.usageError("not a WebSocket URL: " + args[0] + " (" + e.getMessage() + ")");
        }
        if (url.secure()) {
            CommandLine.usageError("probe speaks ws:// only; wss:// is chapter 25's (see --help)");
        }
        String offer = CommandLine.option(args, "--offer").orElse(CHROME);
        PerMessageDeflate.Options ours = optionsOf(offer);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.host(), url.port()), 5000);
            socket.setSoTimeout(5000);
            ClientHandshake.Result r = handshake(socket, url.host(), url.port(), url.resourceName(), offer);
            System.out.println("offered:  " + offer);
            List<String> answer = r.response().headers().all("Sec-WebSocket-Extensions");
            System.out.println("answered: " + (answer.isEmpty() ? "(no Sec-WebSocket-Extensions: declined)" : String.join(", ", answer)));
            try {
                Optional<DeflateAgreement> agreed = PerMessageDeflate.verify(ExtensionOffer.parseAll(r.response().headers()), ours);
                System.out.println("verdict:  " + agreed.map(a -> "accepted: " + describe(a)).orElse("no compression"));
            } catch (HandshakeFailed | ExtensionOffer.Malformed e) {
                System.out.println("verdict:  our client would fail the connection: " + e.getMessage());
            }
            Connection client = new Connection(Role.CLIENT, Limits.defaults());
            client.close();
            socket.getOutputStream().write(client.dataToSend().get(0));   // a Close is never compressed (RFC 7692 section 6)
        } catch (HandshakeFailed e) {
            throw CommandLine.usageError("the handshake with " + args[0] + " failed: " + e.getMessage());
        } catch (IOException e) {
            throw CommandLine.usageError("cannot talk to " + args[0] + ": " + e.getMessage());
        }
    }
}
