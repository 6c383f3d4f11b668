package wsfs.io;

import wsfs.protocol.Connection;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;
import wsfs.view.HexDump;
import wsfs.view.WireTap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens a client connection (chapter 16): parse the ws:// URL, connect a TCP socket, run the opening
 * handshake of chapter 03, then hand the streams to a {@link WebSocketConnection} playing {@link Role#CLIENT}
 * and run its read loop on a virtual thread. Everything above this (the browser-style API, the MicroPython-style
 * API, the interop tests) goes through {@link #connect}.
 * <pre>
 * WebSocketConnection c = WebSocketClient.connect("ws://127.0.0.1:8080/", new WebSocketListener() {
 *     public void onText(WebSocketConnection c, String text) { System.out.println(text); }
 * });
 * c.sendText("hello");
 * c.close(1000, "done");
 * </pre>
 */
public final class WebSocketClient {
    private WebSocketClient() {
    }

    /**
     * How to connect.
     *
     * @param headers          extra request header fields (Origin, Authorization, ...); not the handshake's own
     * @param subprotocols     subprotocols to offer, most preferred first (RFC 6455 section 1.9)
     * @param limits           frame and message size limits, close timeout
     * @param connectTimeout   bound on the TCP connect
     * @param handshakeTimeout bound on waiting for the server's 101 response
     * @param debug            where to print the handshake and every frame as annotated hex; null for silence
     * @param handshakeKey     a fixed Sec-WebSocket-Key for reproducible demos; null draws a fresh random one
     *                         (what a real client must do, section 4.1)
     * @param maskingKeys      where the masking keys come from; null means {@link MaskingKeys#secure()}.
     *                         {@link MaskingKeys#fixed} only in demos and notebooks (section 10.3)
     * @param tap              called with every frame sent and received after the handshake (on the thread that
     *                         sent or read it); null for none. {@code debug} prints; a tap collects.
     */
    public record Options(Map<String, String> headers, List<String> subprotocols, Limits limits,
                          Duration connectTimeout, Duration handshakeTimeout, PrintStream debug,
                          String handshakeKey, MaskingKeys maskingKeys, Consumer<WireTap.Tapped> tap) {
        public Options {
            headers = Map.copyOf(headers);
            subprotocols = List.copyOf(subprotocols);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(handshakeTimeout);
        }

        /** No extra headers, no subprotocol, default limits, 10 s to connect and 10 s for the handshake. */
        public static Options defaults() {
            return new Options(Map.of(), List.of(), Limits.defaults(), Duration.ofSeconds(10), Duration.ofSeconds(10),
                    null, null, null, null);
        }

        public Options withHeaders(Map<String, String> value) {
            return new Options(value, subprotocols, limits, connectTimeout, handshakeTimeout, debug, handshakeKey, maskingKeys, tap);
        }

        public Options withSubprotocols(String... value) {
            return new Options(headers, List.of(value), limits, connectTimeout, handshakeTimeout, debug, handshakeKey, maskingKeys, tap);
        }

        public Options withLimits(Limits value) {
            return new Options(headers, subprotocols, value, connectTimeout, handshakeTimeout, debug, handshakeKey, maskingKeys, tap);
        }

        public Options withTimeouts(Duration connect, Duration handshake) {
            return new Options(headers, subprotocols, limits, connect, handshake, debug, handshakeKey, maskingKeys, tap);
        }

        public Options withDebug(PrintStream value) {
            return new Options(headers, subprotocols, limits, connectTimeout, handshakeTimeout, value, handshakeKey, maskingKeys, tap);
        }

        /** Fixed handshake key and masking key, so every run puts the same bytes on the wire (demos, notebooks). */
        public Options reproducible(String key, MaskingKeys keys) {
            return new Options(headers, subprotocols, limits, connectTimeout, handshakeTimeout, debug, key, keys, tap);
        }

        public Options withTap(Consumer<WireTap.Tapped> value) {
            return new Options(headers, subprotocols, limits, connectTimeout, handshakeTimeout, debug, handshakeKey,
                    maskingKeys, value);
        }
    }

    /** Connects with {@link Options#defaults()}. */
    public static WebSocketConnection connect(String url, WebSocketListener listener) throws IOException {
        return connect(url, Options.defaults(), listener);
    }

    /**
     * What runs on the connected TCP socket before the opening handshake, and returns the socket that the
     * handshake and the frames then use (chapter 25 puts TLS here; without it, none).
     */
    @FunctionalInterface
    public interface SocketLayer {
        Socket wrap(Socket connected, WsUrl target, Duration handshakeTimeout) throws IOException;
    }

    /**
     * Connects and performs the opening handshake; returns the open connection, whose read loop already runs
     * on a virtual thread (so the listener may be called before this method returns). Throws
     * IllegalArgumentException for a bad URL (and for wss://: this client speaks plain TCP; chapter 25's
     * TlsClient speaks TLS), {@link HandshakeFailed} if the server's answer is not a valid 101,
     * and IOException if the TCP connection fails.
     */
    public static WebSocketConnection connect(String url, Options options, WebSocketListener listener) throws IOException {
        return connect(url, options, listener, null);
    }

    /**
     * Chapter 22: an extension offer and the check of the server's answer to it (RFC 6455 section 9.1). {@link
     * #accept} gets the 101's Sec-WebSocket-Extensions elements and returns the connection's extension, or null if
     * the server declined; it throws {@link HandshakeFailed} where the extension's RFC says to fail.
     */
    public interface Extensions {
        String offer();

        Connection.Extension accept(HttpResponse response) throws HandshakeFailed;
    }

    /** As above, offering extensions ({@code extensions} null: none, as in chapter 16). */
    public static WebSocketConnection connect(String url, Options options, WebSocketListener listener,
                                              Extensions extensions) throws IOException {
        WsUrl target = WsUrl.parse(url);
        if (target.secure()) {
            throw new IllegalArgumentException("wss:// is WebSocket over TLS, and this client (chapter 16) speaks plain"
                    + " ws:// only; chapter 25's TLS client connects to wss:// URLs (25_TlsClient.java client URL): " + url);
        }
        return connect(target, options, listener, null, extensions);
    }

    /** Connects to {@code target}, running {@code layer} (null: none) on the TCP socket before the handshake. */
    public static WebSocketConnection connect(WsUrl target, Options options, WebSocketListener listener,
                                              SocketLayer layer) throws IOException {
        return connect(target, options, listener, layer, null);
    }

    /** Both: {@code layer} (null: none) on the TCP socket, then the handshake offering {@code extensions} (null: none). */
    public static WebSocketConnection connect(WsUrl target, Options options, WebSocketListener listener,
                                              SocketLayer layer, Extensions extensions) throws IOException {
        Socket tcp = new Socket();
        Socket socket = tcp;
        try {
            tcp.connect(new InetSocketAddress(target.socketHost(), target.port()),
                    (int) options.connectTimeout().toMillis());
            tcp.setTcpNoDelay(true);
            if (layer != null) {
                socket = layer.wrap(tcp, target, options.handshakeTimeout());
            }
            socket.setSoTimeout((int) options.handshakeTimeout().toMillis());
            InputStream rawIn = socket.getInputStream();
            OutputStream rawOut = socket.getOutputStream();
            ClientHandshake handshake = options.handshakeKey() == null
                    ? ClientHandshake.of(target.host(), target.port(), target.resourceName(), options.subprotocols(),
                            options.headers())
                    : new ClientHandshake(target.host(), target.port(), target.resourceName(), options.subprotocols(),
                            options.headers(), options.handshakeKey());
            ClientHandshake.Result result = handshake.perform(rawIn, rawOut, extensions == null ? null : extensions.offer());
            Connection.Extension extension = extensions == null ? null : extensions.accept(result.response());
            socket.setSoTimeout(0); // an open connection may be quiet for as long as it likes
            // The handshake reader read the head byte by byte, so the first frame is still in rawIn: buffering
            // starts only now (see STYLE: a buffered reader that swallows the first frame is a classic bug), and
            // only while bytes are waiting (chapter 14). The connection's writer writes whole frames: no output buffer.
            InputStream in = new OnDemandBufferedInputStream(rawIn);
            OutputStream out = rawOut;
            if (options.debug() != null) {
                PrintStream debug = options.debug();
                synchronized (debug) {
                    debug.print(HexDump.visibleText(result.request().toBytes()));
                    debug.print(HexDump.visibleText(result.response().toBytes()));
                }
                in = WireTap.in(in, tapped -> print(debug, tapped));
                out = WireTap.out(out, tapped -> print(debug, tapped));
            }
            if (options.tap() != null) {
                in = WireTap.in(in, options.tap());
                out = WireTap.out(out, options.tap());
            }
            WebSocketConnection connection = new WebSocketConnection(in, out, socket, Role.CLIENT, options.limits(),
                    listener, options.maskingKeys(), MemoryBudget.processWide(), line -> { }, extension);
            Thread.ofVirtual().name("ws-client " + target).start(connection::run);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            tcp.close();
            throw e;
        }
    }

    private static void print(PrintStream debug, WireTap.Tapped tapped) {
        synchronized (debug) {
            debug.println(tapped.summary());
            debug.print(tapped.annotated());
        }
    }
}
