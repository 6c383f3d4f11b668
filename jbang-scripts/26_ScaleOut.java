///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 25_TlsClient.java
//SOURCES wsfs/app/RedisProcess.java
//SOURCES wsfs/app/RoomStream.java
//SOURCES wsfs/app/ScaleOutPage.java
//SOURCES wsfs/app/SharedChatRoom.java
//SOURCES wsfs/app/ScaleOutBench.java
//DEPS redis.clients:jedis:7.2.1 org.slf4j:slf4j-api:2.0.17 org.slf4j:slf4j-nop:2.0.17
//MAIN ScaleOut

// Chapter 26: scaling out. Chapter 18's chat room on several server processes that share each room through a
// Redis Stream: one order per room for every member of every server, history for newcomers, and a server that
// loses Redis catches up from where it stopped.

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;
import wsfs.app.ChatRoom;
import wsfs.app.ChatRoomLan;
import wsfs.app.CommandLine;
import wsfs.app.RedisProcess;
import wsfs.app.RoomStream;
import wsfs.app.ScaleOutBench;
import wsfs.app.SharedChatRoom;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

class ScaleOut {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "serve" -> serve(CommandLine.rest(args));
            case "bench" -> bench(CommandLine.rest(args));
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], ScaleOut::help);
        }
    }

    static void help() {
        System.out.println("""
                26_ScaleOut.java: one chat room on several servers, shared through Redis (chapter 26)

                  (no arguments)      demo: starts its own redis-server (it must be installed), two chat servers on
                                      loopback, one member on each; shows the frames they get and the stream entries
                  serve [--port N] [--bind ADDRESS] [--origin URL]... [--redis redis://HOST:PORT]
                        [--room NAME] [--server-id NAME] [--peer http://HOST:PORT]...
                                      chapter 18's room on port N (default 8080). With --redis, the room is shared by
                                      every server started with the same Redis and room (default "lobby"): a line sent
                                      to any of them reaches all members of all of them, once, in one order. --peer
                                      names another server: the page moves there when its own server dies (and that
                                      server's pages may join here). Without --redis: the single-process room.
                                      Start a Redis first: redis-server --port 6379 --save "" --appendonly no
                  bench [--members N] [--seconds S] [--rounds R] [--out FILE.csv]
                                      N members (default 300) on 1, 2 and 3 servers against the single-process room:
                                      delivery latency p50/p99 and throughput, every line checked; R rounds (default 3)
                                      of S seconds (default 3) per room, interleaved, medians (about 1.5 minutes)
                  --help              this text
                """);
    }

    static final List<String> SERVE_OPTIONS = List.of("--port", "--bind", "--origin", "--redis", "--room", "--server-id", "--peer");

    static void serve(String[] args) throws Exception {
        CommandLine.checkOptions(args, List.of(), SERVE_OPTIONS);
        List<String> words = CommandLine.words(args, List.of(), SERVE_OPTIONS);
        if (!words.isEmpty()) {
            CommandLine.usageError("unknown option: " + words.getFirst() + " (see --help)");
        }
        var redis = CommandLine.option(args, "--redis");
        if (redis.isEmpty()) {
            for (String shared : List.of("--room", "--server-id", "--peer")) {
                if (CommandLine.flag(args, shared)) {
                    CommandLine.usageError(shared + " needs --redis redis://HOST:PORT (the room is shared through Redis)");
                }
            }
            ChatRoomApp.serve(args);   // chapter 18's single-process room
            return;
        }
        int port = CommandLine.portOption(args, 8080);
        String room = CommandLine.option(args, "--room").orElse("lobby");
        String serverId = CommandLine.option(args, "--server-id").orElse("s" + port);
        if (!room.matches("[A-Za-z0-9_.-]{1,40}") || !serverId.matches("[A-Za-z0-9_.-]{1,40}")) {
            CommandLine.usageError("--room and --server-id need 1 to 40 letters, digits, '.', '_' or '-'");
        }
        ChatRoomLan lan = ChatRoomLan.loopback();
        List<String> peers = new ArrayList<>();
        try {
            RoomStream.address(redis.get());
            InetAddress bind = CommandLine.option(args, "--bind").map(ChatRoomLan::parseBind)
                    .orElse(InetAddress.getLoopbackAddress());
            List<String> origins = new ArrayList<>();
            for (String origin : CommandLine.options(args, "--origin")) {
                origins.add(ChatRoomLan.parseOrigin(origin));
            }
            for (String peer : CommandLine.options(args, "--peer")) {
                peers.add(ChatRoomLan.parseOrigin(peer.replaceAll("/+$", "")));
            }
            lan = new ChatRoomLan(bind, origins);
        } catch (IllegalArgumentException mistake) {
            CommandLine.usageError(mistake.getMessage().replace("--origin needs", "--origin and --peer need"));
        }
        SharedChatRoom shared;
        try {
            shared = SharedChatRoom.start(lan, port, new SharedChatRoom.Options(redis.get(), room, serverId, peers),
                    line -> System.err.println(serverId + ": " + line));
        } catch (BindException e) {
            CommandLine.cannotListen(port, e);
            return;
        } catch (IOException e) {
            CommandLine.usageError(e.getMessage() + " (is redis-server running? redis-server --port 6379 --save \"\")");
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "shutdown"));
        System.out.println("chat room on " + shared.pageUrl() + " (room " + room + " shared through " + redis.get()
                + " as " + shared.instance() + ")");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGTERM / Ctrl-C
    }

    static void bench(String[] args) throws Exception {
        List<String> options = List.of("--members", "--seconds", "--rounds", "--out");
        CommandLine.checkOptions(args, List.of(), options);
        List<String> words = CommandLine.words(args, List.of(), options);
        if (!words.isEmpty()) {
            CommandLine.usageError("unknown option: " + words.getFirst() + " (see --help)");
        }
        int members = (int) CommandLine.numberOption(args, "--members", 300, 3, 3000);
        int seconds = (int) CommandLine.numberOption(args, "--seconds", 3, 1, 60);
        int rounds = (int) CommandLine.numberOption(args, "--rounds", 3, 1, 20);
        if (RedisProcess.program().isEmpty()) {
            CommandLine.usageError(RedisProcess.MISSING);
        }
        Path out = CommandLine.option(args, "--out").map(Path::of).orElse(null);
        System.exit(ScaleOutBench.run(members, seconds, rounds, out, System.out) ? 0 : 1);
    }

    /** One member: our client, and the lines it hears. */
    record Member(String nick, WebSocketConnection connection, LinkedBlockingQueue<String> heard) {
        static Member join(SharedChatRoom server, String nick) throws IOException {
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            WebSocketConnection c = WebSocketClient.connect(server.chatUrl(nick), new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection conn, String text) {
                    System.out.println("  " + nick + " <- server " + server.instance().replaceAll("-[0-9a-f]+$", "")
                            + ": text frame \"" + text + "\"");
                    heard.add(text);
                }
            });
            return new Member(nick, c, heard);
        }

        void await(String text) throws InterruptedException {
            ChatRoomApp.awaitLine(nick, heard, text);
        }
    }

    static void demo() throws Exception {
        if (RedisProcess.program().isEmpty()) {
            CommandLine.usageError(RedisProcess.MISSING);
        }
        try (RedisProcess redis = RedisProcess.start();
             SharedChatRoom one = SharedChatRoom.start(0, redis.url(), "one");
             SharedChatRoom two = SharedChatRoom.start(0, redis.url(), "two")) {
            System.out.println("== A redis-server of our own on " + redis.url() + "; two chat servers share the room"
                    + " \"lobby\" through it:");
            System.out.println("  server one: " + one.pageUrl() + "   server two: " + two.pageUrl());
            System.out.println("\n== ann joins server one, then bob joins server two (the count is over both servers)");
            Member ann = Member.join(one, "ann");
            ann.await("ann joined");
            Member bob = Member.join(two, "bob");
            bob.await("bob joined");
            ann.await("bob joined");
            System.out.println("\n== ann speaks on server one, bob answers on server two: both hear both, in one order");
            ann.connection().sendText("hi bob, I am on server one");
            ann.await("ann: hi bob");
            bob.await("ann: hi bob");
            bob.connection().sendText("hello ann, server two here");
            ann.await("bob: hello ann");
            bob.await("bob: hello ann");
            System.out.println("\n== carol joins server two late: she gets the recent lines from the stream (XREVRANGE)");
            Member carol = Member.join(two, "carol");
            carol.await("carol joined");
            ann.await("carol joined");
            bob.await("carol joined");
            System.out.println("\n== bob leaves (close 1000): ann, on the other server, is told");
            bob.connection().close();
            ann.await("bob left");
            carol.await("bob left");
            System.out.println("\n== The room in Redis: XRANGE " + "wsfs:{lobby}:stream" + " - +  (one entry per event;"
                    + " the id orders them for every server)");
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                List<StreamEntry> entries = jedis.xrange("wsfs:{lobby}:stream", "-", "+");
                long first = entries.getFirst().getID().getTime();
                for (StreamEntry e : entries) {
                    var f = e.getFields();
                    String id = "T+" + (e.getID().getTime() - first) + "-" + e.getID().getSequence();
                    System.out.printf("  %-9s kind=%-5s from=%-7s line=\"%s\"%n", id, f.get("kind"),
                            f.get("from").replaceAll("-[0-9a-f]+$", "-…"), f.get("line"));
                }
            }
            System.out.println("  (an id is \"milliseconds-sequence\"; T is the first entry's milliseconds: Redis's clock,"
                    + " so the ids of one stream only grow)");
            List<String> a = one.transcript();
            List<String> b = two.transcript();
            int common = Math.min(a.size(), b.size());
            System.out.println("\n== Both servers delivered the same lines in the same order: "
                    + a.subList(a.size() - common, a.size()).equals(b.subList(b.size() - common, b.size())));
            ann.connection().close();
            carol.connection().close();
            ann.connection().awaitClosed(java.time.Duration.ofSeconds(5));
            carol.connection().awaitClosed(java.time.Duration.ofSeconds(5));
        }
        System.out.println("\nThe single-process room of chapter 18 is `serve` without --redis; `serve --redis URL` on"
                + " several ports shares one room (see --help). Chat room limits: " + ChatRoom.MAX_MESSAGE
                + "-byte lines, " + ChatRoom.MAX_OUTBOX / 1024 + " KiB waiting per member.");
    }
}
