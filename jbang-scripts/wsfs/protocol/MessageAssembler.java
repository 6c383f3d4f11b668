package wsfs.protocol;

import wsfs.io.FrameReader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns data frames back into messages (chapter 05). RFC 6455 section 5.4: a message is either one frame with
 * FIN=1 and opcode TEXT or BINARY, or a first frame with FIN=0 and opcode TEXT or BINARY, any number of
 * CONTINUATION frames (opcode 0) with FIN=0, and a last CONTINUATION frame with FIN=1. Fragments arrive in order
 * and the fragments of two messages never interleave, so at most one message is open at a time.
 * <p>
 * Control frames (close, ping, pong) may arrive between fragments but are not part of the message: the endpoint
 * handles them; passing one here is a programming error.
 * <p>
 * Checks, each a {@link ProtocolViolation} carrying its close code:
 * <ul>
 *   <li>a CONTINUATION frame with no message open, or a TEXT/BINARY frame while one is open: 1002 (section 5.4);</li>
 *   <li>a message growing past {@code maxMessageSize}: 1009 (section 10.4), checked before the bytes are buffered;</li>
 *   <li>a text message that is not UTF-8: 1007 (section 8.1), checked as it arrives.</li>
 * </ul>
 * Two ways to feed it. {@link #accept} takes whole frames: the checks run fragment by fragment. An endpoint that
 * reads from a socket does better: it calls {@link #frameStarted} once a frame's header is read, then
 * {@link #payloadArrived} for each piece of payload as it comes off the wire, then {@link #accept} with the
 * complete frame. The 1002 and 1009 checks then run before a payload byte is read, and an invalid UTF-8 byte fails
 * as soon as it arrives, even in the middle of one frame whose rest has not been sent (chapter 07 wires it up
 * through {@link FrameReader#read(FrameReader.PayloadObserver)}).
 */
public final class MessageAssembler {
    private final long maxMessageSize;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Opcode open;        // TEXT or BINARY while a fragmented message is open, else null
    private int fragments;      // frames of the open message so far
    private FrameReader.Header current; // the frame being read, between frameStarted and accept, else null
    private Opcode currentType; // TEXT or BINARY: the type of the message the current frame belongs to
    private long checked;       // payload bytes of the current frame already given to payloadArrived

    public MessageAssembler(long maxMessageSize) {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        // A Java array holds at most about 2^31 bytes; a larger limit could not be honoured anyway.
        this.maxMessageSize = Math.min(maxMessageSize, Integer.MAX_VALUE - 8);
    }

    /**
     * Takes the next data frame; returns the message if this frame completed one.
     *
     * @throws ProtocolViolation 1002, 1007 or 1009 as described above; the assembler is then unusable
     *                           (the connection is being failed)
     */
    public Optional<Message> accept(Frame frame) throws ProtocolViolation {
        if (current == null) {
            frameStarted(FrameReader.Header.of(frame));   // a whole frame: run the header checks now
        } else if (current.opcode() != frame.opcode() || current.payloadLength() != frame.payload().length) {
            throw new IllegalStateException("accept got a different frame from the one started: " + frame.opcode()
                    + " of " + frame.payload().length + " bytes, not " + current.opcode() + " of " + current.payloadLength());
        }
        Opcode type = currentType;
        byte[] payload = frame.payload();
        if (type == Opcode.TEXT && checked < payload.length) {
            utf8.feed(payload, (int) checked, payload.length);  // Section 8.1: the bytes not checked yet.
        }
        current = null;
        checked = 0;
        fragments++;
        if (!frame.fin()) {
            buffer.writeBytes(payload);
            open = type;
            return Optional.empty();
        }
        byte[] whole;
        if (buffer.size() == 0) {
            whole = payload;                   // A single frame (or an empty tail): no copy needed.
        } else {
            buffer.writeBytes(payload);
            whole = buffer.toByteArray();
        }
        buffer.reset();
        open = null;
        fragments = 0;
        if (type == Opcode.TEXT) {
            utf8.finish();                     // The message must not end inside a character.
            return Optional.of(new Message.Text(new String(whole, StandardCharsets.UTF_8)));
        }
        return Optional.of(new Message.Binary(whole));
    }

    /**
     * A data frame's header has been read; its payload has not. Runs every check that needs only the header:
     * the order of fragments (1002, section 5.4) and the size the message would reach (1009, section 10.4), so a
     * frame that can only be refused is refused before its payload is read.
     *
     * @throws ProtocolViolation 1002 or 1009; the assembler is then unusable
     */
    public void frameStarted(FrameReader.Header header) throws ProtocolViolation {
        Opcode opcode = header.opcode();
        if (opcode.isControl()) {
            throw new IllegalArgumentException("control frames are handled by the endpoint, not assembled: " + opcode);
        }
        if (current != null) {
            throw new IllegalStateException("frameStarted twice: the " + current.opcode() + " frame was never accepted");
        }
        if (opcode == Opcode.CONTINUATION && open == null) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.4",
                    "A continuation frame arrived but no fragmented message was started");
        }
        if (opcode != Opcode.CONTINUATION && open != null) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.4",
                    "A new %s frame arrived while a fragmented %s message was still open; the fragments of two messages must not interleave"
                            .formatted(opcode, open));
        }
        // Section 10.4: check the size before buffering, so a huge message never fills memory.
        if (buffer.size() + header.payloadLength() > maxMessageSize) {
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "10.4",
                    "The message is larger than this endpoint's limit of %d bytes".formatted(maxMessageSize));
        }
        current = header;
        currentType = open != null ? open : opcode;
        checked = 0;
    }

    /**
     * The next {@code length} payload bytes of the frame announced by {@link #frameStarted}, unmasked, as they
     * arrive. A text message is checked at once (section 8.1: fail fast, byte by byte); nothing is buffered here,
     * {@link #accept} takes the whole frame when it is complete.
     *
     * @throws ProtocolViolation 1007 at the first byte that cannot belong to valid UTF-8
     */
    public void payloadArrived(byte[] data, int offset, int length) throws ProtocolViolation {
        if (current == null) {
            throw new IllegalStateException("payloadArrived before frameStarted");
        }
        if (checked + length > current.payloadLength()) {
            throw new IllegalStateException("more payload than the header announced: " + (checked + length)
                    + " > " + current.payloadLength());
        }
        if (currentType == Opcode.TEXT) {
            utf8.feed(data, offset, offset + length);
        }
        checked += length;
    }

    /** True while a fragmented message has started and its last frame has not arrived. */
    public boolean inMessage() {
        return open != null;
    }

    /** The type (TEXT or BINARY) of the open message, or null when none is open. */
    public Opcode openType() {
        return open;
    }

    /** How many frames of the open message have arrived (0 when none is open). */
    public int fragments() {
        return fragments;
    }

    /** Bytes of the open message buffered so far. */
    public int bufferedBytes() {
        return buffer.size();
    }
}
