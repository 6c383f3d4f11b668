package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Connection;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;
import wsfs.view.LogLine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A WebSocket server (chapter 10): one virtual thread per connection, each running a
 * {@link WebSocketConnection} in the {@link Role#SERVER} role behind the opening handshake of chapter 03.
 * <ul>
 * <li><b>Handlers</b>: an {@link Endpoint} looks at the upgrade request and returns the
 *     {@link WebSocketListener} for that connection (open, text, binary, ping, pong, close, error), or null for 404.</li>
 * <li><b>Broadcast</b>: {@link #broadcast} sends one message to every open connection.</li>
 * <li><b>Limits</b> ({@link Options}): frame and message size, handshake time-out (408), idle time-out (1001 after
 *     that long without a byte from the client), connection count (503 to the extra ones, during the handshake).</li>
 * <li><b>An accept loop that survives errors</b>: a failed {@code accept()} (EMFILE, "Too many open files") is
 *     logged once, then the loop backs off (50 ms doubling to 1.6 s, as Tomcat's acceptor does) and accepts again;
 *     only {@link #shutdown} ends it.</li>
 * <li><b>Graceful shutdown</b>: {@link #shutdown} stops accepting, starts the closing handshake (1001) of every
 *     client at once, waits for all of them up to one deadline, then closes whatever is left; however the
 *     peers behave, it returns within its time-out.</li>
 * <li><b>Logs for operators</b>: each refused handshake and each failed connection is one line with the peer,
 *     the HTTP status or close code, the rule and its section; what came from the network is escaped
 *     ({@link LogLine}); nothing a peer can cause prints a stack trace.</li>
 * <li><b>Static pages</b>: a GET without Upgrade is answered from a small map path -> page (the chat room's HTML).</li>
 * <li><b>A socket layer</b> ({@link SocketLayer}, chapter 17): something to run on each accepted socket before
 *     the HTTP request, such as the TLS handshake; it runs on the connection's own thread, within the handshake
 *     time-out, so a peer that never finishes it holds only its own connection.</li>
 * </ul>
 * Frames from two threads never interleave: every frame goes through the connection's {@link FrameWriter}, whose
 * {@code write} is synchronized and writes the whole frame at once, so a broadcast from one thread and an echo
 * from another produce whole frames one after the other.
 */
public final class WebSocketServer implements AutoCloseable {

    /** A static page: its Content-Type and its bytes. */
    public record Page(String contentType, ByteString body) {
        public static Page html(String html) {
            return new Page("text/html; charset=utf-8", ByteString.utf8(html));
        }

        public static Page text(String text) {
            return new Page("text/plain; charset=utf-8", ByteString.utf8(text));
        }
    }

    /** Chooses the handler of a new connection from its upgrade request (path, query, headers); null means 404. */
    @FunctionalInterface
    public interface Endpoint {
        WebSocketListener open(HttpRequest request);
    }

    /**
     * @param limits           frame and message limits and the close timeout of every connection
     * @param handshake        the handshake policy of chapter 03 (subprotocols, origins, head size)
     * @param handshakeTimeout how long a client may take to send its request head (then 408)
     * @param idleTimeout      close with 1001 a connection that sent nothing for this long; null for never
     * @param maxConnections   open WebSocket connections at most; the next upgrade request gets 503
     * @param shutdownTimeout  how long {@link #shutdown} waits for the closing handshakes
     * @param pages            GET path -> page, served to requests without Upgrade
     * @param log              one line per noteworthy event (refused, failed, shutdown); may be a no-op
     */
    public record Options(Limits limits, HandshakePolicy handshake, Duration handshakeTimeout, Duration idleTimeout,
                          int maxConnections, Duration shutdownTimeout, Map<String, Page> pages, Consumer<String> log) {
        public Options {
            Objects.requireNonNull(limits);
            Objects.requireNonNull(handshake);
            Objects.requireNonNull(handshakeTimeout);
            Objects.requireNonNull(shutdownTimeout);
            Objects.requireNonNull(log);
            pages = Map.copyOf(pages);
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            }
        }

        /** Default limits, 10 s handshake, no idle time-out, 1000 connections, 5 s to shut down, no pages. */
        public static Options defaults() {
            return new Options(Limits.defaults(), HandshakePolicy.defaults(), Duration.ofSeconds(10), null, 1000,
                    Duration.ofSeconds(5), Map.of(), line -> { });
        }

        public Options withLimits(Limits value) {
            return new Options(value, handshake, handshakeTimeout, idleTimeout, maxConnections, shutdownTimeout, pages, log);
        }

        public Options withHandshake(HandshakePolicy value) {
            return new Options(limits, value, handshakeTimeout, idleTimeout, maxConnections, shutdownTimeout, pages, log);
        }

        public Options withHandshakeTimeout(Duration value) {
            return new Options(limits, handshake, value, idleTimeout, maxConnections, shutdownTimeout, pages, log);
        }

        public Options withIdleTimeout(Duration value) {
            return new Options(limits, handshake, handshakeTimeout, value, maxConnections, shutdownTimeout, pages, log);
        }

        public Options withMaxConnections(int value) {
            return new Options(limits, handshake, handshakeTimeout, idleTimeout, value, shutdownTimeout, pages, log);
        }

        public Options withShutdownTimeout(Duration value) {
            return new Options(limits, handshake, handshakeTimeout, idleTimeout, maxConnections, value, pages, log);
        }

        public Options withPage(String path, Page page) {
            Map<String, Page> more = new HashMap<>(pages);
            more.put(path, page);
            return new Options(limits, handshake, handshakeTimeout, idleTimeout, maxConnections, shutdownTimeout, more, log);
        }

        public Options withLog(Consumer<String> value) {
            return new Options(limits, handshake, handshakeTimeout, idleTimeout, maxConnections, shutdownTimeout, pages, value);
        }
    }

    /**
     * What runs on each accepted socket before its HTTP request is read (chapter 17: the TLS handshake), on the
     * connection's own virtual thread, never in the accept loop. It returns the socket that the handshake and the
     * frames then use, and must be done within {@code budget} (the handshake time-out, which then bounds TLS and
     * the HTTP head together).
     */
    @FunctionalInterface
    public interface SocketLayer {
        Socket wrap(Socket accepted, Duration budget) throws IOException;

        /** The scheme of the URLs this layer serves: "ws", or "wss" for TLS. */
        default String scheme() {
            return "ws";
        }
    }

    /** What the server knows about one open connection; {@code ended} opens when its {@code run()} has returned. */
    private record Session(WebSocketConnection connection, String peer, ActivityInputStream activity,
                           CountDownLatch ended, ObservingListener observer) {
    }

    /**
     * Chapter 15: negotiates the extensions of one request (RFC 6455 section 9.1): the value of the 101's
     * Sec-WebSocket-Extensions and the connection's {@link Connection.Extension}, or empty for none.
     */
    public interface Extensions {
        Optional<Agreed> negotiate(HttpRequest request);

        record Agreed(String responseHeader, Connection.Extension extension) {
        }
    }

    private final ServerSocket listener;
    private final Options options;
    private final Endpoint endpoint;
    private final SocketLayer layer;
    private static final Extensions NO_EXTENSIONS = request -> Optional.empty();
    private volatile Extensions extensions = NO_EXTENSIONS;   // chapter 15
    private final Map<WebSocketConnection, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    private WebSocketServer(ServerSocket listener, Options options, Endpoint endpoint, SocketLayer layer) {
        this.listener = listener;
        this.options = options;
        this.endpoint = endpoint;
        this.layer = layer;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port) and serves every path with the same listener. */
    public static WebSocketServer start(int port, Options options, WebSocketListener listener) throws IOException {
        Objects.requireNonNull(listener);
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), options, request -> listener);
    }

    /** Listens on {@code address} and asks {@code endpoint} for the listener of each new connection. */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint) throws IOException {
        return start(address, options, endpoint, null, NO_EXTENSIONS);
    }

    /** Like {@link #start(InetSocketAddress, Options, Endpoint)}, with {@code layer} (null: none) on every socket. */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint, SocketLayer layer)
            throws IOException {
        return start(address, options, endpoint, layer, NO_EXTENSIONS);
    }

    /** As above, negotiating extensions (chapter 15). */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint,
                                        Extensions extensions) throws IOException {
        return start(address, options, endpoint, null, extensions);
    }

    /** With both: {@code layer} (null: none) on every socket and {@code extensions} negotiated above it. */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint, SocketLayer layer,
                                        Extensions extensions) throws IOException {
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
        WebSocketServer server = new WebSocketServer(listener, options, endpoint, layer);
        server.extensions = Objects.requireNonNull(extensions);
        Thread.ofVirtual().name("ws-accept :" + listener.getLocalPort()).start(server::acceptLoop);
        if (options.idleTimeout() != null) {
            Thread.ofVirtual().name("ws-idle-watchdog").start(server::watchIdle);
        }
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The URL clients connect to, such as ws://127.0.0.1:8080/ (wss:// behind a TLS layer). */
    public String url() {
        InetAddress address = listener.getInetAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1"
                : address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return (layer == null ? "ws" : layer.scheme()) + "://" + host + ":" + port() + "/";
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
     * Sends {@code message} to every open connection, one after the other on the calling thread; returns how
     * many got it. A connection that is closing, or fails while we write to it, is skipped (its own read loop
     * reports the end). A slow client slows the broadcast down: a server for many clients would give each
     * connection its own bounded send queue and drop the clients that fall behind.
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

    // --- accepting -----------------------------------------------------------------------------

    /** The first pause after a failed accept; each further failure in a row doubles it, up to the maximum. */
    static final Duration ACCEPT_BACKOFF_MIN = Duration.ofMillis(50);
    static final Duration ACCEPT_BACKOFF_MAX = Duration.ofMillis(1600);

    /**
     * Accepts until {@link #shutdown}. A failed accept (most often EMFILE: every file descriptor is in use, so
     * the kernel cannot hand us the waiting connection) does not end the loop: the connection stays in the
     * backlog, we log once per burst of failures, pause, and try again; descriptors come back as clients leave.
     */
    private void acceptLoop() {
        long backoffMillis = 0;
        int failures = 0;
        while (running) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!running) {
                    return; // shutdown closed the listener
                }
                if (failures++ == 0) {
                    options.log().accept("accept failed: " + LogLine.escape(String.valueOf(e.getMessage()))
                            + "; backing off (" + ACCEPT_BACKOFF_MIN.toMillis() + " ms doubling to "
                            + ACCEPT_BACKOFF_MAX.toMillis() + " ms) and accepting again");
                }
                backoffMillis = backoffMillis == 0 ? ACCEPT_BACKOFF_MIN.toMillis()
                        : Math.min(ACCEPT_BACKOFF_MAX.toMillis(), backoffMillis * 2);
                pause(backoffMillis);
                continue;
            }
            if (failures > 0) {
                options.log().accept("accepting again after " + failures + " failed accept" + (failures == 1 ? "" : "s"));
                failures = 0;
                backoffMillis = 0;
            }
            sockets.add(socket);
            int id = accepted.incrementAndGet();
            try {
                Thread.ofVirtual().name("ws-conn-" + id).start(() -> serve(socket));
            } catch (RuntimeException | OutOfMemoryError e) {
                sockets.remove(socket);
                closeQuietly(socket);
                options.log().accept("could not start a thread for a new connection: " + e);
            }
        }
    }

    /** Waits {@code millis}, or less if the server is shutting down. */
    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One TCP connection, on its own virtual thread: an HTTP request, then maybe a WebSocket connection. */
    private void serve(Socket socket) {
        boolean holdsSlot = false;
        String peer = LogLine.peer(socket.getRemoteSocketAddress());
        long acceptedAt = System.nanoTime();
        Socket conn = socket; // the socket above the layer (if any): the HTTP head and the frames go through it
        try {
            socket.setTcpNoDelay(true);
            // Section 4.2: nothing bounds the handshake but us; a client that sends half a head gets 408.
            socket.setSoTimeout((int) options.handshakeTimeout().toMillis());
            if (layer != null) {
                conn = layer.wrap(socket, options.handshakeTimeout()); // chapter 17: TLS, here on this thread
            }
            Duration headBudget = options.handshakeTimeout().minusNanos(System.nanoTime() - acceptedAt);
            InputStream rawIn = conn.getInputStream();
            OutputStream rawOut = conn.getOutputStream();
            // The time-out bounds the whole head, not each read: a client sending one byte a second would
            // otherwise never trip it (chapter 13, HostileInputTest). HttpReader reads byte by byte, so no
            // byte after the head is taken from rawIn.
            HttpRequest request = ServerHandshake.readRequest(
                    new DeadlineInputStream(conn, rawIn, headBudget), rawOut, options.handshake());
            if (!ServerHandshake.isUpgradeRequest(request)) {
                servePage(request, rawOut);
                return;
            }
            WebSocketListener handler = endpoint.open(request);
            if (handler == null) {
                throw refuse(rawOut, new HandshakeRejected(404, "There is no WebSocket endpoint at "
                        + request.target(), "RFC 9110 section 15.5.5"));
            }
            if (reserved.incrementAndGet() > options.maxConnections() || !running) {
                reserved.decrementAndGet();
                // RFC 6455 section 4.2.2: the server may answer with any HTTP status; 503 says "not now".
                throw refuse(rawOut, running
                        ? new HandshakeRejected(503, "This server has " + options.maxConnections()
                                + " connections already (its connection limit); try again later",
                                "RFC 9110 section 15.6.4", HttpHeaders.of("Retry-After", "5"))
                        : new HandshakeRejected(503, "This server is shutting down", "RFC 9110 section 15.6.4"));
            }
            holdsSlot = true;
            Optional<Extensions.Agreed> agreed = extensions.negotiate(request);
            ServerHandshake.accept(request, rawOut, options.handshake(), agreed.map(a -> HttpHeaders.of(
                    "Sec-WebSocket-Extensions", a.responseHeader())).orElse(HttpHeaders.of()));
            conn.setSoTimeout(0); // from now on the idle time-out (if any) watches the connection
            ActivityInputStream in = new ActivityInputStream(new OnDemandBufferedInputStream(rawIn));
            OutputStream out = rawOut; // the connection's writer writes whole frames: no buffer to hold while idle
            ObservingListener observer = new ObservingListener(handler, peer);
            WebSocketConnection connection = new WebSocketConnection(in, out, conn, Role.SERVER, options.limits(),
                    observer, null, MemoryBudget.processWide(), options.log(),
                    agreed.map(Extensions.Agreed::extension).orElse(null));
            Session session = new Session(connection, peer, in, new CountDownLatch(1), observer);
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
            options.log().accept("refused the handshake of " + peer + ": " + LogLine.escape(rejected.getMessage()));
        } catch (IOException | RuntimeException e) {
            if (running) {
                options.log().accept("connection from " + peer + " failed before the WebSocket opened: "
                        + LogLine.escape(e.toString()));
            }
        } finally {
            closeQuietly(conn); // the TCP socket, or the layer's socket, which closes the TCP socket itself
            if (holdsSlot) {
                reserved.decrementAndGet();
            }
            sockets.remove(socket);
        }
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

    /**
     * Passes every event on to the application's listener, and watches two of them for the log: the first
     * error, and the close. A connection that ends after a protocol violation (or any other failure) becomes
     * one log line; the CloseEvent is kept for {@link #shutdown}'s count.
     */
    private final class ObservingListener implements WebSocketListener {
        private final WebSocketListener handler;
        private final String peer;
        private volatile Throwable firstError;
        private volatile CloseEvent closeEvent;

        ObservingListener(WebSocketListener handler, String peer) {
            this.handler = handler;
            this.peer = peer;
        }

        @Override
        public void onOpen(WebSocketConnection c) {
            handler.onOpen(c);
        }

        @Override
        public void onText(WebSocketConnection c, String text) {
            handler.onText(c, text);
        }

        @Override
        public void onBinary(WebSocketConnection c, ByteString data) {
            handler.onBinary(c, data);
        }

        @Override
        public void onPing(WebSocketConnection c, ByteString payload) {
            handler.onPing(c, payload);
        }

        @Override
        public void onPong(WebSocketConnection c, ByteString payload) {
            handler.onPong(c, payload);
        }

        @Override
        public void onError(WebSocketConnection c, Throwable error) {
            if (firstError == null) {
                firstError = error;
                if (error instanceof ProtocolViolation && running) {
                    // Logged now: the violation names its close code, and closing TCP may take a while yet.
                    options.log().accept(failureLine(peer, error, null));
                }
            }
            handler.onError(c, error);
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            closeEvent = event;
            Throwable error = firstError;
            if (error != null && !(error instanceof ProtocolViolation)
                    && !(error instanceof WebSocketConnection.EdgeFailure) && running) {   // the edge logged those
                options.log().accept(failureLine(peer, error, event));
            }
            handler.onClose(c, event);
        }

        boolean closedCleanly() {
            CloseEvent event = closeEvent;
            return event != null && event.wasClean();
        }
    }

    /**
     * One line for a failed connection: the peer, the close code, the rule and its section. A protocol violation
     * names its rule (section 7.1.7: we failed the connection with that code); anything else (the peer vanished,
     * a heartbeat time-out, the application threw) is reported by its message, with no stack trace.
     */
    static String failureLine(String peer, Throwable error, CloseEvent event) {
        if (error instanceof ProtocolViolation v) {
            return "failed the connection of %s with close code %d: %s (RFC 6455 section %s)"
                    .formatted(peer, v.closeCode().code(), LogLine.escape(v.rule()), v.section());
        }
        return "connection of %s failed (close code %d%s): %s".formatted(peer, event.code().code(),
                event.wasClean() ? "" : ", no clean close", LogLine.escape(error.toString()));
    }

    private void servePage(HttpRequest request, OutputStream out) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            respond(out, HttpResponse.plainText(405, "Only GET is served here\n", HttpHeaders.of("Allow", "GET, HEAD")));
            return;
        }
        String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
                : request.target();
        Page page = options.pages().get(path);
        if (page == null) {
            respond(out, HttpResponse.plainText(404, "Nothing at " + path + "\n", HttpHeaders.of()));
            return;
        }
        out.write(HttpResponse.pageHead(200, page.contentType(), page.body().length()).toBytes());
        if (request.method().equals("GET")) {
            page.body().writeTo(out);
        }
        out.flush();
    }

    /** A complete HTTP response, after which the server closes the connection. */
    private static void respond(OutputStream out, HttpResponse response) throws IOException {
        out.write(response.toBytes());
        out.flush();
    }

    // --- idle time-out ---------------------------------------------------------------------------

    /** Counts time since the last byte arrived from the client. */
    private static final class ActivityInputStream extends FilterInputStream {
        private volatile long lastRead = System.nanoTime();

        ActivityInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            lastRead = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            lastRead = System.nanoTime();
            return n;
        }

        long idleNanos() {
            return System.nanoTime() - lastRead;
        }
    }

    /** Every so often, closes (1001) the connections that have been quiet longer than the idle time-out. */
    private void watchIdle() {
        long limit = options.idleTimeout().toNanos();
        long every = Math.max(10, Math.min(1000, options.idleTimeout().toMillis() / 4));
        while (running) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            for (Session s : sessions.values()) {
                if (s.activity().idleNanos() > limit && s.connection().readyState() == ReadyState.OPEN) {
                    options.log().accept("closing the connection of " + s.peer() + " with 1001: idle for "
                            + options.idleTimeout().toSeconds() + " s");
                    s.connection().close(CloseCode.GOING_AWAY, "idle for too long");
                }
            }
        }
    }

    // --- shutdown --------------------------------------------------------------------------------

    /**
     * Graceful shutdown: no new connections; 1001 "server shutting down" to every open one (section 7.4.1:
     * "a server going down"); wait up to {@link Options#shutdownTimeout} for the closing handshakes to finish;
     * then close every socket still open. Returns how many connections finished their closing handshake in time.
     * Bounded by the time-out whatever the peers do: every close starts at once on its own virtual thread (a
     * close may wait for a write to a peer that does not read), and all of them share one deadline. Idempotent.
     */
    public synchronized int shutdown() {
        if (!running) {
            return 0;
        }
        running = false;
        stopping.countDown();
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        List<Session> open = new ArrayList<>(sessions.values());
        for (Session s : open) {
            Thread.ofVirtual().name("ws-shutdown-close").start(() -> {
                try {
                    s.connection().close(CloseCode.GOING_AWAY, "server shutting down");
                } catch (RuntimeException ignored) {
                    // the connection is closing or closed already
                }
            });
        }
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        int clean = 0;
        int cutOff = 0;
        for (Session s : open) {
            boolean ended;
            try {
                ended = s.ended().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = s.ended().getCount() == 0;
            }
            if (!ended) {
                cutOff++;
            } else if (s.observer().closedCleanly()) {
                clean++;
            }
        }
        for (Socket s : sockets) {
            closeQuietly(s); // those that did not finish in time, and those still in their handshake
        }
        int otherwise = open.size() - clean - cutOff;
        options.log().accept("shut down: %d of %d connections finished their closing handshake in time, %d cut off%s"
                .formatted(clean, open.size(), cutOff, otherwise == 0 ? "" : ", " + otherwise + " ended without one"));
        stopped.countDown();
        return clean;
    }

    /** {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /** Blocks until {@link #shutdown} has finished (a serve mode's main thread waits here). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }
}
