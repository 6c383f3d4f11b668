package ch26;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch19.Peers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.app.RedisProcess;
import wsfs.conformance.PeerProcess;

/**
 * The "done when": two chat servers started with {@code serve --redis} on one Redis share one room for
 * Python {@code websockets} clients connected to each (tests/ch26/peers/chat_clients.py; the Python of chapter 19).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonClientsTest {

    @Test
    void pythonClientsOnTwoServersShareTheRoom() throws Exception {
        String python = Peers.python();
        try (RedisProcess redis = RedisProcess.start();
             ChatServerProcess one = ChatServerProcess.start("--redis", redis.url(), "--server-id", "one");
             ChatServerProcess two = ChatServerProcess.start("--redis", redis.url(), "--server-id", "two");
             PeerProcess clients = PeerProcess.run(List.of(python, "chat_clients.py",
                     "ws://127.0.0.1:" + one.port + "/chat", "ws://127.0.0.1:" + two.port + "/chat"),
                     Peers.projectRoot().resolve(Path.of("tests", "ch26", "peers")), Duration.ofSeconds(40))) {
            assertEquals(0, clients.exitValue(), clients.output());
            assertTrue(clients.lines().contains("PASS"), clients.output());
            assertTrue(clients.output().contains("bob heard: ann: hello from python on the first server"), clients.output());
            assertTrue(clients.output().contains("ann heard: bob: hi from python on the second server"), clients.output());
        }
    }
}
