///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 08_Endpoints.java
//SOURCES wsfs/app/ChatPage.java
//SOURCES wsfs/app/ChatRoom.java
//MAIN ChatRoomApp

// Chapter 09: the browser chat room. Our server serves the page (GET /) and the room (ws://.../chat?nick=NAME)
// on one port; every line is broadcast to everyone, with join and leave notices.

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.app.ChatRoom;
import wsfs.app.CommandLine;
import wsfs.io.SimpleWebSocketClient;

class ChatRoomApp {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "serve" -> serve(CommandLine.portOption(args, 8080));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], ChatRoomApp::help);
        }
    }

    static void help() {
        System.out.println("""
                09_ChatRoom.java: a chat room for browsers (chapter 09)

                  (no arguments)      demo: a room on a free port, two of our clients join, chat and leave;
                                      one of them prints the frames it receives as annotated hex
                  serve [--port N]    the room on 127.0.0.1:N (default 8080, 0 = any free port). Prints one line
                                      "chat room on http://127.0.0.1:N/" when ready: open it in two browser tabs,
                                      pick two nicknames, connect, and talk. Ctrl-C closes everyone with 1001.
                  --help              this text
                """);
    }

    static void serve(int port) throws Exception {
        ChatRoom room;
        try {
            room = ChatRoom.start(port);
        } catch (java.net.BindException e) {
            CommandLine.cannotListen(port, e);       // one line, exit status 2
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(room::close, "shutdown"));
        System.out.println("chat room on " + room.pageUrl());
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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String line = heard.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.contains(text)) {
                    return;
                }
            }
            throw new IllegalStateException(nick + " never heard \"" + text + "\"");
        }
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
