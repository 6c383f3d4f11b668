package ch15;

import ch14.CoreClient;
import ch14.RecordingListener;
import ch14.RawHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.io.ByteStreams;
import wsfs.protocol.CloseEvent;
import wsfs.io.EchoListener;
import wsfs.view.HexDump;
import wsfs.protocol.Message;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketServer;

/** Shutdown sends 1001 to every client, waits for the closing handshakes, and is bounded in time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {

    @Test
    void everyClientGets1001AndAnswers() throws Exception {
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new EchoListener());
        List<RecordingListener> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RecordingListener l = new RecordingListener();
            WebSocketConnection c = CoreClient.connect(server.url(), l);
            c.sendText("hi");
            assertEquals(Message.text("hi"), l.nextMessage());
            clients.add(l);
        }
        assertEquals(5, server.shutdown(), "all five finished the closing handshake in time");
        for (RecordingListener l : clients) {
            assertEquals(new CloseEvent(CloseCode.GOING_AWAY, "server shutting down", true), l.awaitClose());
        }
        assertThrows(IOException.class, () -> CoreClient.connect(server.url(), new RecordingListener()),
                "no new connections after shutdown");
        assertEquals(0, server.shutdown(), "a second shutdown does nothing");
    }

    @Test
    void aClientThatNeverAnswersIsCutOffAfterTheShutdownTimeout() throws Exception {
        RecordingListener serverSide = new RecordingListener();
        WebSocketServer server = WebSocketServer.start(0,
                WebSocketServer.Options.defaults().withShutdownTimeout(Duration.ofMillis(500)), serverSide);
        try (Socket mute = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            mute.setSoTimeout(10_000);
            OutputStream out = mute.getOutputStream();
            out.write(RawHttp.UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = mute.getInputStream();
            String status = ByteStreams.readLine(in, 1000);
            assertEquals("HTTP/1.1 101 Switching Protocols", status);
            while (!ByteStreams.readLine(in, 1000).isEmpty()) {
                // the rest of the head
            }
            // The server's listener hears onOpen once the connection is registered and running.
            assertTrue(serverSide.opened.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            assertEquals(0, server.shutdown(), "the mute client never answers the Close");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 3000, "shutdown took " + took + " ms");
            byte[] close = ByteStreams.readExactly(in, 2);
            assertEquals("88", HexDump.hex(close, 0, 1), "a Close frame, unmasked (from the server)");
            byte[] payload = ByteStreams.readExactly(in, close[1]);
            assertEquals(1001, ((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
            assertEquals(-1, in.read(), "then the server closed the TCP connection");
        }
    }
}
