package wsfs.conformance;

import wsfs.io.FrameReader;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.view.WireEvent;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays one conformance case on an open WebSocket connection and records what the peer does (chapter 20).
 * Used by both fuzzers: {@link FuzzingClient} plays the client role against a server, {@link FuzzingServer}
 * the server role against a client. The handshake is already done; this class only sees frames.
 * <p>
 * Two threads: this one writes the script's bytes (the only writer, so an answer to a Ping never lands in
 * the middle of a chopped frame) and a reader thread turns the peer's frames into {@link WireEvent}s on a
 * queue. Frames are read with the project's one frame parser, {@link wsfs.protocol.FrameParser}, through its
 * blocking adapter {@link FrameReader}: a peer frame that breaks a rule
 * becomes a {@link WireEvent.PeerViolation} instead of an exception. When the script is done the session
 * finishes the connection the way the expectation calls for (our Close 1000 once the expected events
 * arrived, or waiting for the peer to fail it), answers the peer's Close, and gives up at the time bound.
 */
public final class ConformanceSession {
    /** The largest frame and message the fuzzer accepts from its peer (category 9 echoes 16 MiB). */
    public static final long MAX_PAYLOAD = 64L * 1024 * 1024;
    /** Time kept back from the bound for the closing handshake. */
    static final Duration CLOSE_GRACE = Duration.ofMillis(1000);

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conformance-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Sees the bytes of the case, for demos that print them (annotated hex). */
    public interface Tap {
        void sent(List<FuzzFrame> frames, byte[] bytes);

        void received(Frame frame);
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Role role;
    private final MaskingKeys keys;
    private final Tap tap;
    private final BlockingQueue<Transcript.Observed> queue = new LinkedBlockingQueue<>();
    private final List<Transcript.Observed> events = new ArrayList<>();
    private final List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
    private long start;
    private Long ourCloseAt;
    private Integer ourCloseCode;
    private boolean ended;      // the peer's Close frame, TCP end or a violation has been seen
    private boolean writeFailed;
    private volatile boolean closing; // we are closing the socket: reader errors are expected

    /**
     * @param socket the connected socket (closed when the case ends)
     * @param in     the socket's input, positioned after the handshake
     * @param out    the socket's output
     * @param role   the side the fuzzer plays
     * @param keys   masking keys for the frames a client sends
     * @param tap    sees the bytes, or null
     */
    public ConformanceSession(Socket socket, InputStream in, OutputStream out, Role role, MaskingKeys keys, Tap tap) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.role = role;
        this.keys = keys;
        this.tap = tap;
    }

