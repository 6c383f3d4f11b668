package ch18;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch14.RecordingListener;
import ch14.RawHttp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.app.ChatRoom;
import wsfs.protocol.Message;
import wsfs.io.SimpleWebSocketClient;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;

/** The chat room with our own clients: join and leave notices, one order for everyone, the room's limits. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatRoomTest {
    ChatRoom room;

    @BeforeEach
    void open() throws Exception {
        room = ChatRoom.start(0);
    }

    @AfterEach
    void close() {
        room.close();
    }

    SimpleWebSocketClient join(String nick) throws Exception {
        return SimpleWebSocketClient.connect(room.chatUrl(nick), Map.of(), false);
    }

    @Test
    void everyoneHearsJoinsMessagesAndLeavesInTheSameOrder() throws Exception {
        SimpleWebSocketClient ann = join("ann");
        assertEquals("* ann joined (1 in the room)", ann.recv());
        SimpleWebSocketClient bob = join("bob");
        assertEquals("* bob joined (2 in the room)", ann.recv());
        assertEquals("* bob joined (2 in the room)", bob.recv(), "the newcomer hears its own join");
        ann.send("hi bob");
        bob.send("hi ann");
        // Both speak at once: whatever the order, both hear the same one.
        List<String> annHeard = List.of(ann.recv(), ann.recv());
        List<String> bobHeard = List.of(bob.recv(), bob.recv());
        assertEquals(annHeard, bobHeard);
        assertTrue(annHeard.containsAll(List.of("ann: hi bob", "bob: hi ann")), annHeard.toString());
        bob.close();
        assertEquals("* bob left (1 in the room)", ann.recv());
        assertEquals(List.of("ann"), room.members());
        List<String> transcript = room.transcript();
        assertEquals(List.of("* ann joined (1 in the room)", "* bob joined (2 in the room)", annHeard.get(0),
                annHeard.get(1), "* bob left (1 in the room)"), transcript);
        ann.close();
    }

    @Test
    void aTakenNicknameGetsANumberAndAnEmptyOneBecomesAGuest() throws Exception {
        SimpleWebSocketClient first = join("ann");
        assertEquals("* ann joined (1 in the room)", first.recv());
        SimpleWebSocketClient second = join("ann");
        assertEquals("* ann-2 joined (2 in the room)", second.recv());
        SimpleWebSocketClient guest = SimpleWebSocketClient.connect("ws://127.0.0.1:" + room.port() + "/chat");
        assertEquals("* guest-1 joined (3 in the room)", guest.recv());
        SimpleWebSocketClient html = join("<b>x</b>\u0007 ");
        assertEquals("* <b>x</b> joined (4 in the room)", html.recv(), "control characters go, markup stays text");
    }

    @Test
    void nicknamesAreDecodedAndCut() {
        assertEquals("ann b", ChatRoom.nickFrom("/chat?x=1&nick=ann%20b"));
        assertEquals("你好", ChatRoom.nickFrom("/chat?nick=%E4%BD%A0%E5%A5%BD"));
        assertEquals("", ChatRoom.nickFrom("/chat"));
        assertEquals("", ChatRoom.nickFrom("/chat?nick=%zz"));
        assertEquals("a".repeat(ChatRoom.MAX_NICK), ChatRoom.nickFrom("/chat?nick=" + "a".repeat(100)));
    }

    @Test
    void binaryMessagesGet1003AndHugeOnes1009() throws Exception {
        RecordingListener binary = new RecordingListener();
        WebSocketConnection b = WebSocketClient.connect(room.chatUrl("bin"), binary);
        b.sendBinary(new byte[] {1});
        assertEquals(CloseCode.UNSUPPORTED_DATA, binary.awaitClose().code());

        RecordingListener huge = new RecordingListener();
        WebSocketConnection h = WebSocketClient.connect(room.chatUrl("huge"), huge);
        assertEquals(Message.text("* huge joined (1 in the room)"), huge.nextMessage());
        h.sendText("x".repeat(ChatRoom.MAX_MESSAGE + 1));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, huge.awaitClose().code());
    }

    @Test
    void thePageIsServedOnTheSamePortAndOtherPathsAreNotARoom() throws Exception {
        String page = RawHttp.exchange(room.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(page.startsWith("HTTP/1.1 200 OK\r\n"), page);
        assertTrue(page.contains("<title>WebSocket from Scratch: chat room</title>"), page);
        String upgradeElsewhere = RawHttp.exchange(room.port(), RawHttp.UPGRADE);
        assertTrue(upgradeElsewhere.startsWith("HTTP/1.1 404 "), upgradeElsewhere);
    }

    @Test
    void pagesFromOtherSitesMayNotJoin() throws Exception {
        String foreign = RawHttp.exchange(room.port(), RawHttp.UPGRADE.replace("GET / ", "GET /chat?nick=eve ")
                .replace("\r\n\r\n", "\r\nOrigin: http://evil.example\r\n\r\n"));
        assertTrue(foreign.startsWith("HTTP/1.1 403 Forbidden\r\n"), foreign);
        String own = RawHttp.UPGRADE.replace("GET / ", "GET /chat?nick=ann ").replace("Host: 127.0.0.1\r\n",
                "Host: 127.0.0.1:" + room.port() + "\r\nOrigin: http://127.0.0.1:" + room.port() + "\r\n");
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), room.port())) {
            socket.getOutputStream().write(own.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertEquals("HTTP/1.1 101 Switching Protocols", wsfs.io.ByteStreams.readLine(socket.getInputStream(), 200));
        }
    }

    @Test
    void closingTheRoomSays1001ToEveryone() throws Exception {
        SimpleWebSocketClient ann = join("ann");
        assertEquals("* ann joined (1 in the room)", ann.recv());
        room.close();
        assertNull(ann.recv());
        assertEquals(CloseCode.GOING_AWAY, ann.closeEvent().code());
    }
}
