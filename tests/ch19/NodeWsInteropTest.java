package ch19;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.InteropExchange;
import wsfs.conformance.PeerProcess;

/**
 * Our client with a server made with Node's ws package (tests/ch19/peers/ws_server.js; ws pinned in
 * tests/ch19/peers/package.json and installed by ./course with npm ci). Fails, saying how to install it, if
 * node or ws is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeWsInteropTest {
    static PeerProcess peerServer;

    @BeforeAll
    static void start() throws Exception {
        String node = Peers.node();
        peerServer = PeerProcess.startServer(List.of(node, "ws_server.js", "0"), Peers.directory(),
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (peerServer != null) {
            peerServer.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> ourClientWithWsServer() throws Exception {
        return Checks.tests("our client -> ws server", InteropExchange.withOurClient(peerServer.url()));
    }
}
