package wsfs.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An InputStream that hands out at most {@code maxPerRead} bytes per read (chapter 01), the way a slow network
 * may deliver them. Code that assumes one read() returns a whole message breaks on it; code built on
 * {@link ByteStreams#readExactly} does not. Tests and notebooks use it with 1 to replay "one byte at a time".
 */
public final class TrickleInputStream extends FilterInputStream {
    private final int maxPerRead;
    private int reads;

    public TrickleInputStream(InputStream in, int maxPerRead) {
        super(in);
        if (maxPerRead < 1) {
            throw new IllegalArgumentException("maxPerRead must be at least 1");
        }
        this.maxPerRead = maxPerRead;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        reads++;
        return super.read(b, off, Math.min(len, maxPerRead));
    }

    @Override
    public int read() throws IOException {
        reads++;
        return super.read();
    }

    /** How many read calls the consumer needed: shows the cost of a byte stream delivered in pieces. */
    public int reads() {
        return reads;
    }
}
