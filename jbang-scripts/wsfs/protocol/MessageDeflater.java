package wsfs.protocol;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses the payload of one message after another (chapter 23, RFC 7692 section 7.2.1), with the JDK's raw
 * DEFLATE ({@code new Deflater(level, true)}: nowrap, so no zlib header or checksum, RFC 1951 only).
 * <p>
 * Each message ends with a sync flush ({@link Deflater#SYNC_FLUSH}): the compressor emits everything it holds
 * and then an empty stored block, whose last four bytes are always {@code 00 00 ff ff}. Section 7.2.1 says to
 * remove them; the receiver puts them back before inflating. With context takeover the compressor keeps its
 * 32 KiB window from message to message, so a later message may point back into an earlier one (the second
 * "Hello" of section 7.2.3.2 costs 5 bytes instead of 7); without it the compressor is reset after each message.
 * <p>
 * {@link Deflater} always uses a 15-bit window: it cannot honour a peer's {@code ..._max_window_bits} below 15
 * (see {@link PerMessageDeflate}). Its native memory (about 256 KiB with the default memory level) is taken on
 * the first message, not when the connection opens, and freed after each message when there is no context
 * takeover, so an idle connection without takeover holds none of it.
 */
public final class MessageDeflater {
    /** The empty stored block's tail that section 7.2.1 removes. */
    static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final boolean noContextTakeover;
    private final int level;
    private Deflater deflater;   // made on first use; null again after a message when there is no takeover

    /**
     * @param noContextTakeover reset (here: drop) the compressor after every message (section 7.1.1)
     * @param level             0-9, {@link Deflater#DEFAULT_COMPRESSION} (-1, which is 6) for the usual trade-off
     */
    public MessageDeflater(boolean noContextTakeover, int level) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("a DEFLATE level is -1 or 0-9: " + level);
        }
        this.noContextTakeover = noContextTakeover;
        this.level = level;
    }

    /** Context takeover, the default level. */
    public MessageDeflater() {
        this(false, Deflater.DEFAULT_COMPRESSION);
    }

    /** The compressed payload of one whole message, without the trailing {@code 00 00 ff ff}. */
    public byte[] compress(byte[] message) {
        return compress(message, 0, message.length);
    }

    public byte[] compress(byte[] data, int offset, int length) {
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        deflater.setInput(data, offset, length);
        byte[] out = new byte[Math.max(64, length / 2 + 64)];
        int n = 0;
        while (true) {
            // Deflater.deflate: with SYNC_FLUSH, if the output space was filled, call again with more space.
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (noContextTakeover) {
            deflater.end();
            deflater = null;
        }
        if (n >= 4 && Arrays.equals(out, n - 4, n, TAIL, 0, 4)) {
            return Arrays.copyOf(out, n - 4);   // section 7.2.1: remove the 4 octets 00 00 ff ff
        }
        if (n == 0) {
            // zlib emits nothing for an empty message right after a flush; section 7.2.3.6: an empty message may
            // be sent as the single octet 0x00 (an empty stored block without its tail).
            return new byte[]{0x00};
        }
        throw new IllegalStateException("a sync flush did not end with 00 00 ff ff");
    }

    /** Frees the native memory now (the JDK would free it once this object is unreachable). */
    public void release() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }
}
