package wsfs.app;

import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.Message;
import wsfs.protocol.OriginPolicy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The browser chat room (chapter 18), the use case the source documents keep coming back to. One server, one
 * port: {@code GET /} is the page ({@link ChatPage}), {@code ws://host:port/chat?nick=NAME} is the room.
 * <ul>
 * <li>On join, everyone (the newcomer included) gets {@code "* NAME joined (N in the room)"}.</li>
 * <li>A text message from NAME goes to everyone, the sender included, as {@code "NAME: text"}: the sender
 *     sees its own line come back, which confirms that the server has it and shows the room's order.</li>
 * <li>On leave (a close, clean or not), the others get {@code "* NAME left (N in the room)"}.</li>
 * <li>The room carries text only: a binary message is closed with 1003 (unsupported data, section 7.4.1),
 *     and a message over {@link #MAX_MESSAGE} bytes with 1009 (too big) by the connection's limits.</li>
 * </ul>
 * Every line the room sends is also kept in {@link #transcript()}, in the order it was sent. Lines are
 * plain text: the page adds them with textContent, so a nickname cannot inject HTML.
 * <p>
 * <b>No member can stall the room.</b> A line is put in every member's outbox under the room's lock (so everyone
 * gets the lines in one order) and each member's own writer thread writes it (chapter 14): the lock is never held
 * while writing. A member who stops reading only fills its own outbox; past {@link #MAX_OUTBOX} bytes it is closed
 * with 1008 and leaves, while the others go on chatting without a pause.
 */
public final class ChatRoom implements AutoCloseable {
    /** Chat lines are short; a paste of a whole book is refused with 1009. */
    public static final int MAX_MESSAGE = 4096;
    /** What may wait for one member: 64 lines of the largest size. A member further behind is not reading. */
    public static final long MAX_OUTBOX = 64L * MAX_MESSAGE;
    /** Nicknames are cut to this many characters. */
    public static final int MAX_NICK = 24;

    private final Map<WebSocketConnection, String> members = new ConcurrentHashMap<>();
    private final Set<String> nicks = ConcurrentHashMap.newKeySet();
    private final List<String> transcript = new ArrayList<>();
    private final AtomicInteger guests = new AtomicInteger();
    private final WebSocketServer server;
    private final String connectHost;

    private ChatRoom(InetSocketAddress address, WebSocketServer.Options options) throws IOException {
        WebSocketServer.Options roomOptions = options
                .withLimits(options.limits().withMaxMessageSize(MAX_MESSAGE).withMaxFramePayload(MAX_MESSAGE)
                        .withMaxOutbox(MAX_OUTBOX))
                .withPage("/", WebSocketServer.Page.html(ChatPage.HTML));
        this.connectHost = address.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : ChatRoomLan.hostInUrl(address.getAddress());
        this.server = WebSocketServer.start(address, roomOptions, request -> {
            String path = request.target().split("\\?", 2)[0];
            return path.equals("/chat") ? new Member(nickFrom(request.target())) : null;
        });
    }

    /**
     * Opens a room on 127.0.0.1:{@code port} (0: a free port): default limits, a 30-minute idle time-out, and
     * only pages served by the room itself (or clients that are not pages: no Origin) may join
     * ({@link ChatRoomLan#origins}, RFC 6455 section 10.2), so another site cannot put its visitors in our room.
     */
    public static ChatRoom start(int port) throws IOException {
        return start(ChatRoomLan.loopback(), port);
    }

    /**
     * Opens a room on {@code lan}'s address (LAN mode: 0.0.0.0 or an address of this machine, so that other
     * laptops can join) with the same limits; pages may join from the room's own URLs ({@link
     * ChatRoomLan#shareUrls}) and from {@code lan}'s extra origins.
     */
    public static ChatRoom start(ChatRoomLan lan, int port) throws IOException {
        java.util.concurrent.atomic.AtomicReference<ChatRoom> room = new java.util.concurrent.atomic.AtomicReference<>();
        OriginPolicy origins = lan.origins(() -> room.get() == null ? port : room.get().port());
        room.set(start(new InetSocketAddress(lan.bind(), port), WebSocketServer.Options.defaults()
                .withHandshake(HandshakePolicy.defaults().withOrigins(origins))
                .withIdleTimeout(Duration.ofMinutes(30))));
        return room.get();
    }

    public static ChatRoom start(InetSocketAddress address, WebSocketServer.Options options) throws IOException {
        return new ChatRoom(address, options);
    }

    public int port() {
        return server.port();
    }

    /** The page's address, such as http://127.0.0.1:8080/ (for a room on 0.0.0.0, its loopback one). */
    public String pageUrl() {
        return "http://" + connectHost + ":" + port() + "/";
    }

    /** The WebSocket URL for a member called {@code nick}. */
    public String chatUrl(String nick) {
        return "ws://" + connectHost + ":" + port() + "/chat?nick=" + java.net.URLEncoder.encode(nick, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** The nicknames in the room now. */
    public List<String> members() {
        return List.copyOf(members.values());
    }

    /** Every line the room has sent, in order. */
    public List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    /** Sends 1001 to everyone and stops the server. */
    @Override
    public void close() {
        server.shutdown();
    }

    /** The listener of one member's connection. */
    private final class Member implements WebSocketListener {
        private final String requested;

        Member(String requested) {
            this.requested = requested;
        }

        @Override
        public void onOpen(WebSocketConnection c) {
            String nick = claim(requested);
            members.put(c, nick);
            say("* " + nick + " joined (" + members.size() + " in the room)");
        }

        @Override
        public void onText(WebSocketConnection c, String text) {
            String nick = members.get(c);
            if (nick != null) {
                say(nick + ": " + text);
            }
        }

        @Override
        public void onBinary(WebSocketConnection c, ByteString data) {
            c.close(CloseCode.UNSUPPORTED_DATA, "this room carries text only");
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            String nick = members.remove(c);
            if (nick != null) {
                nicks.remove(nick);
                say("* " + nick + " left (" + members.size() + " in the room)");
            }
        }
    }

    /**
     * Sends one line to everyone, in one order for all: the lock makes "append to the transcript, queue for all"
     * one step, so two members speaking at once are seen in the same order by everybody. Queueing never waits for
     * a member's socket (chapter 11's outbox), so the lock is held for microseconds, not for a slow member's write.
     */
    private void say(String line) {
        synchronized (transcript) {
            transcript.add(line);
            server.broadcast(Message.text(line));
        }
    }

    /** The requested nickname, or "NAME-2", "NAME-3"... if it is taken. */
    private String claim(String nick) {
        String base = nick.isEmpty() ? "guest-" + guests.incrementAndGet() : nick;
        String candidate = base;
        for (int n = 2; !nicks.add(candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    /** The nick parameter of "/chat?nick=ann", decoded, without control characters, at most MAX_NICK long. */
    public static String nickFrom(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return "";
        }
        for (String pair : target.substring(q + 1).split("&")) {
            if (pair.startsWith("nick=")) {
                String nick;
                try {
                    nick = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    return "";
                }
                nick = nick.codePoints().filter(cp -> !Character.isISOControl(cp))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString().strip();
                return nick.codePointCount(0, nick.length()) <= MAX_NICK ? nick
                        : nick.substring(0, nick.offsetByCodePoints(0, MAX_NICK));
            }
        }
        return "";
    }
}
