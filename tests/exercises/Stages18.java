package exercises;

import wsfs.app.ChatRoom;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static exercises.Stage.challenge;

/**
 * Chapter 18's challenge (no exercises: the chat room is built from chapter 15's server): the room carries text
 * only, and a member who breaks that rule is closed with 1003 while the others go on chatting. Runs on the
 * course's ChatRoom, or on the workspace's if the learner changed it.
 */
final class Stages18 {
    private Stages18() {
    }

    /** One member of the room, as a client that queues every line it hears and remembers how it was closed. */
    record Member(String nick, WebSocketConnection connection, LinkedBlockingQueue<String> heard, CompletableFuture<CloseEvent> closed) {
        static Member join(ChatRoom room, String nick) throws Exception {
            LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
            CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
            WebSocketConnection c = WebSocketClient.connect(room.chatUrl(nick), new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection conn, String text) {
                    heard.add(text);
                }

                @Override
                public void onClose(WebSocketConnection conn, CloseEvent event) {
                    closed.complete(event);
                }
            });
            return new Member(nick, c, heard, closed);
        }

        /** Waits (at most 5 s) for the next line and checks it. */
        void hears(String doing, String line) throws InterruptedException {
            String got = heard.poll(5, TimeUnit.SECONDS);
            Expect.equal(doing + ": the next line " + nick + " hears", line, got == null ? "nothing within 5 s" : got);
        }

        CloseEvent closeEvent(String doing) throws Exception {
            try {
                return closed.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new StageFailure(doing, "a Close frame from the room", "the connection of " + nick + " is still open after 5 s");
            }
        }
    }

    static List<Stage> stages() {
        return List.of(
                challenge("18-text-only", "a member who sends binary is closed with 1003; the others keep chatting",
                        "RFC 6455 section 7.4.1: 1003, an endpoint received a type of data it cannot accept (the room carries text only)",
                        "ChatRoom's listener: onBinary closes that member with CloseCode.UNSUPPORTED_DATA; onClose says who left, to everyone still there.", () -> {
                            try (ChatRoom room = ChatRoom.start(0)) {
                                Member ann = Member.join(room, "ann");
                                ann.hears("ann joins", "* ann joined (1 in the room)");
                                Member bob = Member.join(room, "bob");
                                ann.hears("bob joins", "* bob joined (2 in the room)");
                                bob.hears("bob joins", "* bob joined (2 in the room)");
                                String doing = "bob sends a binary message 01 02 03";
                                bob.connection().sendBinary(new byte[] {1, 2, 3});
                                Expect.equal(doing + ": the close code bob receives", CloseCode.UNSUPPORTED_DATA, bob.closeEvent(doing).code());
                                ann.hears(doing, "* bob left (1 in the room)");
                                ann.connection().sendText("still here");
                                ann.hears("then ann sends \"still here\"", "ann: still here");
                                Expect.equal("the room's members() after bob was closed", List.of("ann"), room.members());
                                ann.connection().close(CloseCode.NORMAL_CLOSURE, "");
                                ann.closeEvent("ann closes");
                            }
                        }));
    }
}
