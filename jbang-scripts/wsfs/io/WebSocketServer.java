package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A WebSocket server (chapter 08): one virtual thread per connection, each running a
 * {@link WebSocketConnection} in the {@link Role#SERVER} role behind the opening handshake of chapter 02.
 * <ul>
 * <li><b>Handlers</b>: an {@link Endpoint} looks at the upgrade request and returns the
 *     {@link WebSocketListener} for that connection (open, text, binary, ping, pong, close, error), or null for 404.</li>
 * <li><b>Broadcast</b>: {@link #broadcast} sends one message to every open connection.</li>
 * <li><b>Limits</b> ({@link Options}): frame and message size, handshake time-out (408), idle time-out (1001 after
 *     that long without a byte from the client), connection count (503 to the extra ones, during the handshake).</li>
 * <li><b>Graceful shutdown</b>: {@link #shutdown} stops accepting, sends 1001 to every client, waits a bounded time
 *     for the closing handshakes, then closes whatever is left.</li>
 * <li><b>Static pages</b>: a GET without Upgrade is answered from a small map path -> page (the chat room's HTML).</li>
 * </ul>
 * Frames from two threads never interleave: every frame goes through the connection's {@link FrameWriter}, whose
 * {@code write} is synchronized and writes the whole frame at once, so a broadcast from one thread and an echo
 * from another produce whole frames one after the other.
 */
public final class WebSocketServer implements AutoCloseable {

    /** A static page: its Content-Type and its bytes. */
    public record Page(String contentType, byte[] body) {
        public static Page html(String html) {
            return new Page("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }

        public static Page text(String text) {
            return new Page("text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Chooses the handler of a new connection from its upgrade request (path, query, headers); null means 404. */
    @FunctionalInterface
    public interface Endpoint {
        WebSocketListener open(HttpRequest request);
    }

    /**
     * @param limits           frame and message limits and the close timeout of every connection
     * @param handshake        the handshake policy of chapter 02 (subprotocols, origins, head size)
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

    /** What the server knows about one open connection. */
    private record Session(WebSocketConnection connection, Socket socket, Thread thread, ActivityInputStream activity) {
    }

    private final ServerSocket listener;
    private final Options options;
    private final Endpoint endpoint;
    private final Map<WebSocketConnection, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean running = true;

    private WebSocketServer(ServerSocket listener, Options options, Endpoint endpoint) {
        this.listener = listener;
        this.options = options;
        this.endpoint = endpoint;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port) and serves every path with the same listener. */
    public static WebSocketServer start(int port, Options options, WebSocketListener listener) throws IOException {
        Objects.requireNonNull(listener);
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), options, request -> listener);
    }

    /** Listens on {@code address} and asks {@code endpoint} for the listener of each new connection. */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 128);
        WebSocketServer server = new WebSocketServer(listener, options, endpoint);
        Thread.ofVirtual().name("ws-accept :" + listener.getLocalPort()).start(server::acceptLoop);
        if (options.idleTimeout() != null) {
            Thread.ofVirtual().name("ws-idle-watchdog").start(server::watchIdle);
        }
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The URL clients connect to, such as ws://127.0.0.1:8080/. */
    public String url() {
        InetAddress address = listener.getInetAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1"
                : address instanceof java.net.Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "ws://" + host + ":" + port() + "/";
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

    private void acceptLoop() {
        while (running) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (running) {
                    options.log().accept("accept failed: " + e.getMessage());
                }
                return;
            }
            sockets.add(socket);
            int id = accepted.incrementAndGet();
            Thread.ofVirtual().name("ws-conn-" + id).start(() -> serve(socket));
        }
    }

    /** One TCP connection, on its own virtual thread: an HTTP request, then maybe a WebSocket connection. */
    private void serve(Socket socket) {
        boolean holdsSlot = false;
        try (socket) {
            socket.setTcpNoDelay(true);
            // Section 4.2: nothing bounds the handshake but us; a client that sends half a head gets 408.
            socket.setSoTimeout((int) options.handshakeTimeout().toMillis());
            InputStream rawIn = socket.getInputStream();
            OutputStream rawOut = socket.getOutputStream();
            // The time-out bounds the whole head, not each read: a client sending one byte a second would
            // otherwise never trip it (chapter 11, HostileInputTest). HttpReader reads byte by byte, so no
            // byte after the head is taken from rawIn.
            HttpRequest request = ServerHandshake.readRequest(
                    new DeadlineInputStream(socket, rawIn, options.handshakeTimeout()), rawOut, options.handshake());
            if (!ServerHandshake.isUpgradeRequest(request)) {
                servePage(request, rawOut);
                return;
            }
            WebSocketListener handler = endpoint.open(request);
            if (handler == null) {
                respond(rawOut, 404, "Not Found", "No WebSocket endpoint at " + request.target() + "\n", Map.of());
                return;
            }
            if (reserved.incrementAndGet() > options.maxConnections() || !running) {
                reserved.decrementAndGet();
                // RFC 6455 section 4.2.2: the server may answer with any HTTP status; 503 says "not now".
                respond(rawOut, 503, "Service Unavailable", running
                        ? "This server has " + options.maxConnections() + " connections already; try again later\n"
                        : "This server is shutting down\n", Map.of("Retry-After", "5"));
                options.log().accept("refused " + socket.getRemoteSocketAddress() + " with 503: connection limit");
                return;
            }
            holdsSlot = true;
            ServerHandshake.accept(request, rawOut, options.handshake());
            socket.setSoTimeout(0); // from now on the idle time-out (if any) watches the connection
            ActivityInputStream in = new ActivityInputStream(new OnDemandBufferedInputStream(rawIn));
            OutputStream out = rawOut; // the connection's writer writes whole frames: no buffer to hold while idle
            WebSocketConnection connection = new WebSocketConnection(in, out, socket, Role.SERVER, options.limits(),
                    handler, null, MemoryBudget.processWide(), options.log());
            sessions.put(connection, new Session(connection, socket, Thread.currentThread(), in));
            try {
                connection.run(); // returns when the connection is closed, never throws
            } finally {
                sessions.remove(connection);
            }
        } catch (HandshakeRejected rejected) {
            options.log().accept("handshake refused with " + rejected.status() + ": " + rejected.reason());
        } catch (IOException | RuntimeException e) {
            if (running) {
                options.log().accept("connection failed: " + e);
            }
        } finally {
            if (holdsSlot) {
                reserved.decrementAndGet();
            }
            sockets.remove(socket);
        }
    }

    private void servePage(HttpRequest request, OutputStream out) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            respond(out, 405, "Method Not Allowed", "Only GET is served here\n", Map.of("Allow", "GET, HEAD"));
            return;
        }
        String path = request.target().contains("?") ? request.target().substring(0, request.target().indexOf('?'))
                : request.target();
        Page page = options.pages().get(path);
        if (page == null) {
            respond(out, 404, "Not Found", "Nothing at " + path + "\n", Map.of());
            return;
        }
        HttpHeaders headers = HttpHeaders.of(
                "Content-Type", page.contentType(),
                "Content-Length", String.valueOf(page.body().length),
                "Cache-Control", "no-store",
                "Connection", "close");
        out.write(new HttpResponse("HTTP/1.1", 200, "OK", headers, "").toBytes());
        if (request.method().equals("GET")) {
            out.write(page.body());
        }
        out.flush();
    }

    /** A complete plain-text HTTP response, after which the server closes the connection. */
    private static void respond(OutputStream out, int status, String reason, String body, Map<String, String> extra)
            throws IOException {
        HttpHeaders headers = HttpHeaders.of(
                "Content-Type", "text/plain; charset=utf-8",
                "Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length),
                "Connection", "close");
        for (var e : extra.entrySet()) {
            headers = headers.with(e.getKey(), e.getValue());
        }
        out.write(new HttpResponse("HTTP/1.1", status, reason, headers, body).toBytes());
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
                    options.log().accept("closing an idle connection after " + options.idleTimeout());
                    s.connection().close(CloseCode.GOING_AWAY.code(), "idle for too long");
                }
            }
        }
    }

    // --- shutdown --------------------------------------------------------------------------------

    /**
     * Graceful shutdown: no new connections; 1001 "server shutting down" to every open one (section 7.4.1:
     * "a server going down"); wait up to {@link Options#shutdownTimeout} for the closing handshakes to finish;
     * then close every socket still open. Returns how many connections closed cleanly in time. Idempotent.
     */
    public synchronized int shutdown() {
        if (!running) {
            return 0;
        }
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        List<Session> open = new ArrayList<>(sessions.values());
        for (Session s : open) {
            s.connection().close(CloseCode.GOING_AWAY.code(), "server shutting down");
        }
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        int clean = 0;
        for (Session s : open) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0 && s.thread().join(Duration.ofNanos(left))) {
                    clean++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket s : sockets) {
            try {
                s.close(); // those that did not finish in time, and those still in their handshake
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        options.log().accept("shut down: %d of %d connections finished their closing handshake in time"
                .formatted(clean, open.size()));
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
