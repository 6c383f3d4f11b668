package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.Connection;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A WebSocket server to operate (chapter 15): the {@link ServerCore} (accept loop, one virtual thread per
 * connection, handshake, listener per connection, broadcast) with what running it for real takes, each in a class
 * of its own and plugged in through {@link ServerHooks}:
 * <ul>
 * <li><b>Limits</b> ({@link Options}): frame and message size, handshake time-out (408), idle time-out (1001 after
 *     that long without a byte from the client, {@link IdleWatchdog}), connection count (503 to the extra ones,
 *     during the handshake, {@link ConnectionCap}).</li>
 * <li><b>Graceful shutdown</b> ({@link GracefulShutdown}): {@link #shutdown} stops accepting, starts the closing
 *     handshake (1001) of every client at once, waits for all of them up to one deadline, then closes whatever is
 *     left; however the peers behave, it returns within its time-out.</li>
 * <li><b>Static pages</b> ({@link StaticPages}): a GET without Upgrade is answered from a small map path -> page.</li>
 * <li><b>A socket layer</b> ({@link SocketLayer}, chapter 24): something to run on each accepted socket before
 *     the HTTP request, such as the TLS handshake; it runs on the connection's own thread, within the handshake
 *     time-out, so a peer that never finishes it holds only its own connection.</li>
 * <li><b>Extensions</b> ({@link Extensions}, chapter 22): negotiated in the handshake.</li>
 * </ul>
 * The accept loop survives errors ({@link AcceptLoop}) and the logs are for operators ({@link OperatorLogListener}).
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
    public interface Endpoint extends ServerCore.Endpoint {
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
                          int maxConnections, Duration shutdownTimeout, Map<String, Page> pages, Consumer<String> log)
            implements ServerCore.Settings {
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
     * What runs on each accepted socket before its HTTP request is read (chapter 24: the TLS handshake), on the
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

    /**
     * Chapter 22: negotiates the extensions of one request (RFC 6455 section 9.1): the value of the 101's
     * Sec-WebSocket-Extensions and the connection's {@link Connection.Extension}, or empty for none.
     */
    public interface Extensions {
        Optional<Agreed> negotiate(HttpRequest request);

        record Agreed(String responseHeader, Connection.Extension extension) {
        }
    }

    private static final Extensions NO_EXTENSIONS = request -> Optional.empty();

    private final ServerCore core;
    private final Options options;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WebSocketServer(ServerCore core, Options options) {
        this.core = core;
        this.options = options;
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

    /** As above, negotiating extensions (chapter 22). */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint,
                                        Extensions extensions) throws IOException {
        return start(address, options, endpoint, null, extensions);
    }

    /** With both: {@code layer} (null: none) on every socket and {@code extensions} negotiated above it. */
    public static WebSocketServer start(InetSocketAddress address, Options options, Endpoint endpoint, SocketLayer layer,
                                        Extensions extensions) throws IOException {
        Objects.requireNonNull(extensions);
        ServerHooks hooks = new OperatingHooks(layer, new ConnectionCap(options.maxConnections()),
                new StaticPages(options.pages()), extensions, options.log());
        ServerCore core = ServerCore.bind(address, options, endpoint, hooks);
        WebSocketServer server = new WebSocketServer(core, options);
        core.startAccepting();
        if (options.idleTimeout() != null) {
            IdleWatchdog.start(core, options.idleTimeout(), options.log());
        }
        return server;
    }

    /** The hooks of an operated server: layer, log, cap, pages and extensions, each in a class of its own. */
    private record OperatingHooks(SocketLayer layer, ConnectionCap cap, StaticPages pages, Extensions extensions,
                                  Consumer<String> log)
            implements ServerHooks {
        @Override
        public Socket wrap(Socket accepted, Duration budget) throws IOException {
            return layer == null ? accepted : layer.wrap(accepted, budget);
        }

        @Override
        public String scheme() {
            return layer == null ? "ws" : layer.scheme();
        }

        @Override
        public void answerPlainRequest(HttpRequest request, OutputStream out) throws IOException {
            pages.answer(request, out);
        }

        @Override
        public WebSocketListener observe(WebSocketListener handler, String peer, BooleanSupplier running) {
            return new OperatorLogListener(handler, peer, log, running);
        }

        @Override
        public void admit(HttpRequest request) throws HandshakeRejected {
            cap.admit();
        }

        @Override
        public void release() {
            cap.release();
        }

        @Override
        public Optional<Negotiated> negotiate(HttpRequest request) {
            return extensions.negotiate(request).map(a -> new Negotiated(a.responseHeader(), a.extension()));
        }
    }

    public int port() {
        return core.port();
    }

    /** The URL clients connect to, such as ws://127.0.0.1:8080/ (wss:// behind a TLS layer). */
    public String url() {
        return core.url();
    }

    /** The connections that are open now (a snapshot). */
    public List<WebSocketConnection> connections() {
        return core.connections();
    }

    /** Sends {@code message} to every open connection; returns how many got it ({@link ServerCore#broadcast}). */
    public int broadcast(Message message) {
        return core.broadcast(message);
    }

    public boolean isRunning() {
        return core.isRunning();
    }

    /**
     * Graceful shutdown ({@link GracefulShutdown}), bounded by {@link Options#shutdownTimeout}; returns how many
     * connections finished their closing handshake in time. Idempotent.
     */
    public synchronized int shutdown() {
        if (!core.isRunning()) {
            return 0;
        }
        int clean = GracefulShutdown.run(core, options.shutdownTimeout(), options.log());
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
