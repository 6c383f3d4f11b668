package ch15;

import ch14.CoreClient;
import ch14.RecordingListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.io.WebSocketConnection;
import wsfs.protocol.Message;
import wsfs.app.StdioBridge;
import wsfs.io.WebSocketServer;

/** websocketd with our server: a process per connection, stdout lines become messages, messages become stdin lines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StdioBridgeTest {

    @Test
    void eachMessageIsALineOnStdinAndEachStdoutLineIsAMessage() throws Exception {
        StdioBridge bridge = new StdioBridge(List.of("sh", "-c", "while read line; do echo \"you said: $line\"; done"));
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), bridge)) {
            RecordingListener ea = new RecordingListener();
            RecordingListener eb = new RecordingListener();
            WebSocketConnection a = CoreClient.connect(server.url(), ea);
            WebSocketConnection b = CoreClient.connect(server.url(), eb);
            a.sendText("hello");
            b.sendText("héllo, 世界");
            assertEquals(Message.text("you said: hello"), ea.nextMessage());
            assertEquals(Message.text("you said: héllo, 世界"), eb.nextMessage(), "each connection has its own process");
            a.close(CloseCode.NORMAL_CLOSURE, "");
            assertEquals(CloseCode.NORMAL_CLOSURE, ea.awaitClose().code());
            b.sendText("still here");
            assertEquals(Message.text("you said: still here"), eb.nextMessage());
            b.close(CloseCode.NORMAL_CLOSURE, "");
            eb.awaitClose();
        }
    }

    @Test
    void whenTheProgramExitsTheConnectionClosesWith1000() throws Exception {
        StdioBridge bridge = new StdioBridge(List.of("sh", "-c", "for i in 1 2 3; do echo $i; done"));
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), bridge)) {
            RecordingListener events = new RecordingListener();
            CoreClient.connect(server.url(), events);
            assertEquals(Message.text("1"), events.nextMessage());
            assertEquals(Message.text("2"), events.nextMessage());
            assertEquals(Message.text("3"), events.nextMessage());
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "the program exited with status 0", true), events.awaitClose());
        }
    }
}
