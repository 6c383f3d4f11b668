package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Limits;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client API of MicroPython's {@code uwebsocket}, as the document "WebSocket 通信" presents it
 * (chapter 16): {@code connect(url, headers, debug)}, {@code send(msg)}, {@code recv()} and {@code close()}.
 * A blocking, text-only client meant to be used with one receiving thread:
 * <pre>
 * SimpleWebSocketClient client = SimpleWebSocketClient.connect("ws://127.0.0.1:8080/", Map.of(), true);
 * Thread.ofVirtual().start(() -> {
 *     while (true) {
 *         String data = client.recv();
 *         System.out.println("recv_data = " + data);
 *         if (data == null) {          // closed by the server or by us
 *             client.close();
 *             break;
 *         }
 *     }
 * });
 * client.send("this is a test msg");
 * </pre>
 *
 * <p>Differences from the Python original, on purpose: {@code recv()} returns {@code null} (never "") once
 * the connection is closed, because an empty text message is a valid message; and a binary message, which
 * this text-only API cannot deliver, closes the connection with 1003 "unsupported data" (RFC 6455 section
 * 7.4.1: "it has received a type of data it cannot accept"). With {@code debug} every frame is printed as
 * annotated hex, after the handshake in plain text.
 */
public final class SimpleWebSocketClient implements AutoCloseable {
    private static final Object CLOSED = new Object();

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final WebSocketConnection connection;
    private final Limits limits;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile CloseEvent closeEvent;

    private SimpleWebSocketClient(String url, Map<String, String> headers, PrintStream debug) throws IOException {
        WebSocketClient.Options options = WebSocketClient.Options.defaults().withHeaders(headers);
        if (debug != null) {
            options = options.withDebug(debug);
        }
        this.limits = options.limits();
        this.connection = WebSocketClient.connect(url, options, new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                inbox.add(text);
            }

            @Override
            public void onBinary(WebSocketConnection c, ByteString data) {
                c.close(CloseCode.UNSUPPORTED_DATA, "this client accepts text messages only");
            }

            @Override
            public void onClose(WebSocketConnection c, CloseEvent event) {
                closeEvent = event;
                inbox.add(CLOSED);
                closed.countDown();
            }
        });
    }

    /** {@code connect(url, null, false)}: no extra headers, no debug output. */
    public static SimpleWebSocketClient connect(String url) throws IOException {
        return new SimpleWebSocketClient(url, Map.of(), null);
    }

    /**
     * Opens the connection and performs the opening handshake; returns once the connection is open.
     *
     * @param headers extra request headers (may be null), added after the ones the handshake needs
     * @param debug   print the handshake and every frame (annotated hex) on standard output
     */
    public static SimpleWebSocketClient connect(String url, Map<String, String> headers, boolean debug) throws IOException {
        return new SimpleWebSocketClient(url, headers == null ? Map.of() : headers, debug ? System.out : null);
    }

    /** Like {@link #connect(String, Map, boolean)}, printing the debug output on {@code debug} (null: none). */
    public static SimpleWebSocketClient connect(String url, Map<String, String> headers, PrintStream debug) throws IOException {
        return new SimpleWebSocketClient(url, headers == null ? Map.of() : headers, debug);
    }

    /** Sends one text message; IOException if the connection is closing or closed. */
    public void send(String msg) throws IOException {
        if (!connection.sendText(msg)) {
            throw new IOException("the connection is " + connection.readyState() + ": the message was not sent");
        }
    }

    /**
     * The next text message, waiting as long as it takes; {@code null} once the connection is closed
     * (and on every later call).
     */
    public String recv() throws InterruptedException {
        Object next = inbox.take();
        if (next == CLOSED) {
            inbox.add(CLOSED);
            return null;
        }
        return (String) next;
    }

    /** How the connection ended, once {@link #recv()} has returned null; null while it is open. */
    public CloseEvent closeEvent() {
        return closeEvent;
    }

    /**
     * Starts the closing handshake with 1000 and waits (at most the close timeout, and a little more) until the
     * connection is closed. Safe to call twice, and from the receiving thread.
     */
    @Override
    public void close() {
        connection.close(CloseCode.NORMAL_CLOSURE, "");
        try {
            closed.await(limits.closeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