    /** Runs the plan within {@code bound} and returns the transcript. Closes the socket. */
    public Transcript run(ConformanceCase.Plan plan, Duration bound) {
        start = System.nanoTime();
        long hardDeadline = start + bound.toNanos();
        long eventsDeadline = hardDeadline - Math.min(CLOSE_GRACE.toNanos(), bound.toNanos() / 2);
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::forceClose,
                bound.toMillis() + 1000, TimeUnit.MILLISECONDS);
        Thread reader = Thread.ofVirtual().name("conformance-reader").start(this::readLoop);
        boolean gaveUp = false;
        try {
            for (CaseStep step : plan.steps()) {
                drainAndAnswer();
                if (ended || writeFailed || System.nanoTime() > eventsDeadline) {
                    if (!ended && !writeFailed) {
                        notes.add("the script did not finish within the time bound");
                    }
                    break;
                }
                switch (step) {
                    case CaseStep.Send s -> send(s);
                    case CaseStep.Wait w -> await(w, eventsDeadline);
                    case CaseStep.RoundTrips r -> roundTrips(r, eventsDeadline);
                }
            }
            gaveUp = finish(plan.expectation(), eventsDeadline, hardDeadline);
        } finally {
            watchdog.cancel(false);
            closeSocket();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drain(0);
        }
        synchronized (notes) {
            return new Transcript(events, ourCloseAt, ourCloseCode, gaveUp, System.nanoTime() - start, List.copyOf(notes));
        }
    }

    // ---- the script ---------------------------------------------------------------------------------

    private void send(CaseStep.Send s) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Integer> frameStarts = new ArrayList<>();
        int closeOffset = -1;
        Integer closeCode = null;
        int firstHeader = 0;
        for (FuzzFrame f : s.frames()) {
            frameStarts.add(all.size());
            if (f.isValidClose() && closeOffset < 0) { // a broken Close is a violation, not a closing handshake
                closeOffset = all.size();
                closeCode = f.payload().length() >= 2 ? ((f.payload().byteAt(0) & 0xff) << 8) | (f.payload().byteAt(1) & 0xff) : null;
            }
            byte[] encoded = f.encode(role, keys);
            if (frameStarts.size() == 1) {
                firstHeader = encoded.length - f.payload().length();
            }
            all.writeBytes(encoded);
        }
        byte[] bytes = all.toByteArray();
        if (tap != null) {
            tap.sent(s.frames(), bytes);
        }
        CaseStep.Chopping chop = s.chopping();
        List<Integer> cuts = cuts(chop, bytes.length, frameStarts, firstHeader);
        int from = 0;
        int written = 0;
        for (int i = 0; i <= cuts.size(); i++) {
            int to = i < cuts.size() ? cuts.get(i) : bytes.length;
            if (to <= from) {
                continue;
            }
            if (written > 0 && !chop.pause().isZero()) {
                int marker = written - 1;
                if (marker < chop.waitMarkers().size()) {
                    await(new CaseStep.Wait(chop.pause(), chop.waitMarkers().get(marker)), Long.MAX_VALUE);
                } else {
                    pause(chop.pause());
                    drainAndAnswer();
                }
                if (ended) {
                    notes.add("stopped sending: the peer closed after " + from + " of " + bytes.length + " bytes");
                    return;
                }
            }
            if (closeOffset >= from && closeOffset < to && ourCloseAt == null) {
                ourCloseAt = now();
                ourCloseCode = closeCode;
            }
            if (!write(bytes, from, to - from)) {
                return;
            }
            written++;
            from = to;
        }
    }

    private static List<Integer> cuts(CaseStep.Chopping c, int length, List<Integer> frameStarts, int firstHeader) {
        List<Integer> cuts = new ArrayList<>();
        switch (c.kind()) {
            case WHOLE -> {
            }
            case PER_FRAME -> cuts.addAll(frameStarts.subList(1, frameStarts.size()));
            case CHUNKS -> {
                for (int at = c.size(); at < length; at += c.size()) {
                    cuts.add(at);
                }
            }
            case AT_OFFSETS -> {
                for (int at : c.cuts()) {
                    cuts.add(at);
                }
            }
            case AT_PAYLOAD_OFFSETS -> {
                for (int at : c.cuts()) {
                    cuts.add(firstHeader + at);
                }
            }
        }
        return cuts;
    }

    /** Writes in pieces of at most 64 KiB, stopping early if the peer closes meanwhile; false if we must stop. */
    private boolean write(byte[] bytes, int offset, int length) {
        final int piece = 64 * 1024;
        try {
            for (int at = offset; at < offset + length; at += piece) {
                if (at > offset) {
                    drain(0);
                    if (ended) {
                        notes.add("stopped sending: the peer closed after " + (at - offset) + " of " + length + " bytes of a write");
                        writeFailed = true;
                        return false;
                    }
                }
                out.write(bytes, at, Math.min(piece, offset + length - at));
                out.flush();
            }
            return true;
        } catch (IOException e) {
            writeFailed = true;
            notes.add("our write failed (" + e.getMessage() + "): the peer had closed the connection");
            return false;
        }
    }

    private void await(CaseStep.Wait w, long eventsDeadline) {
        long until = Math.min(System.nanoTime() + w.duration().toNanos(), eventsDeadline);
        while (!ended && System.nanoTime() < until) {
            pollOnce(until);
        }
        if (!ended) {
            events.add(new Transcript.Observed(now(), new WireEvent.Timeout(w.marker())));
        }
    }

    private void roundTrips(CaseStep.RoundTrips r, long eventsDeadline) {
        byte[] frame = null;
        for (int i = 0; i < r.count() && !ended && !writeFailed; i++) {
            frame = frame != null && !role.masksOutgoing() ? frame : r.frame().encode(role, keys);
            long answered = countCompared();
            if (!write(frame, 0, frame.length)) {
                return;
            }
            while (!ended && countCompared() == answered && System.nanoTime() < eventsDeadline) {
                pollOnce(eventsDeadline);
            }
            if (countCompared() == answered) {
                notes.add("no answer to round trip " + (i + 1) + " of " + r.count());
                return;
            }
        }
    }

    private long countCompared() {
        return events.stream().filter(o -> o.event().compared()).count();
    }

    // ---- the end of the case ------------------------------------------------------------------------

    /** Ends the connection as the expectation calls for; returns true if the time bound ran out. */
    private boolean finish(CaseExpectation expect, long eventsDeadline, long hardDeadline) {
        boolean gaveUp = false;
        long closeDeadline = hardDeadline;
        while (true) {
            drainAndAnswer();
            if (ended) {
                break;
            }
            if (ourCloseAt == null) {
                List<WireEvent> compared = ConformanceJudge.comparedEvents(events.stream().map(Transcript.Observed::event).toList());
                boolean complete = expect.alternatives().stream()
                        .anyMatch(a -> a.ending().closedByUs() && a.events().equals(compared));
                boolean hopeless = expect.alternatives().stream().noneMatch(a -> isPrefix(compared, a.events()));
                if (complete || hopeless || writeFailed) {
                    sendClose(1000, "");
                } else if (System.nanoTime() >= eventsDeadline) {
                    gaveUp = true;
                    notes.add("gave up waiting after " + Duration.ofNanos(eventsDeadline - start).toMillis() + " ms");
                    sendClose(1000, "");
                }
            }
            if (System.nanoTime() >= closeDeadline) {
                if (!gaveUp) {
                    notes.add("the closing handshake did not finish within the time bound");
                }
                gaveUp = true;
                break;
            }
            pollOnce(ourCloseAt == null ? eventsDeadline : closeDeadline);
        }
        // The peer's Close arrived, or TCP ended: answer and finish (section 5.5.1, 7.1.1).
        Transcript.Observed peerClose = events.stream().filter(o -> o.event() instanceof WireEvent.Close)
                .findFirst().orElse(null);
        if (peerClose != null && ourCloseAt == null && !writeFailed) {
            WireEvent.Close c = (WireEvent.Close) peerClose.event();
            int echo = c.code() != null && isSendable(c.code()) ? c.code() : 1000;
            if (c.code() == null) {
                sendRawClose(new byte[0]);
            } else {
                sendClose(echo, "");
            }
        }
        if (peerClose != null && role == Role.CLIENT) {
            // Section 7.1.1: the server closes the TCP connection first; a client waits for it a little.
            long until = Math.min(closeDeadline, System.nanoTime() + CLOSE_GRACE.toNanos());
            while (!sawEof() && System.nanoTime() < until) {
                pollOnce(until);
            }
            if (!sawEof()) {
                notes.add("the server did not close the TCP connection after the closing handshake");
            }
        }
        return gaveUp;
    }

    private boolean sawEof() {
        return events.stream().anyMatch(o -> o.event() instanceof WireEvent.Eof);
    }

    private static boolean isPrefix(List<WireEvent> prefix, List<WireEvent> of) {
        return prefix.size() <= of.size() && of.subList(0, prefix.size()).equals(prefix);
    }

    /** Section 7.4: codes an endpoint may put in a Close frame (the one check, {@link CloseCode#sendable()}). */
    static boolean isSendable(int code) {
        return CloseCode.of(code).sendable();
    }

    private void sendClose(int code, String reason) {
        FuzzFrame close = FuzzFrame.close(code, reason);
        ourCloseAt = now();
        ourCloseCode = code;
        byte[] bytes = close.encode(role, keys);
        if (tap != null) {
            tap.sent(List.of(close), bytes);
        }
        write(bytes, 0, bytes.length);
    }

    private void sendRawClose(byte[] payload) {
        FuzzFrame close = FuzzFrame.closeRaw(payload);
        ourCloseAt = now();
        byte[] bytes = close.encode(role, keys);
        if (tap != null) {
            tap.sent(List.of(close), bytes);
        }
        write(bytes, 0, bytes.length);
    }

    // ---- events -------------------------------------------------------------------------------------

    /** Moves queued events to the transcript and answers the peer's Pings (section 5.5.2). */
    private void drainAndAnswer() {
        drain(0);
    }

    private void drain(long waitNanos) {
        try {
            Transcript.Observed o = waitNanos > 0 ? queue.poll(waitNanos, TimeUnit.NANOSECONDS) : queue.poll();
            while (o != null) {
                accept(o);
                o = queue.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollOnce(long untilNanos) {
        long wait = Math.max(1, Math.min(untilNanos - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)));
        drain(wait);
    }

    private void accept(Transcript.Observed o) {
        events.add(o);
        WireEvent e = o.event();
        if (e instanceof WireEvent.Close || e instanceof WireEvent.Eof || e instanceof WireEvent.PeerViolation) {
            ended = true;
        }
        if (e instanceof WireEvent.Ping p && ourCloseAt == null && !ended && !writeFailed) {
            byte[] pong = FuzzFrame.pong(p.data()).encode(role, keys);
            write(pong, 0, pong.length);
        }
    }

    private long now() {
        return System.nanoTime() - start;
    }

    private void emit(WireEvent e) {
        queue.add(new Transcript.Observed(now(), e));
    }

    /** The reader thread: frames in, events out, until TCP ends or the peer breaks a rule. */
    private void readLoop() {
        FrameReader reader = new FrameReader(in, role, MAX_PAYLOAD);
        ByteArrayOutputStream message = null;
        boolean binary = false;
        boolean closeSeen = false;
        try {
            while (true) {
                Frame f = reader.read();
                if (tap != null) {
                    tap.received(f);
                }
                if (closeSeen) {
                    emit(new WireEvent.PeerViolation(
                            "a " + f.opcode() + " frame after its Close frame (section 5.5.1: no data after Close)"));
                    return;
                }
                switch (f.opcode()) {
                    case TEXT, BINARY -> {
                        if (message != null) {
                            emit(new WireEvent.PeerViolation("a new " + f.opcode()
                                    + " frame while a fragmented message is unfinished (section 5.4)"));
                            return;
                        }
                        binary = f.opcode() == Opcode.BINARY;
                        if (f.fin()) {
                            emit(new WireEvent.Message(binary, f.payload()));
                        } else {
                            message = new ByteArrayOutputStream();
                            f.payload().writeTo(message);
                        }
                    }
                    case CONTINUATION -> {
                        if (message == null) {
                            emit(new WireEvent.PeerViolation("a continuation frame with no message to continue (section 5.4)"));
                            return;
                        }
                        if (message.size() + (long) f.payload().length() > MAX_PAYLOAD) {
                            emit(new WireEvent.PeerViolation("a message larger than the fuzzer's " + MAX_PAYLOAD + " byte limit"));
                            return;
                        }
                        f.payload().writeTo(message);
                        if (f.fin()) {
                            emit(new WireEvent.Message(binary, ByteString.wrapOwned(message.toByteArray())));
                            message = null;
                        }
                    }
                    case PING -> emit(new WireEvent.Ping(f.payload()));
                    case PONG -> emit(new WireEvent.Pong(f.payload()));
                    case CLOSE -> {
                        WireEvent close = parseClose(f.payload().toByteArray());
                        emit(close);
                        if (close instanceof WireEvent.PeerViolation) {
                            return;
                        }
                        closeSeen = true;
                    }
                }
            }
        } catch (ProtocolViolation v) {
            emit(new WireEvent.PeerViolation(v.getMessage()));
        } catch (EOFException e) {
            emit(new WireEvent.Eof(false));
        } catch (SocketException e) {
            if (!closing) {
                emit(new WireEvent.Eof(true));
            }
        } catch (IOException e) {
            if (!closing) {
                emit(new WireEvent.Eof(true));
            }
        }
    }

    /** Section 5.5.1 and 7.4: a Close body is empty, or a 2-byte code plus a UTF-8 reason. */
    static WireEvent parseClose(byte[] payload) {
        if (payload.length == 0) {
            return new WireEvent.Close(null, new byte[0]);
        }
        if (payload.length == 1) {
            return new WireEvent.PeerViolation("a Close frame with a 1-byte body (section 5.5.1: the code is 2 bytes)");
        }
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        byte[] reason = java.util.Arrays.copyOfRange(payload, 2, payload.length);
        if (!isSendable(code)) {
            return new WireEvent.PeerViolation("a Close frame with code " + code
                    + ", which section 7.4 does not allow on the wire");
        }
        if (!isUtf8(reason)) {
            return new WireEvent.PeerViolation("a Close reason that is not UTF-8 (section 5.5.1)");
        }
        return new WireEvent.Close(code, reason);
    }

    /** Strict UTF-8 check: malformed input is reported, never replaced. */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d); // pacing the writes on purpose: the case is about timing, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forceClose() {
        notes.add("the watchdog closed the socket: the peer blocked past the time bound");
        closeSocket();
    }

    private void closeSocket() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
