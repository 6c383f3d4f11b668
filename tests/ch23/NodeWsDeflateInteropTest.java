package ch23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch19.Peers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

/** Node's ws (pinned in tests/ch19/peers) with perMessageDeflate on, both directions, with and without takeover. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeWsDeflateInteropTest {

    @Test
    void wsClientWithOurServer() throws Exception {
        for (PerMessageDeflate.Options ours : List.of(PerMessageDeflate.Options.defaults(), PerMessageDeflate.Options.noContextTakeover())) {
            try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    WebSocketServer.Options.defaults().withLimits(wsfs.protocol.Limits.defaults().withMaxMessageSize(8L << 20)),
                    request -> new EchoListener(), DeflateNegotiation.server(ours, line -> { }));
                 PeerProcess client = PeerProcess.run(List.of(Peers.node(), "ws_deflate.js", "client", server.url()),
                         PythonDeflateInteropTest.peers(), Duration.ofSeconds(45))) {
                assertEquals(0, client.exitValue(), client.output());
                // ws offers "permessage-deflate; client_max_window_bits"; we answer without a window limit.
                String answer = ours.serverNoContextTakeover()
                        ? "permessage-deflate; server_no_context_takeover; client_no_context_takeover" : "permessage-deflate";
                assertTrue(client.lines().contains("EXTENSIONS " + answer), client.output());
                assertTrue(client.output().contains("DONE passed=211 failed=0"), client.output());
            }
        }
    }

    @Test
    void ourClientWithWsServer() throws Exception {
        try (PeerProcess server = PeerProcess.startServer(List.of(Peers.node(), "ws_deflate.js", "server", "0"),
                PythonDeflateInteropTest.peers(), Duration.ofSeconds(30))) {
            assertEquals(DeflateAgreement.defaults(), EchoRun.run(server.url(), PerMessageDeflate.Options.defaults()));
        }
        try (PeerProcess server = PeerProcess.startServer(List.of(Peers.node(), "ws_deflate.js", "server", "0",
                "--no-context-takeover"), PythonDeflateInteropTest.peers(), Duration.ofSeconds(30))) {
            assertEquals(new DeflateAgreement(true, true, 0, 0),
                    EchoRun.run(server.url(), PerMessageDeflate.Options.defaults()));
        }
    }
}
