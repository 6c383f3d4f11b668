package wsfs.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered input stream that holds a buffer only while bytes are waiting (chapter 11). A
 * {@code BufferedInputStream} keeps its array for the life of the connection, whether the peer talks or not; ten
 * thousand idle connections with two 64 KiB buffers each hold 1.3 GiB. This one:
 * <ul>
 *   <li>when its buffer is empty and the socket has nothing waiting ({@code available() == 0}), drops the buffer
 *       and reads straight into the caller's array: an idle connection blocks holding no buffer at all;</li>
 *   <li>when bytes are waiting, takes a buffer of at most {@code bufferSize} bytes and fills it from what is
 *       already there, without blocking, so a stream of small frames costs one system call per buffer, not per
 *       frame;</li>
 *   <li>passes reads of {@link #PASS_THROUGH} bytes or more straight through, without a system call to ask what
 *       is waiting: such a caller (chapter 13's read loop) buffers for itself.</li>
 * </ul>
 * Not thread-safe: one reading thread, like every input stream of a connection.
 */
public final class OnDemandBufferedInputStream extends InputStream {
    public static final int DEFAULT_BUFFER = 8 * 1024;
    /** Reads of this many bytes or more go straight to the stream, without asking what is waiting. */
    public static final int PASS_THROUGH = 256;

    private final InputStream in;
    private final int bufferSize;
    private byte[] buf;
    private int pos;
    private int limit;

    public OnDemandBufferedInputStream(InputStream in) {
        this(in, DEFAULT_BUFFER);
    }

    public OnDemandBufferedInputStream(InputStream in, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive: " + bufferSize);
        }
        this.in = in;
        this.bufferSize = bufferSize;
    }

    @Override
    public int read() throws IOException {
        if (pos < limit) {
            return buf[pos++] & 0xFF;
        }
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < limit) {
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        pos = limit = 0;
        int waiting = len >= Math.min(bufferSize, PASS_THROUGH) ? 0 : in.available();   // a large read: no system call
        if (waiting <= len) {
            buf = null;                               // empty: the buffer goes, it is taken again when needed
            return in.read(b, off, len);              // idle (blocks with no buffer of ours), or a large read
        }
        if (buf == null) {
            buf = new byte[bufferSize];
        }
        int n = in.read(buf, 0, Math.min(buf.length, waiting));   // does not block: the bytes are there
        if (n <= 0) {
            buf = null;
            return n;
        }
        limit = n;
        int given = Math.min(len, n);
        System.arraycopy(buf, 0, b, off, given);
        pos = given;
        return given;
    }

    @Override
    public int available() throws IOException {
        return (limit - pos) + in.available();
    }

    @Override
    public void close() throws IOException {
        buf = null;
        in.close();
    }
}
