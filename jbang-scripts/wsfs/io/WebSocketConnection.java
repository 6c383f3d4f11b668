package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Connection;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.ReadyState;
import wsfs.protocol.Role;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One open WebSocket connection over a socket (chapter 13): chapter 10's sans-I/O {@link Connection} driven by
 * a blocking edge that no peer can stall, built from chapter 11's outbox and memory budget and chapter 12's writer
 * thread and deadlines. It starts after the opening handshake, in state OPEN, and owns the streams from then on.
 * <p>
 * Every protocol rule is the {@link Connection}'s: frames, messages, pongs, the closing handshake, when TCP is to be
 * closed, and the one place where a failure becomes a Close frame. What this class adds is what a core without I/O
 * cannot have: a reading thread, a writing thread, deadlines, a memory budget and the listener. It is put together
 * from parts, each in its own file (chapters 11 and 12, and {@link SlowPeer} of chapter 13):
 * <ul>
 *   <li>{@link LockedConnection}: the Connection under one lock, its frames into the {@link Outbox} in that lock;</li>
 *   <li>{@link OutboxWriter}: the writer thread, batching, and the reading thread's own writes;</li>
 *   <li>{@link Transport}: closing TCP once, the FIN, draining to the peer's FIN, the close timeout;</li>
 *   <li>{@link FrameClockInputStream} and {@link SlowPeer}: the frame and write deadlines, the outbox bound and the
 *       memory budget, each a reason to give up on the peer;</li>
 *   <li>{@link MessageReservation}: the budget held by the message being received.</li>
 * </ul>
 * What stays here: the read loop, dispatch to the listener, the send API, closing and aborting, the heartbeat.
 * <pre>
 *   reader:   n = in.read(buf)                   (whatever is waiting, into one buffer)
 *             under the lock: events = conn.receiveFrame(buf, at, n - at), at most one frame's;
 *                             outbox &lt;- conn.dataToSend()
 *             outside it:     events -> listener; after a Close or a failure: finish TCP; else the next frame
 *   senders:  under the lock: conn.send(...) / ping / close; outbox &lt;- conn.dataToSend()
 *   writer:   outbox -> socket, the frames that wait in one write
 *   reader:   before it reads again, writes what it sent itself (an echo): no hand-off to the writer
 * </pre>
 * <ul>
 *   <li>{@link #run()} is the read loop; it blocks until the connection is CLOSED, never throws, and calls
 *       {@link WebSocketListener#onClose} exactly once at the end.</li>
 *   <li>It reads whatever is waiting, up to 64 KiB, and feeds it a frame at a time ({@link Connection#receiveFrame}):
 *       each frame's events reach the listener before the next frame is parsed, so the echo of a message that came
 *       in the same read as a Close still goes out before our answering Close; what follows a Close is discarded
 *       (section 1.4). An idle connection blocks in {@code read} holding a 256-byte buffer; the 64 KiB one is
 *       taken only while bytes keep coming and dropped when the socket runs dry.</li>
 *   <li>A broken rule fails the connection: the Connection queues a Close with the violation's code and a reason
 *       naming the rule, the listener's onError hears of it, then TCP is closed (section 7.1.7); the close event
 *       says 1006, not clean. Messages sent before the bad frame arrived (an echo of the last good one) still go
 *       out ahead of that Close; only the edge's own failures below drop what waits.</li>
 *   <li>After the closing handshake the server closes TCP first; the client waits for that (section 7.1.1).</li>
 *   <li>Every wait is bounded by {@link Limits#closeTimeout()}: once closing starts, the connection is CLOSED within
 *       that time, whatever the peer does.</li>
 * </ul>
 * <b>Sending never blocks.</b> A send asks the Connection for the frames under the connection's lock and puts them
 * in the {@link Outbox}; one writer thread takes them out and writes them, as many as wait in one write. The lock
 * is never held while writing, so the order on the wire is the order of the calls, and a peer that does not read
 * stops nobody but its own writer. One exception, for speed (chapter 14, "Where the time goes"): what the reading
 * thread sends itself (an echo from a listener) waits without waking the writer, and the reading thread writes it
 * before it reads again, as Netty's event loop does; a request and its answer then cost no hand-off between
 * threads. A listener that blocks on the reading thread delays its own sends until it returns (waiting for the
 * outbox to drain hands them to the writer first). Pongs and Pings go ahead of queued data frames (section 5.4 allows control frames
 * between fragments).
 * <p>
 * <b>The edge's own failures</b>, all on the one {@link EdgeTimer} or at an offer, each handed to
 * {@link Connection#fail} (which builds the Close frame) and logged in one line:
 * <ul>
 *   <li>a write blocked for {@link Limits#writeTimeout()} (the peer does not read): TCP is aborted at once, no Close
 *       can get through; the close event says 1006;</li>
 *   <li>a frame not complete {@link Limits#frameTimeout()} after its first byte (a peer trickling it): failed with
 *       1008, policy violation (section 7.4.1: "a generic status code ... when there is no other more suitable status
 *       code"; the RFC sets no time limit, so it is our policy, not its protocol);</li>
 *   <li>more than {@link Limits#maxOutbox()} bytes waiting (the peer does not read fast enough): failed with 1008
 *       "not reading"; the send returns false;</li>
 *   <li>the shared {@link MemoryBudget} spent (by this peer's messages or everybody's): failed with 1013, try again
 *       later (the IANA registry's code for an overloaded server; section 10.4 asks for such limits). A data frame's
 *       announced length is taken from the budget as soon as its header arrives
 *       ({@link Connection#announcedMessageBytes()}), before its payload is read.</li>
 * </ul>
 * Sending when the connection is not OPEN, or after our Close went out, follows the browser: nothing is sent, no
 * exception; the send methods return false.
 */
public final class WebSocketConnection {
    private static final int IDLE_READ = 256;             // the read buffer of a connection with nothing waiting
    private static final int READ_BUFFER = 64 * 1024;     // the read buffer while bytes keep coming

    private final FrameClockInputStream in;
    private final Transport transport;
    private final Role role;
    private final Limits limits;
    private final WebSocketListener listener;
    private final LockedConnection core;          // the protocol, under its lock, and the order of the outbox
    private final OutboxWriter writer;
    private final Outbox outbox;
    private final MemoryBudget budget;
    private final MessageReservation reservation; // reading thread only: budget held by the message being read
    private final Consumer<String> log;

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean edgeFailed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Throwable abortCause;        // why we aborted, reported by the reading thread
    private volatile CloseEvent closeEvent;
    private volatile Heartbeat heartbeat;
    private volatile ScheduledFuture<?> deadlineCheck;
    private volatile Thread reader;               // the thread in run(): what it sends, it writes itself

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
        this(in, out, transport, role, limits, listener, keys, budget, log, null);
    }

    /** As above, with the extension the handshake negotiated, or null (chapter 23). */
    public WebSocketConnection(InputStream in, OutputStream out, Closeable transport, Role role, Limits limits,
                               WebSocketListener listener, MaskingKeys keys, MemoryBudget budget,
                               Consumer<String> log, Connection.Extension extension) {
        this.in = new FrameClockInputStream(in);
        this.transport = new Transport(transport, limits.closeTimeout());
        this.role = role;
        this.limits = limits;
        this.listener = listener != null ? listener : new WebSocketListener() { };
        this.budget = budget;
        this.outbox = new Outbox(limits.maxOutbox(), budget);
        this.reservation = new MessageReservation(budget);
        this.core = new LockedConnection(new Connection(role, limits, keys, extension),   // null keys: the defaults
                outbox, reservation, out, this.transport);
        this.writer = core.writer();
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
        return core.state();
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
        reader = Thread.currentThread();
        deadlineCheck = SlowPeer.watchDeadlines(limits, writer::writeStartedAt, in::frameStartedAt, outbox::queuedBytes,
                this::failFromEdge);
        try {
            notify(() -> listener.onOpen(this));
            readLoop();
        } catch (ListenerFailed e) {
            failFromInside(CloseCode.INTERNAL_ERROR, "The application failed to handle an event", e.getCause());
        } catch (RuntimeException e) {
            failFromInside(CloseCode.INTERNAL_ERROR, "Internal error", e);
        } finally {
            transport.close();
            outbox.abandon();                                 // the writer, if any, ends now
            deadlineCheck.cancel(false);
            reservation.releaseAll();
            Heartbeat hb = heartbeat;
            if (hb != null) {
                hb.close();
            }
            CloseEvent event = core.transportClosed();
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
        // EXERCISE 13-read-loop: read what is waiting into one buffer, feed it a frame at a time, dispatch each frame's events before the next; a violation fails the connection (sections 5.2, 7.1.7)
        byte[] idle = new byte[IDLE_READ];            // an idle connection blocks in read holding only this
        byte[] busy = null;                           // the big buffer, only while bytes keep coming
        byte[] buffer = idle;
        int at = 0;
        int filled = 0;
        LockedConnection.Step step = LockedConnection.Step.START;
        try {
            while (true) {
                if (step.atFrameBoundary()) {
                    in.betweenFrames();               // the frame deadline starts with the next frame's first byte
                    if (at < filled) {
                        in.frameStarted();            // ... which is already here
                    }
                }
                if (at == filled) {
                    writer.writeDeferred();
                    boolean more = filled == buffer.length || !step.atFrameBoundary()
                            || buffer == busy && in.available() > 0;   // idle and drained: no system call to ask
                    busy = more ? (busy != null ? busy : new byte[READ_BUFFER]) : null;
                    buffer = more ? busy : idle;
                    at = 0;
                    filled = Math.max(0, in.read(buffer, 0, buffer.length));
                    if (filled == 0) {
                        step = core.receive(buffer, 0, -1);
                        dispatch(step.events(), false);
                        return;                       // the peer closed TCP (1006 unless after the handshake)
                    }
                }
                step = core.receive(buffer, at, filled - at);
                at += step.consumed();
                SlowPeer.refused(step.offer(), step.queued(), outbox, budget, this::failFromEdge);
                dispatch(step.events(), true);
                if (step.closing()) {
                    transport.startCloseTimeout();    // bounds the wait in finishTcp
                    finishTcp();
                    return;
                }
            }
        } catch (IOException e) {
            // A reset, or our own close of the transport (timeout, abort).
            Throwable cause = abortCause;
            if (cause != null) {
                notifyQuietly(cause);
            } else if (!transport.closedOnPurpose()) {
                notifyQuietly(e);
            }
        }
        // END EXERCISE
    }

    /** Hands the events to the listener in order. A Failure goes to onError (not when the peer merely vanished). */
    private void dispatch(List<Connection.Event> events, boolean reportFailure) {
        // EXERCISE 13-dispatch: hand each event to the listener in order, pongs also to the heartbeat, a failure to onError (sections 5.5.2, 5.5.3, 7.1.7)
        for (Connection.Event event : events) {
            switch (event) {
                case Connection.TextReceived t -> notify(() -> listener.onText(this, t.text()));
                case Connection.BinaryReceived b -> notify(() -> listener.onBinary(this, b.data()));
                case Connection.PingReceived p -> notify(() -> listener.onPing(this, p.payload()));   // pong queued
                case Connection.PongReceived p -> {
                    Heartbeat hb = heartbeat;
                    if (hb != null) {
                        hb.pongReceived(p.payload().toByteArray());
                    }
                    notify(() -> listener.onPong(this, p.payload()));
                }
                case Connection.CloseReceived c -> {
                    // Our answering Close is queued; the read loop finishes TCP next.
                }
                case Connection.Failure f -> {
                    if (reportFailure) {
                        notifyQuietly(f.violation());
                    }
                }
            }
        }
        // END EXERCISE
    }

    /** The application failed (or we did): the Connection fails with {@code code}, then TCP is finished. */
    private void failFromInside(CloseCode code, String reason, Throwable cause) {
        transport.startCloseTimeout();
        core.fail(code, reason, false, false);
        writer.ensureStarted();
        if (cause != null) {
            notifyQuietly(cause);
        }
        finishTcp();
    }

    /**
     * The end of the TCP connection. Our last frame is written first (the writer ends after our Close); then the
     * side that closes first shuts its output down (a FIN right after that frame), both read and discard until the
     * peer's FIN, and close ({@link Transport#drainAndClose}). The close timeout bounds the waits (it closes the
     * transport, which ends both).
     */
    private void finishTcp() {
        in.stopWatching();                                    // what is read from now on is discarded, not timed
        outbox.finish();
        writer.awaitDone(limits.closeTimeout().plusSeconds(1));
        if (core.closeTransportNow()) {
            transport.shutdownOutput();                       // 7.1.1: the server (or a failing side) closes first
        }
        transport.drainAndClose(in);
    }

    /**
     * The edge gives up on the peer ({@link SlowPeer}: a deadline, the outbox bound, the budget): one log line, then
     * {@link Connection#fail} queues a Close with {@code code} ahead of any queued data unless the write is stuck,
     * and TCP is closed; the read loop reports {@code problem} to onError. Never blocks, so the timer may call it.
     */
    private void failFromEdge(CloseCode code, String reason, boolean writeStuck, String problem) {
        if (!edgeFailed.compareAndSet(false, true)) {
            return;
        }
        log.accept("closing " + transport.peer(role) + ": " + problem);
        if (abortCause == null) {
            abortCause = new EdgeFailure(problem);
        }
        transport.closingOnPurpose();
        transport.startCloseTimeout();
        if (!core.fail(code, reason, writeStuck, false)) {    // else the writer writes the Close, then shuts the output
            transport.close();                                // nothing can be written in time: abort TCP now
        }
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** Sends a text message in one frame. False if not sent (not OPEN, Close already sent, or the outbox is full). */
    public boolean sendText(String text) {
        return send(Message.text(text));
    }

    /** Sends a binary message in one frame (a copy of {@code data}: the caller may reuse the array). */
    public boolean sendBinary(byte[] data) {
        return send(Message.binary(data));
    }

    /** Sends a binary message in one frame, without copying its bytes. */
    public boolean sendBinary(ByteString data) {
        return send(new Message.Binary(data));
    }

    /** Sends a message in one frame. */
    public boolean send(Message message) {
        return offer(c -> c.send(message));
    }

    /** Sends a message as frames of at most {@code fragmentSize} payload bytes (section 5.4). */
    public boolean sendFragmented(Message message, int fragmentSize) {
        return offer(c -> c.sendFragmented(message, fragmentSize));
    }

    /** Sends a Ping (at most 125 bytes, section 5.5). The answer arrives as {@link WebSocketListener#onPong}. */
    public boolean ping(byte[] payload) {
        return offer(c -> c.ping(payload));
    }

    /** Sends an unsolicited Pong, a one-way heartbeat (section 5.5.3: "A response to an unsolicited Pong frame is not expected"). */
    public boolean pong(byte[] payload) {
        return offer(c -> c.pong(payload));
    }

    /**
     * The call to the Connection, then its frames into the outbox ({@link LockedConnection#offer}). Never blocks on
     * the peer. False if the Connection refused (not OPEN, Close sent) or the outbox did.
     */
    private boolean offer(Predicate<Connection> call) {
        LockedConnection.Offered offered = core.offer(call, Thread.currentThread() == reader);   // the reader writes its own
        if (offered == null) {
            return false;            // 5.5.1: nothing after our Close; the browser ignores sends when not OPEN
        }
        SlowPeer.refused(offered.offer(), offered.queued(), outbox, budget, this::failFromEdge);
        return offered.offer() == Outbox.Offer.QUEUED;
    }

    // ---- closing ------------------------------------------------------------------------------------------

    /** {@code close(CloseCode.NORMAL_CLOSURE, "")}. */
    public void close() {
        close(CloseCode.NORMAL_CLOSURE, "");
    }

    /**
     * Starts the closing handshake: queues a Close frame with this code and reason after the messages already sent,
     * then waits (in the read loop, bounded by the close timeout) for the peer's Close. Does nothing if closing has
     * already started. Returns at once.
     *
     * @throws IllegalArgumentException if the code may not be sent ({@link CloseCode#sendable()}) or the
     *                                  reason is longer than 123 bytes of UTF-8
     */
    public void close(CloseCode code, String reason) {
        if (core.close(code, reason)) {
            transport.startCloseTimeout();
        }
    }

    /**
     * Gives up on the connection at once: sends a Close with this code ahead of any queued data if the writer is not
     * stuck, then closes TCP without waiting for an answer. For a peer that is gone (see {@link #startHeartbeat}):
     * the close event reports 1006, not clean, since no Close frame came back.
     *
     * @throws IllegalArgumentException if the code may not be sent ({@link CloseCode#sendable()})
     */
    public void abort(CloseCode code, String reason) {
        abort(code, reason, null);
    }

    private void abort(CloseCode code, String reason, Throwable cause) {
        if (!code.sendable()) {
            throw new IllegalArgumentException("close code %s must not be sent: %s".formatted(code, code.meaning()));
        }
        if (cause != null && abortCause == null) {
            abortCause = cause;
        }
        transport.closingOnPurpose();
        boolean writeStuck = writer.writeStartedAt() != 0;
        if (core.fail(code, reason, writeStuck, true)) {     // the writer puts our Close out, then closes TCP
            transport.startCloseTimeout();                    // a writer that gets stuck on the Close is cut off
        } else {
            transport.shutdownOutput();
            transport.close();
        }
    }

    // ---- heartbeat ----------------------------------------------------------------------------------------

    /** {@link #startHeartbeat(Duration, Duration, Heartbeat.Listener)} with no observer. */
    public Heartbeat startHeartbeat(Duration interval, Duration timeout) {
        return startHeartbeat(interval, timeout, new Heartbeat.Listener() { });
    }

    /**
     * Pings the peer every {@code interval} (chapter 08), on the {@link EdgeTimer}: each ping is queued, never
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
                abort(CloseCode.GOING_AWAY, "No pong within " + waited.toMillis() + " ms",
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

    /**
     * What onError gets when the edge gave up on the peer (a deadline, the outbox bound, the budget): the edge has
     * already written its one log line for it, so a server need not log it again.
     */
    public static final class EdgeFailure extends SocketTimeoutException {
        EdgeFailure(String problem) {
            super(problem);
        }
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
