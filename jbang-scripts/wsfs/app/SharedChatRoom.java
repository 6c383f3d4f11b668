package wsfs.app;

import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.Message;

import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Chapter 18's chat room shared by several server processes through Redis (chapter 26). The members of one
 * server are connected to it as in chapter 18 (the same page path, {@code /chat?nick=NAME}, the same limits and the
 * same bounded outbox per member); what changes is where the room's <b>order</b> lives: in a Redis Stream
 * ({@link RoomStream}), not in one process's lock.
 * <ul>
 * <li><b>Publisher</b> (one virtual thread): what the members of this server do (join, a line, leave) is queued in
 *     arrival order and added to the stream with XADD, one entry each. While Redis is away the queue waits (at most
 *     {@link #MAX_WAITING_LINES} lines; past that the sender is told its line was not sent), and is added when Redis
 *     is back: a line sent during an outage is late, not lost.</li>
 * <li><b>Reader</b> (one virtual thread): XREAD BLOCK from the last id it delivered, then every entry to every
 *     member of this server (each member's outbox, chapter 14: never a wait on a socket). Every server reads the
 *     same stream, so every member everywhere sees the same lines in the same order, exactly once: an entry with
 *     an id not above the last one, or a message id seen already (a retried XADD), is dropped. After an outage
 *     the reader goes on from its last id, so the lines it missed arrive, in order, once.</li>
 * <li><b>Joining</b>: the newcomer is admitted by the reader when its own join entry comes by: first the last
 *     {@link #HISTORY} lines before it (XREVRANGE), then the join line, then everything after. No line is missed
 *     or seen twice at the seam.</li>
 * <li><b>Members across servers</b>: each server keeps its nicknames in its own hash with a heartbeat
 *     ({@link RoomStream}); the count in "* ann joined (3 in the room)" is over every live server. A server that
 *     stops answering (a crash) is noticed by the others' heartbeats, and one of them announces its members' leaves.</li>
 * <li><b>Degraded</b>: when this server loses Redis, its members get "* the room is degraded ..." at once, and
 *     "* the room is back ..." when both threads have reconnected (backoff from 100 ms doubling to 2 s).</li>
 * </ul>
 */
public final class SharedChatRoom implements AutoCloseable {
    /** Lines of history a newcomer gets. */
    public static final int HISTORY = 20;
    /** Lines that may wait for Redis on one server (an outage); the next sender is told its line was not sent. */
    public static final int MAX_WAITING_LINES = 10_000;
    static final long HEARTBEAT_MILLIS = 2_000;
    static final int BLOCK_MILLIS = 1_000;
    static final long BACKOFF_MIN_MILLIS = 100;
    static final long BACKOFF_MAX_MILLIS = 2_000;
    /** Message ids remembered by the reader to drop a retried XADD's second copy. */
    static final int RECENT_IDS = 50_000;

    public static final String DEGRADED = "* the room is degraded: this server lost its connection to Redis;"
            + " lines wait and arrive when it is back";
    public static final String BACK = "* the room is back: this server reconnected to Redis";

    /** What one server is told: the Redis URL, the room, its name, and the page's other servers. */
    public record Options(String redisUrl, String room, String serverId, List<String> peers) {
        public Options {
            peers = List.copyOf(peers);
        }
    }

    /** What a member of this server did, queued for the publisher; {@code mid} is chosen once, so a retry keeps it. */
    private sealed interface Task {
        WebSocketConnection connection();

        String mid();
    }

    private record Join(WebSocketConnection connection, String requested, String mid) implements Task {
    }

    private record Said(WebSocketConnection connection, String text, String mid) implements Task {
    }

    private record Leave(WebSocketConnection connection, String mid) implements Task {
    }

    private final Options options;
    private final String instance;
    private final WebSocketServer server;
    private final String connectHost;
    private final LinkedBlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final AtomicInteger waitingLines = new AtomicInteger();
    private final AtomicLong seq = new AtomicLong();
    /** Nickname of each member of this server, set by the publisher when it adds the join. */
    private final Map<WebSocketConnection, String> nicks = new ConcurrentHashMap<>();
    /** The members the reader sends the stream to (those whose join entry it has delivered). */
    private final Set<WebSocketConnection> admitted = ConcurrentHashMap.newKeySet();
    private final Map<String, WebSocketConnection> pendingJoins = new ConcurrentHashMap<>();
    private final List<String> transcript = new ArrayList<>();
    private final LinkedHashMap<String, Boolean> recentMids = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_IDS;
        }
    };
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread reader;
    private final Thread publisher;
    private final Consumer<String> log;
    private volatile boolean running = true;
    private volatile boolean readerUp;
    private volatile boolean publisherUp;
    private boolean degraded;                       // guarded by this
    private volatile StreamEntryID lastId;
    private volatile RoomStream readerConnection;  // closed by close() to end a blocked XREAD

    private SharedChatRoom(ChatRoomLan lan, int port, Options options, Consumer<String> log) throws IOException {
        this.options = options;
        this.log = log;
        this.instance = options.serverId() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 40);
        RoomStream.address(options.redisUrl()); // a malformed URL fails here, before the port is taken
        try (RoomStream first = new RoomStream(options.redisUrl(), options.room(), 5_000)) {
            first.ping();
            lastId = first.lastId();   // a new server starts at the end of the stream; newcomers get history
        } catch (JedisException unreachable) {
            throw new IOException("cannot reach Redis at " + options.redisUrl() + ": " + unreachable.getMessage(), unreachable);
        }
        java.util.concurrent.atomic.AtomicReference<SharedChatRoom> self = new java.util.concurrent.atomic.AtomicReference<>();
        var origins = lan.origins(() -> self.get() == null ? port : self.get().port());
        WebSocketServer.Options serverOptions = WebSocketServer.Options.defaults()
                .withHandshake(HandshakePolicy.defaults().withOrigins(origins))
                .withIdleTimeout(Duration.ofMinutes(30))
                .withLimits(WebSocketServer.Options.defaults().limits().withMaxMessageSize(ChatRoom.MAX_MESSAGE)
                        .withMaxFramePayload(ChatRoom.MAX_MESSAGE).withMaxOutbox(ChatRoom.MAX_OUTBOX))
                .withShutdownTimeout(Duration.ofSeconds(3))
                .withLog(log)
                .withPage("/", WebSocketServer.Page.html(ScaleOutPage.html(options.peers())));
        this.connectHost = lan.connectHost();
        this.server = WebSocketServer.start(new InetSocketAddress(lan.bind(), port), serverOptions, request -> {
            String path = request.target().split("\\?", 2)[0];
            return path.equals("/chat") ? new Member(ChatRoom.nickFrom(request.target())) : null;
        });
        self.set(this);
        this.publisher = Thread.ofVirtual().name("room-publisher").start(this::publishLoop);
        this.reader = Thread.ofVirtual().name("room-reader").start(this::readLoop);
    }

    /**
     * Opens the room on {@code lan}'s address and {@code port} (0: any free port) and connects it to Redis; pages
     * may join from the room's own URLs, {@code lan}'s extra origins and the peers' (the page moves between them).
     */
    public static SharedChatRoom start(ChatRoomLan lan, int port, Options options, Consumer<String> log) throws IOException {
        List<String> origins = new ArrayList<>(lan.extraOrigins());
        for (String peer : options.peers()) {
            origins.add(ChatRoomLan.parseOrigin(peer.replaceAll("/+$", "")));
        }
        return new SharedChatRoom(new ChatRoomLan(lan.bind(), origins), port, options, log);
    }

    /** A room on 127.0.0.1:{@code port}, logging nothing (tests, the demo, the benchmark). */
    public static SharedChatRoom start(int port, String redisUrl, String serverId) throws IOException {
        return start(ChatRoomLan.loopback(), port, new Options(redisUrl, "lobby", serverId, List.of()), line -> { });
    }

    public int port() {
        return server.port();
    }

    /** This server's name in Redis: its --server-id and a random suffix (one per start). */
    public String instance() {
        return instance;
    }

    public String pageUrl() {
        return "http://" + connectHost + ":" + port() + "/";
    }

    public String chatUrl(String nick) {
        return "ws://" + connectHost + ":" + port() + "/chat?nick="
                + java.net.URLEncoder.encode(nick, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Every stream line this server has delivered to its members, in order. */
    public List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    /** The id of the last stream entry this server delivered (null before the first read). */
    public StreamEntryID lastDeliveredId() {
        return lastId;
    }

    /** Whether this server is without Redis now. */
    public synchronized boolean degraded() {
        return degraded;
    }

    /** The nicknames of this server's members (those in the room now: joined, not yet gone). */
    public List<String> localMembers() {
        return admitted.stream().map(nicks::get).filter(java.util.Objects::nonNull).sorted().toList();
    }

    // ---- the members of this server ------------------------------------------------------------------------

    private final class Member implements WebSocketListener {
        private final String requested;

        Member(String requested) {
            this.requested = requested;
        }

        @Override
        public void onOpen(WebSocketConnection c) {
            tasks.add(new Join(c, requested, nextMid()));
            if (degraded()) {
                c.sendText(DEGRADED);
            }
        }

        @Override
        public void onText(WebSocketConnection c, String text) {
            if (waitingLines.incrementAndGet() > MAX_WAITING_LINES) {
                waitingLines.decrementAndGet();
                c.sendText("* not sent: " + MAX_WAITING_LINES + " lines already wait for Redis on this server");
                return;
            }
            tasks.add(new Said(c, text, nextMid()));
        }

        @Override
        public void onBinary(WebSocketConnection c, ByteString data) {
            c.close(CloseCode.UNSUPPORTED_DATA, "this room carries text only");
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            admitted.remove(c);
            tasks.add(new Leave(c, nextMid()));
        }
    }

    private String nextMid() {
        return instance + ":" + seq.incrementAndGet();
    }

    // ---- the publisher: this server's events into the stream -----------------------------------------------

    private void publishLoop() {
        RoomStream redis = null;
        long backoff = BACKOFF_MIN_MILLIS;
        long nextHeartbeat = 0;
        Task current = null;
        while (running || current != null || !tasks.isEmpty()) {
            try {
                if (redis == null) {
                    redis = new RoomStream(options.redisUrl(), options.room(), 5_000);
                    redis.ping();
                    nextHeartbeat = 0;
                }
                long now = System.currentTimeMillis();
                if (now >= nextHeartbeat) {
                    heartbeat(redis, now);
                    nextHeartbeat = now + HEARTBEAT_MILLIS;
                }
                health(false, true);
                backoff = BACKOFF_MIN_MILLIS;
                if (current == null) {
                    current = tasks.poll(running ? 500 : 10, TimeUnit.MILLISECONDS);
                }
                if (current != null) {
                    publish(redis, current);
                    current = null;          // only now: a task that failed is retried with the same mid
                }
            } catch (JedisException e) {
                if (redis != null) {
                    redis.close();
                    redis = null;
                }
                if (!running && stopping.getCount() == 0 && tasks.isEmpty() && current == null) {
                    break;
                }
                health(false, false);
                log.accept("redis (publisher): " + e.getMessage() + "; again in " + backoff + " ms");
                pause(backoff);
                backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
                if (!running && drainDeadlinePassed()) {
                    break;   // shutting down without Redis: what is left is dropped
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        if (redis != null) {
            try {
                redis.leave(instance);
            } catch (JedisException gone) {
                // the heartbeat stops; the others notice within RoomStream.SERVER_STALE_MILLIS
            }
            redis.close();
        }
    }

    private volatile long drainDeadline = Long.MAX_VALUE;

    private boolean drainDeadlinePassed() {
        return System.nanoTime() > drainDeadline;
    }

    private void publish(RoomStream redis, Task task) {
        long now = System.currentTimeMillis();
        switch (task) {
            case Join join -> {
                String nick = nicks.get(join.connection());
                if (nick == null) {
                    nick = claim(redis.members(now).keySet(), join.requested());
                }
                redis.addMember(instance, nick, now);
                nicks.put(join.connection(), nick);
                int count = redis.members(now).size();
                pendingJoins.put(join.mid(), join.connection());   // before XADD: the reader may be quicker than its reply
                redis.add(entry("join", "* " + nick + " joined (" + count + " in the room)", join.mid()));
            }
            case Said said -> {
                String nick = nicks.get(said.connection());
                if (nick != null) {
                    redis.add(entry("line", nick + ": " + said.text(), said.mid()));
                }
                waitingLines.decrementAndGet();
            }
            case Leave leave -> {
                String nick = nicks.get(leave.connection());
                if (nick != null) {
                    redis.removeMember(instance, nick);
                    int count = redis.members(now).size();
                    redis.add(entry("leave", "* " + nick + " left (" + count + " in the room)", leave.mid()));
                    nicks.remove(leave.connection());
                }
                pendingJoins.values().remove(leave.connection());
            }
        }
    }

    private Map<String, String> entry(String kind, String line, String mid) {
        return Map.of("kind", kind, "line", line, "from", instance, "mid", mid);
    }

    /** The requested nickname, or "NAME-2", "NAME-3"... if a member of any live server has it (chapter 18's rule). */
    private String claim(Set<String> taken, String requested) {
        String base = requested.isEmpty() ? "guest-" + Long.toHexString(seq.get()) : requested;
        String candidate = base;
        for (int n = 2; taken.contains(candidate) || nicks.containsValue(candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    /**
     * This server is alive (ZADD), its member hash lives on (PEXPIRE; written again if a Redis restart lost it),
     * and a server that stopped answering is taken over: one server announces its members' leaves.
     */
    private void heartbeat(RoomStream redis, long now) {
        if (!redis.heartbeat(instance, now) && !nicks.isEmpty()) {
            Map<String, String> all = new HashMap<>();
            for (String nick : nicks.values()) {
                all.put(nick, String.valueOf(now));
            }
            redis.putMembers(instance, all);
        }
        for (String stale : redis.staleServers(now)) {
            Set<String> gone = redis.takeOver(stale);
            if (gone == null) {
                continue;
            }
            for (String nick : gone.stream().sorted().toList()) {
                int count = redis.members(now).size();
                redis.add(entry("leave", "* " + nick + " left (its server stopped answering; " + count
                        + " in the room)", nextMid()));
            }
        }
    }

    // ---- the reader: the stream to this server's members ----------------------------------------------------

    private void readLoop() {
        long backoff = BACKOFF_MIN_MILLIS;
        while (running) {
            RoomStream redis = readerConnection;
            try {
                if (redis == null) {
                    redis = new RoomStream(options.redisUrl(), options.room(), BLOCK_MILLIS + 3_000);
                    readerConnection = redis;
                    redis.ping();
                    awaitPublisher();   // so that "back" comes before the lines replayed from the gap
                }
                health(true, true);
                backoff = BACKOFF_MIN_MILLIS;
                for (StreamEntry e : redis.readAfter(lastId, 500, BLOCK_MILLIS)) {
                    deliver(redis, e);
                }
            } catch (JedisException e) {
                readerConnection = null;
                if (redis != null) {
                    redis.close();
                }
                if (!running) {
                    break;
                }
                health(true, false);
                log.accept("redis (reader): " + e.getMessage() + "; again in " + backoff + " ms");
                pause(backoff);
                backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
            }
        }
    }

    /** After an outage, waits (at most {@link #BACKOFF_MAX_MILLIS} and a half) for the publisher to reconnect too. */
    private void awaitPublisher() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BACKOFF_MAX_MILLIS * 3 / 2);
        while (degraded() && !publisherUp && running && System.nanoTime() < deadline) {
            pause(20);
        }
    }

    private void deliver(RoomStream redis, StreamEntry e) {
        if (lastId != null && e.getID().compareTo(lastId) <= 0) {
            return;                                            // delivered already (ids only grow)
        }
        Map<String, String> fields = e.getFields();
        String mid = fields.getOrDefault("mid", e.getID().toString());
        String line = fields.getOrDefault("line", "");
        if (recentMids.put(mid, Boolean.TRUE) != null) {       // a retried XADD: the same message again
            lastId = e.getID();
            return;
        }
        WebSocketConnection newcomer = "join".equals(fields.get("kind")) ? pendingJoins.remove(mid) : null;
        if (newcomer != null) {
            for (String old : history(redis, e.getID())) {
                newcomer.sendText(old);
            }
            admitted.add(newcomer);
        }
        Message message = Message.text(line);
        synchronized (transcript) {
            transcript.add(line);
        }
        for (WebSocketConnection c : admitted) {
            c.send(message);   // into the member's outbox; a full one closes that member with 1008 (chapter 14)
        }
        lastId = e.getID();
    }

    /** The last {@link #HISTORY} chat lines before {@code joinId} (XREVRANGE), oldest first, each message once. */
    private List<String> history(RoomStream redis, StreamEntryID joinId) {
        List<String> lines = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (StreamEntry old : redis.lastEntries(joinId, HISTORY * 4 + 1)) {
            Map<String, String> f = old.getFields();
            if (old.getID().compareTo(joinId) < 0 && "line".equals(f.get("kind"))
                    && seen.add(f.getOrDefault("mid", old.getID().toString()))) {
                lines.add(f.get("line"));
            }
        }
        return lines.subList(Math.max(0, lines.size() - HISTORY), lines.size());
    }

    // ---- health -------------------------------------------------------------------------------------------

    /** One thread's state; the members are told when the room becomes degraded and when it is whole again. */
    private void health(boolean ofReader, boolean up) {
        String notice = null;
        synchronized (this) {
            if (ofReader) {
                readerUp = up;
            } else {
                publisherUp = up;
            }
            boolean nowDegraded = !(readerUp && publisherUp);
            if (nowDegraded != degraded) {
                if (nowDegraded && !up) {
                    notice = DEGRADED;
                    degraded = true;
                } else if (!nowDegraded) {
                    notice = BACK;
                    degraded = false;
                }
            }
        }
        if (notice != null && running) {
            log.accept(notice.substring(2));
            for (WebSocketConnection c : server.connections()) {
                c.sendText(notice);
            }
        }
    }

    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes every member with 1001 (their leaves are published), removes this server from Redis, and stops both
     * threads; bounded (about 5 s) whether or not Redis answers.
     */
    @Override
    public void close() {
        if (!running && stopping.getCount() == 0) {
            return;
        }
        server.shutdown();
        drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        running = false;
        stopping.countDown();
        RoomStream r = readerConnection;
        if (r != null) {
            r.close();   // ends a blocked XREAD
        }
        try {
            publisher.join(3_000);
            reader.join(BLOCK_MILLIS + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
