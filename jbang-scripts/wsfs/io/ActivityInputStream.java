package wsfs.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Notes when the last byte arrived from the peer (chapter 14), so that an idle time-out can tell a quiet
 * connection from a busy one; every byte counts, also those of a frame that is not complete yet.
 */
final class ActivityInputStream extends FilterInputStream {
    private volatile long lastRead = System.nanoTime();

    ActivityInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        lastRead = System.nanoTime();
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        lastRead = System.nanoTime();
        return n;
    }

    /** How long ago the last read returned. */
    long idleNanos() {
        return System.nanoTime() - lastRead;
    }
}
