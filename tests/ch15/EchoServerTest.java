package ch15;

import ch14.RecordingListener;
import ch14.CoreClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.io.EchoListener;
import wsfs.protocol.Message;
import wsfs.protocol.ReadyState;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;

/** Our client and our server over loopback: the echo, the connection registry, close from either side. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoServerTest {
    WebSocketServer server;

    @BeforeEach
    void start() throws Exception {
        server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener());
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    @Test
    void urlNamesTheLoopbackAddressAndThePort() {
        assertEquals("ws://127.0.0.1:" + server.port() + "/", server.url());
        assertTrue(server.port() > 0);
    }

    @Test
    void echoesTextAndBinaryAndFragmentedMessages() throws Exception {
        RecordingListener events = new RecordingListener();
        WebSocketConnection c = CoreClient.connect(server.url(), events);
        c.sendText("Hello, 世界");
        assertEquals(Message.text("Hello, 世界"), events.nextMessage());
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        c.sendBinary(bytes);
        assertArrayEquals(bytes, ((Message.Binary) events.nextMessage()).data().toByteArray());
        c.sendFragmented(Message.text("a fragmented message"), 3);
        assertEquals(Message.text("a fragmented message"), events.nextMessage());
        c.ping("still there?".getBytes(StandardCharsets.UTF_8));
        assertEquals("still there?", new String(events.pongs.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        c.close(CloseCode.NORMAL_CLOSURE, "done");
        // Section 5.5.1: the answer "typically echos the status code it received"; our server echoes the code only.
        assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), events.awaitClose());
        assertEquals(ReadyState.CLOSED, c.readyState());
    }

    @Test
    void theServerKnowsItsOpenConnectionsAndBroadcasts() throws Exception {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        WebSocketConnection ca = CoreClient.connect(server.url(), a);
        WebSocketConnection cb = CoreClient.connect(server.url(), b);
        // The server registers a connection right after its handshake; the echo proves both are in.
        ca.sendText("a");
        cb.sendText("b");
        assertEquals(Message.text("a"), a.nextMessage());
        assertEquals(Message.text("b"), b.nextMessage());
        assertEquals(2, server.connections().size());
        assertEquals(2, server.broadcast(Message.text("to everyone")));
        assertEquals(Message.text("to everyone"), a.nextMessage());
        assertEquals(Message.text("to everyone"), b.nextMessage());
        ca.close(CloseCode.NORMAL_CLOSURE, "");
        a.awaitClose();
        cb.sendText("sync");
        assertEquals(Message.text("sync"), b.nextMessage());
        assertEquals(1, server.broadcast(Message.binary(new byte[] {7})), "only the open connection gets it");
        assertEquals(Message.binary(new byte[] {7}), b.nextMessage());
    }

    @Test
    void theServerCanCloseAConnection() throws Exception {
        RecordingListener events = new RecordingListener();
        WebSocketConnection c = CoreClient.connect(server.url(), events);
        c.sendText("x");
        events.nextMessage();
        server.connections().getFirst().close(CloseCode.of(4001), "server says bye");
        assertEquals(new CloseEvent(CloseCode.of(4001), "server says bye", true), events.awaitClose());
    }
}
