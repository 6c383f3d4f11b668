package exercises;

import wsfs.io.BrowserStyleWebSocket;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.CloseEvent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static exercises.Stage.challenge;

/**
 * Chapter 17's challenge (no exercises: the browser's API is a layer over chapter 16's client): close(code, reason)
 * follows the WHATWG standard: 1000 or 3000-4999 only, a reason of at most 123 UTF-8 bytes, and an allowed code
 * reaches the server as it was given. Runs on the course's BrowserStyleWebSocket, or on the workspace's.
 */
final class Stages17 {
    private Stages17() {
    }

    static List<Stage> stages() {
        return List.of(
                challenge("17-close-rules", "close() refuses 1001 and a 124-byte reason, and sends 4000 \"bye\" as it was given",
                        "WHATWG WebSockets Standard, close(code, reason): InvalidAccessError unless 1000 or 3000-4999, SyntaxError"
                                + " for a reason over 123 bytes; RFC 6455 section 5.5: a control frame carries at most 125 bytes",
                        "BrowserStyleWebSocket.close(int, String): check the code, then the reason's UTF-8 length, before anything is"
                                + " queued; then queue the Close behind the messages already waiting.", () -> {
                            CompletableFuture<CloseEvent> serverSaw = new CompletableFuture<>();
                            WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults().withLog(line -> { }),
                                    new WebSocketListener() {
                                        @Override
                                        public void onClose(WebSocketConnection c, CloseEvent event) {
                                            serverSaw.complete(event);
                                        }
                                    });
                            try {
                                CountDownLatch opened = new CountDownLatch(1);
                                CompletableFuture<BrowserStyleWebSocket.CloseEvent> closed = new CompletableFuture<>();
                                BrowserStyleWebSocket ws = new BrowserStyleWebSocket(server.url(), self -> {
                                    self.onopen(e -> opened.countDown());
                                    self.onclose(closed::complete);
                                });
                                Expect.isTrue("connect to the echo server", opened.await(5, TimeUnit.SECONDS), "an open event", "none within 5 s");
                                Expect.equal("ws.close(1001, \"\")", "InvalidAccessError", refusal(() -> ws.close(1001, "")));
                                String reason = "é".repeat(62);
                                Expect.equal("ws.close(3000, a reason of 124 UTF-8 bytes)", "SyntaxError", refusal(() -> ws.close(3000, reason)));
                                Expect.equal("after the refused calls, ws.readyState()", 1, ws.readyState());
                                String doing = "ws.close(4000, \"bye\")";
                                ws.close(4000, "bye");
                                try {
                                    CloseEvent event = serverSaw.get(5, TimeUnit.SECONDS);
                                    Expect.equal(doing + ": the code the server receives", 4000, event.code().code());
                                    Expect.equal(doing + ": the reason the server receives", "bye", event.reason());
                                    BrowserStyleWebSocket.CloseEvent page = closed.get(5, TimeUnit.SECONDS);
                                    Expect.equal(doing + ": the page's close event, wasClean", true, page.wasClean());
                                } catch (TimeoutException e) {
                                    throw new StageFailure(doing, "a closing handshake within 5 s", "none");
                                }
                            } finally {
                                server.shutdown();
                            }
                        }));
    }

    /** "InvalidAccessError" or "SyntaxError" (the DOM exception's name, at the start of the message), or "no exception". */
    static String refusal(Runnable call) {
        try {
            call.run();
            return "no exception";
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains(":") ? m.substring(0, m.indexOf(':')) : m;
        }
    }
}
