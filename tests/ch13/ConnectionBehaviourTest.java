package ch13;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Frame;
import wsfs.io.Heartbeat;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

/** Sending from many threads, listener failures, and the heartbeat on a live connection. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectionBehaviourTest {

    @Test
    void framesFromManyThreadsNeverInterleave() throws Exception {
        try (Peer p = Peer.server()) {
            int threads = 4;
            int perThread = 50;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        String text = "thread " + id + " message " + i + " " + "x".repeat(id * 100);
                        if (i % 2 == 0) {
                            p.connection.sendText(text);
                        } else {
                            p.connection.sendFragmented(new Message.Text(text), 7);
                        }
                    }
                }));
            }
            go.countDown();
            Set<String> got = new HashSet<>();
            StringBuilder open = null;
            while (got.size() < threads * perThread) {
                Frame f = p.readFrame();                       // would fail on a mixed-up frame
                if (f.opcode() == Opcode.TEXT && f.fin()) {
                    assertEquals(null, open, "a message started inside another one");
                    got.add(f.payloadAsText());
                } else if (f.opcode() == Opcode.TEXT) {
                    assertEquals(null, open, "a message started inside another one");
                    open = new StringBuilder(f.payloadAsText());
                } else {
                    assertEquals(Opcode.CONTINUATION, f.opcode());
                    open.append(f.payloadAsText());
                    if (f.fin()) {
                        got.add(open.toString());
                        open = null;
                    }
                }
            }
            for (Thread t : senders) {
                t.join();
            }
            assertEquals(threads * perThread, got.size());
        }
    }

    @Test
    void aListenerThatThrowsClosesTheConnectionWith1011() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            raw.setSoTimeout(5_000);
            WebSocketConnection c = WebSocketConnection.over(accepted, Role.SERVER, Peer.limits(), new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection c, String text) {
                    throw new IllegalStateException("application bug");
                }

                @Override
                public void onError(WebSocketConnection c, Throwable error) {
                    seen.add(error);
                }

                @Override
                public void onClose(WebSocketConnection c, CloseEvent event) {
                    seen.add(event);
                }
            });
            Thread.ofVirtual().start(c::run);
            raw.getOutputStream().write(wsfs.protocol.FrameCodec.encode(Frame.text("boom").withMaskingKey(Peer.KEY)));
            Frame close = new wsfs.io.FrameReader(raw.getInputStream(), Role.CLIENT, 1000).read();
            assertEquals(CloseCode.INTERNAL_ERROR, wsfs.protocol.ClosePayload.parse(close.payload().toByteArray()).code());
            raw.close();
            assertTrue(seen.poll(5, TimeUnit.SECONDS) instanceof IllegalStateException);
            assertEquals(CloseEvent.abnormal(), seen.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void runTwiceIsRefusedAndSendsAfterCloseReturnFalse() throws Exception {
        try (Peer p = Peer.server()) {
            p.send(Frame.ping(new byte[0]));
            p.expect("8a 00");                                 // the runner thread is inside run() now
            assertThrows(IllegalStateException.class, p.connection::run);
            p.raw.close();
            p.events.awaitClose();
            assertFalse(p.connection.sendText("anyone?"));
            assertFalse(p.connection.ping(new byte[0]));
            assertEquals(CloseEvent.abnormal(), p.connection.closeEvent().orElseThrow());
        }
    }

    /** Two real connections, client and server, on one loopback TCP connection. */
    record Pair(WebSocketConnection client, WebSocketConnection server, Peer.Recorder clientEvents,
                Peer.Recorder serverEvents, Socket a, Socket b) implements AutoCloseable {
        static Pair open() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Socket a = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket b = listener.accept();
                Peer.Recorder ce = new Peer.Recorder();
                Peer.Recorder se = new Peer.Recorder();
                WebSocketConnection client = WebSocketConnection.over(a, Role.CLIENT, Peer.limits(), ce);
                WebSocketConnection server = WebSocketConnection.over(b, Role.SERVER, Peer.limits(), se);
                Thread.ofVirtual().start(client::run);
                Thread.ofVirtual().start(server::run);
                return new Pair(client, server, ce, se, a, b);
            }
        }

        @Override
        public void close() throws IOException {
            a.close();
            b.close();
        }
    }

    @Test
    void twoConnectionsTalkAndCloseCleanly() throws Exception {
        try (Pair pair = Pair.open()) {
            pair.serverEvents().echo = true;
            assertTrue(pair.client().sendText("hello"));
            assertTrue(pair.client().sendFragmented(new Message.Binary(new byte[] {1, 2, 3, 4, 5}), 2));
            assertEquals("text:hello", pair.clientEvents().next());
            assertEquals("binary:01 02 03 04 05", pair.clientEvents().next());
            pair.client().close(CloseCode.NORMAL_CLOSURE, "done");
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "done", true), pair.serverEvents().awaitClose());
            assertEquals(new CloseEvent(CloseCode.NORMAL_CLOSURE, "", true), pair.clientEvents().awaitClose());
        }
    }

    @Test
    void aHeartbeatBetweenTwoConnectionsMeasuresRoundTrips() throws Exception {
        try (Pair pair = Pair.open()) {
            CountDownLatch three = new CountDownLatch(3);
            Heartbeat hb = pair.client().startHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(2), new Heartbeat.Listener() {
                @Override
                public void onRoundTrip(long sequence, Duration roundTrip) {
                    three.countDown();
                }
            });
            assertTrue(three.await(10, TimeUnit.SECONDS));
            assertTrue(hb.lastRoundTrip().isPresent());
            assertFalse(hb.dead());
            pair.client().close();
            pair.clientEvents().awaitClose();
        }
    }

    @Test
    void aPeerThatReadsButNeverAnswersIsDetectedByTheHeartbeat() throws Exception {
        // The raw peer reads everything (so TCP keeps flowing) and sends nothing: no pong ever comes.
        try (Peer p = Peer.server()) {
            Thread sink = Thread.ofVirtual().start(() -> {
                try {
                    p.rawIn.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // closed
                }
            });
            p.connection.startHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
            CloseEvent e = p.events.awaitClose();
            assertEquals(CloseEvent.abnormal(), e, "no Close came back: 1006");
            Throwable why = p.events.errors.poll(5, TimeUnit.SECONDS);
            assertTrue(why instanceof SocketTimeoutException, String.valueOf(why));
            sink.join(5_000);
        }
    }

    @Test
    void aDeadPeerGetsPingsThenA1001Close() throws Exception {
        try (Peer p = Peer.server()) {
            p.connection.startHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
            Frame ping = p.readFrame();
            assertEquals(Opcode.PING, ping.opcode());
            assertEquals(1, Heartbeat.sequenceOf(ping.payload().toByteArray()).getAsLong());
            wsfs.protocol.ClosePayload close = p.readClose();            // we never answer: the heartbeat gives up
            assertEquals(CloseCode.GOING_AWAY, close.code());
            p.expectEof();
        }
    }

    @Test
    void limitsDefaultsAreLargeEnoughForChapter08() {
        Limits d = Limits.defaults();
        assertEquals(16L << 20, d.maxFramePayload());
        assertEquals(64L << 20, d.maxMessageSize());
        assertEquals(Duration.ofSeconds(5), d.closeTimeout());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxFramePayload(124));
    }
}
