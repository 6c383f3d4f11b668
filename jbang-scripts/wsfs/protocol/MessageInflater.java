package wsfs.protocol;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the payload of one message after another (chapter 23, RFC 7692 section 7.2.2), with the JDK's raw
 * DEFLATE ({@code new Inflater(true)}). The compressed bytes may come in any pieces (frames, reads); the tail
 * {@code 00 00 ff ff} the sender removed is appended at the message's end ({@link #finish}).
 * <p>
 * The inflated bytes come out in chunks of at most {@link #CHUNK} bytes, handed to a {@link Chunks} consumer as
 * they are produced. A consumer that counts them (the message size limit, section 10.4 of RFC 6455) can therefore
 * refuse a message while it inflates: a 1 KiB frame that would inflate to 1 GiB is stopped after one chunk past
 * the limit, not after a gigabyte. An Inflater follows any window of 8 to 15 bits, so the peer's
 * {@code ..._max_window_bits} never troubles it.
 */
public final class MessageInflater {
    /** The largest piece handed to the consumer at once: the most memory one inflate step takes. */
    public static final int CHUNK = 16 * 1024;

    /** Where the inflated bytes go; it may refuse them (1009) by throwing. The array is only lent. */
    public interface Chunks {
        void accept(byte[] data, int offset, int length) throws ProtocolViolation;
    }

    private final boolean noContextTakeover;
    private Inflater inflater;
    private byte[] chunk;

    /** @param noContextTakeover the peer resets its compressor after each message, so we reset ours (section 7.1.1) */
    public MessageInflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /** Inflates a piece of the current message's compressed payload. The bytes are used before this returns. */
    public void feed(byte[] data, int offset, int length, Chunks out) throws ProtocolViolation {
        if (inflater == null) {
            inflater = new Inflater(true);
            chunk = new byte[CHUNK];
        }
        if (inflater.finished()) {
            return;   // section 7.2.3.3: after a block with BFINAL set, the rest of the message is ignored
        }
        inflater.setInput(data, offset, length);
        drain(out);
    }

    /** The message's last compressed byte has been fed: append 00 00 ff ff, inflate the rest, reset if agreed. */
    public void finish(Chunks out) throws ProtocolViolation {
        feed(MessageDeflater.TAIL, 0, 4, out);
        boolean streamEnded = inflater.finished();
        if (noContextTakeover || streamEnded) {
            // Without context takeover the next message starts from an empty window. After BFINAL the DEFLATE
            // stream is over and the next message starts a new one.
            inflater.end();
            inflater = null;
            chunk = null;
        }
    }

    private void drain(Chunks out) throws ProtocolViolation {
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    out.accept(chunk, 0, n);
                } else if (inflater.needsInput() || inflater.finished()) {
                    return;
                } else if (inflater.needsDictionary()) {
                    throw corrupt("it asks for a preset dictionary, which raw DEFLATE never uses");
                }
            }
        } catch (DataFormatException e) {
            throw corrupt(String.valueOf(e.getMessage()));
        }
    }

    private static ProtocolViolation corrupt(String why) {
        return new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "RFC 7692 section 6.2",
                "A compressed message is not valid DEFLATE data: " + why);
    }

    /** Frees the native memory now. */
    public void release() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
            chunk = null;
        }
    }
}
