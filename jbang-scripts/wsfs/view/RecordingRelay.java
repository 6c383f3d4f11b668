package wsfs.view;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay that keeps a copy of every byte it passes (chapter 24): what a router, a proxy or tcpdump
 * between client and server would see. It accepts one connection, connects to the target, copies both ways, and
 * passes on each end of stream as a half-close. The demo reads the TLS records out of the copies.
 */
public final class RecordingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private final CountDownLatch done = new CountDownLatch(2);

    private RecordingRelay(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free loopback port; the first connection is relayed to {@code targetPort} on loopback. */
    public static RecordingRelay start(int targetPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        RecordingRelay relay = new RecordingRelay(listener,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
        Thread.ofVirtual().name("relay").start(relay::relayOne);
        return relay;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void relayOne() {
        try (Socket client = listener.accept(); Socket server = new Socket()) {
            server.connect(target, 5_000);
            Thread a = Thread.ofVirtual().start(() -> copy(client, server, fromClient));
            Thread b = Thread.ofVirtual().start(() -> copy(server, client, fromServer));
            a.join();
            b.join();
        } catch (IOException | InterruptedException e) {
            while (done.getCount() > 0) {
                done.countDown();
            }
        }
    }

    private void copy(Socket from, Socket to, ByteArrayOutputStream copy) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) != -1; ) {
                synchronized (copy) {
                    copy.write(buf, 0, n);
                }
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: the copy so far is what crossed the wire
        } finally {
            done.countDown();
        }
    }

    /** Waits until both directions have ended (or {@code timeout}); true if they have. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every byte the client sent so far. */
    public byte[] clientBytes() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    /** Every byte the server sent so far. */
    public byte[] serverBytes() {
        synchronized (fromServer) {
            return fromServer.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
