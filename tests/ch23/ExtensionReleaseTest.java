package ch23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.MemoryBudget;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.Connection;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.DeflateExtension;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.Role;

/**
 * A compressor holds native memory (zlib's window and state, hundreds of KiB with context takeover) that the
 * garbage collector does not see: the connection frees it when TCP closes, once, instead of leaving it to
 * whenever the object becomes unreachable.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExtensionReleaseTest {
    /** permessage-deflate, counting how often it is released. */
    static final class Counting implements Connection.Extension {
        final DeflateExtension inner = new DeflateExtension(Role.SERVER, DeflateAgreement.defaults());
        final AtomicInteger released = new AtomicInteger();

        @Override
        public int rsvBits() {
            return inner.rsvBits();
        }

        @Override
        public FrameParser.Sink incoming(FrameParser.Sink receiver) {
            return inner.incoming(receiver);
        }

        @Override
        public List<Frame> outgoing(Message message, int fragmentSize) {
            return inner.outgoing(message, fragmentSize);
        }

        @Override
        public void release() {
            released.incrementAndGet();
            inner.release();
        }
    }

    @Test
    void theCoreReleasesTheExtensionOnceWhenTheTransportCloses() {
        Counting deflate = new Counting();
        Connection connection = new Connection(Role.SERVER, Limits.defaults(), null, deflate);
        assertEquals(0, deflate.released.get());
        connection.transportClosed();
        connection.transportClosed();
        assertEquals(1, deflate.released.get());
    }

    @Test
    void theEdgeReleasesItWhenThePeerGoesAway() throws Exception {
        Counting deflate = new Counting();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket peer = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            WebSocketConnection connection = new WebSocketConnection(accepted.getInputStream(),
                    accepted.getOutputStream(), accepted, Role.SERVER, Limits.defaults(), new WebSocketListener() { },
                    null, MemoryBudget.processWide(), line -> { }, deflate);
            Thread.ofVirtual().start(connection::run);
            peer.close();                                      // TCP ends without a closing handshake
            assertTrue(connection.awaitClosed(Duration.ofSeconds(10)), "the connection did not notice the EOF");
            assertEquals(1, deflate.released.get());
        }
    }
}
