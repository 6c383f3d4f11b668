package wsfs.io;

import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.CloseHandshake;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Connection;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Receiver;
import wsfs.protocol.Role;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open WebSocket connection: the endpoint core (chapter 07) that the server and client of chapter 08 wrap.
 * It starts after the opening handshake, in state OPEN, and owns the streams from then on.
 * <p>
 * The layers it puts together: {@link FrameParser} and {@link FrameWriter} (frames on the wire, chapters 03-04),
 * {@link Receiver} (messages, ping and pong, chapters 05-06) and {@link CloseHandshake} (state and closing,
 * this chapter). What it adds is the edge: the reading thread, the locks, the close timeout and the listener.
 * <ul>
 *   <li>{@link #run()} is the read loop; it blocks until the connection is CLOSED, never throws, and calls
 *       {@link WebSocketListener#onClose} exactly once at the end.</li>
 *   <li>Every Ping is answered with a Pong carrying the same payload, also between the fragments of a message
 *       (section 5.5.2). Pongs are passed on (section 5.5.3).</li>
 *   <li>A broken rule ({@link ProtocolViolation}) fails the connection: a Close frame with the violation's code and a
 *       reason naming the rule, then TCP is closed (section 7.1.7). The close event says 1006, not clean.
 *       Frames are parsed with the {@link Receiver} as the parser's sink, so a data frame's order and size are checked from
 *       its header and a text payload is checked as UTF-8 piece by piece, while the frame is still arriving.</li>
 *   <li>A Close frame is answered with a Close echoing its code (section 5.5.1). Then the server closes TCP first;
 *       the client waits for that (section 7.1.1). Nothing is read after the Close: later data is discarded.</li>
 *   <li>Every wait is bounded by {@link Limits#closeTimeout()}: once closing starts, the connection is CLOSED within
 *       that time, whatever the peer does.</li>
 * </ul>
 * Sending: all frames go through one {@link FrameWriter} under one lock, so frames from several threads never
 * interleave; the fragments of one message are sent under a second lock, so no other message gets between them,
 * while the reading thread can still slip a Pong in (section 5.4 allows control frames between fragments).
 * <p>
 * Sending when the connection is not OPEN, or after our Close went out, follows the browser: nothing is sent, no
 * exception; the send methods return false. An I/O error while sending closes the transport (the read loop then
 * reports the close) and also returns false.
 */
public final class WebSocketConnection {
    private final InputStream in;
    private final Closeable transport;
    private final Role role;
    private final Limits limits;
    private final WebSocketListener listener;
    private final FrameWriter writer;
    private final CloseHandshake handshake;

    private final ReentrantLock frameLock = new ReentrantLock();    // one frame at a time on the wire
    private final ReentrantLock messageLock = new ReentrantLock();  // one (fragmented) message at a time
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean watchdogStarted = new AtomicBoolean();
    private final AtomicBoolean transportClosing = new AtomicBoolean();
    private final CountDownLatch transportClosed = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean closedOnPurpose;     // we closed the transport (abort, timeout): not an error
    private volatile Throwable abortCause;        // why we aborted, reported by the reading thread
    private volatile CloseEvent closeEvent;
    private volatile Heartbeat heartbeat;

    /**
     * @param in        the stream after the handshake, positioned at the first frame
     * @param out       where frames are written
     * @param transport what to close at the end (usually the Socket); if it is a Socket, its output is shut down
     *                  before the final drain so our last bytes arrive before the FIN
     * @param role      the side we play: SERVER expects masked frames and sends unmasked ones, CLIENT the reverse
     * @param limits    frame and message limits, close timeout
     * @param listener  the application
     */
    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport, Role role, Limits limits,
                               WebSocketListener listener) {
        this(in, out, transport, role, limits, listener, null);
    }

    /** As above, with the client's masking keys ({@link MaskingKeys#fixed} for reproducible demos; null = secure). */
    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport, Role role, Limits limits,
                               WebSocketListener listener, MaskingKeys keys) {
        this.in = in;
        this.transport = transport;
        this.role = role;
        this.limits = limits;
        this.listener = listener != null ? listener : new WebSocketListener() { };
        this.writer = new FrameWriter(out, role, keys);
        this.handshake = new CloseHandshake(role);
    }

    /** A connection over a socket whose opening handshake is done and whose input holds nothing read ahead. */
    public static WebSocketConnection over(Socket socket, Role role, Limits limits, WebSocketListener listener)
            throws IOException {
        return new WebSocketConnection(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream(),
                socket, role, limits, listener);
    }

    public Role role() {
        return role;
    }

    public Limits limits() {
        return limits;
    }

    /** OPEN, CLOSING or CLOSED (CONNECTING belongs to the opening handshake, before this object exists). */
    public ReadyState readyState() {
        return handshake.state();
    }

    /** How the connection ended, once it is CLOSED. */
    public Optional<CloseEvent> closeEvent() {
        return Optional.ofNullable(closeEvent);
    }

    /** Waits until {@link #run()} has finished (CLOSED and onClose called). Returns false on timeout. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- the read loop ------------------------------------------------------------------------------------

    /**
     * Reads and handles frames until the connection is CLOSED. Blocks; call it on its own thread (a virtual
     * thread is fine). Never throws; the outcome is the {@link CloseEvent} given to onClose.
     *
     * @throws IllegalStateException if called twice
     */
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("run() was already called");
        }
        try {
            notify(() -> listener.onOpen(this));
            readLoop();
        } catch (ListenerFailed e) {
            failConnection(CloseCode.INTERNAL_ERROR, "The application failed to handle an event", e.getCause());
        } catch (RuntimeException e) {
            failConnection(CloseCode.INTERNAL_ERROR, "Internal error", e);
        } finally {
            closeTransport();
            Heartbeat hb = heartbeat;
            if (hb != null) {
                hb.close();
            }
            CloseEvent event = handshake.transportClosed();
            closeEvent = event;
            try {
                listener.onClose(this, event);
            } catch (RuntimeException ignored) {
                // Nothing is left to report it to.
            } finally {
                finished.countDown();
            }
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[8192];
        List<Receiver.Event> arrived = new ArrayList<>();
        // The parser shows the receiver each frame while it arrives: invalid UTF-8 fails the connection as soon as
        // the bad bytes are read, even if the rest of the frame never comes (section 8.1).
        FrameParser parser = new FrameParser(role, limits.maxFramePayload());
        Receiver receiver = new Receiver(limits.maxMessageSize(), arrived::add);
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new EOFException("the stream ended");
                }
                arrived.clear();
                ProtocolViolation broken = null;
                try {
                    parser.feed(buffer, 0, n, receiver);
                } catch (ProtocolViolation v) {
                    broken = v;                               // the frames before it still count
                }
                if (dispatch(arrived)) {
                    return;                                   // 1.4: after a Close, further data is discarded
                }
                if (broken != null) {
                    throw broken;
                }
            }
        } catch (ProtocolViolation violation) {
            failConnection(violation.closeCode(), Connection.reasonFor(violation), violation);
        } catch (IOException e) {
            // EOF without a Close (the peer vanished), a reset, or our own close of the transport (timeout, abort).
            Throwable cause = abortCause;
            if (cause != null) {
                notifyQuietly(cause);
            } else if (!closedOnPurpose && !(e instanceof EOFException)) {
                notifyQuietly(e);
            }
        }
    }

    /** Hands the events to the listener in order; true once a Close arrived (the rest is discarded). */
    private boolean dispatch(List<Receiver.Event> events) throws ProtocolViolation {
        for (Receiver.Event event : events) {
            switch (event) {
                case Receiver.MessageReceived(Message.Text(String text)) -> notify(() -> listener.onText(this, text));
                case Receiver.MessageReceived(Message.Binary(byte[] data)) -> notify(() -> listener.onBinary(this, data));
                case Receiver.PingReceived ping -> {
                    // 5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response".
                    sendControl(ping.reply());
                    notify(() -> listener.onPing(this, ping.payload()));
                }
                case Receiver.PongReceived pong -> {
                    Heartbeat hb = heartbeat;
                    if (hb != null) {
                        hb.pongReceived(pong.payload());
                    }
                    notify(() -> listener.onPong(this, pong.payload()));
                }
                case Receiver.CloseReceived close -> {
                    closeReceived(ClosePayload.parse(close.payload()));
                    return true;
                }
            }
        }
        return false;
    }

    private void closeReceived(ClosePayload payload) {
        startCloseTimeout();                                  // bounds the lock below and the wait in finishTcp
        frameLock.lock();
        try {
            handshake.closeReceived(payload).ifPresent(this::writeOrDrop);   // 5.5.1: answer, echoing the code
        } finally {
            frameLock.unlock();
        }
        finishTcp();
    }

    /** Section 7.1.7: send a Close with the code (if we have not sent one), then close TCP without waiting. */
    private void failConnection(CloseCode code, String reason, Throwable cause) {
        startCloseTimeout();
        boolean locked = false;
        try {
            locked = frameLock.tryLock(limits.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Optional<Frame> close = handshake.fail(code, reason);
            if (locked) {
                close.ifPresent(this::writeOrDrop);
            }
        } finally {
            if (locked) {
                frameLock.unlock();
            }
        }
        if (cause != null) {
            notifyQuietly(cause);
        }
        finishTcp();
    }

    /**
     * The end of the TCP connection. The side that closes first shuts its output down (a FIN right after our last
     * frame), then both read and discard until the peer's FIN, and close. Reading to the end, rather than closing
     * at once, keeps unread bytes from turning our close into a reset that could destroy our Close frame before the
     * peer reads it. The close timeout bounds the wait.
     */
    private void finishTcp() {
        if (handshake.closesTransportFirst() && transport instanceof Socket socket) {
            try {
                socket.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // Already closed, or a TLS socket: closing below is enough.
            }
        }
        byte[] discard = new byte[8192];
        try {
            while (in.read(discard) != -1) {
                // 1.4: "after receiving a control frame indicating the connection should be closed, a peer
                // discards any further data received".
            }
        } catch (IOException ignored) {
            // The timeout closed the transport, or the peer reset it: either way, we are done.
        }
        closeTransport();
    }

    private void startCloseTimeout() {
        if (!watchdogStarted.compareAndSet(false, true)) {
            return;
        }
        Duration timeout = limits.closeTimeout();
        Thread.ofVirtual().name("close-timeout").start(() -> {
            try {
                if (!transportClosed.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    closedOnPurpose = true;         // the peer did not finish the closing handshake in time
                    closeTransport();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void closeTransport() {
        if (transportClosing.compareAndSet(false, true)) {
            try {
                transport.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            } finally {
                transportClosed.countDown();
            }
        }
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** Sends a text message in one frame. False if not sent (not OPEN, Close already sent, or I/O error). */
    public boolean sendText(String text) {
        return send(List.of(Frame.text(text)));
    }

    /** Sends a binary message in one frame. */
    public boolean sendBinary(byte[] data) {
        return send(List.of(Frame.binary(data)));
    }

    /** Sends a message in one frame. */
    public boolean send(Message message) {
        return send(List.of(new Frame(true, 0, message.opcode(), null, message.payload())));
    }

    /** Sends a message as frames of at most {@code fragmentSize} payload bytes (section 5.4). */
    public boolean sendFragmented(Message message, int fragmentSize) {
        return send(Fragmenter.fragment(message, fragmentSize));
    }

    /** Sends a Ping (at most 125 bytes, section 5.5). The answer arrives as {@link WebSocketListener#onPong}. */
    public boolean ping(byte[] payload) {
        checkControlPayload(payload);
        return sendControl(Frame.ping(payload));
    }

    /** Sends an unsolicited Pong, a one-way heartbeat (section 5.5.3: "A response to an unsolicited Pong frame is not expected"). */
    public boolean pong(byte[] payload) {
        checkControlPayload(payload);
        return sendControl(Frame.pong(payload));
    }

    private static void checkControlPayload(byte[] payload) {
        if (payload.length > wsfs.protocol.FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes (section 5.5), not " + payload.length);
        }
    }

    private boolean send(List<Frame> frames) {
        messageLock.lock();
        try {
            for (Frame f : frames) {
                if (!sendControl(f)) {
                    return false;    // closing started between two fragments: the rest is not sent
                }
            }
            return true;
        } finally {
            messageLock.unlock();
        }
    }

    /** Writes one frame if sending is still allowed. */
    private boolean sendControl(Frame frame) {
        frameLock.lock();
        try {
            if (!handshake.maySend()) {
                return false;        // 5.5.1: nothing after our Close; the browser ignores sends when not OPEN
            }
            return writeOrDrop(frame);
        } finally {
            frameLock.unlock();
        }
    }

    /** Writes a frame; on an I/O error closes the transport (the read loop then ends). Call with frameLock held. */
    private boolean writeOrDrop(Frame frame) {
        try {
            writer.write(frame);
            return true;
        } catch (IOException e) {
            closeTransport();
            return false;
        }
    }

    // ---- closing ------------------------------------------------------------------------------------------

    /** {@code close(1000, "")}. */
    public void close() {
        close(CloseCode.NORMAL_CLOSURE.code(), "");
    }

    /**
     * Starts the closing handshake: sends a Close frame with this code and reason, then waits (in the read loop,
     * bounded by the close timeout) for the peer's Close. Does nothing if closing has already started.
     *
     * @throws IllegalArgumentException if the code may not be sent ({@link CloseCode#sendable(int)}) or the
     *                                  reason is longer than 123 bytes of UTF-8
     */
    public void close(int code, String reason) {
        if (!CloseCode.sendable(code)) {
            throw new IllegalArgumentException("close code %d must not be sent: %s".formatted(code, ClosePayload.meaning(code)));
        }
        ClosePayload payload = new ClosePayload(code, reason);
        payload.toBytes();                               // validates the reason's length before anything changes
        if (handshake.state() != ReadyState.OPEN) {
            return;
        }
        startCloseTimeout();                             // bounded even if the write below blocks
        frameLock.lock();
        try {
            handshake.close(payload).ifPresent(this::writeOrDrop);
        } finally {
            frameLock.unlock();
        }
    }

    /**
     * Gives up on the connection at once: sends a Close with this code if that is still possible without waiting,
     * then closes TCP without waiting for an answer. For a peer that is gone (see {@link #startHeartbeat}):
     * the close event reports 1006, not clean, since no Close frame came back.
     */
    public void abort(int code, String reason) {
        abort(code, reason, null);
    }

    private void abort(int code, String reason, Throwable cause) {
        if (!CloseCode.sendable(code)) {
            throw new IllegalArgumentException("close code %d must not be sent: %s".formatted(code, ClosePayload.meaning(code)));
        }
        ClosePayload payload = new ClosePayload(code, ClosePayload.truncateReason(reason));
        if (cause != null && abortCause == null) {
            abortCause = cause;
        }
        closedOnPurpose = true;
        if (frameLock.tryLock()) {
            try {
                handshake.close(payload).ifPresent(this::writeOrDrop);
            } finally {
                frameLock.unlock();
            }
        }
        if (transport instanceof Socket socket) {
            try {
                socket.shutdownOutput();                 // our Close leaves before the FIN
            } catch (IOException | UnsupportedOperationException ignored) {
                // Closing below is enough.
            }
        }
        closeTransport();
    }

    // ---- heartbeat ----------------------------------------------------------------------------------------

    /** {@link #startHeartbeat(Duration, Duration, Heartbeat.Listener)} with no observer. */
    public Heartbeat startHeartbeat(Duration interval, Duration timeout) {
        return startHeartbeat(interval, timeout, new Heartbeat.Listener() { });
    }

    /**
     * Pings the peer every {@code interval} (chapter 06). If a pong does not come back within {@code timeout},
     * the peer is taken for dead: onError gets a {@link SocketTimeoutException}, and the connection is aborted with
     * 1001 (going away: we leave a connection that no longer works); the close event says 1006, as no Close
     * frame came back. The heartbeat stops when the connection closes.
     */
    public Heartbeat startHeartbeat(Duration interval, Duration timeout, Heartbeat.Listener observer) {
        Heartbeat hb = new Heartbeat(payload -> {
            if (!ping(payload)) {
                throw new IOException("the connection is no longer open");
            }
        }, interval, timeout, new Heartbeat.Listener() {
            @Override
            public void onRoundTrip(long sequence, Duration roundTrip) {
                observer.onRoundTrip(sequence, roundTrip);
            }

            @Override
            public void onDead(long sequence, Duration waited) {
                observer.onDead(sequence, waited);
                // The reading thread reports the cause to onError once the transport is closed.
                abort(CloseCode.GOING_AWAY.code(), "No pong within " + waited.toMillis() + " ms",
                        new SocketTimeoutException("no pong for ping %d within %d ms: the peer is not answering"
                                .formatted(sequence, waited.toMillis())));
            }
        });
        Heartbeat previous = heartbeat;
        if (previous != null) {
            previous.close();
        }
        heartbeat = hb;
        return hb.start();
    }

    // ---- the listener -------------------------------------------------------------------------------------

    /** An exception thrown by the listener, carried out of the read loop. */
    private static final class ListenerFailed extends RuntimeException {
        ListenerFailed(Throwable cause) {
            super(cause);
        }
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw new ListenerFailed(e);
        }
    }

    private void notifyQuietly(Throwable error) {
        try {
            listener.onError(this, error);
        } catch (RuntimeException ignored) {
            // The listener failed while hearing about a failure; nothing more to do.
        }
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + role + ", " + readyState() + "]";
    }
}
