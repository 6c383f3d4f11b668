package wsfs.app;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one chat room is in Redis (chapter 26), and the commands that read and write it. Every key of a room has
 * the room's name in braces, a Redis Cluster hash tag, so a cluster keeps all of them in one slot (one node):
 * <ul>
 * <li>{@code wsfs:{lobby}:stream}: the room's <b>order</b>, a Redis Stream. Each line, join and leave is one
 *     entry (XADD by the server the member is connected to); Redis gives it an id, "1733050000000-0", that grows
 *     with every entry. Every server reads the stream from its last id (XREAD BLOCK) and sends each entry to its own
 *     members, so all members of all servers see the same entries in the same order, and a server that was away
 *     reads on from where it stopped. The stream is capped at {@link #MAX_ENTRIES} (XADD MAXLEN ~).</li>
 * <li>{@code wsfs:{lobby}:servers}: a sorted set, server instance to the time of its last heartbeat (ms).</li>
 * <li>{@code wsfs:{lobby}:members:INSTANCE}: a hash per server instance, nickname to join time: the member list
 *     is the union over the servers whose heartbeat is recent.</li>
 * </ul>
 * An entry's fields: {@code kind} (line, join, leave, notice), {@code line} (the text every member sees, made once
 * by the server that added it, so that every server shows the same words), {@code from} (the instance) and
 * {@code mid}, a message id the adding server chose before XADD: if a connection breaks after Redis took an XADD
 * but before its reply, the server adds the entry again, and the readers drop the second copy by its mid.
 * <p>
 * Jedis, not Lettuce: Jedis's calls block, one connection per thread, which is what virtual threads make cheap and
 * what a reader that waits in XREAD BLOCK wants; it brings four small jars. Lettuce is asynchronous (Netty, Reactor)
 * and shares one connection between threads: better for thousands of commands in flight, more to learn here.
 */
public final class RoomStream implements AutoCloseable {
    /** The stream keeps about this many entries (trimmed with MAXLEN ~, cheaply, in whole blocks). */
    public static final long MAX_ENTRIES = 10_000;
    /** A server whose heartbeat is older than this is gone: its members leave the member list. */
    public static final long SERVER_STALE_MILLIS = 6_000;
    /** A server's member hash outlives its last heartbeat by this much, so another server can announce the leaves. */
    public static final long MEMBERS_TTL_MILLIS = 60_000;

    private final Jedis jedis;
    private final String room;

