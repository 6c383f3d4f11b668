package wsfs.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns data frames back into messages (chapter 07), as they arrive: bytes in, messages out, no socket.
 * RFC 6455 section 5.4: a message is either one frame with FIN=1 and opcode TEXT or BINARY, or a first frame with
 * FIN=0 and opcode TEXT or BINARY, any number of CONTINUATION frames (opcode 0) with FIN=0, and a last CONTINUATION
 * frame with FIN=1. Fragments arrive in order and the fragments of two messages never interleave, so at most one
 * message is open at a time.
 * <p>
 * The assembler is a {@link FrameParser.Sink}: the parser of chapter 05 calls it for each frame's header, for each
 * piece of payload as it comes off the wire (already unmasked), and at the frame's end. Each check runs as early as
 * it can, each a {@link ProtocolViolation} carrying its close code:
 * <ul>
 *   <li>{@link #header}: a CONTINUATION frame with no message open, or a TEXT/BINARY frame while one is open: 1002
 *       (section 5.4); a message growing past {@code maxMessageSize}: 1009 (section 10.4). Both before a single
 *       payload byte is read or buffered.</li>
 *   <li>{@link #payload}: a text message that is not UTF-8: 1007 (section 8.1), at the first bad byte, even in the
 *       middle of a frame whose rest has not arrived.</li>
 *   <li>{@link #end}: the last frame of a text message must not end inside a character (1007); the message is
 *       complete and goes to the consumer.</li>
 * </ul>
 * Control frames (close, ping, pong) may arrive between fragments but are not part of the message: chapter 08's
 * {@link Receiver} routes them elsewhere; giving one to the assembler is a programming error.
 * <p>
 * {@link #accept} takes a whole {@link Frame} at once (for tests and notebooks that build frames by hand): the same
 * three steps in a row. After a violation the assembler is unusable (the connection is being failed).
 */
public final class MessageAssembler implements FrameParser.Sink {
    private final long maxMessageSize;
    private final Consumer<Message> onMessage;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Opcode open;          // TEXT or BINARY while a message is open (between its first header and its end)
    private boolean fragmented;   // the open message has had a frame with FIN=0
    private int fragments;        // frames of the open message completed so far
    private FrameHeader current;  // the data frame being received, between header and end, else null
    private long received;        // payload bytes of the current frame so far

    /** An assembler whose messages come back from {@link #accept}; as a parser's sink it needs a consumer. */
    public MessageAssembler(long maxMessageSize) {
        this(maxMessageSize, message -> {
            throw new IllegalStateException("a message completed but nobody takes it: use accept(Frame), "
                    + "or the constructor with a consumer");
        });
    }

    /** An assembler that hands every completed message to {@code onMessage}, in order. */
    public MessageAssembler(long maxMessageSize, Consumer<Message> onMessage) {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        // A Java array holds at most about 2^31 bytes; a larger limit could not be honoured anyway.
        this.maxMessageSize = Math.min(maxMessageSize, Integer.MAX_VALUE - 8);
        this.onMessage = onMessage;
    }

    /**
     * A data frame's header has arrived, none of its payload: checks the order of fragments (1002, section 5.4)
     * and the size the message would reach (1009, section 10.4), so a frame that can only be refused is refused
     * before its payload arrives.
     */
    @Override
    public void header(FrameHeader header) throws ProtocolViolation {
        // EXERCISE 07-reassemble: check the order of fragments (section 5.4) and the message size (section 10.4) before any payload arrives
        Opcode opcode = header.opcode();
        if (opcode.isControl()) {
            throw new IllegalArgumentException("control frames are routed by the Receiver (chapter 08), not assembled: " + opcode);
        }
        if (current != null) {
            throw new IllegalStateException("a new header before the end of the " + current.opcode() + " frame");
        }
        if (opcode == Opcode.CONTINUATION && !fragmented) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.4",
                    "A continuation frame arrived but no fragmented message was started");
        }
        if (opcode != Opcode.CONTINUATION && fragmented) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.4",
                    "A new %s frame arrived while a fragmented %s message was still open; the fragments of two messages must not interleave"
                            .formatted(opcode, open));
        }
        // Section 10.4: check the size before buffering, so a huge message never fills memory.
        if (buffer.size() + header.payloadLength() > maxMessageSize) {
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "10.4",
                    "The message is larger than this endpoint's limit of %d bytes".formatted(maxMessageSize));
        }
        if (open == null) {
            open = opcode;
        }
        current = header;
        received = 0;
        // END EXERCISE
    }

    /**
     * The next {@code length} payload bytes of the current frame, unmasked. A text message is checked at once
     * (section 8.1: fail fast, byte by byte), then the bytes are copied: the parser's array is only lent.
     */
    @Override
    public void payload(FrameHeader header, byte[] data, int offset, int length) throws ProtocolViolation {
        if (current == null) {
            throw new IllegalStateException("payload before a header");
        }
        if (received + length > current.payloadLength()) {
            throw new IllegalStateException("more payload than the header announced: " + (received + length)
                    + " > " + current.payloadLength());
        }
        if (open == Opcode.TEXT) {
            utf8.feed(data, offset, offset + length);
        }
        buffer.write(data, offset, length);
        received += length;
    }

    /** The current frame is complete; if its FIN bit is set, so is the message, and it goes to the consumer. */
    @Override
    public void end(FrameHeader header) throws ProtocolViolation {
        frameEnded().ifPresent(onMessage);
    }

    /**
     * Takes a whole data frame (header, payload and end in one step); returns the message if this frame
     * completed one. The consumer is not called: the message is the return value.
     *
     * @throws ProtocolViolation 1002, 1007 or 1009 as described above
     */
    public Optional<Message> accept(Frame frame) throws ProtocolViolation {
        header(new FrameHeader(frame.fin(), frame.rsv(), frame.opcode(), frame.maskingKey(), frame.payload().length()));
        payload(current, frame.payload().toByteArray(), 0, frame.payload().length());
        return frameEnded();
    }

    private Optional<Message> frameEnded() throws ProtocolViolation {
        // EXERCISE 07-reassemble: a frame ended: with FIN the message is complete (text must not end inside a character), else wait for more (section 5.4)
        if (current == null) {
            throw new IllegalStateException("end of a frame that never started");
        }
        if (received != current.payloadLength()) {
            throw new IllegalStateException("the frame ended after %d of %d payload bytes"
                    .formatted(received, current.payloadLength()));
        }
        boolean fin = current.fin();
        current = null;
        fragments++;
        if (!fin) {
            fragmented = true;
            return Optional.empty();
        }
        Opcode type = open;
        byte[] whole = buffer.toByteArray();
        buffer.reset();
        open = null;
        fragmented = false;
        fragments = 0;
        if (type == Opcode.TEXT) {
            utf8.finish();                     // The message must not end inside a character.
            return Optional.of(new Message.Text(new String(whole, StandardCharsets.UTF_8)));
        }
        return Optional.of(new Message.Binary(ByteString.wrapOwned(whole)));   // whole is a fresh array: no copy
        // END EXERCISE
    }

    /** True while a fragmented message has started and its last frame has not arrived. */
    public boolean inMessage() {
        return fragmented;
    }

    /** The type (TEXT or BINARY) of the open fragmented message, or null when none is open. */
    public Opcode openType() {
        return fragmented ? open : null;
    }

    /** How many frames of the open message have arrived (0 when none is open). */
    public int fragments() {
        return fragments;
    }

    /** Bytes of the message being reassembled, buffered so far (including the frame now arriving). */
    public int bufferedBytes() {
        return buffer.size();
    }
}
