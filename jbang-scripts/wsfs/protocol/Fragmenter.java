package wsfs.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message into frames (chapter 07), the sender's side of RFC 6455 section 5.4:
 * <pre>
 *   frame     first          middle ...      last
 *   FIN       0              0               1
 *   opcode    TEXT/BINARY    CONTINUATION    CONTINUATION
 * </pre>
 * A message that fits in one fragment is a single frame with FIN=1 and its own opcode.
 * A text message is split on byte boundaries, so a character may be cut between two frames: that is allowed
 * (section 5.6 only requires the reassembled message to be UTF-8), and the receiver's incremental check copes.
 * The frames are unmasked; the frame writer masks them when the sender is a client (section 5.3).
 */
public final class Fragmenter {
    private Fragmenter() {
    }

    /** The frames that carry this message, each with at most {@code fragmentSize} payload bytes. */
    public static List<Frame> fragment(Message message, int fragmentSize) {
        return fragment(message.opcode(), message.payload(), fragmentSize);
    }

    /** The frames that carry a TEXT or BINARY payload, each with at most {@code fragmentSize} bytes. */
    public static List<Frame> fragment(Opcode type, ByteString payload, int fragmentSize) {
        if (type != Opcode.TEXT && type != Opcode.BINARY) {
            // Section 5.4: "Control frames MUST NOT be fragmented", and a message starts with TEXT or BINARY.
            throw new IllegalArgumentException("only TEXT and BINARY messages are fragmented, not " + type);
        }
        if (fragmentSize < 1) {
            throw new IllegalArgumentException("fragmentSize must be at least 1: " + fragmentSize);
        }
        List<Frame> frames = new ArrayList<>();
        int from = 0;
        do {
            int to = (int) Math.min((long) from + fragmentSize, payload.length());
            boolean last = to == payload.length();
            Opcode opcode = from == 0 ? type : Opcode.CONTINUATION;
            frames.add(new Frame(last, 0, opcode, null, payload.slice(from, to)));
            from = to;
        } while (from < payload.length());
        return frames;
    }
}
