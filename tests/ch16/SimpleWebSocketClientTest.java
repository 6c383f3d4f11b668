package ch16;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import ch14.RecordingListener;
import wsfs.protocol.CloseCode;
import wsfs.io.EchoListener;
import wsfs.protocol.HttpRequest;
import wsfs.io.SimpleWebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;

/** The MicroPython-style client of "WebSocket 通信": connect(url, headers, debug), send, recv (null at the end), close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimpleWebSocketClientTest {

    @Test
    void recvReturnsMessagesThenNullOnceTheServerCloses() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener())) {
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(server.url());
            client.send("one");
            client.send("");
            assertEquals("one", client.recv());
            assertEquals("", client.recv(), "an empty message is a message, not the end");
            server.connections().getFirst().close(CloseCode.NORMAL_CLOSURE, "that's all");
            assertNull(client.recv());
            assertNull(client.recv(), "and null again on every later call");
            assertEquals(new wsfs.protocol.CloseEvent(wsfs.protocol.CloseCode.NORMAL_CLOSURE, "that's all", true), client.closeEvent());
        }
    }

    @Test
    void theDocumentsReceivingThreadExampleWorks() throws Exception {
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener())) {
            List<String> printed = new CopyOnWriteArrayList<>();
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(server.url(), null, false);
            LinkedBlockingQueue<String> firstEcho = new LinkedBlockingQueue<>();
            Thread receiver = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        String data = client.recv();
                        printed.add("recv_data = " + data);
                        if (data == null) {
                            printed.add("cli close");
                            client.close();
                            break;
                        }
                        firstEcho.add(data);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            client.send("this is a test msg");
            assertEquals("this is a test msg", firstEcho.poll(10, TimeUnit.SECONDS));
            client.close();
            receiver.join(10_000);
            assertEquals(List.of("recv_data = this is a test msg", "recv_data = null", "cli close"), printed);
            assertEquals(CloseCode.NORMAL_CLOSURE, client.closeEvent().code());
        }
    }

    @Test
    void aBinaryMessageClosesTheTextOnlyClientWith1003() throws Exception {
        RecordingListener serverSide = new RecordingListener() {
            @Override
            public void onOpen(WebSocketConnection c) {
                c.sendBinary(new byte[] {1, 2, 3});
            }
        };
        try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), serverSide)) {
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(server.url());
            assertNull(client.recv());
            assertEquals(CloseCode.UNSUPPORTED_DATA, serverSide.awaitClose().code(), "the server got our Close with 1003");
        }
    }

    @Test
    void headersReachTheServerAndDebugPrintsTheWire() throws Exception {
        LinkedBlockingQueue<HttpRequest> requests = new LinkedBlockingQueue<>();
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults(), request -> {
                    requests.add(request);
                    return new EchoListener();
                })) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream debug = new PrintStream(captured, true, StandardCharsets.UTF_8);
            SimpleWebSocketClient client = SimpleWebSocketClient.connect(server.url() + "room?x=1",
                    Map.of("X-Device", "esp32"), debug);
            client.send("Hello");
            assertEquals("Hello", client.recv());
            client.close();
            HttpRequest request = requests.poll(10, TimeUnit.SECONDS);
            assertEquals("/room?x=1", request.target());
            assertEquals("esp32", request.headers().first("X-Device").orElseThrow());
            String out = captured.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("GET /room?x=1 HTTP/1.1"), out);
            assertTrue(out.contains("X-Device: esp32"), out);
            assertTrue(out.contains("HTTP/1.1 101 Switching Protocols"), out);
            assertTrue(out.contains("-> text, 5 bytes, masked: \"Hello\""), out);
            assertTrue(out.contains("masking key"), out);
            assertTrue(out.contains("<- text, 5 bytes: \"Hello\""), out);
            assertTrue(out.contains("-> close, 2 bytes, masked: code 1000"), out);
            assertTrue(out.contains("<- close, 2 bytes: code 1000"), out);
        }
    }
}
