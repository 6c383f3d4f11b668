package ch19;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import wsfs.app.InteropEcho;
import wsfs.conformance.InteropExchange;
import wsfs.io.WebSocketServer;

/** Our server with the JDK's own client, java.net.http.WebSocket; and, as a baseline, our client with our server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkClientInteropTest {
    static WebSocketServer server;

    @BeforeAll
    static void start() throws Exception {
        server = WebSocketServer.start(0, WebSocketServer.Options.defaults(), new InteropEcho());
    }

    @AfterAll
    static void stop() {
        server.shutdown();
    }

    @TestFactory
    Stream<DynamicTest> jdkClientWithOurServer() throws Exception {
        return Checks.tests("JDK client -> our server", InteropExchange.withJdkClient(server.url()));
    }

    @TestFactory
    Stream<DynamicTest> ourClientWithOurServer() throws Exception {
        return Checks.tests("our client -> our server", InteropExchange.withOurClient(server.url()));
    }
}
