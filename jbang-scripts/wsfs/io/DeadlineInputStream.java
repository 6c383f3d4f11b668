package wsfs.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A read deadline for a whole exchange, not for each read (chapter 03: the handshake server reads request heads
 * through it, and chapter 14's server too; chapter 20's hostile-input tests found why it is needed). A socket's read time-out ({@link Socket#setSoTimeout}) restarts with every read:
 * a client that sends one byte every second never trips a 2-second time-out and holds its connection for as
 * long as the head may be (the "Slowloris" attack, found by tests/ch20/HostileInputTest). Before each read
 * this stream sets the socket's time-out to what is left until the deadline, and once the deadline has passed
 * every read throws {@link SocketTimeoutException}, as the socket itself would.
 */
public final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private final long deadline;

    /** Reads from {@code socket}'s input; every read must be over within {@code budget} from now. */
    public DeadlineInputStream(Socket socket, Duration budget) throws IOException {
        this(socket, socket.getInputStream(), budget);
    }

    public DeadlineInputStream(Socket socket, InputStream in, Duration budget) {
        super(in);
        this.socket = socket;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    private void arm() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the deadline for this exchange has passed");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        arm();
        return super.skip(n);
    }
}
