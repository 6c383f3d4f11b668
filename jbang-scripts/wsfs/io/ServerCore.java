package wsfs.io;

import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;
import wsfs.view.LogLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The core of a WebSocket server (chapter 14): an {@link AcceptLoop} hands each TCP connection to a virtual thread
 * of its own, which reads the upgrade request within the handshake time-out, asks the {@link Endpoint} for the
 * connection's {@link WebSocketListener}, answers 101 (the opening handshake of chapter 03) and runs a {@link
 * WebSocketConnection} in the {@link Role#SERVER} role until it is closed. What operating a server adds (connection
 * caps, pages, graceful shutdown, idle time-out, logs) plugs in through {@link ServerHooks}; {@code WebSocketServer}
 * does. A failed handshake is one log line with the peer and the rule, escaped ({@link LogLine}), no stack trace.
 * <p>
 * Frames from two threads never interleave: a send from any thread queues whole frames in the connection's outbox
 * (chapter 11) and one writer writes them (chapter 12), so a broadcast from one thread and an echo from another
 * produce whole frames one after the other.
 */
public final class ServerCore implements AutoCloseable {

    /** What the core needs to know ({@code WebSocketServer.Options} has it all). */
    public interface Settings {
        /** Frame and message limits and the close timeout of every connection (chapters 07, 09). */
        Limits limits();

        /** The handshake policy of chapter 03 (subprotocols, origins, head size). */
        HandshakePolicy handshake();

        /** How long a client may take to send its request head (then 408); bounds TLS and the head together. */
        Duration handshakeTimeout();

        /** One line per noteworthy event (refused, failed); may be a no-op. */
        Consumer<String> log();
    }

    /** Chooses the handler of a new connection from its upgrade request (path, query, headers); null means 404. */
    @FunctionalInterface
    public interface Endpoint {
        WebSocketListener open(HttpRequest request);
    }

    /** One open connection; {@code ended} opens when its {@code run()} has returned. */
    record Session(WebSocketConnection connection, String peer, ActivityInputStream activity, CountDownLatch ended) {
    }

    private final ServerSocket listener;
    private final Settings settings;
    private final Endpoint endpoint;
    private final ServerHooks hooks;
    private final Map<WebSocketConnection, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AcceptLoop acceptLoop;
    private volatile boolean running = true;

    private ServerCore(ServerSocket listener, Settings settings, Endpoint endpoint, ServerHooks hooks) {
        this.listener = listener;
        this.settings = settings;
        this.endpoint = endpoint;
        this.hooks = hooks;
        this.acceptLoop = new AcceptLoop(listener, sockets, this::serve, settings.log());
    }

    /** Listens on {@code address} and starts accepting. */
    public static ServerCore start(InetSocketAddress address, Settings settings, Endpoint endpoint, ServerHooks hooks)
            throws IOException {
        ServerCore core = bind(address, settings, endpoint, hooks);
        core.startAccepting();
        return core;
    }

