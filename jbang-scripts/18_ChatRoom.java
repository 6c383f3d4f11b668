///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 17_BrowserApi.java
//SOURCES wsfs/app/ChatPage.java
//SOURCES wsfs/app/ChatRoom.java
//SOURCES wsfs/app/ChatRoomLan.java
//MAIN ChatRoomApp

// Chapter 18: the browser chat room. Our server serves the page (GET /) and the room (ws://.../chat?nick=NAME)
// on one port; every line is broadcast to everyone, with join and leave notices.

import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.app.ChatRoom;
import wsfs.app.ChatRoomLan;
import wsfs.app.CommandLine;
import wsfs.io.SimpleWebSocketClient;

class ChatRoomApp {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "serve" -> serve(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], ChatRoomApp::help);
        }
    }

    static void help() {
        System.out.println("""
                18_ChatRoom.java: a chat room for browsers (chapter 18)

                  (no arguments)      demo: a room on a free port, two of our clients join, chat and leave;
                                      one of them prints the frames it receives as annotated hex
                  serve [--port N] [--bind ADDRESS] [--origin URL]...
                                      the room on ADDRESS:N (default 127.0.0.1:8080; --port 0 = any free port).
                                      Prints "chat room on http://HOST:N/" when ready: open it in two browser tabs,
                                      pick two nicknames, connect, and talk. Ctrl-C closes everyone with 1001.
                                      LAN mode, a classroom chatting across laptops: --bind 0.0.0.0 (every
                                      interface) or --bind 192.168.1.20 (one address of this machine); the room
                                      prints the URLs to share. Pages may join only from those URLs (the Origin
                                      check of RFC 6455 section 10.2; other pages get 403) and from each
                                      --origin http://HOST:PORT; clients that are not pages (no Origin) may too.
                  --help              this text
                """);
    }

    static final List<String> SERVE_OPTIONS = List.of("--port", "--bind", "--origin");

    static void serve(String[] args) throws Exception {
        CommandLine.checkOptions(args, List.of(), SERVE_OPTIONS);
        List<String> words = CommandLine.words(args, List.of(), SERVE_OPTIONS);
        if (!words.isEmpty()) {
            CommandLine.usageError("unknown option: " + words.getFirst() + " (see --help)");
        }
        int port = CommandLine.portOption(args, 8080);
        ChatRoomLan lan = ChatRoomLan.loopback();
        try {
            InetAddress bind = CommandLine.option(args, "--bind").map(ChatRoomLan::parseBind)
                    .orElse(InetAddress.getLoopbackAddress());
            List<String> origins = new ArrayList<>();
            for (String origin : CommandLine.options(args, "--origin")) {
                origins.add(ChatRoomLan.parseOrigin(origin));
            }
            lan = new ChatRoomLan(bind, origins);
        } catch (IllegalArgumentException mistake) {
            CommandLine.usageError(mistake.getMessage());   // one line, exit status 2
        }
        ChatRoom room;
        try {
            room = ChatRoom.start(lan, port);
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("assign")) {   // EADDRNOTAVAIL: not an address of ours
                CommandLine.usageError("cannot listen on " + lan.bind().getHostAddress() + " port " + port
                        + ": it is not an address of this machine; --bind needs one (ip addr or ipconfig lists them)"
                        + " or 0.0.0.0 for every interface");
            }
            CommandLine.cannotListen(port, e);       // one line, exit status 2
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(room::close, "shutdown"));
        System.out.println("chat room on " + room.pageUrl());
        if (!lan.bind().isLoopbackAddress()) {
            List<String> share = lan.shareUrls(room.port()).stream()
                    .filter(url -> !url.contains("//127.0.0.1:") && !url.contains("//localhost:")).toList();
            share.forEach(url -> System.out.println("share with the room: " + url));
            if (share.isEmpty()) {
                System.out.println("no network interface is up besides loopback: only this machine can join");
            }
        }
        List<String> allowed = new ArrayList<>(lan.ownOrigins(room.port()));
        allowed.addAll(lan.extraOrigins());
        System.out.println("pages that may join (Origin, RFC 6455 section 10.2): " + String.join(", ", allowed)
                + "; others get 403");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM / Ctrl-C
    }

    /** One member: a MicroPython-style client and a receiving thread that prints what it hears. */
    record Member(String nick, SimpleWebSocketClient client, LinkedBlockingQueue<String> heard, Thread receiver) {
        static Member join(ChatRoom room, String nick, boolean debug) throws Exception {
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(room.chatUrl(nick), Map.of(),
                    debug ? System.out : null);
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            Thread receiver = Thread.ofVirtual().name(nick).start(() -> {
                try {
                    for (String line; (line = client.recv()) != null; ) {
                        System.out.println(nick + " hears: " + line);
                        heard.add(line);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return new Member(nick, client, heard, receiver);
        }

        /** Waits for the line that contains {@code text}, so the demo's output keeps its order. */
        void awaitLine(String text) throws InterruptedException {
            ChatRoomApp.awaitLine(nick, heard, text);
        }
    }

    /** Waits up to 10 s for a line of {@code heard} that contains {@code text} (chapter 26's demo waits the same way). */
    static void awaitLine(String nick, LinkedBlockingQueue<String> heard, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = heard.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return;
            }
        }
        throw new IllegalStateException(nick + " never heard \"" + text + "\"");
    }

    static void demo() throws Exception {
        try (ChatRoom room = ChatRoom.start(0)) {
            System.out.println("== A chat room on an ephemeral port: the page at GET /, the room at /chat?nick=NAME");
            System.out.println("\n== ann joins (her client prints every frame on her connection: hers masked, the server's not)");
            Member ann = Member.join(room, "ann", true);
            ann.awaitLine("ann joined");
            System.out.println("\n== bob joins");
            Member bob = Member.join(room, "bob", false);
            bob.awaitLine("bob joined");
            ann.awaitLine("bob joined");
            System.out.println("\n== ann speaks, then bob (each hears both lines, in the same order)");
            ann.client().send("hi bob! 你好");
            bob.awaitLine("ann: hi bob");
            ann.awaitLine("ann: hi bob");
            bob.client().send("hello ann, bye now");
            ann.awaitLine("bob: hello ann");
            bob.awaitLine("bob: hello ann");
            System.out.println("\n== bob leaves (close 1000): the room tells the others");
            bob.client().close();
            bob.receiver().join(TimeUnit.SECONDS.toMillis(10));
            ann.awaitLine("bob left");
            System.out.println("bob's connection ended: " + bob.client().closeEvent());
            ann.client().close();
            ann.receiver().join(TimeUnit.SECONDS.toMillis(10));
            System.out.println("\n== The room's transcript (every line it broadcast, in order)");
            room.transcript().forEach(line -> System.out.println("  " + line));
            System.out.println("\n\"你好\" is " + "你好".getBytes(StandardCharsets.UTF_8).length
                    + " bytes of UTF-8 in a text frame: the payload length counts bytes, not characters.");
        }
    }
}
