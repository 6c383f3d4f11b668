package ch26;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.ChatRoom;
import wsfs.app.ChatRoomLan;
import wsfs.app.RedisProcess;
import wsfs.app.SharedChatRoom;
import wsfs.io.ClientHandshake;
import wsfs.protocol.CloseCode;

/**
 * Faults, each on purpose: one server cut off from Redis while the others go on (it catches up from its last
 * stream id: the gap arrives, in order, once); Redis itself restarted (every server reconnects, and the lines
 * sent meanwhile arrive once, in one order); a member who stops reading on one server (closed with 1008 by its
 * outbox, chapter 14) while the members of the other server chat on without a pause.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultsTest {
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

    SharedChatRoom server(String redisUrl, String id) throws Exception {
        return keep(SharedChatRoom.start(ChatRoomLan.loopback(), 0,
                new SharedChatRoom.Options(redisUrl, "lobby", id, List.of()), line -> log.add(id + ": " + line)));
    }

    @Test
    void aServerCutOffFromRedisTellsItsMembersAndCatchesUpFromItsLastId() throws Exception {
        RedisProcess redis = keep(RedisProcess.start());
        CuttableProxy proxy = keep(new CuttableProxy(redis.port()));
        SharedChatRoom a = server(proxy.url(), "a");          // a reaches Redis through the proxy
        SharedChatRoom b = server(redis.url(), "b");
        Member ann = keep(Member.join("ann", a.chatUrl("ann")));
        ann.await("* ann joined (1 in the room)");
        Member bob = keep(Member.join("bob", b.chatUrl("bob")));
        bob.await("* bob joined (2 in the room)");
        ann.await("* bob joined (2 in the room)");

        proxy.cut();
        ann.await(SharedChatRoom.DEGRADED);
        for (int k = 0; k < 5; k++) {
            bob.send("while a was away " + k);              // b goes on; a cannot read
        }
        ann.send("sent during the outage");                 // waits on a, added when a is back
        assertEquals(List.of("bob: while a was away 0", "bob: while a was away 1", "bob: while a was away 2",
                "bob: while a was away 3", "bob: while a was away 4"), bob.chatLines(5));
        proxy.heal();
        ann.await(SharedChatRoom.BACK);                     // first the notice, then the gap
        List<String> annLines = ann.chatLines(6);
        assertEquals(List.of("bob: while a was away 0", "bob: while a was away 1", "bob: while a was away 2",
                "bob: while a was away 3", "bob: while a was away 4", "ann: sent during the outage"), annLines,
                "the gap replayed in the stream's order, then ann's line");
        assertEquals("ann: sent during the outage", bob.chatLines(1).getFirst());
        ann.send("after");
        assertEquals("ann: after", ann.chatLines(1).getFirst(), "nothing twice: the next line is the new one");
        assertEquals("ann: after", bob.chatLines(1).getFirst());
    }

    @Test
    void redisRestartedEveryServerReconnectsAndNothingIsLostOrTwice() throws Exception {
        RedisProcess redis = keep(RedisProcess.start());
        SharedChatRoom a = server(redis.url(), "a");
        SharedChatRoom b = server(redis.url(), "b");
        Member ann = keep(Member.join("ann", a.chatUrl("ann")));
        ann.await("* ann joined (1 in the room)");
        Member bob = keep(Member.join("bob", b.chatUrl("bob")));
        bob.await("* bob joined (2 in the room)");
        ann.send("before");
        assertEquals("ann: before", bob.chatLines(1).getFirst());
        assertEquals("ann: before", ann.chatLines(1).getFirst());

        redis.stop();                                       // SIGTERM: Redis writes its append-only file and exits
        ann.await(SharedChatRoom.DEGRADED);
        bob.await(SharedChatRoom.DEGRADED);
        for (int k = 0; k < 3; k++) {
            ann.send("ann during " + k);
            bob.send("bob during " + k);
        }
        redis.restart();                                    // same port, same folder: the stream is still there
        ann.await(SharedChatRoom.BACK);
        bob.await(SharedChatRoom.BACK);
        List<String> annSaw = ann.chatLines(6);
        List<String> bobSaw = bob.chatLines(6);
        assertEquals(annSaw, bobSaw, "one order for both servers");
        assertEquals(6, new HashSet<>(annSaw).size(), "each line once: " + annSaw);
        assertEquals(List.of("ann: ann during 0", "ann: ann during 1", "ann: ann during 2"),
                annSaw.stream().filter(l -> l.startsWith("ann: ")).toList());
        ann.send("after");
        assertEquals("ann: after", bob.chatLines(1).getFirst());
        assertEquals("ann: after", ann.chatLines(1).getFirst());
        assertTrue(a.transcript().contains("ann: before") && b.transcript().contains("ann: before"));
    }

    @Test
    void aSlowMemberOnOneServerIsClosedAndDoesNotSlowTheOtherServer() throws Exception {
        RedisProcess redis = keep(RedisProcess.start());
        SharedChatRoom a = server(redis.url(), "a");
        SharedChatRoom b = server(redis.url(), "b");
        Member ann = keep(Member.join("ann", a.chatUrl("ann")));
        ann.await("* ann joined (1 in the room)");
        Member bob = keep(Member.join("bob", b.chatUrl("bob")));
        bob.await("* bob joined (2 in the room)");
        Socket slow = keep(new Socket());
        slow.setReceiveBufferSize(4096);                    // a small window, and it never reads
        slow.connect(new InetSocketAddress("127.0.0.1", b.port()), 5000);
        slow.setSoTimeout(10_000);
        ClientHandshake.of("127.0.0.1", b.port(), "/chat?nick=slow", List.of(), Map.of())
                .perform(slow.getInputStream(), slow.getOutputStream());
        ann.await("* slow joined (3 in the room)");
        bob.await("* slow joined (3 in the room)");
        // 2,000 lines of 3,000 characters: 6 MB for the slow member, more than its TCP buffers and its outbox
        // (ChatRoom.MAX_OUTBOX) hold together.
        long worst = 0;
        for (int i = 0; i < 2000; i++) {
            Member speaker = i % 2 == 0 ? ann : bob;
            String text = ("line " + i + " ").repeat(600).substring(0, 3000);
            long sent = System.nanoTime();
            speaker.send(text);
            String line = speaker.nick + ": " + text;
            for (Member m : List.of(ann, bob)) {
                m.await(line);
                worst = Math.max(worst, System.nanoTime() - sent);
            }
        }
        long worstMillis = TimeUnit.NANOSECONDS.toMillis(worst);
        System.out.println("scale-out stall: the worst delay of a line to the two reading members was " + worstMillis + " ms");
        assertTrue(worstMillis < 2000, "a line took " + worstMillis + " ms to reach a reading member");
        ann.await("* slow left (2 in the room)");
        assertFalse(b.localMembers().contains("slow"), "the member who never reads is closed (1008, its outbox overflowed)");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("b: ") && l.contains(String.valueOf(CloseCode.POLICY_VIOLATION.code()))),
                "server b's log says it closed the slow member with 1008 (its outbox of " + ChatRoom.MAX_OUTBOX
                        + " bytes overflowed): " + log);
    }
}
