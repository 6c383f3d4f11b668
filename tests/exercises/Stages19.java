package exercises;

import wsfs.app.InteropEcho;
import wsfs.io.WebSocketServer;
import wsfs.protocol.HandshakePolicy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static exercises.Stage.challenge;

/**
 * Chapter 19's challenge (no exercises: chapter 19 runs other people's peers against ours): the JDK's own client,
 * java.net.http.WebSocket, an implementation we did not write, agrees with our server on subprotocol negotiation
 * (section 4.2.2) and on the answer to its Close (section 5.5.1). Runs on the course's server, or the workspace's.
 */
final class Stages19 {
    private Stages19() {
    }

    /** What the JDK's client saw: the subprotocol the handshake chose ("" for none), then the server's Close. */
    record Seen(String subprotocol, int closeCode) {
    }

    /** Connects with the JDK's client offering {@code offered}, closes with 4000 "client done", and reports. */
    static Seen withJdkClient(String url, String doing, String... offered) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        try (HttpClient http = HttpClient.newHttpClient()) {
            WebSocket.Builder builder = http.newWebSocketBuilder();
            if (offered.length > 0) {
                builder = builder.subprotocols(offered[0], java.util.Arrays.copyOfRange(offered, 1, offered.length));
            }
            WebSocket ws;
            try {
                ws = builder.buildAsync(URI.create(url), listener).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new StageFailure(doing, "the JDK's client completes the opening handshake",
                        "it refused our server's answer: " + e.getCause());
            }
            String chosen = ws.getSubprotocol();
            ws.sendClose(4000, "client done").get(5, TimeUnit.SECONDS);
            try {
                return new Seen(chosen, closed.get(5, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                throw new StageFailure(doing + ", then the JDK's client sends Close 4000 \"client done\"",
                        "a Close frame in answer", "no Close from the server within 5 s");
            } finally {
                ws.abort();
            }
        }
    }

    static void negotiates(String[] serverSpeaks, String[] clientOffers, String expected) throws Exception {
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                .withHandshake(HandshakePolicy.defaults().withSubprotocols(serverSpeaks)), new InteropEcho());
        try {
            String doing = "a server speaking " + List.of(serverSpeaks) + "; the JDK's client offers Sec-WebSocket-Protocol: "
                    + String.join(", ", clientOffers);
            Seen seen = withJdkClient(server.url(), doing, clientOffers);
            Expect.equal(doing + ": the subprotocol the JDK's client sees (\"\": none)", expected, seen.subprotocol());
            Expect.equal(doing + "; then the JDK's client closes with 4000 \"client done\": the code of the server's answer",
                    4000, seen.closeCode());
        } finally {
            server.shutdown();
        }
    }

    static List<Stage> stages() {
        return List.of(
                challenge("19-jdk-agrees", "the JDK's client and our server agree on subprotocols and on the Close answer",
                        "RFC 6455 section 4.2.2 step 4 /subprotocol/ (one the client offered, or no field at all) and section 5.5.1 (answer a Close, echoing its code)",
                        "ServerHandshake.validate picks the first offered subprotocol the server speaks (HttpResponse sends no field for none); CloseHandshake.closeReceived answers with ClosePayload.of(code).", () -> {
                            negotiates(new String[] {"chat"}, new String[] {"chat.v3", "chat"}, "chat");
                            negotiates(new String[] {"chat", "chat.v2"}, new String[] {"chat.v2", "chat"}, "chat.v2");
                            negotiates(new String[] {}, new String[] {"chat"}, "");
                            negotiates(new String[] {"chat"}, new String[] {}, "");
                        }));
    }
}
