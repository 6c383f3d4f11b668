package ch23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch19.Peers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.conformance.PeerProcess;
import wsfs.io.DeflateNegotiation;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.PerMessageDeflate;

/**
 * Python's websockets (pinned in ./course) with permessage-deflate on, both directions, with and without context
 * takeover: 200 JSON chat messages (context takeover at work), texts up to 1 MiB, random bytes, a fragmented message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonDeflateInteropTest {
    static Path peers() {
        return Peers.projectRoot().resolve("tests/ch23/peers");
    }

    void websocketsClientWithOurServer(PerMessageDeflate.Options ours, String flag, String expectedAnswer) throws Exception {
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults(), request -> new EchoListener(), DeflateNegotiation.server(ours, line -> { }))) {
            List<String> command = flag.isEmpty() ? List.of(Peers.python(), "deflate_peer.py", "client", server.url())
                    : List.of(Peers.python(), "deflate_peer.py", "client", server.url(), flag);
            try (PeerProcess client = PeerProcess.run(command, peers(), Duration.ofSeconds(45))) {
                assertEquals(0, client.exitValue(), client.output());
                assertTrue(client.lines().contains("EXTENSIONS " + expectedAnswer), client.output());
                assertTrue(client.output().contains("DONE passed=214 failed=0"), client.output());
            }
        }
    }

    @Test
    void websocketsClientWithOurServerContextTakeover() throws Exception {
        // websockets offers "permessage-deflate; client_max_window_bits"; we need no limit on its window.
        websocketsClientWithOurServer(PerMessageDeflate.Options.defaults(), "", "permessage-deflate");
    }

    @Test
    void websocketsClientWithOurServerNoContextTakeover() throws Exception {
        websocketsClientWithOurServer(PerMessageDeflate.Options.defaults(), "--no-context-takeover",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void ourClientWithWebsocketsServer() throws Exception {
        try (PeerProcess server = PeerProcess.startServer(List.of(Peers.python(), "deflate_peer.py", "server", "0"),
                peers(), Duration.ofSeconds(30))) {
            // websockets answers server_max_window_bits=12: its compressor uses 4 KiB; our Inflater follows.
            DeflateAgreement agreed = EchoRun.run(server.url(), PerMessageDeflate.Options.defaults());
            assertEquals(new DeflateAgreement(false, false, 12, 0), agreed);
        }
    }

    @Test
    void ourClientWithWebsocketsServerNoContextTakeover() throws Exception {
        try (PeerProcess server = PeerProcess.startServer(List.of(Peers.python(), "deflate_peer.py", "server", "0",
                "--no-context-takeover"), peers(), Duration.ofSeconds(30))) {
            DeflateAgreement agreed = EchoRun.run(server.url(), PerMessageDeflate.Options.defaults());
            assertEquals(new DeflateAgreement(true, true, 12, 0), agreed);
        }
    }
}
