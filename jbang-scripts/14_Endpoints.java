///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 13_SocketConnection.java
//SOURCES wsfs/io/AcceptLoop.java
//SOURCES wsfs/io/ActivityInputStream.java
//SOURCES wsfs/io/ServerHooks.java
//SOURCES wsfs/io/ServerCore.java
//SOURCES wsfs/io/EchoListener.java
//MAIN Endpoints

// Chapter 14: the server core. The connection of chapter 13 gets a TCP socket: an accept loop that survives
// errors hands each client to a virtual thread of its own, which reads the upgrade request, answers 101 and runs
// a WebSocketConnection in the server role. What operating a server adds (limits, pages, logs, graceful
// shutdown) is chapter 15; the client of this demo is chapter 03's ClientHandshake and chapter 13's connection
// on a plain socket (chapter 16 builds the real client).

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import wsfs.app.CommandLine;
import wsfs.io.ClientHandshake;
import wsfs.io.EchoListener;
import wsfs.io.ServerCore;
import wsfs.io.ServerHooks;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.Role;
import wsfs.view.FrameDescriber;

class Endpoints {
    /** The RFC's example key (section 1.3), so the demo's bytes are the same on every run; a real client draws one. */
    static final String RFC_HANDSHAKE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** What the core needs: limits, the handshake policy, the handshake time-out and where log lines go. */
    record CoreSettings(Limits limits, HandshakePolicy handshake, Duration handshakeTimeout, Consumer<String> log)
            implements ServerCore.Settings {
        static CoreSettings defaults(Consumer<String> log) {
            return new CoreSettings(Limits.defaults(), HandshakePolicy.defaults(), Duration.ofSeconds(10), log);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "core" -> core(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], Endpoints::help);
        }
    }

    static void help() {
        System.out.println("""
                14_Endpoints.java: the server core (chapter 14)

                  (no arguments)            demo: an echo server on the core, on a free port; a client made of
                                            chapter 03's handshake and chapter 13's connection sends a message,
                                            a fragmented one and a ping, two clients at once, the answers to a
                                            plain GET (426) and to an unknown path (404), then the core stops;
                                            the client's frames as annotated hex
                  core [--port N]           a bare echo server on ServerCore (default 8080, 0 = any free port),
                                            no limits but the defaults, no pages, no graceful shutdown (those are
                                            chapter 15: 15_Operating.java serve); prints "listening on ws://..."
                  --help                    this text
                """);
    }

    /** A bare echo server on the core until the process is stopped. */
    static void core(String[] args) throws Exception {
        CommandLine.checkOptions(args, List.of(), List.of("--port"));
        int port = CommandLine.portOption(args, 8080);
        ServerCore core;
        try {
            core = ServerCore.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    CoreSettings.defaults(line -> System.err.println(line)), request -> new EchoListener(), ServerHooks.NONE);
        } catch (BindException e) {
            CommandLine.cannotListen(port, e);
            throw e;
        }
        System.out.println("listening on " + core.url());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until SIGTERM / Ctrl-C: the core has no graceful shutdown
    }

    // ---- the demo ---------------------------------------------------------------------------------------

    static void demo() throws Exception {
        ServerCore core = ServerCore.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                CoreSettings.defaults(line -> System.out.println("server: " + line.replaceAll("/127\\.0\\.0\\.1:\\d+", "/127.0.0.1:PORT"))),
                request -> request.target().equals("/") ? new EchoListener() : null, ServerHooks.NONE);
        System.out.println("== 1. The server core: an accept loop, one virtual thread per connection, EchoListener at /");
        System.out.println("server: listening on ws://127.0.0.1:<an ephemeral port>/");

        System.out.println("\n== 2. A client on a plain socket: chapter 03's ClientHandshake, then chapter 13's connection");
        System.out.println("   (the RFC's example key and masking key 37 fa 21 3d, so the bytes are those of RFC 6455");
        System.out.println("    sections 1.3 and 5.7; a real client draws both at random)");
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocketConnection c = connect(core.port(), "client", events, true);
        c.sendText("Hello");
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
        c.sendFragmented(Message.text("Hello"), 3);
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS) + "   (the echo server got one message)");
        c.ping("Hello".getBytes(StandardCharsets.UTF_8));
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));
        c.close(CloseCode.NORMAL_CLOSURE, "bye");
        System.out.println("event: " + events.poll(10, TimeUnit.SECONDS));

        System.out.println("\n== 3. Two clients at once: each has its own virtual thread on the server");
        LinkedBlockingQueue<String> a = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> b = new LinkedBlockingQueue<>();
        WebSocketConnection first = connect(core.port(), "first", a, false);
        WebSocketConnection second = connect(core.port(), "second", b, false);
        second.sendText("from the second");
        first.sendText("from the first");
        System.out.println("first:  " + a.poll(10, TimeUnit.SECONDS));
        System.out.println("second: " + b.poll(10, TimeUnit.SECONDS));
        System.out.println("server: " + core.connections().size() + " connections open");

        System.out.println("\n== 4. Requests that get no WebSocket: ServerCore.answer (RFC 6455 section 4.2.2, RFC 9110 section 15.5)");
        System.out.println("   a plain GET, no Upgrade: the hooks' answer; a bare core's is 426 with Upgrade: websocket");
        ask(core.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        System.out.println("   an upgrade request for /nowhere, a path no endpoint serves: 404, and one log line");
        ask(core.port(), "GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + RFC_HANDSHAKE_KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");

        System.out.println("\n== 5. The core stops at once: no closing handshake, the clients see the TCP connection end");
        core.close();
        System.out.println("first:  " + a.poll(10, TimeUnit.SECONDS));
        System.out.println("second: " + b.poll(10, TimeUnit.SECONDS));
        System.out.println("""

                What to take away: a server is an accept loop, a handshake per socket and chapter 13's connection
                in the server role, one virtual thread each. 1006 above is what a bare core gives its clients when
                it stops; chapter 15 adds what an operator needs: limits, logs, pages and a graceful shutdown
                that sends 1001 to every client first.""");
    }

    /** Sends a request head on a plain socket and prints it and the response head that comes back. */
    static void ask(int port, String head) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            System.out.print(indent(head.substring(0, head.length() - 2), "-> "));
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            System.out.print(indent(end < 0 ? answer : answer.substring(0, end + 2), "<- "));
        }
    }

    /**
     * A minimal client: TCP, chapter 03's opening handshake, then a {@link WebSocketConnection} in the client role
     * on its own virtual thread. With {@code show}, the handshake and every frame it sends are printed as hex.
     */
    static WebSocketConnection connect(int port, String who, LinkedBlockingQueue<String> events, boolean show)
            throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        ClientHandshake handshake = new ClientHandshake("127.0.0.1", port, "/", List.of(), Map.of(), RFC_HANDSHAKE_KEY);
        ClientHandshake.Result result = handshake.perform(socket.getInputStream(), socket.getOutputStream());
        if (show) {
            System.out.print(indent(new String(result.request().toBytes(), StandardCharsets.ISO_8859_1), "-> "));
            System.out.print(indent(new String(result.response().toBytes(), StandardCharsets.ISO_8859_1), "<- "));
        }
        OutputStream out = show ? new Wire(who + " sends").tap(socket.getOutputStream()) : socket.getOutputStream();
        InputStream in = show ? new Wire(who + " receives").tap(socket.getInputStream()) : socket.getInputStream();
        WebSocketConnection c = new WebSocketConnection(in, out, socket, Role.CLIENT,
                Limits.defaults(), recorder(events), MaskingKeys.fixed(Close.RFC_KEY));
        Thread.ofVirtual().name("client " + who).start(c::run);
        return c;
    }

    /**
     * Prints whole frames as annotated hex (chapter 05's FrameDescriber) as they pass, in either direction: bytes
     * are collected until a frame is complete, since a read or a write may hold part of a frame or several.
     */
    static final class Wire {
        private final String label;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Wire(String label) {
            this.label = label;
        }

        synchronized void saw(byte[] b, int off, int len) {
            pending.write(b, off, len);
            byte[] all = pending.toByteArray();
            int at = 0;
            while (at < all.length) {
                FrameDescriber.Description d = FrameDescriber.describe(all, at);
                if (!d.complete()) {
                    break;
                }
                byte[] frame = d.bytes().toByteArray();
                synchronized (System.out) {
                    System.out.print(label + " " + FrameDescriber.text(frame));
                }
                at += frame.length;
            }
            pending.reset();
            pending.write(all, at, all.length - at);
        }

        OutputStream tap(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    saw(b, off, len);
                    out.write(b, off, len);
                }
            };
        }

        InputStream tap(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        saw(b, off, n);
                    }
                    return n;
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
                }
            };
        }
    }

    static WebSocketListener recorder(LinkedBlockingQueue<String> events) {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                events.add("onText \"" + text + "\"");
            }

            @Override
            public void onPong(WebSocketConnection c, ByteString data) {
                events.add("onPong \"" + data.utf8() + "\"");
            }

            @Override
            public void onClose(WebSocketConnection c, CloseEvent event) {
                events.add("onClose " + event);
            }
        };
    }

    /** Polls a condition every 10 ms up to a bound (demo pacing only; the tests use latches). */
    static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    static String indent(String head, String arrow) {
        StringBuilder b = new StringBuilder();
        for (String line : head.split("\r\n")) {
            b.append(arrow).append(line).append("\\r\\n\n");
        }
        return b.toString();
    }

}
