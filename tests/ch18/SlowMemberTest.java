package ch18;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.ChatRoom;
import wsfs.io.ClientHandshake;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

/**
 * A chat member who never reads must not stall the room (chapter 18 on chapter 11's outbox): three members chat,
 * a fourth joins and reads nothing (a 4 KiB receive window); every line still reaches the three within a second,
 * and the fourth is closed once its outbox overflows. Before the fix the room stopped as soon as the fourth
 * member's TCP buffers were full, until it left.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowMemberTest {
    record Arrival(String line, long atNanos) {
    }

    private final ChatRoom room;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    SlowMemberTest() throws Exception {
        room = ChatRoom.start(0);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        room.close();
    }

    private WebSocketConnection join(String nick, LinkedBlockingQueue<Arrival> heard) throws Exception {
        return WebSocketClient.connect(room.chatUrl(nick), new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                heard.add(new Arrival(text, System.nanoTime()));
            }
        });
    }

    /** Waits (bounded) for {@code line}, skipping join and leave notices; returns when it arrived. */
    private static long arrival(LinkedBlockingQueue<Arrival> heard, String line) throws InterruptedException {
        while (true) {
            Arrival a = heard.poll(20, TimeUnit.SECONDS);
            if (a == null) {
                throw new AssertionError("no line for 20 s: the room is stalled (waiting for \"" + line.substring(0, 20) + "...\")");
            }
            if (a.line().equals(line)) {
                return a.atNanos();
            }
            assertTrue(a.line().startsWith("* "), "unexpected line " + a.line());
        }
    }

    @Test
    void aMemberWhoNeverReadsIsClosedAndTheOthersKeepChatting() throws Exception {
        String[] nicks = {"ann", "bob", "cat"};
        List<LinkedBlockingQueue<Arrival>> heard = new ArrayList<>();
        List<WebSocketConnection> members = new ArrayList<>();
        for (String nick : nicks) {
            LinkedBlockingQueue<Arrival> q = new LinkedBlockingQueue<>();
            heard.add(q);
            members.add(join(nick, q));
            arrival(q, "* " + nick + " joined (" + members.size() + " in the room)");   // one join at a time
        }
        Socket slow = new Socket();
        toClose.add(slow);
        slow.setReceiveBufferSize(4096);                          // before connect: a small window
        slow.connect(new InetSocketAddress("127.0.0.1", room.port()), 5000);
        slow.setSoTimeout(10_000);
        ClientHandshake.of("127.0.0.1", room.port(), "/chat?nick=slow", List.of(), Map.of())
                .perform(slow.getInputStream(), slow.getOutputStream());
        for (LinkedBlockingQueue<Arrival> q : heard) {           // everybody saw the slow member join
            arrival(q, "* slow joined (4 in the room)");
        }
        // 2,400 lines of 3,000 characters: 7.2 MB for the slow member, more than its TCP buffers (on Linux the
        // server's send buffer grows to 4 MiB, tcp_wmem) and its outbox (ChatRoom.MAX_OUTBOX) hold together.
        long worst = 0;
        for (int i = 0; i < 2400; i++) {
            int speaker = i % 3;
            String text = ("line " + i + " ").repeat(600).substring(0, 3000);
            long sent = System.nanoTime();
            assertTrue(members.get(speaker).sendText(text));
            String line = nicks[speaker] + ": " + text;
            for (LinkedBlockingQueue<Arrival> q : heard) {
                worst = Math.max(worst, arrival(q, line) - sent);
            }
        }
        long worstMillis = TimeUnit.NANOSECONDS.toMillis(worst);
        System.out.println("chat-stall: the worst delay of a line to the three reading members was " + worstMillis + " ms");
        assertTrue(worstMillis < 1000, "a line took " + worstMillis + " ms to reach a reading member");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (room.members().contains("slow") && System.nanoTime() < until) {
            arrival(heard.getFirst(), "* slow left (3 in the room)");   // bounded wait for the notice
        }
        assertFalse(room.members().contains("slow"), "the member who never reads is closed");
        for (WebSocketConnection m : members) {
            m.close();
        }
    }
}
