package ch19;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import wsfs.app.InteropEcho;
import wsfs.conformance.InteropExchange;
import wsfs.conformance.PeerProcess;
import wsfs.io.WebSocketServer;

/**
 * Python's websockets package (pinned in ./course) in both directions: our client with its server
 * (tests/ch19/peers/websockets_server.py), and its client (websockets_client.py) with our server.
 * The Python comes from COURSE_PYTHON or the project's .venv; if it is missing, every test here fails and says
 * how to install it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PythonWebsocketsInteropTest {
    static String python;
    static Path peers;
    static PeerProcess peerServer;
    static WebSocketServer ourServer;

    @BeforeAll
    static void start() throws Exception {
        python = Peers.python();
        peers = Peers.directory();
        peerServer = PeerProcess.startServer(List.of(python, "websockets_server.py", "0"), peers, Duration.ofSeconds(30));
        ourServer = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new InteropEcho());
    }

    @AfterAll
    static void stop() {
        if (peerServer != null) {
            peerServer.close();
        }
        if (ourServer != null) {
            ourServer.shutdown();
        }
    }

    @TestFactory
    Stream<DynamicTest> ourClientWithWebsocketsServer() throws Exception {
        return Checks.tests("our client -> websockets server", InteropExchange.withOurClient(peerServer.url()));
    }

    @TestFactory
    Stream<DynamicTest> websocketsClientWithOurServer() throws Exception {
        try (PeerProcess client = PeerProcess.run(List.of(python, "websockets_client.py", ourServer.url()), peers,
                Duration.ofSeconds(60))) {
            List<InteropExchange.Check> checks = Checks.fromLines(client.lines());
            DynamicTest exit = DynamicTest.dynamicTest("websockets client exited with 0",
                    () -> assertEquals(0, client.exitValue(), client.output()));
            return Stream.concat(Stream.of(exit), Checks.tests("websockets client -> our server", checks));
        }
    }
}