    /** Listens on {@code address}; connections wait in the backlog until {@link #startAccepting}. */
    public static ServerCore bind(InetSocketAddress address, Settings settings, Endpoint endpoint, ServerHooks hooks)
            throws IOException {
        Objects.requireNonNull(settings);
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(hooks);
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(address, 128);
        } catch (IOException e) {
            listener.close(); // a failed bind must not leak the socket
            if (e instanceof BindException) {
                BindException named = new BindException("cannot listen on port " + address.getPort() + ": "
                        + e.getMessage());
                named.initCause(e);
                throw named;
            }
            throw e;
        }
        return new ServerCore(listener, settings, endpoint, hooks);
    }

    /** Starts the accept loop on a virtual thread. */
    public void startAccepting() {
        Thread.ofVirtual().name("ws-accept :" + listener.getLocalPort()).start(acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The URL clients connect to, such as ws://127.0.0.1:8080/ (wss:// behind a TLS layer). */
    public String url() {
        InetAddress address = listener.getInetAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1"
                : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return hooks.scheme() + "://" + host + ":" + port() + "/";
    }

    /** The connections that are open now (a snapshot). */
    public List<WebSocketConnection> connections() {
        List<WebSocketConnection> open = new ArrayList<>();
        for (WebSocketConnection c : sessions.keySet()) {
            if (c.readyState() == ReadyState.OPEN) {
                open.add(c);
            }
        }
        return open;
    }

    /**
     * Queues {@code message} for every open connection and returns how many took it; nothing is written on the
     * calling thread. A connection that is closing is skipped; one whose outbox would pass its bound is closed
     * with 1008 (chapter 11) and not counted, so a slow client never slows the broadcast down.
     */
    public int broadcast(Message message) {
        int sent = 0;
        for (WebSocketConnection c : connections()) {
            if (c.send(message)) {
                sent++;
            }
        }
        return sent;
    }

    public boolean isRunning() {
        return running;
    }

    /** The open connections with what the server knows about them (for shutdown and the idle time-out). */
    Collection<Session> sessions() {
        return sessions.values();
    }

    /** No new connections: the accept loop ends, and an upgrade request still in progress gets 503. */
    void stopAccepting() {
        running = false;
        acceptLoop.stop();
    }

    /** Closes every TCP connection still open, in its handshake or not: their peers see the connection end. */
    void closeSockets() {
        for (Socket s : sockets) {
            AcceptLoop.closeQuietly(s);
        }
    }

    /** Stops at once: no closing handshake (a {@code WebSocketServer} shuts down gracefully instead). */
    @Override
    public void close() {
        stopAccepting();
        closeSockets();
    }

    /** One TCP connection, on its own virtual thread: an HTTP request, then maybe a WebSocket connection. */
    private void serve(Socket socket) {
        boolean admitted = false;
        String peer = LogLine.peer(socket.getRemoteSocketAddress());
        long acceptedAt = System.nanoTime();
        Socket conn = socket; // the socket above the hook's layer (if any): the HTTP head and the frames go through it
        try {
            socket.setTcpNoDelay(true);
            // Section 4.2: nothing bounds the handshake but us; a client that sends half a head gets 408.
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            conn = hooks.wrap(socket, settings.handshakeTimeout()); // chapter 24: TLS, here on this thread
            Duration headBudget = settings.handshakeTimeout().minusNanos(System.nanoTime() - acceptedAt);
            InputStream rawIn = conn.getInputStream();
            OutputStream rawOut = conn.getOutputStream();
            // The time-out bounds the whole head, not each read: a client sending one byte a second would
            // otherwise never trip it (chapter 20, HostileInputTest). HttpReader reads byte by byte, so no
            // byte after the head is taken from rawIn.
            HttpRequest request = ServerHandshake.readRequest(
                    new DeadlineInputStream(conn, rawIn, headBudget), rawOut, settings.handshake());
            WebSocketListener handler = answer(request, rawOut);
            if (handler == null) {
                return; // answered without an upgrade (a page, or 426)
            }
            admitted = true;
            Optional<ServerHooks.Negotiated> agreed = hooks.negotiate(request);
            ServerHandshake.accept(request, rawOut, settings.handshake(), agreed.map(a -> HttpHeaders.of(
                    "Sec-WebSocket-Extensions", a.responseHeader())).orElse(HttpHeaders.of()));
            conn.setSoTimeout(0); // from now on the idle time-out (if any) watches the connection
            ActivityInputStream in = new ActivityInputStream(new OnDemandBufferedInputStream(rawIn));
            OutputStream out = rawOut; // the connection's writer writes whole frames: no buffer to hold while idle
            WebSocketListener observer = hooks.observe(handler, peer, this::isRunning);
            WebSocketConnection connection = new WebSocketConnection(in, out, conn, Role.SERVER, settings.limits(),
                    observer, null, MemoryBudget.processWide(), settings.log(),
                    agreed.map(ServerHooks.Negotiated::extension).orElse(null));
            Session session = new Session(connection, peer, in, new CountDownLatch(1));
            sessions.put(connection, session);
            try {
                if (running) {
                    connection.run(); // returns when the connection is closed, never throws
                }
            } finally {
                sessions.remove(connection);
                session.ended().countDown();
            }
        } catch (HandshakeRejected rejected) {
            // One line: who, the status, the rule and its section (the peer's text in it escaped).
            settings.log().accept("refused the handshake of " + peer + ": " + LogLine.escape(rejected.getMessage()));
        } catch (IOException | RuntimeException e) {
            if (running) {
                settings.log().accept("connection from " + peer + " failed before the WebSocket opened: "
                        + LogLine.escape(e.toString()));
            }
        } finally {
            AcceptLoop.closeQuietly(conn); // the TCP socket, or the layer's socket, which closes the TCP socket itself
            if (admitted) {
                hooks.release();
            }
            sockets.remove(socket);
        }
    }

    /**
     * The core's answer to a valid request head, before any 101: a request without Upgrade gets the hooks' answer
     * (a bare server's is 426) and null; an upgrade request for a path no endpoint serves gets 404, one while the
     * server shuts down 503, one the hooks refuse their status (a cap's 503); each refusal is written here and
     * thrown. Otherwise the connection is admitted (the caller releases it when it ends) and its listener returned.
     */
    private WebSocketListener answer(HttpRequest request, OutputStream out) throws IOException, HandshakeRejected {
        // EXERCISE 14-answer-request: no Upgrade: the hooks answer (426), null; no endpoint: 404; shutting down: 503; admit or its refusal; else the endpoint's listener (RFC 6455 section 4.2.2, RFC 9110 section 15.5)
        if (!ServerHandshake.isUpgradeRequest(request)) {
            hooks.answerPlainRequest(request, out);
            return null;
        }
        // The endpoint first: a request for no endpoint is refused before it takes a place under a cap.
        WebSocketListener handler = endpoint.open(request);
        if (handler == null) {
            throw refuse(out, new HandshakeRejected(404, "There is no WebSocket endpoint at "
                    + request.target(), "RFC 9110 section 15.5.5"));
        }
        if (!running) {
            // RFC 6455 section 4.2.2: the server may answer with any HTTP status; 503 says "not now".
            throw refuse(out, new HandshakeRejected(503, "This server is shutting down", "RFC 9110 section 15.6.4"));
        }
        try {
            hooks.admit(request);
        } catch (HandshakeRejected rejected) {
            throw refuse(out, rejected);
        }
        return handler;
        // END EXERCISE
    }

    /** Writes a refusal made by this server (404, 503) as {@link ServerHandshake} writes its own, and returns it. */
    private static HandshakeRejected refuse(OutputStream out, HandshakeRejected rejected) {
        try {
            out.write(ServerHandshake.rejection(rejected).toBytes());
            out.flush();
        } catch (IOException peerGone) {
            rejected.addSuppressed(peerGone);
        }
        return rejected;
    }
}
