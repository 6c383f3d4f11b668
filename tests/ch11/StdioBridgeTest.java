package ch11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.io.SimpleWebSocketClient;
import wsfs.app.StdioBridge;
import wsfs.io.WebSocketServer;

/** websocketd with our server: a process per connection, stdout lines become messages, messages become stdin lines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StdioBridgeTest {

    @Test
    void eachMessageIsALineOnStdinAndEachStdoutLineIsAMessage() throws Exception {
        StdioBridge bridge = new StdioBridge(List.of("sh", "-c", "while read line; do echo \"you said: $line\"; done"));
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), bridge)) {
            SimpleWebSocketClient a = SimpleWebSocketClient.connect(server.url());
            SimpleWebSocketClient b = SimpleWebSocketClient.connect(server.url());
            a.send("hello");
            b.send("héllo, 世界");
            assertEquals("you said: hello", a.recv());
            assertEquals("you said: héllo, 世界", b.recv(), "each connection has its own process");
            a.close();
            assertEquals(CloseCode.NORMAL_CLOSURE, a.closeEvent().code());
            b.send("still here");
            assertEquals("you said: still here", b.recv());
            b.close();
        }
    }

    @Test
    void whenTheProgramExitsTheConnectionClosesWith1000() throws Exception {
        StdioBridge bridge = new StdioBridge(List.of("sh", "-c", "for i in 1 2 3; do echo $i; done"));
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), bridge)) {
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(server.url());
            assertEquals("1", client.recv());
            assertEquals("2", client.recv());
            assertEquals("3", client.recv());
            assertNull(client.recv());
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "the program exited with status 0", true), client.closeEvent());
        }
    }
}
