package wsfs.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Notes when a frame starts, its first byte arriving, so that the frame deadline can be checked (chapter 09): a peer
 * that trickles a frame one byte every few seconds still runs out of time. The read loop marks the boundaries between
 * frames ({@link #betweenFrames}); a read that returns bytes after a boundary starts the clock.
 */
public final class FrameClockInputStream extends FilterInputStream {
    private volatile long frameStartedAt;           // System.nanoTime() | 1 of the frame's first byte; 0: between frames
    private boolean betweenFrames = true;
    private boolean watching = true;

    public FrameClockInputStream(InputStream in) {
        super(in);
    }

    /** A frame ended: the clock starts again with the next byte. */
    public void betweenFrames() {
        if (watching) {
            betweenFrames = true;
            frameStartedAt = 0;
        }
    }

    /** The next frame's first byte is here already (read with the previous frame). */
    public void frameStarted() {
        got(1);
    }

    /** Closing: what is read from now on is discarded, not timed. */
    public void stopWatching() {
        watching = false;
        betweenFrames = false;
        frameStartedAt = 0;
    }

    /** When the frame being read started ({@code System.nanoTime()}), or 0 between frames. Any thread. */
    public long frameStartedAt() {
        return frameStartedAt;
    }

    private void got(int n) {
        if (n > 0 && betweenFrames) {
            betweenFrames = false;
            frameStartedAt = System.nanoTime() | 1;
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        got(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        got(n);
        return n;
    }
}
