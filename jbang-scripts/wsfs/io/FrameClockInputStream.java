package wsfs.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Notes when a frame starts, its first byte arriving, so that the frame deadline can be checked (chapter 12): a peer
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
        // EXERCISE 12-frame-clock: a frame ended: the clock stops, and starts again with the next byte (unless closing stopped the watch)
        if (watching) {
            betweenFrames = true;
            frameStartedAt = 0;
        }
        // END EXERCISE
    }

    /** The next frame's first byte is here already (read with the previous frame). */
    public void frameStarted() {
        got(1);
    }

    /** Closing: what is read from now on is discarded, not timed. */
    public void stopWatching() {
        // EXERCISE 12-frame-clock: closing: nothing read from now on is timed
        watching = false;
        betweenFrames = false;
        frameStartedAt = 0;
        // END EXERCISE
    }

    /** When the frame being read started ({@code System.nanoTime()}), or 0 between frames. Any thread. */
    public long frameStartedAt() {
        return frameStartedAt;
    }

    private void got(int n) {
        // EXERCISE 12-frame-clock: bytes arrived: the first one after a boundary starts the frame's clock (System.nanoTime() | 1, never 0)
        if (n > 0 && betweenFrames) {
            betweenFrames = false;
            frameStartedAt = System.nanoTime() | 1;
        }
        // END EXERCISE
    }

    @Override
    public int read() throws IOException {
        // EXERCISE 12-frame-clock: one byte read (or the end): tell the clock
        int b = super.read();
        got(b < 0 ? 0 : 1);
        return b;
        // END EXERCISE
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // EXERCISE 12-frame-clock: bytes read (or the end): tell the clock how many
        int n = super.read(b, off, len);
        got(n);
        return n;
        // END EXERCISE
    }
}
