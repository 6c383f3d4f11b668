package ch26;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import wsfs.app.ChatRoomLan;
import wsfs.app.RedisProcess;
import wsfs.app.SharedChatRoom;

/**
 * Several chat servers in this JVM share rooms through one real redis-server (started by the test on a free
 * port, with its own data folder): lines from any server to every member of every server, once, in one order;
 * the join and leave notices and the count across servers; history for a late joiner. Each test has its own room.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedRoomTest {
    static RedisProcess redis;
    final List<AutoCloseable> open = new ArrayList<>();
    String room;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void nameTheRoom(TestInfo test) {
        room = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    SharedChatRoom server(String id) throws Exception {
        SharedChatRoom s = SharedChatRoom.start(ChatRoomLan.loopback(), 0,
                new SharedChatRoom.Options(redis.url(), room, id, List.of()), line -> { });
        open.add(s);
        return s;
    }

    Member join(SharedChatRoom server, String nick) throws Exception {
        Member m = Member.join(nick, server.chatUrl(nick));
        open.add(m);
        return m;
    }

    @Test
    void threeServersLinesFromAnyReachEveryMemberOnceInOneOrder() throws Exception {
        SharedChatRoom a = server("a");
        SharedChatRoom b = server("b");
        SharedChatRoom c = server("c");
        List<Member> members = new ArrayList<>();
        SharedChatRoom[] homes = {a, a, b, c};
        for (int i = 0; i < homes.length; i++) {
            Member m = join(homes[i], "m" + i);
            members.add(m);
            for (Member earlier : members) {          // everyone so far hears the join, with the count over servers
                earlier.await("* m" + i + " joined (" + members.size() + " in the room)");
            }
        }
        int perMember = 40;
        List<Thread> speakers = new ArrayList<>();
        for (Member m : members) {
            speakers.add(Thread.ofVirtual().start(() -> {
                for (int k = 0; k < perMember; k++) {
                    m.send("line " + k);
                }
            }));
        }
        for (Thread t : speakers) {
            t.join(10_000);
        }
        int total = perMember * members.size();
        List<String> first = members.getFirst().chatLines(total);
        assertEquals(total, new HashSet<>(first).size(), "every line once: " + first);
        for (Member m : members) {
            List<String> order = m == members.getFirst() ? first : m.chatLines(total);
            assertEquals(first, order, m.nick + " saw another order than m0");
            for (Member speaker : members) {          // and each speaker's lines in the order it sent them
                List<String> own = order.stream().filter(l -> l.startsWith(speaker.nick + ": ")).toList();
                List<String> expected = new ArrayList<>();
                for (int k = 0; k < perMember; k++) {
                    expected.add(speaker.nick + ": line " + k);
                }
                assertEquals(expected, own);
            }
        }
        assertEquals(a.transcript(), b.transcript().subList(b.transcript().size() - a.transcript().size(), b.transcript().size()),
                "server a delivered what b delivered since a started, in b's order");
    }

    @Test
    void joinLeaveAndTheCountWorkAcrossServers() throws Exception {
        SharedChatRoom a = server("a");
        SharedChatRoom b = server("b");
        Member ann = join(a, "ann");
        ann.await("* ann joined (1 in the room)");
        Member bob = join(b, "bob");
        bob.await("* bob joined (2 in the room)");
        ann.await("* bob joined (2 in the room)");
        Member ann2 = join(b, "ann");                 // the nickname is taken on the other server
        ann2.await("* ann-2 joined (3 in the room)");
        ann.await("* ann-2 joined (3 in the room)");
        bob.close();
        ann.await("* bob left (2 in the room)");
        ann2.await("* bob left (2 in the room)");
        assertEquals(List.of("ann"), a.localMembers());
        assertEquals(List.of("ann-2"), b.localMembers());
    }

    @Test
    void aLateJoinerOnAnotherServerGetsTheRecentLinesThenItsJoin() throws Exception {
        SharedChatRoom a = server("a");
        SharedChatRoom b = server("b");
        Member ann = join(a, "ann");
        ann.await("* ann joined (1 in the room)");
        int sent = SharedChatRoom.HISTORY + 5;
        for (int k = 0; k < sent; k++) {
            ann.send("old " + k);
        }
        ann.await("ann: old " + (sent - 1));
        Member late = join(b, "late");
        List<String> before = late.await("* late joined (2 in the room)");
        List<String> expected = new ArrayList<>();
        for (int k = sent - SharedChatRoom.HISTORY; k < sent; k++) {
            expected.add("ann: old " + k);
        }
        assertEquals(expected, before, "the last " + SharedChatRoom.HISTORY + " lines, oldest first, then the join");
        ann.send("new");
        assertEquals("ann: new", late.next(), "then the live lines, none twice");
    }
}
