package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The browser's WebSocket API in Java (chapter 17), as the documents "WebSocket 协议简介" and "WebSocket (usage
 * notes)" describe it and the WHATWG WebSockets Standard defines it:
 * <pre>
 * new BrowserStyleWebSocket("ws://127.0.0.1:8080/", ws -> {
 *     ws.onopen(e -> ws.send("Hello WebSockets!"));
 *     ws.onmessage(e -> { System.out.println("Received: " + e.data()); ws.close(); });
 *     ws.onclose(e -> System.out.println("closed " + e.code() + " clean=" + e.wasClean()));
 *     ws.onerror(e -> System.out.println("error"));
 * });
 * </pre>
 * What it keeps from the browser:
 * <ul>
 * <li>The constructor returns at once in {@link #CONNECTING}; the connection opens in the background.</li>
 * <li>Events arrive one at a time, in order, on one event thread (the browser's event loop): open, then messages,
 *     then close; error (when there is one) just before close. Handlers are set with {@code onopen(...)} and friends
 *     (one each) or added with {@link #addEventListener} (any number).</li>
 * <li>{@link #readyState()} is 0, 1, 2, 3 (CONNECTING, OPEN, CLOSING, CLOSED).</li>
 * <li>{@link #send(String)} and {@link #send(byte[])} never block: the message joins a queue that a writer thread
 *     drains, and {@link #bufferedAmount()} counts the payload bytes queued but not yet handed to the socket.
 *     Sending while CONNECTING is an error (InvalidStateError); after close() the data is counted and dropped.</li>
 * <li>{@link #binaryType(BinaryType)}: binary messages arrive as {@code byte[]} ("blob", the default) or as a
 *     read-only {@link ByteBuffer} ("arraybuffer").</li>
 * <li>{@link #close(int, String)} accepts 1000 or 3000-4999 and a reason of at most 123 UTF-8 bytes, like the
 *     browser (which throws InvalidAccessError and SyntaxError).</li>
 * </ul>
 */
public final class BrowserStyleWebSocket implements AutoCloseable {
    public static final int CONNECTING = 0;
    public static final int OPEN = 1;
    public static final int CLOSING = 2;
    public static final int CLOSED = 3;

    /** What a binary message is delivered as: "blob" gives byte[], "arraybuffer" a read-only ByteBuffer. */
    public enum BinaryType {
        BLOB, ARRAYBUFFER;

        /** "blob" or "arraybuffer", as in JavaScript. */
        public static BinaryType of(String name) {
            return switch (name) {
                case "blob" -> BLOB;
                case "arraybuffer" -> ARRAYBUFFER;
                default -> throw new IllegalArgumentException("binaryType is \"blob\" or \"arraybuffer\", not " + name);
            };
        }
    }

    /** The events of the browser API. {@link #type()} is the name used with addEventListener. */
    public sealed interface Event permits OpenEvent, MessageEvent, ErrorEvent, CloseEvent {
        String type();
    }

    public record OpenEvent() implements Event {
        @Override
        public String type() {
            return "open";
        }
    }

    /** A message: {@code data} is a String (text), a byte[] ("blob") or a ByteBuffer ("arraybuffer"). */
    public record MessageEvent(Object data) implements Event {
        @Override
        public String type() {
            return "message";
        }

        public boolean isText() {
            return data instanceof String;
        }
    }

    /**
     * Something went wrong. The browser says nothing more (so that scripts cannot probe the network);
     * here {@code cause} tells what, for the learner.
     */
    public record ErrorEvent(Throwable cause) implements Event {
        @Override
        public String type() {
            return "error";
        }
    }

    /**
     * The connection is closed: the code and reason from the peer's Close frame, 1005/1006 if there was none. The
     * code is a number because the WHATWG standard's {@code CloseEvent.code} is one (an unsigned short);
     * {@link #closeCode()} gives the {@link CloseCode}.
     */
    public record CloseEvent(int code, String reason, boolean wasClean) implements Event {
        /** The DOM event for the library's {@link wsfs.protocol.CloseEvent}. */
        static CloseEvent of(wsfs.protocol.CloseEvent e) {
            return new CloseEvent(e.code().code(), e.reason(), e.wasClean());
        }

        public CloseCode closeCode() {
            return CloseCode.of(code);
        }

        @Override
        public String type() {
            return "close";
        }
    }

    private sealed interface Outgoing permits Data, CloseRequest, Stop {
    }

    /** The connection is closed: the writer thread ends. */
    private record Stop() implements Outgoing {
    }

    private record Data(Message message, int size) implements Outgoing {
    }

    private record CloseRequest(CloseCode code, String reason) implements Outgoing {
    }

    private final String url;
    private final ExecutorService eventLoop = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("ws-event-loop").factory());
    private final LinkedBlockingQueue<Outgoing> sendQueue = new LinkedBlockingQueue<>();
    private final AtomicLong bufferedAmount = new AtomicLong();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closeFired = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean aborted;
    private volatile int readyState = CONNECTING;
    private volatile BinaryType binaryType = BinaryType.BLOB;
    private volatile WebSocketConnection connection;
    private volatile Thread writer;
    private volatile Consumer<OpenEvent> onopen;
    private volatile Consumer<MessageEvent> onmessage;
    private volatile Consumer<ErrorEvent> onerror;
    private volatile Consumer<CloseEvent> onclose;

    private record Listener(String type, Consumer<Event> handler) {
    }

    /**
     * Starts connecting to {@code url} and returns at once; an invalid URL throws (the browser's SyntaxError).
     * Handlers set after this returns may miss the first events (see {@link #BrowserStyleWebSocket(String,
     * WebSocketClient.Options, Consumer)}).
     */
    public BrowserStyleWebSocket(String url) {
        this(url, WebSocketClient.Options.defaults(), ws -> { });
    }

    /**
     * Sets the handlers with {@code setup}, then starts connecting. This is the Java stand-in for a guarantee
     * JavaScript gives for free: a page's script runs to completion before any event is delivered, so handlers
     * set on the line after {@code new WebSocket(url)} never miss "open". Java threads give no such guarantee; a
     * connection on loopback can open before the next line runs. Handlers set inside {@code setup} see every event.
     * <pre>
     * new BrowserStyleWebSocket(url, options, ws -> {
     *     ws.onopen(e -> ws.send("Hello WebSockets!"));
     *     ws.onmessage(e -> System.out.println(e.data()));
     * });
     * </pre>
     */
    public BrowserStyleWebSocket(String url, WebSocketClient.Options options, Consumer<BrowserStyleWebSocket> setup) {
        // Fail now, like the browser, for a URL that can never work (wss:// needs chapter 25's TLS client).
        if (WsUrl.parse(url).secure()) {
            throw new IllegalArgumentException("wss:// is WebSocket over TLS; this client speaks plain ws:// only: " + url);
        }
        this.url = url;
        setup.accept(this);
        Thread.ofVirtual().name("ws-connect").start(() -> connect(options));
    }

    /** {@code new BrowserStyleWebSocket(url, Options.defaults(), setup)}. */
    public BrowserStyleWebSocket(String url, Consumer<BrowserStyleWebSocket> setup) {
        this(url, WebSocketClient.Options.defaults(), setup);
    }

    private void connect(WebSocketClient.Options options) {
        try {
            connection = WebSocketClient.connect(url, options, new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection c, String text) {
                    dispatch(new MessageEvent(text));
                }

                @Override
                public void onBinary(WebSocketConnection c, ByteString data) {
                    Object delivered = binaryType == BinaryType.BLOB ? data.toByteArray() : ByteBuffer.wrap(data.toByteArray()).asReadOnlyBuffer();
                    dispatch(new MessageEvent(delivered));
                }

                @Override
                public void onError(WebSocketConnection c, Throwable error) {
                    dispatch(new ErrorEvent(error));
                }

                @Override
                public void onClose(WebSocketConnection c, wsfs.protocol.CloseEvent event) {
                    stopWriter();
                    if (aborted) {
                        dispatch(new ErrorEvent(new IllegalStateException("close() was called before the connection opened")));
                        closed(CloseEvent.of(wsfs.protocol.CloseEvent.abnormal()));
                    } else {
                        closed(CloseEvent.of(event));
                    }
                }
            });
        } catch (Exception e) {
            // WHATWG: "fail the WebSocket connection": error event, then close with 1006, not clean.
            dispatch(new ErrorEvent(e));
            closed(CloseEvent.of(wsfs.protocol.CloseEvent.abnormal()));
            return;
        }
        // Open or not is decided here, under the lock that close() takes: a close() made while CONNECTING is seen
        // either here (the connection closes at once, no open event) or after OPEN (a Close is queued).
        synchronized (this) {
            if (aborted) {
                connection.close(CloseCode.GOING_AWAY, "closed before open");
                return;
            }
            readyState = OPEN;
            // Queued before the writer starts, so a close() made now cannot get its close event in ahead of "open";
            // a peer that closes at once may still win the race, and then nothing follows the close event.
            dispatch(new OpenEvent());
            writer = Thread.ofVirtual().name("ws-writer").start(this::drainSendQueue);
        }
    }

    /** The connection is closed: wake the writer thread so that it ends, and wait for it (bounded). */
    private void stopWriter() {
        sendQueue.add(new Stop());
        Thread w = writer;
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The writer thread: one message at a time, in order, each handed to the connection (which never blocks) and
     * waited for until it is written, so bufferedAmount falls as bytes reach the socket. It ends after the close
     * request, or when the connection closes ({@link Stop}).
     */
    private void drainSendQueue() {
        try {
            while (true) {
                Outgoing next = sendQueue.take();
                switch (next) {
                    case Data d -> {
                        if (!connection.send(d.message())) {
                            return; // closing or closed under us: what is left stays counted, as in the browser
                        }
                        while (!connection.awaitDrained(Duration.ofSeconds(1))) {
                            if (connection.readyState() == wsfs.protocol.ReadyState.CLOSED) {
                                return;
                            }
                        }
                        bufferedAmount.addAndGet(-d.size());
                    }
                    case CloseRequest c -> {
                        connection.close(c.code(), c.reason());
                        return;
                    }
                    case Stop s -> {
                        return;
                    }
                }
            }
        } catch (Exception e) {
            dispatch(new ErrorEvent(e));
        }
    }

    private void closed(CloseEvent event) {
        if (!closeFired.compareAndSet(false, true)) {
            return;
        }
        eventLoop.execute(() -> {
            readyState = CLOSED;
            fire(event);
        });
        eventLoop.shutdown();
    }

    private void dispatch(Event event) {
        try {
            eventLoop.execute(() -> fire(event));
        } catch (java.util.concurrent.RejectedExecutionException afterClose) {
            // the close event was the last one: nothing is delivered after it
        }
    }

    @SuppressWarnings("unchecked")
    private void fire(Event event) {
        Consumer<? extends Event> property = switch (event) {
            case OpenEvent e -> onopen;
            case MessageEvent e -> onmessage;
            case ErrorEvent e -> onerror;
            case CloseEvent e -> onclose;
        };
        call(() -> {
            if (property != null) {
                ((Consumer<Event>) property).accept(event);
            }
        });
        for (Listener l : listeners) {
            if (l.type().equals(event.type())) {
                call(() -> l.handler().accept(event));
            }
        }
    }

    /** A handler that throws does not stop the others, like an uncaught exception in a browser event handler. */
    private static void call(Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            System.err.println("Uncaught exception in an event handler: " + e);
        }
    }

    // --- the API -------------------------------------------------------------------------------

    public String url() {
        return url;
    }

    /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
    public int readyState() {
        return readyState;
    }

    /** The name of a readyState value, for printing. */
    public static String readyStateName(int state) {
        return switch (state) {
            case CONNECTING -> "CONNECTING";
            case OPEN -> "OPEN";
            case CLOSING -> "CLOSING";
            case CLOSED -> "CLOSED";
            default -> throw new IllegalArgumentException("no readyState " + state);
        };
    }

    /** Payload bytes passed to send() and not yet written to the socket. */
    public long bufferedAmount() {
        return bufferedAmount.get();
    }

    public BinaryType binaryType() {
        return binaryType;
    }

    public void binaryType(BinaryType type) {
        this.binaryType = Objects.requireNonNull(type);
    }

    public void onopen(Consumer<OpenEvent> handler) {
        this.onopen = handler;
    }

    public void onmessage(Consumer<MessageEvent> handler) {
        this.onmessage = handler;
    }

    public void onerror(Consumer<ErrorEvent> handler) {
        this.onerror = handler;
    }

    public void onclose(Consumer<CloseEvent> handler) {
        this.onclose = handler;
    }

    /** Adds a handler for "open", "message", "error" or "close"; several may listen to the same type. */
    public void addEventListener(String type, Consumer<Event> handler) {
        if (!List.of("open", "message", "error", "close").contains(type)) {
            throw new IllegalArgumentException("a WebSocket fires open, message, error and close, not " + type);
        }
        listeners.add(new Listener(type, Objects.requireNonNull(handler)));
    }

    public void removeEventListener(String type, Consumer<Event> handler) {
        listeners.removeIf(l -> l.type().equals(type) && l.handler() == handler);
    }

    /** Queues a text message (sent as UTF-8). */
    public void send(String data) {
        enqueue(Message.text(data), data.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Queues a binary message; the array is copied, so the caller may reuse it. */
    public void send(byte[] data) {
        enqueue(Message.binary(data), data.length);        // Message.binary(byte[]) copies
    }

    /** Queues a binary message with the remaining bytes of the buffer (its position is not moved). */
    public void send(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        enqueue(Message.binary(ByteString.wrapOwned(bytes)), bytes.length);   // a fresh copy: no second one
    }

    private void enqueue(Message message, int size) {
        int state = readyState;
        if (state == CONNECTING) {
            throw new IllegalStateException("InvalidStateError: send() before the open event (readyState is CONNECTING)");
        }
        bufferedAmount.addAndGet(size);
        if (state == OPEN) {
            sendQueue.add(new Data(message, size));
        }
        // CLOSING or CLOSED: the WHATWG standard counts the bytes in bufferedAmount and sends nothing.
    }

    /** close() with no arguments: {@code close(1000, "")}. (A browser sends a Close frame with no status code.) */
    @Override
    public void close() {
        closeWith(CloseCode.NORMAL_CLOSURE, "");
    }

    /**
     * Starts the closing handshake after the messages already queued. Takes a number, as the browser's
     * {@code close(code, reason)} does; {@link #close(CloseCode, String)} is the same with a {@link CloseCode}.
     */
    public void close(int code, String reason) {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("InvalidAccessError: close() accepts 1000 or 3000-4999, not " + code);
        }
        close(CloseCode.of(code), reason);
    }

    /** WHATWG: an application may close with 1000 or 3000-4999 only (the others are the endpoint's to send). */
    public void close(CloseCode code, String reason) {
        if (!code.equals(CloseCode.NORMAL_CLOSURE) && (code.code() < 3000 || code.code() > 4999)) {
            throw new IllegalArgumentException("InvalidAccessError: close() accepts 1000 or 3000-4999, not " + code.code());
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("SyntaxError: a close reason is at most 123 UTF-8 bytes (RFC 6455 5.5)");
        }
        closeWith(code, reason);
    }

    private void closeWith(CloseCode code, String reason) {
        synchronized (this) {
            if (readyState == CLOSING || readyState == CLOSED) {
                return;
            }
            boolean connecting = readyState == CONNECTING;
            readyState = CLOSING;
            if (connecting) {
                // WHATWG: close() before the connection is open fails it (error event, then close with 1006).
                // Our handshake runs to its end; connect() then closes at once instead of firing open.
                aborted = true;
                return;
            }
        }
        sendQueue.add(new CloseRequest(code, reason));
    }

}
