package ch24;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ClientHandshake;
import wsfs.io.EdgeTimer;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.TlsConfig;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Limits;

/**
 * Chapter 12's write deadline over TLS: a client that finishes both handshakes and then reads nothing. The deadline
 * closes the socket from the edge's one timer thread; {@code SSLSocket.close()} would wait there for the TLS write
 * lock, which the stalled writer holds for ever, and every timer of the process would stop. TlsSocket's close
 * does not block: the connection ends in time and the timer keeps ticking.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsSlowReaderTest {

    @Test
    void aTlsPeerThatDoesNotReadIsCutOffAndTheTimerLivesOn() throws Exception {
        SelfSignedCertificate.Made m = TestCertificates.localhost();
        CompletableFuture<WebSocketConnection> serverSide = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocketConnection c) {
                serverSide.complete(c);
            }

            @Override
            public void onClose(WebSocketConnection c, CloseEvent event) {
                closed.countDown();
            }
        };
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withLimits(Limits.defaults().withMaxOutbox(64L << 20)
                        .withWriteTimeout(Duration.ofMillis(500)).withCloseTimeout(Duration.ofSeconds(1))),
                request -> listener, TlsConfig.serverLayer(TlsConfig.server(m.cert(), m.key())));
             Socket tcp = new Socket()) {
            tcp.setReceiveBufferSize(4096);                  // before connect: the window stays small
            tcp.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            SSLSocket tls = (SSLSocket) JdkTls.trusting(m.cert()).getSocketFactory()
                    .createSocket(tcp, "127.0.0.1", server.port(), true);
            tls.startHandshake();
            ClientHandshake.of("127.0.0.1", server.port(), "/", List.of(), Map.of())
                    .perform(tls.getInputStream(), tls.getOutputStream());
            WebSocketConnection c = serverSide.get(10, TimeUnit.SECONDS);
            assertTrue(c.sendBinary(new byte[16 << 20]), "one big message fits an empty outbox");
            long start = System.nanoTime();
            assertTrue(closed.await(10, TimeUnit.SECONDS), "a write stalled past its deadline must end the connection");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 4000, "closed " + took + " ms after the send; deadline 500 ms");
            CountDownLatch tick = new CountDownLatch(1);
            EdgeTimer.after(Duration.ZERO, tick::countDown);
            assertTrue(tick.await(3, TimeUnit.SECONDS), "the edge's timer thread is stuck");
        }
    }
}
