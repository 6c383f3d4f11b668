package ch24;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.EchoListener;
import wsfs.io.TlsConfig;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;

/** Chapter 24's echo server behind TLS on loopback, for the tests of chapters 24 and 25: a certificate for localhost, a 2 s handshake time-out, and every log line kept. */
public final class TlsEchoServer implements AutoCloseable {
    public final SelfSignedCertificate.Made cert;
    public final WebSocketServer server;
    public final BlockingQueue<String> log = new LinkedBlockingQueue<>();

    private TlsEchoServer() throws Exception {
        cert = TestCertificates.localhost();
        server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withHandshakeTimeout(Duration.ofSeconds(2)).withLog(log::add),
                request -> new EchoListener(), TlsConfig.serverLayer(TlsConfig.server(cert.cert(), cert.key())));
    }

    public static TlsEchoServer start() throws Exception {
        return new TlsEchoServer();
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /** A client's listener that keeps every text message it hears. */
    public static final class Inbox implements WebSocketListener {
        public final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocketConnection c, String text) {
            texts.add(text);
        }
    }
}
