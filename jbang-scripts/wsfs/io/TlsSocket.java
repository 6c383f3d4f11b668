package wsfs.io;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TLS connection that the rest of the course can treat as a plain {@link Socket} (chapter 24): the streams are
 * the {@link SSLSocket}'s (plaintext in, records out), and everything else goes to the TCP socket beneath.
 * <p>
 * One thing differs from {@code SSLSocket} on purpose: {@link #close()} never blocks. {@code SSLSocket.close()}
 * sends close_notify, and to do so it takes the TLS write lock; a writer stalled on a peer that does not read holds
 * that lock for ever, and chapter 09's write deadline closes the socket from the one timer thread of the edge
 * ({@link EdgeTimer}), which must never block. So the polite close runs on its own virtual thread, and if it has not
 * finished within {@link #CLOSE_NOTIFY_GRACE} the TCP socket is closed under it.
 */
public final class TlsSocket extends Socket {
    /** How long close_notify may take before the TCP socket is closed anyway. */
    public static final Duration CLOSE_NOTIFY_GRACE = Duration.ofSeconds(1);

    private final SSLSocket tls;
    private final Socket tcp;
    private final AtomicBoolean closing = new AtomicBoolean();

    public TlsSocket(SSLSocket tls, Socket tcp) {
        this.tls = tls;
        this.tcp = tcp;
    }

    /** The TLS socket (session, protocol, cipher suite, ALPN). */
    public SSLSocket tls() {
        return tls;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return tls.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return tls.getOutputStream();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        tcp.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return tcp.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        tcp.setTcpNoDelay(on);
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return tcp.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return tcp.getLocalSocketAddress();
    }

    @Override
    public int getPort() {
        return tcp.getPort();
    }

    @Override
    public int getLocalPort() {
        return tcp.getLocalPort();
    }

    @Override
    public java.net.InetAddress getInetAddress() {
        return tcp.getInetAddress();
    }

    @Override
    public boolean isConnected() {
        return tcp.isConnected();
    }

    @Override
    public boolean isClosed() {
        return tcp.isClosed();
    }

    /** Sends close_notify (TLS 1.3 allows a half-close, RFC 8446 section 6.1) after our last record. */
    @Override
    public void shutdownOutput() throws IOException {
        tls.shutdownOutput();
    }

    @Override
    public boolean isOutputShutdown() {
        return tls.isOutputShutdown();
    }

    /** Starts closing and returns at once: close_notify on its own thread, the TCP socket closed within the grace. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> hard = EdgeTimer.after(CLOSE_NOTIFY_GRACE, () -> closeQuietly(tcp));
        Thread.ofVirtual().name("tls-close").start(() -> {
            closeQuietly(tls); // close_notify, then closes the TCP socket (autoClose)
            closeQuietly(tcp);
            hard.cancel(false);
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    @Override
    public String toString() {
        return "TLS over " + tcp;
    }
}
