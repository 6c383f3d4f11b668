package wsfs;

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
 *   <li>a text message that is not UTF-8: 1007 (section 8.1), checked fragment by fragment as it arrives.</li>
 * </ul>
 */
public final class MessageAssembler {
    private final long maxMessageSize;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Opcode open;        // TEXT or BINARY while a fragmented message is open, else null
    private int fragments;      // frames of the open message so far

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
        Opcode opcode = frame.opcode();
        if (opcode.isControl()) {
            throw new IllegalArgumentException("control frames are handled by the endpoint, not assembled: " + opcode);
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
        Opcode type = open != null ? open : opcode;
        byte[] payload = frame.payload();
        // Section 10.4: check the size before buffering, so a huge message never fills memory.
        if ((long) buffer.size() + payload.length > maxMessageSize) {
            throw new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "10.4",
                    "The message is larger than this endpoint's limit of %d bytes".formatted(maxMessageSize));
        }
        if (type == Opcode.TEXT) {
            utf8.feed(payload);                // Section 8.1: fail fast, fragment by fragment.
        }
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
