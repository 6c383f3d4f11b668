package ch15;

import ch14.CoreClient;
import ch14.ServeProcess;
import ch14.RecordingListener;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.io.WebSocketConnection;

/**
 * The echo mode that benchmarks and conformance tools use: {@code 15_Operating.java serve --port 0} prints one
 * ready line with its port, echoes messages of 64 MiB, and on SIGTERM closes its clients with 1001.
 * The script's class is compiled into target/classes by Maven, so the test runs it with plain java.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoModeTest {

    @Test
    void serveEchoes64MiBAndClosesWith1001OnSigterm() throws Exception {
        try (ServeProcess serve = ServeProcess.start(0, "Operating", "serve", "--port", "0")) {
            String url = serve.awaitUrl(Duration.ofSeconds(20));
            assertTrue(url.matches("ws://127\\.0\\.0\\.1:\\d+/"), url);
            assertEquals(1, serve.lines().size(), "exactly one line when ready: " + serve.lines());
            RecordingListener events = new RecordingListener();
            long big = 64 * Limits.MiB;
            WebSocketConnection c = CoreClient.connect(url, Limits.defaults().withMaxFramePayload(big).withMaxMessageSize(big), events);
            c.sendText("hello");
            assertEquals(Message.text("hello"), events.nextMessage());
            byte[] payload = new byte[(int) big];
            payload[0] = 1;
            payload[payload.length - 1] = 2;
            c.sendBinary(payload);
            assertArrayEquals(payload, ((Message.Binary) events.nextMessage()).data().toByteArray());

            serve.close(); // SIGTERM: the shutdown hook closes every client with 1001
            CloseEvent closed = events.awaitClose();
            assertEquals(CloseCode.GOING_AWAY, closed.code());
            assertTrue(closed.wasClean(), closed.toString());
        }
    }
}
