package exercises;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import wsfs.app.RedisProcess;
import wsfs.app.RoomStream;
import wsfs.app.SharedChatRoom;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static exercises.Stage.challenge;

/**
 * Chapter 26's checked challenge (no exercises: the shared room is built from chapter 18's): exactly once. A server
 * whose connection to Redis broke after Redis took an XADD but before the reply adds the entry again, with the same
 * message id; every reader must deliver it once. Runs on the course's SharedChatRoom (or the workspace's), with a
 * redis-server of its own (it must be installed: ./course test installs it).
 */
final class Stages26 {
    private Stages26() {
    }

    static String next(LinkedBlockingQueue<String> heard, String doing) throws InterruptedException {
        String got = heard.poll(5, TimeUnit.SECONDS);
        return got == null ? "nothing within 5 s (" + doing + ")" : got;
    }

    static List<Stage> stages() {
        return List.of(
                challenge("26-exactly-once", "an entry added twice with the same message id (a retried XADD) reaches each member once",
                        "chapter 26: XADD is at least once when a connection breaks; the readers drop a second copy by its mid",
                        "SharedChatRoom's reader remembers the mids it delivered (recentMids) and skips an entry whose mid it has seen.", () -> {
                            if (RedisProcess.program().isEmpty()) {
                                throw new StageFailure("starting redis-server", "redis-server installed", RedisProcess.MISSING);
                            }
                            try (RedisProcess redis = RedisProcess.start();
                                 SharedChatRoom room = SharedChatRoom.start(0, redis.url(), "check")) {
                                LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
                                WebSocketConnection ann = WebSocketClient.connect(room.chatUrl("ann"), new WebSocketListener() {
                                    @Override
                                    public void onText(WebSocketConnection c, String text) {
                                        heard.add(text);
                                    }
                                });
                                Expect.equal("ann joins", "* ann joined (1 in the room)", next(heard, "ann joins"));
                                try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                                    String key = "wsfs:{lobby}:stream";
                                    Map<String, String> entry = Map.of("kind", "line", "line", "zed: once, please",
                                            "from", "zed-1", "mid", "zed-1:7");
                                    jedis.xadd(key, StreamEntryID.NEW_ENTRY, entry);
                                    jedis.xadd(key, StreamEntryID.NEW_ENTRY, entry);       // the retry
                                    jedis.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("kind", "line", "line", "zed: and then this",
                                            "from", "zed-1", "mid", "zed-1:8"));
                                }
                                String doing = "the same entry (mid zed-1:7) added twice, then another";
                                Expect.equal(doing + ": the next line ann hears", "zed: once, please", next(heard, doing));
                                Expect.equal(doing + ": the line after it", "zed: and then this", next(heard, doing));
                                ann.close();
                                ann.awaitClosed(java.time.Duration.ofSeconds(5));
                                Expect.equal("the stream key of the room", "wsfs:{lobby}:stream",
                                        new RoomStream(redis.url(), "lobby", 1000).streamKey());
                            }
                        }));
    }
}
