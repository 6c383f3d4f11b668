package exercises;

import wsfs.io.ClientHandshake;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.HandshakeFailed;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static exercises.Stage.challenge;

/**
 * Chapter 15's challenge (no exercises: operating a server is built from chapter 14's core): the connection cap
 * counts open connections. At the cap the next upgrade request gets 503 with Retry-After (RFC 6455 section
 * 4.2.2, RFC 9110 section 15.6.4); once a client has gone, a new one is let in. Runs on the course's
 * WebSocketServer, or on the workspace's if the learner changed it.
 */
final class Stages15 {
    private Stages15() {
    }

    /** An upgrade request on a raw socket; the answer's head lines (status line first), up to the blank line. */
    static List<String> upgradeAnswer(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ClientHandshake.of("127.0.0.1", port, "/", List.of(), Map.of()).request().toBytes());
            s.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new java.util.ArrayList<>();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                lines.add(line);
            }
            return lines;
        }
    }

    static List<Stage> stages() {
        return List.of(
                challenge("15-cap-retry", "at the cap the next client gets 503 with Retry-After; after one leaves, a new one is let in",
                        "RFC 6455 section 4.2.2 (a server may refuse with any HTTP status) and RFC 9110 section 15.6.4 (503, Retry-After)",
                        "WebSocketServer's ConnectionCap: admit() refuses with 503 and Retry-After once maxConnections are open; "
                                + "release() runs once per admitted connection when it ends, so the count falls again.", () -> {
                            try (WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                                    .withMaxConnections(1).withLog(line -> { }), new EchoListener())) {
                                int port = server.port();
                                Socket first = new Socket(InetAddress.getLoopbackAddress(), port);
                                first.setSoTimeout(5000);
                                try {
                                    ClientHandshake.of("127.0.0.1", port, "/", List.of(), Map.of())
                                            .perform(first.getInputStream(), first.getOutputStream());
                                } catch (HandshakeFailed e) {
                                    throw new StageFailure("the first client's upgrade request", "101 Switching Protocols", e.getMessage());
                                }
                                List<String> second = upgradeAnswer(port);
                                String doing = "a second upgrade request while the first client is connected (maxConnections 1)";
                                Expect.equal(doing + ": the status line", "HTTP/1.1 503 Service Unavailable",
                                        second.isEmpty() ? "no answer" : second.get(0));
                                Expect.isTrue(doing + ": a Retry-After field",
                                        second.stream().anyMatch(l -> l.regionMatches(true, 0, "Retry-After:", 0, 12)),
                                        "Retry-After: N", String.join(" | ", second));
                                first.close();
                                // the count falls when the server has seen the TCP connection end: ask again until then (5 s at most)
                                long deadline = System.nanoTime() + 5_000_000_000L;
                                List<String> third = upgradeAnswer(port);
                                while (!third.isEmpty() && !third.get(0).contains(" 101 ") && System.nanoTime() < deadline) {
                                    third = upgradeAnswer(port);
                                }
                                Expect.equal("upgrade requests after the first client has gone (5 s of tries): the status line",
                                        "HTTP/1.1 101 Switching Protocols", third.isEmpty() ? "no answer" : third.get(0));
                            }
                        }));
    }
}