    /** One connection to the Redis at {@code redis://HOST:PORT}; each thread of a server opens its own. */
    public RoomStream(String redisUrl, String room, int socketTimeoutMillis) {
        HostAndPort address = address(redisUrl);
        this.jedis = new Jedis(address, DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000)
                .socketTimeoutMillis(socketTimeoutMillis).clientName("wsfs-chat").build());
        this.room = room;
    }

    /**
     * "redis://HOST:PORT" (port 6379 when left out) as a host and port; anything else throws with a sentence for
     * the command line.
     */
    public static HostAndPort address(String url) {
        try {
            URI uri = URI.create(url.strip());
            if ("redis".equals(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                return new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
            }
        } catch (IllegalArgumentException | NullPointerException notAUrl) {
            // said below
        }
        throw new IllegalArgumentException("--redis needs a URL such as redis://127.0.0.1:6379, not \"" + url + "\"");
    }

    public String streamKey() {
        return "wsfs:{" + room + "}:stream";
    }

    public String serversKey() {
        return "wsfs:{" + room + "}:servers";
    }

    public String membersKey(String instance) {
        return "wsfs:{" + room + "}:members:" + instance;
    }

    public String ping() {
        return jedis.ping();
    }

    /** XADD: appends one entry; returns the id Redis gave it. */
    public StreamEntryID add(Map<String, String> fields) {
        return jedis.xadd(streamKey(), XAddParams.xAddParams().maxLen(MAX_ENTRIES).approximateTrimming(), fields);
    }

    /** XREAD COUNT n BLOCK ms STREAMS key after: the entries after {@code after}, waiting up to {@code blockMillis}. */
    public List<StreamEntry> readAfter(StreamEntryID after, int count, int blockMillis) {
        var reply = jedis.xread(XReadParams.xReadParams().count(count).block(blockMillis), Map.of(streamKey(), after));
        if (reply == null || reply.isEmpty()) {
            return List.of();
        }
        return reply.getFirst().getValue();
    }

    /** XREVRANGE key end - COUNT n, oldest first: the last {@code count} entries up to {@code end} (inclusive). */
    public List<StreamEntry> lastEntries(StreamEntryID end, int count) {
        List<StreamEntry> newestFirst = jedis.xrevrange(streamKey(), end == null ? "+" : end.toString(), "-", count);
        List<StreamEntry> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The id of the newest entry, or 0-0 for an empty (or missing) stream. */
    public StreamEntryID lastId() {
        List<StreamEntry> newest = jedis.xrevrange(streamKey(), "+", "-", 1);
        return newest.isEmpty() ? new StreamEntryID(0, 0) : newest.getFirst().getID();
    }

    /** The heartbeat: this instance is alive now (ZADD), and its member hash lives on (PEXPIRE; false if it was gone). */
    public boolean heartbeat(String instance, long nowMillis) {
        jedis.zadd(serversKey(), nowMillis, instance);
        return jedis.pexpire(membersKey(instance), MEMBERS_TTL_MILLIS) == 1;
    }

    /** HSET of every given member of this instance (after a Redis restart that lost the hash). */
    public void putMembers(String instance, Map<String, String> nickToJoined) {
        if (!nickToJoined.isEmpty()) {
            jedis.hset(membersKey(instance), nickToJoined);
            jedis.pexpire(membersKey(instance), MEMBERS_TTL_MILLIS);
        }
    }

    public void addMember(String instance, String nick, long nowMillis) {
        jedis.hset(membersKey(instance), nick, String.valueOf(nowMillis));
        jedis.pexpire(membersKey(instance), MEMBERS_TTL_MILLIS);
    }

    public void removeMember(String instance, String nick) {
        jedis.hdel(membersKey(instance), nick);
    }

    /** The instances whose heartbeat is newer than {@link #SERVER_STALE_MILLIS}. */
    public List<String> liveServers(long nowMillis) {
        return jedis.zrangeByScore(serversKey(), nowMillis - SERVER_STALE_MILLIS, Double.POSITIVE_INFINITY);
    }

    /** The instances whose heartbeat is older than {@link #SERVER_STALE_MILLIS}: they stopped (or crashed). */
    public List<String> staleServers(long nowMillis) {
        return jedis.zrangeByScore(serversKey(), Double.NEGATIVE_INFINITY, nowMillis - SERVER_STALE_MILLIS - 1);
    }

    /** Every member of every live server: nickname to its server instance. */
    public Map<String, String> members(long nowMillis) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String instance : liveServers(nowMillis)) {
            for (String nick : jedis.hkeys(membersKey(instance))) {
                all.putIfAbsent(nick, instance);
            }
        }
        return all;
    }

    /**
     * Takes over a stale server: ZREM says which of the servers that noticed it wins (only one gets 1), and the
     * winner reads its member hash and deletes it. Returns the nicknames it had, or null if another server won.
     */
    public Set<String> takeOver(String staleInstance) {
        if (jedis.zrem(serversKey(), staleInstance) != 1) {
            return null;
        }
        Set<String> nicks = new HashSet<>(jedis.hkeys(membersKey(staleInstance)));
        jedis.del(membersKey(staleInstance));
        return nicks;
    }

    /** A graceful stop: this instance leaves the server set and its member hash goes. */
    public void leave(String instance) {
        jedis.zrem(serversKey(), instance);
        jedis.del(membersKey(instance));
    }

    @Override
    public void close() {
        try {
            jedis.close();
        } catch (RuntimeException alreadyBroken) {
            // a broken connection is closed anyway
        }
    }
}
