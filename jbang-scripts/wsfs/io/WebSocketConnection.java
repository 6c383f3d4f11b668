package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.CloseHandshake;
import wsfs.protocol.ClosePayload;
import wsfs.protocol.Connection;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameHeader;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Receiver;
import wsfs.protocol.Role;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One open WebSocket connection (chapter 07), with the edge of chapter 08 that no peer can stall.
 * It starts after the opening handshake, in state OPEN, and owns the streams from then on.
 * <p>
 * The layers it puts together: {@link FrameParser} (frames on the wire, chapters 03-04), {@link Receiver}
 * (messages, ping and pong, chapters 05-06) and {@link CloseHandshake} (state and closing, chapter 07). What it
 * adds is the edge: a reading thread, a writing thread, deadlines and the listener.
 * <ul>
 *   <li>{@link #run()} is the read loop; it blocks until the connection is CLOSED, never throws, and calls
 *       {@link WebSocketListener#onClose} exactly once at the end.</li>
 *   <li>Every Ping is answered with a Pong carrying the same payload, also between the fragments of a message
 *       (section 5.5.2). Pongs are passed on (section 5.5.3).</li>
 *   <li>A broken rule ({@link ProtocolViolation}) fails the connection: a Close frame with the violation's code and a
 *       reason naming the rule, then TCP is closed (section 7.1.7). The close event says 1006, not clean.</li>
 *   <li>A Close frame is answered with a Close echoing its code (section 5.5.1). Then the server closes TCP first;
 *       the client waits for that (section 7.1.1). Nothing is read after the Close: later data is discarded.</li>
 *   <li>Every wait is bounded by {@link Limits#closeTimeout()}: once closing starts, the connection is CLOSED within
 *       that time, whatever the peer does.</li>
 * </ul>
 * <b>Sending never blocks</b> (chapter 08). A send encodes the message's frames under the connection's lock and puts
 * them in the {@link Outbox}; one writer thread takes them out and is the only thread that writes to the socket.
 * The lock is never held while writing, so the order on the wire is the order of the calls, and a peer that does
 * not read stops nobody but its own writer. Pongs and Pings go ahead of queued data frames (section 5.4 allows
 * control frames between fragments).
 * <p>
 * <b>Deadlines</b> (chapter 08), all on the one {@link EdgeTimer}:
 * <ul>
 *   <li>a write blocked for {@link Limits#writeTimeout()} (the peer does not read): TCP is aborted at once, no Close
 *       can get through; the close event says 1006;</li>
 *   <li>a frame not complete {@link Limits#frameTimeout()} after its first byte (a peer trickling it): failed with
 *       1008, policy violation (section 7.4.1: "a generic status code ... when there is no other more suitable status
 *       code"; the RFC sets no time limit, so it is our policy, not its protocol);</li>
 *   <li>more than {@link Limits#maxOutbox()} bytes waiting (the peer does not read fast enough): failed with 1008
 *       "not reading"; the send returns false;</li>
 *   <li>the shared {@link MemoryBudget} spent (by this peer's messages or everybody's): failed with 1013, try again
 *       later (the IANA registry's code for an overloaded server; section 10.4 asks for such limits).</li>
 * </ul>
 * Each of these is one line in the log given to the constructor.
 * <p>
 * Sending when the connection is not OPEN, or after our Close went out, follows the browser: nothing is sent, no
 * exception; the send methods return false.
 */
public final class WebSocketConnection {
    private static final int READ_CHUNK = 8192;     // the most payload bytes read at once

    private static final int WRITE_CHUNK = 64 * 1024;     // a stalled write is one that moved no chunk for the deadline

    private final ProgressInputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final Role role;
    private final Limits limits;
    private final WebSocketListener listener;
    private final MaskingKeys keys;
    private final CloseHandshake handshake;
    private final Outbox outbox;
    private final MemoryBudget budget;
    private final Consumer<String> log;

    private final ReentrantLock lock = new ReentrantLock();  // the closing state, the outbox's order, the masking keys
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closeTimerStarted = new AtomicBoolean();
    private final AtomicBoolean edgeFailed = new AtomicBoolean();
    private final AtomicBoolean transportClosing = new AtomicBoolean();
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private boolean writerStarted;                // under lock
    private volatile long writeStartedAt;         // System.nanoTime() when the current chunk write began; 0: none
    private volatile boolean closedOnPurpose;     // we closed the transport (abort, timeout): not an error
    private volatile boolean closeAfterOurClose;  // abort: the writer closes TCP right after our Close
    private volatile Throwable abortCause;        // why we aborted, reported by the reading thread
    private volatile CloseEvent closeEvent;
    private volatile Heartbeat heartbeat;
    private volatile ScheduledFuture<?> closeTimer;
    private volatile ScheduledFuture<?> deadlineCheck;
    private long reservedForMessage;              // reading thread only: budget held by the message being read

    /**
     * @param in        the stream after the handshake, positioned at the first frame
     * @param out       where frames are written (unbuffered is best: the writer writes whole frames)
     * @param transport what to close at the end (usually the Socket); if it is a Socket, its output is shut down
     *                  before the final drain so our last bytes arrive before the FIN
     * @param role      the side we play: SERVER expects masked frames and sends unmasked ones, CLIENT the reverse
     * @param limits    frame and message limits, close timeout, write and frame deadlines, outbox bound
     * @param listener  the application
     */
    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport, Role role, Limits limits,
                               WebSocketListener listener) {
        this(in, out, transport, role, limits, listener, null);
    }

    /** As above, with the client's masking keys ({@link MaskingKeys#fixed} for reproducible demos; null = secure). */
    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport, Role role, Limits limits,
                               WebSocketListener listener, MaskingKeys keys) {
        this(in, out, transport, role, limits, listener, keys, MemoryBudget.processWide(), line -> { });
    }

    /**
     * As above, with the memory budget shared with other connections (a server passes one to all of its own) and
     * where to log the edge's failures (one line each).
     */
    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport, Role role, Limits limits,
                               WebSocketListener listener, MaskingKeys keys, MemoryBudget budget,
                               Consumer<String> log) {
        this.in = new ProgressInputStream(in);
        this.out = out;
        this.transport = transport;
        this.role = role;
        this.limits = limits;
        this.listener = listener != null ? listener : new WebSocketListener() { };
        this.keys = keys != null ? keys : role.masksOutgoing() ? MaskingKeys.secure() : null;
        this.handshake = new CloseHandshake(role);
        this.budget = budget;
        this.outbox = new Outbox(limits.maxOutbox(), budget);
        this.log = log;
    }

    /** A connection over a socket whose opening handshake is done and whose input holds nothing read ahead. */
    public static WebSocketConnection over(Socket socket, Role role, Limits limits, WebSocketListener listener)
            throws IOException {
        return new WebSocketConnection(new OnDemandBufferedInputStream(socket.getInputStream()),
                socket.getOutputStream(), socket, role, limits, listener);
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

    /** Bytes of frames sent and not yet written to the socket (the browser's bufferedAmount, frame headers included). */
    public long bufferedAmount() {
        return outbox.queuedBytes();
    }

    /**
     * Waits until every frame sent so far is written to the socket, or the connection is closed; false if
     * {@code timeout} passed first. Sending never blocks; a sender that wants to keep pace with the peer (rather
     * than be closed when the outbox overflows) waits here, like {@code drain()} in Python's websockets.
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return outbox.awaitAtMost(0, timeout);
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
        Duration shortest = limits.writeTimeout().compareTo(limits.frameTimeout()) < 0
                ? limits.writeTimeout() : limits.frameTimeout();
        long periodMillis = Math.clamp(shortest.toMillis() / 10, 10, 1000);
        deadlineCheck = EdgeTimer.every(Duration.ofMillis(periodMillis), this::checkDeadlines);
        try {
            notify(() -> listener.onOpen(this));
            readLoop();
        } catch (ListenerFailed e) {
            failConnection(CloseCode.INTERNAL_ERROR, "The application failed to handle an event", e.getCause());
        } catch (RuntimeException e) {
            failConnection(CloseCode.INTERNAL_ERROR, "Internal error", e);
        } finally {
            closeTransport();
            outbox.abandon();                                 // the writer, if any, ends now
            deadlineCheck.cancel(false);
            budget.release(reservedForMessage);
            reservedForMessage = 0;
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
        // EXERCISE 08-read-loop: read no further than the parser needs, feed it, dispatch the events; a violation fails the connection (sections 5.2, 7.1.7)
        List<Receiver.Event> arrived = new ArrayList<>();
        // The parser shows the receiver each frame while it arrives: invalid UTF-8 fails the connection as soon as
        // the bad bytes are read, even if the rest of the frame never comes (section 8.1).
        FrameParser parser = new FrameParser(role, limits.maxFramePayload());
        FrameParser.Sink sink = new BudgetedSink(new Receiver(limits.maxMessageSize(), arrived::add));
        byte[] header = new byte[FrameParser.MAX_HEADER_LENGTH];
        try {
            while (true) {
                if (parser.atFrameBoundary()) {
                    in.betweenFrames();                       // the frame deadline starts with the next byte
                }
                // Read no further than the parser needs: never past a Close frame (1.4), and an idle connection
                // blocks holding only the few header bytes, not a buffer (chapter 08's idle memory).
                long needed = parser.bytesNeeded();
                byte[] buffer = needed <= header.length ? header : new byte[(int) Math.min(needed, READ_CHUNK)];
                int n = in.read(buffer, 0, (int) Math.min(needed, buffer.length));
                if (n < 0) {
                    throw new EOFException("the stream ended");
                }
                arrived.clear();
                ProtocolViolation broken = null;
                try {
                    parser.feed(buffer, 0, n, sink);
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
        // END EXERCISE
    }

    /** Hands the events to the listener in order; true once a Close arrived (the rest is discarded). */
    private boolean dispatch(List<Receiver.Event> events) throws ProtocolViolation {
        // EXERCISE 08-dispatch: hand messages to the listener, answer pings, give pongs to the heartbeat; true after a Close (sections 5.5.2, 1.4)
        for (Receiver.Event event : events) {
            switch (event) {
                case Receiver.MessageReceived(Message.Text(String text)) -> {
                    messageDelivered();
                    notify(() -> listener.onText(this, text));
                }
                case Receiver.MessageReceived(Message.Binary(ByteString data)) -> {
                    messageDelivered();
                    notify(() -> listener.onBinary(this, data));
                }
                case Receiver.PingReceived ping -> {
                    // 5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response".
                    sendControl(ping.reply());
                    notify(() -> listener.onPing(this, ping.payload()));
                }
                case Receiver.PongReceived pong -> {
                    Heartbeat hb = heartbeat;
                    if (hb != null) {
                        hb.pongReceived(pong.payload().toByteArray());
                    }
                    notify(() -> listener.onPong(this, pong.payload()));
                }
                case Receiver.CloseReceived close -> {
                    closeReceived(ClosePayload.parse(close.payload().toByteArray()));
                    return true;
                }
            }
        }
        return false;
        // END EXERCISE
    }

    /**
     * Takes a data frame's payload from the memory budget before it is read (its length is in the header), then
     * passes the frame on to the {@link Receiver}. The bytes go back once the message is delivered.
     */
    private final class BudgetedSink implements FrameParser.Sink {
        private final Receiver receiver;

        BudgetedSink(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void header(FrameHeader header) throws ProtocolViolation {
            receiver.header(header);
            if (!header.opcode().isControl() && header.payloadLength() > 0) {
                if (!budget.tryReserve(header.payloadLength())) {
                    throw new ProtocolViolation(CloseCode.TRY_AGAIN_LATER, "10.4",
                            "The server's memory for messages is spent; try again later");
                }
                reservedForMessage += header.payloadLength();
            }
        }

        @Override
        public void payload(FrameHeader header, byte[] data, int offset, int length) throws ProtocolViolation {
            receiver.payload(header, data, offset, length);
        }

        @Override
        public void end(FrameHeader header) throws ProtocolViolation {
            receiver.end(header);
        }
    }

    private void messageDelivered() {
        budget.release(reservedForMessage);
        reservedForMessage = 0;
    }

    private void closeReceived(ClosePayload payload) {
        startCloseTimeout();                                  // bounds the wait in finishTcp
        lock.lock();
        try {
            handshake.closeReceived(payload).ifPresent(f -> outbox.offerClose(encode(f)));   // 5.5.1: echo the code
            ensureWriter();
        } finally {
            lock.unlock();
        }
        finishTcp();
    }

    /**
     * Section 7.1.7: send a Close with the code (if we have not sent one), then close TCP without waiting for the
     * peer's Close. What was queued before it still goes first: the answers to messages accepted before the broken
     * frame are not lost (the write deadline bounds how long that may take).
     */
    private void failConnection(CloseCode code, String reason, Throwable cause) {
        startCloseTimeout();
        lock.lock();
        try {
            handshake.fail(code, reason).map(this::encode).ifPresentOrElse(outbox::offerClose, outbox::finish);
            ensureWriter();
        } finally {
            lock.unlock();
        }
        if (cause != null) {
            notifyQuietly(cause);
        }
        finishTcp();
    }

    /**
     * The end of the TCP connection. Our last frame is written first (the writer ends after our Close); then the
     * side that closes first shuts its output down (a FIN right after that frame), both read and discard until the
     * peer's FIN, and close. Reading to the end, rather than closing at once, keeps unread bytes from turning our
     * close into a reset that could destroy our Close frame before the peer reads it. The close timeout bounds the
     * waits (it closes the transport, which ends both).
     */
    private void finishTcp() {
        in.stopWatching();                                    // what is read from now on is discarded, not timed
        outbox.finish();
        awaitWriter();
        if (handshake.closesTransportFirst()) {
            shutdownOutput();
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

    private void awaitWriter() {
        boolean hasWriter;
        lock.lock();
        try {
            hasWriter = writerStarted;
        } finally {
            lock.unlock();
        }
        if (hasWriter) {
            try {
                writerDone.await(limits.closeTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void shutdownOutput() {
        if (transport instanceof Socket socket) {
            try {
                socket.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // Already closed, or a TLS socket: closing is enough.
            }
        }
    }

    private void startCloseTimeout() {
        if (!closeTimerStarted.compareAndSet(false, true)) {
            return;
        }
        closeTimer = EdgeTimer.after(limits.closeTimeout(), () -> {
            if (!transportClosing.get()) {
                closedOnPurpose = true;                       // the peer did not finish closing in time
                closeTransport();
            }
        });
    }

    private void closeTransport() {
        if (transportClosing.compareAndSet(false, true)) {
            try {
                transport.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            }
            ScheduledFuture<?> timer = closeTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    // ---- the writer ---------------------------------------------------------------------------------------

    /** Starts the writer thread the first time there is something to write. Call with the lock held. */
    private void ensureWriter() {
        if (!writerStarted) {
            writerStarted = true;
            Thread.ofVirtual().name("ws-frame-writer").start(this::writeLoop);
        }
    }

    /**
     * The only code that writes to the socket: frames from the outbox, in its order, each in chunks so that the
     * write deadline measures progress, not size. It ends after our Close (nothing may follow it, section 5.5.1),
     * when the outbox is finished, or on an I/O error (then the transport is closed and the read loop reports it).
     */
    private void writeLoop() {
        try {
            Outbox.Encoded next;
            while ((next = outbox.take()) != null) {
                try {
                    ByteString bytes = next.bytes();
                    for (int at = 0; at < bytes.length(); at += WRITE_CHUNK) {
                        writeStartedAt = System.nanoTime() | 1;
                        bytes.writeTo(out, at, Math.min(WRITE_CHUNK, bytes.length() - at));
                    }
                    out.flush();
                } finally {
                    writeStartedAt = 0;
                    outbox.written(next);
                }
                if (next.kind() == Outbox.Kind.CLOSE) {
                    if (handshake.failed() || closeAfterOurClose) {
                        shutdownOutput();                     // 7.1.7: failing, we close first; the FIN follows our Close
                    }
                    if (closeAfterOurClose) {
                        closeTransport();
                    }
                    return;
                }
            }
        } catch (IOException e) {
            closeTransport();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writerDone.countDown();
        }
    }

    // ---- deadlines (on the EdgeTimer: never blocks) -------------------------------------------------------

    private void checkDeadlines() {
        long now = System.nanoTime();
        long writing = writeStartedAt;
        if (writing != 0 && now - writing > limits.writeTimeout().toNanos()) {
            failFromEdge(CloseCode.POLICY_VIOLATION, "", true,
                    "write stalled for %d ms with %d bytes queued: the peer is not reading; TCP aborted"
                            .formatted(limits.writeTimeout().toMillis(), outbox.queuedBytes()));
            return;
        }
        long frame = in.frameStartedAt();
        if (frame != 0 && now - frame > limits.frameTimeout().toNanos()) {
            failFromEdge(CloseCode.POLICY_VIOLATION, "Frame not complete within %d s (policy)"
                    .formatted(limits.frameTimeout().toSeconds()), false,
                    "1008 frame not complete %d ms after its first byte".formatted(limits.frameTimeout().toMillis()));
        }
    }

    /**
     * The edge gives up on the peer (a deadline, the outbox bound, the budget, a dead heartbeat): one log line, a
     * Close with {@code code} ahead of any queued data unless the write is stuck, then TCP is closed; the read loop
     * reports {@code problem} to onError. Never blocks, so the timer thread may call it.
     */
    private void failFromEdge(CloseCode code, String reason, boolean writeStuck, String problem) {
        if (!edgeFailed.compareAndSet(false, true)) {
            return;
        }
        log.accept("closing " + peer() + ": " + problem);
        if (abortCause == null) {
            abortCause = new EdgeFailure(problem);
        }
        closedOnPurpose = true;
        startCloseTimeout();
        byte[] close;
        lock.lock();
        try {
            close = handshake.fail(code, reason).map(this::encode).orElse(null);
            outbox.failWith(writeStuck ? null : close);
            if (!writeStuck && close != null) {
                ensureWriter();                               // it writes the Close, then shuts the output down
            }
        } finally {
            lock.unlock();
        }
        if (writeStuck || close == null) {
            closeTransport();                                 // nothing can be written in time: abort TCP now
        }
    }

    private String peer() {
        return transport instanceof Socket s ? String.valueOf(s.getRemoteSocketAddress()) : role.toString().toLowerCase() + " peer";
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** Sends a text message in one frame. False if not sent (not OPEN, Close already sent, or the outbox is full). */
    public boolean sendText(String text) {
        return send(List.of(Frame.text(text)));
    }

    /** Sends a binary message in one frame (a copy of {@code data}: the caller may reuse the array). */
    public boolean sendBinary(byte[] data) {
        return send(List.of(Frame.binary(data)));
    }

    /** Sends a binary message in one frame, without copying its bytes. */
    public boolean sendBinary(ByteString data) {
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
        if (payload.length > FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes (section 5.5), not " + payload.length);
        }
    }

    /** Queues the frames of one message, whole, after everything sent before it. Never blocks on the peer. */
    private boolean send(List<Frame> frames) {
        Outbox.Offer offer;
        long queued;
        lock.lock();
        try {
            if (!handshake.maySend()) {
                return false;        // 5.5.1: nothing after our Close; the browser ignores sends when not OPEN
            }
            List<byte[]> encoded = new ArrayList<>(frames.size());
            for (Frame f : frames) {
                encoded.add(encode(f));
            }
            offer = outbox.offerMessage(encoded);
            queued = outbox.queuedBytes();
            if (offer == Outbox.Offer.QUEUED) {
                ensureWriter();
            }
        } finally {
            lock.unlock();
        }
        switch (offer) {
            case QUEUED -> {
                return true;
            }
            case OVERFLOW -> failFromEdge(CloseCode.POLICY_VIOLATION, "Not reading: " + queued + " bytes queued", false,
                    "1008 not reading: %d bytes queued (outbox bound %d)".formatted(queued, outbox.maxBytes()));
            case OVER_BUDGET -> failFromEdge(CloseCode.TRY_AGAIN_LATER, "Server memory for messages spent", false,
                    "1013 the memory budget is spent (%d of %d bytes in use)".formatted(budget.used(), budget.capacity()));
            case CLOSED -> {
            }
        }
        return false;
    }

    /** Queues a Ping or Pong ahead of the data frames waiting, if sending is still allowed. */
    private boolean sendControl(Frame frame) {
        Outbox.Offer offer;
        lock.lock();
        try {
            if (!handshake.maySend()) {
                return false;        // 5.5.1: nothing after our Close; the browser ignores sends when not OPEN
            }
            offer = outbox.offerControl(encode(frame));
            if (offer == Outbox.Offer.QUEUED) {
                ensureWriter();
                return true;
            }
        } finally {
            lock.unlock();
        }
        if (offer == Outbox.Offer.OVERFLOW) {
            failFromEdge(CloseCode.POLICY_VIOLATION, "Not reading: " + outbox.queuedBytes() + " bytes queued", false,
                    "1008 not reading: %d bytes queued (outbox bound %d)".formatted(outbox.queuedBytes(), outbox.maxBytes()));
        }
        return false;
    }

    /** The frame's bytes as they go on the wire: a client masks with a fresh key (section 5.3). Under the lock. */
    private byte[] encode(Frame f) {
        return FrameCodec.encode(role.masksOutgoing() ? f.withMaskingKey(keys.next()) : f.withMaskingKey(null));
    }

    // ---- closing ------------------------------------------------------------------------------------------

    /** {@code close(1000, "")}. */
    public void close() {
        close(CloseCode.NORMAL_CLOSURE.code(), "");
    }

    /**
     * Starts the closing handshake: queues a Close frame with this code and reason after the messages already sent,
     * then waits (in the read loop, bounded by the close timeout) for the peer's Close. Does nothing if closing has
     * already started. Returns at once.
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
        startCloseTimeout();
        lock.lock();
        try {
            handshake.close(payload).ifPresent(f -> outbox.offerClose(encode(f)));
            ensureWriter();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up on the connection at once: sends a Close with this code ahead of any queued data if the writer is not
     * stuck, then closes TCP without waiting for an answer. For a peer that is gone (see {@link #startHeartbeat}):
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
        boolean writeStuck = writeStartedAt != 0;
        byte[] close;
        lock.lock();
        try {
            close = handshake.close(payload).map(this::encode).orElse(null);
            outbox.failWith(writeStuck ? null : close);
            if (close != null && !writeStuck) {
                closeAfterOurClose = true;                    // the writer puts our Close out, then closes TCP
                ensureWriter();
            }
        } finally {
            lock.unlock();
        }
        if (close == null || writeStuck) {
            shutdownOutput();
            closeTransport();
        } else {
            startCloseTimeout();                              // a writer that gets stuck on the Close is cut off
        }
    }

    // ---- heartbeat ----------------------------------------------------------------------------------------

    /** {@link #startHeartbeat(Duration, Duration, Heartbeat.Listener)} with no observer. */
    public Heartbeat startHeartbeat(Duration interval, Duration timeout) {
        return startHeartbeat(interval, timeout, new Heartbeat.Listener() { });
    }

    /**
     * Pings the peer every {@code interval} (chapter 06), on the {@link EdgeTimer}: each ping is queued, never
     * written by the timer, so a write that is stuck cannot stop the heartbeat. If a pong does not come back within
     * {@code timeout}, the peer is taken for dead: onError gets a {@link SocketTimeoutException}, and the connection
     * is aborted with 1001 (going away: we leave a connection that no longer works); the close event says 1006, as no
     * Close frame came back. The heartbeat stops when the connection closes.
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
        }, EdgeTimer.shared());
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

    /**
     * Notes when a frame starts (its first byte arrives) so the frame deadline can be checked. The read loop marks
     * the boundaries between frames; a read that returns bytes after a boundary starts the clock.
     */
    private static final class ProgressInputStream extends FilterInputStream {
        private volatile long frameStartedAt;           // 0: between frames
        private boolean betweenFrames = true;
        private boolean watching = true;

        ProgressInputStream(InputStream in) {
            super(in);
        }

        void betweenFrames() {
            if (watching) {
                betweenFrames = true;
                frameStartedAt = 0;
            }
        }

        void stopWatching() {
            watching = false;
            betweenFrames = false;
            frameStartedAt = 0;
        }

        long frameStartedAt() {
            return frameStartedAt;
        }

        private void got(int n) {
            if (n > 0 && betweenFrames) {
                betweenFrames = false;
                frameStartedAt = System.nanoTime() | 1;
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            got(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            got(n);
            return n;
        }
    }

    @Override
    public String toString() {
        return "WebSocketConnection[" + role + ", " + readyState() + "]";
    }
}
