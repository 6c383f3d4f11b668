package ch14;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.EchoListener;
import wsfs.io.ServerCore;
import wsfs.io.ServerHooks;
import wsfs.io.WebSocketConnection;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.ReadyState;

/**
 * The server core alone, with no hooks (the first part of chapter 14's server, before the limits, pages and
 * shutdown of operating one): it echoes, refuses unknown paths with 404, answers a plain GET with 426, and
 * {@code close()} ends every connection at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerCoreTest {
    record Settings(Limits limits, HandshakePolicy handshake, Duration handshakeTimeout,
                    java.util.function.Consumer<String> log) implements ServerCore.Settings {
    }

    final List<String> log = new CopyOnWriteArrayList<>();
    final Settings settings = new Settings(Limits.defaults(), HandshakePolicy.defaults(), Duration.ofSeconds(5), log::add);

    ServerCore start() throws Exception {
        return ServerCore.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), settings,
                request -> request.target().equals("/echo") ? new EchoListener() : null, ServerHooks.NONE);
    }

    @Test
    void aBareCoreEchoesAndCloseEndsItsConnections() throws Exception {
        try (ServerCore core = start()) {
            assertEquals("ws://127.0.0.1:" + core.port() + "/", core.url());
            RecordingListener events = new RecordingListener();
            WebSocketConnection c = CoreClient.connect(core.url() + "echo", events);
            c.sendText("hello");
            assertEquals(Message.text("hello"), events.nextMessage());
            assertEquals(1, core.connections().size());
            core.close();
            events.awaitClose(); // the TCP connection ended under it: no closing handshake in a bare core
            assertEquals(ReadyState.CLOSED, c.readyState());
            assertTrue(!core.isRunning());
        }
    }

    @Test
    void refusesUnknownPathsAndAnswersPlainRequestsWith426() throws Exception {
        try (ServerCore core = start()) {
            String notFound = RawHttp.exchange(core.port(), RawHttp.UPGRADE);
            assertTrue(notFound.startsWith("HTTP/1.1 404 "), notFound);
            String plain = RawHttp.exchange(core.port(), "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(plain.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), plain);
            assertTrue(plain.contains("\r\nUpgrade: websocket\r\n"), plain);
            assertTrue(log.stream().anyMatch(line -> line.contains("404")), log.toString());
        }
    }
}
