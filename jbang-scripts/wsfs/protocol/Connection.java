package wsfs.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One WebSocket connection after the opening handshake, without I/O (chapter 10): bytes in, events out; calls in,
 * bytes out. No threads, clocks, streams or sockets: the edge (chapters 11-13) reads from the socket, hands the bytes to
 * {@link #receive}, writes whatever {@link #dataToSend} returns, and closes TCP when {@link #closeTransportNow} says
 * so. Python's {@code websockets} ({@code Protocol}) and {@code wsproto} have the same shape.
 * <p>
 * What it puts together, each layer from its own chapter: the {@link FrameParser} (frames, chapters 04-06), the
 * {@link Receiver} and its {@link MessageAssembler} (messages and control frames, chapters 07-08) and the
 * {@link CloseHandshake} (state and closing, chapter 09). What it adds:
 * <ul>
 *   <li>Every Ping is answered with a Pong carrying the same payload, also between the fragments of a message
 *       (section 5.5.2), unless our Close has gone out.</li>
 *   <li>A Close is answered with a Close echoing its code (section 5.5.1); after it, further input is discarded
 *       (section 1.4). The server then closes TCP first; the client waits for that (section 7.1.1).</li>
 *   <li>This is the ONE place where a broken rule becomes a Close frame: every {@link ProtocolViolation} from any
 *       layer ends up in {@link #failed}, which queues a Close with the violation's code and a reason naming the
 *       rule and its section (at most 123 bytes of UTF-8), and asks for TCP to be closed (section 7.1.7).</li>
 * </ul>
 * States ({@link ReadyState}):
 * <pre>
 *   OPEN --close(): our Close queued-----------> CLOSING --their Close arrives-------+
 *   OPEN --their Close arrives: answer queued--> CLOSING ----------------------------+--> handshake complete
 *   OPEN --a rule is broken (Failure event)----> CLOSING (failed: TCP to close now)  |
 *   any  --transportClosed()-------------------> CLOSED (wasClean only if the handshake completed, not failed)
 * </pre>
 * Not thread-safe: the edge calls it under one lock, so the order of frames on the wire is the order of calls.
 * {@link #receive} unmasks the payload in the array it is given (the parser works in place).
 */
public final class Connection {

    /** What received bytes meant, in order. */
    public sealed interface Event permits TextReceived, BinaryReceived, PingReceived, PongReceived, CloseReceived, Failure {
    }

    /** A complete text message (valid UTF-8, checked as it arrived). */
    public record TextReceived(String text) implements Event {
    }

    /** A complete binary message. */
    public record BinaryReceived(ByteString data) implements Event {
    }

    /** A Ping; its Pong is already queued in {@link #dataToSend} (unless our Close went out first). */
    public record PingReceived(ByteString payload) implements Event {
    }

    /** A Pong: the answer to our ping, or an unsolicited heartbeat (section 5.5.3). */
    public record PongReceived(ByteString payload) implements Event {
    }

    /** The peer's Close, parsed; our answering Close is already queued (unless we had sent ours). */
    public record CloseReceived(ClosePayload payload) implements Event {
    }

    /** The peer broke a rule (or vanished mid-frame); our Close with the violation's code is already queued. */
    public record Failure(ProtocolViolation violation) implements Event {
        public CloseCode closeCode() {
            return violation.closeCode();
        }
    }

    /**
     * Section 5.2: the RSV bits "MUST be 0 unless an extension is negotiated that defines meanings for non-zero
     * values"; section 9: an extension may also change the payload of data frames. This is the hook for one
     * (chapter 23 plugs permessage-deflate in): the RSV bits it defines, a stage between the parser and the
     * receiver (control frames pass unchanged), and the frames of an outgoing message (one if fragmentSize is 0).
     */
    public interface Extension {
        int rsvBits();

        FrameParser.Sink incoming(FrameParser.Sink receiver);

        List<Frame> outgoing(Message message, int fragmentSize);

        /** Frees what the extension holds outside the heap (a compressor's native memory); once, when TCP closes. */
        default void release() {
        }
    }

    private final Role role;
    private final MaskingKeys keys;
    private final FrameParser parser;
    private final Receiver receiver;
    private final Extension extension;       // null: none was negotiated (chapter 23)
    private final FrameParser.Sink messages; // the receiver, or the extension's stage in front of it
    private final CloseHandshake handshake;
    private final List<Receiver.Event> arrived = new ArrayList<>();   // what the receiver made of the last frame
    private List<byte[]> outgoing = new ArrayList<>(2);
    private List<Event> events = new ArrayList<>();                    // what the current receive call returns
    private boolean discarding;   // a Close arrived or the connection failed: further input is discarded
    private boolean eof;          // the peer closed TCP
    private CloseEvent closeEvent; // set once the edge reports TCP closed
    private long frameRemaining;   // payload bytes the current data frame's header announced and that have not come

    /** A connection in state OPEN; a client masks with fresh keys from {@link MaskingKeys#secure()}. */
    public Connection(Role role, Limits limits) {
        this(role, limits, role.masksOutgoing() ? MaskingKeys.secure() : NO_KEYS);
    }

    /** A server never masks (section 5.1), so it needs no random source (an idle server connection stays small). */
    private static final MaskingKeys NO_KEYS = () -> {
        throw new IllegalStateException("a server does not mask its frames (section 5.1)");
    };

    /** As above, with the client's masking keys ({@link MaskingKeys#fixed} only for demos and tests). */
    public Connection(Role role, Limits limits, MaskingKeys keys) {
        this(role, limits, keys, null);
    }

    /** As above (null keys: the defaults), with the {@link Extension} negotiated in the handshake, or null. */
    public Connection(Role role, Limits limits, MaskingKeys keys, Extension extension) {
        this.role = Objects.requireNonNull(role, "role");
        this.keys = keys != null ? keys : role.masksOutgoing() ? MaskingKeys.secure() : NO_KEYS;
        this.parser = new FrameParser(role, limits.maxFramePayload());
        this.receiver = new Receiver(limits.maxMessageSize(), arrived::add);
        this.handshake = new CloseHandshake(role);
        this.extension = extension;
        this.messages = extension == null ? receiver : extension.incoming(receiver);
        parser.setAllowedRsv(extension == null ? 0 : extension.rsvBits());
    }

    public Role role() {
        return role;
    }

    // ---- receiving ----------------------------------------------------------------------------------------

    /** {@code receive(data, 0, data.length)}. */
    public List<Event> receive(byte[] data) {
        return receive(data, 0, data.length);
    }

    /**
     * Feeds received bytes, split anywhere. Returns what they meant, in order. Never throws for anything the peer
     * sends: a violation becomes a {@link Failure} event, its Close frame is queued, and further input is
     * discarded. The bytes at {@code data[offset..offset+length)} are unmasked in place.
     *
     * @throws IllegalStateException after {@link #receiveEof()} or {@link #transportClosed()}
     */
    public List<Event> receive(byte[] data, int offset, int length) {
        List<Event> all = new ArrayList<>();
        int at = offset;
        do {
            Received some = receiveFrame(data, at, offset + length - at);
            all.addAll(some.events());
            at += some.consumed();
        } while (at < offset + length);
        return List.copyOf(all);
    }

    /** What {@link #receiveFrame} made of the bytes it took: the events of at most one frame, and how many it took. */
    public record Received(List<Event> events, int consumed) {
    }

    /**
     * As {@link #receive}, but stops right after the first frame that meant something (an event), so that an edge
     * reading many frames at once can hand those events to the application before the next frame is parsed: the echo
     * of a message that came in the same read as the peer's Close, or as a bad frame, still goes out ahead of our
     * Close (sections 5.5.1, 7.1.7). Feed the rest ({@code length - consumed}) in the next call. After a Close or a
     * failure every byte is taken and discarded (section 1.4).
     */
    public Received receiveFrame(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (eof || closeEvent != null) {
            throw new IllegalStateException("bytes received after the transport closed");
        }
        events = new ArrayList<>(1);
        if (discarding) {
            return new Received(List.of(), length);   // section 1.4: after a Close, a peer discards any further data
        }
        int at = offset;
        try {
            while (at < offset + length && events.isEmpty() && !discarding) {
                int n = (int) Math.min(parser.bytesNeeded(), offset + length - at);   // never past this frame
                parser.feed(data, at, n, sink);
                at += n;
            }
        } catch (ProtocolViolation violation) {
            failed(violation);
            at = offset + length;
        }
        return new Received(events, at - offset);
    }

    /**
     * The peer closed TCP (the stream ended). Nothing to report after a Close or at a frame boundary (the close
     * event says 1006 there, section 7.1.5); in the middle of a frame or a fragmented message it is a
     * {@link Failure} with 1006, which is never sent.
     */
    public List<Event> receiveEof() {
        if (closeEvent != null) {
            throw new IllegalStateException("EOF after the transport closed");
        }
        if (eof) {
            return List.of();
        }
        eof = true;
        events = new ArrayList<>();
        if (!discarding && (midFrame() || receiver.inMessage())) {
            failed(new ProtocolViolation(CloseCode.ABNORMAL_CLOSURE, "7.1.5", midFrame()
                    ? "The peer closed the TCP connection in the middle of a frame"
                    : "The peer closed the TCP connection in the middle of a fragmented message"));
        }
        return List.copyOf(events);
    }

    /** The parser's events go to the receiver, whose events this connection acts on, frame by frame. */
    private final FrameParser.Sink sink = new FrameParser.Sink() {
        @Override
        public void header(FrameHeader h) throws ProtocolViolation {
            if (!discarding) {
                messages.header(h);
                frameRemaining = h.opcode().isControl() ? 0 : h.payloadLength();
            }
        }

        @Override
        public void payload(FrameHeader h, byte[] d, int off, int len) throws ProtocolViolation {
            if (!discarding) {
                messages.payload(h, d, off, len);
                if (!h.opcode().isControl()) {
                    frameRemaining -= len;
                }
            }
        }

        @Override
        public void end(FrameHeader h) throws ProtocolViolation {
            if (discarding) {
                return;
            }
            frameRemaining = 0;
            messages.end(h);
            try {
                for (Receiver.Event e : arrived) {    // act() never adds to arrived
                    act(e);
                }
            } finally {
                arrived.clear();
            }
        }
    };

    private void act(Receiver.Event event) throws ProtocolViolation {
        // EXERCISE 10-act: turn what the receiver made of a frame into events: a Pong for each Ping, an answer to a Close, then discard (sections 5.5.1, 5.5.2, 1.4)
        switch (event) {
            case Receiver.MessageReceived(Message.Text(String text)) -> events.add(new TextReceived(text));
            case Receiver.MessageReceived(Message.Binary(ByteString data)) -> events.add(new BinaryReceived(data));
            case Receiver.PingReceived ping -> {
                // 5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response, unless it
                // already received a Close frame." After our own Close we send nothing more (5.5.1).
                if (handshake.maySend()) {
                    queue(ping.reply());
                }
                events.add(new PingReceived(ping.payload()));
            }
            case Receiver.PongReceived pong -> events.add(new PongReceived(pong.payload()));
            case Receiver.CloseReceived close -> {
                ClosePayload payload = ClosePayload.parse(close.payload().toByteArray());   // 1002 or 1007 if malformed
                handshake.closeReceived(payload).ifPresent(this::queue);      // 5.5.1: answer, echoing the code
                discarding = true;
                events.add(new CloseReceived(payload));
            }
        }
        // END EXERCISE
    }

    /**
     * The one place where a broken rule becomes a Close frame (section 7.1.7): a {@link Failure} event, a Close
     * with the violation's code and a reason naming the rule and section (if the code may be sent and no Close
     * went out yet), input discarded from here on, TCP to be closed.
     */
    private void failed(ProtocolViolation violation) {
        // EXERCISE 10-failure: a broken rule becomes a Failure event and one Close with its code; discard what follows (section 7.1.7)
        discarding = true;
        handshake.fail(violation.closeCode(), reasonFor(violation)).ifPresent(this::queue);
        events.add(new Failure(violation));
        // END EXERCISE
    }

    /**
     * The reason sent for a violation: the rule and its section, such as "Control frames must not be fragmented
     * (5.5)", at most 123 bytes of UTF-8 (a control frame's 125 minus the code); a longer rule is shortened and
     * keeps its section.
     */
    public static String reasonFor(ProtocolViolation violation) {
        // EXERCISE 10-failure: the reason names the rule and its section, at most 123 bytes of UTF-8, the section kept (sections 5.5, 5.5.1)
        String section = " (" + violation.section() + ")";
        String full = violation.rule() + section;
        if (full.getBytes(StandardCharsets.UTF_8).length <= ClosePayload.MAX_REASON_BYTES) {
            return full;
        }
        int budget = ClosePayload.MAX_REASON_BYTES - section.getBytes(StandardCharsets.UTF_8).length - 3;
        return ClosePayload.truncate(violation.rule(), budget) + "..." + section;
        // END EXERCISE
    }

    // ---- sending ------------------------------------------------------------------------------------------

    /** Queues a message in one frame. False when sending is not allowed now (not OPEN, or our Close queued). */
    public boolean send(Message message) {
        if (!maySend()) {
            return false;
        }
        (extension == null ? List.of(new Frame(true, 0, message.opcode(), null, message.payload()))
                : extension.outgoing(message, 0)).forEach(this::queue);
        return true;
    }

    /** {@code send(Message.text(text))}. */
    public boolean sendText(String text) {
        return send(Message.text(text));
    }

    /** {@code send(Message.binary(data))}. */
    public boolean sendBinary(byte[] data) {
        return send(Message.binary(data));
    }

    /** Queues a message as frames of at most {@code fragmentSize} payload bytes (section 5.4), all at once. */
    public boolean sendFragmented(Message message, int fragmentSize) {
        List<Frame> frames = Fragmenter.fragment(message, fragmentSize);   // IllegalArgumentException first
        if (!maySend()) {
            return false;
        }
        (extension == null ? frames : extension.outgoing(message, fragmentSize)).forEach(this::queue);
        return true;
    }

    /** Queues a Ping; the answer arrives as {@link PongReceived}. */
    public boolean ping(byte[] payload) {
        return sendControl(Opcode.PING, payload);
    }

    /** Queues an unsolicited Pong, a one-way heartbeat (section 5.5.3). */
    public boolean pong(byte[] payload) {
        return sendControl(Opcode.PONG, payload);
    }

    private boolean sendControl(Opcode opcode, byte[] payload) {
        if (payload.length > FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a control frame carries at most %d bytes (section 5.5), not %d"
                    .formatted(FrameParser.MAX_CONTROL_PAYLOAD, payload.length));
        }
        if (!maySend()) {
            return false;
        }
        queue(new Frame(true, 0, opcode, null, ByteString.of(payload)));
        return true;
    }

    private boolean maySend() {
        return !eof && closeEvent == null && handshake.maySend();
    }

    /** {@code close(CloseCode.NORMAL_CLOSURE, "")}: a normal closure. */
    public boolean close() {
        return close(CloseCode.NORMAL_CLOSURE, "");
    }

    /**
     * Starts the closing handshake: queues a Close with this code and reason. False if a Close was already sent
     * or received, or the transport is gone (closing twice does nothing, as in the browser).
     *
     * @throws IllegalArgumentException if the code may not be sent ({@link CloseCode#sendable()}) or the reason
     *                                  is longer than 123 bytes of UTF-8
     */
    public boolean close(CloseCode code, String reason) {
        if (!code.sendable()) {
            throw new IllegalArgumentException("close code %d must not be sent: %s".formatted(code.code(), code.meaning()));
        }
        ClosePayload payload = new ClosePayload(code, reason);
        payload.toBytes();                     // the reason's length is checked before anything changes
        if (eof || closeEvent != null) {
            return false;
        }
        Optional<Frame> frame = handshake.close(payload);
        frame.ifPresent(this::queue);
        return frame.isPresent();
    }

    /**
     * The edge's own failure (a deadline passed, an outbox overflowed): a Close with this code is queued if one may
     * still be sent (the reason cut to 123 bytes), input is discarded, and TCP is to be closed now. A code that may
     * not be sent (1006) queues nothing.
     */
    public void fail(CloseCode code, String reason) {
        if (closeEvent != null) {
            return;
        }
        discarding = true;
        handshake.fail(code, reason).ifPresent(this::queue);
    }

    private void queue(Frame frame) {
        // Section 5.3: a client masks every frame with a fresh key; a server never masks.
        Frame onWire = role.masksOutgoing() ? frame.withMaskingKey(keys.next()) : frame;
        outgoing.add(FrameCodec.encode(onWire));
    }

    /** The bytes to write, whole frames in order, and forgets them. The edge writes them as they are. */
    public List<byte[]> dataToSend() {
        if (outgoing.isEmpty()) {
            return List.of();
        }
        List<byte[]> out = outgoing;
        outgoing = new ArrayList<>(2);
        return out;
    }

    // ---- state --------------------------------------------------------------------------------------------

    /**
     * True once we should close TCP (after writing {@link #dataToSend}): the server after the closing handshake
     * (section 7.1.1: "the server MUST close the underlying TCP connection first"); either side after a failure
     * (section 7.1.7) or once the peer closed TCP. A client whose handshake completed waits for the server's FIN;
     * the edge bounds that wait with {@link Limits#closeTimeout()}.
     */
    public boolean closeTransportNow() {
        return eof || handshake.failed() || (role == Role.SERVER && handshake.complete());
    }

    /** OPEN, CLOSING or CLOSED (CLOSED once the edge reported the transport closed). */
    public ReadyState state() {
        return closeEvent != null ? ReadyState.CLOSED : handshake.state();
    }

    /** How the connection ended: known once the closing handshake completed, final once TCP is closed. */
    public Optional<CloseEvent> closeEvent() {
        if (closeEvent != null) {
            return Optional.of(closeEvent);
        }
        if (handshake.complete() && !handshake.failed()) {
            ClosePayload received = handshake.received().orElseThrow();
            return Optional.of(new CloseEvent(received.code(), received.reason(), true));
        }
        return Optional.empty();
    }

    /** The edge reports TCP closed: CLOSED, and the final event (1006, not clean, unless the handshake completed). */
    public CloseEvent transportClosed() {
        if (closeEvent == null) {
            closeEvent = handshake.transportClosed();
            if (extension != null) {
                extension.release();         // nothing more is read or sent on this connection
            }
        }
        return closeEvent;
    }

    /** A frame has started and is not complete (for the edge's frame progress deadline). */
    public boolean midFrame() {
        return !parser.atFrameBoundary();
    }

    /** Bytes of the message being reassembled (for the edge's memory budget). */
    public long bufferedMessageBytes() {
        return receiver.bufferedBytes();
    }

    /**
     * What the message being received will hold once the current data frame is in: the bytes buffered so far plus
     * the rest of the payload that frame's header announced (0 between messages; control frames do not count). The
     * edge's memory budget reserves this as soon as a header arrives, before the payload is read.
     */
    public long announcedMessageBytes() {
        return discarding ? 0 : receiver.bufferedBytes() + frameRemaining;
    }

    /**
     * How many more bytes the current frame needs at least (the parser's {@link FrameParser#bytesNeeded()}). A
     * blocking edge that reads at most this many never takes a byte past the current frame, so nothing after a
     * Close is consumed, and between frames it asks for just 2 bytes.
     */
    public long bytesNeeded() {
        return parser.bytesNeeded();
    }

    /** The connection was failed (by the peer's violation or by {@link #fail}): the close event will not be clean. */
    public boolean failed() {
        return handshake.failed();
    }

    @Override
    public String toString() {
        return "Connection[" + role + ", " + state() + "]";
    }
}
