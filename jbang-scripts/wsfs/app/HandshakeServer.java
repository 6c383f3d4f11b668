package wsfs.app;

import wsfs.io.DeadlineInputStream;
import wsfs.io.ServerHandshake;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.view.HexDump;
import wsfs.view.LogLine;
import wsfs.view.ReadyStatePage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A loopback server that does the opening handshake and nothing more (chapter 03). On one port it serves
 * <ul>
 *   <li>{@code GET /} without Upgrade: a small HTML page ({@link ReadyStatePage}) whose script opens a WebSocket
 *       back to this server, so a real browser runs our handshake;</li>
 *   <li>an upgrade request: {@link ServerHandshake#accept}; after the 101 the socket stays open, and whatever
 *       arrives (frames: chapter 04 decodes them) is reported as hex until the peer closes.</li>
 * </ul>
 * Each connection runs on a virtual thread. A client has {@code handshakeTimeout} to send its whole head,
 * then it gets 408 and the connection closes: a client that sends half a request cannot hold a thread forever.
 * Events are reported as plain lines to {@code log}; whatever in them came from the peer is escaped first
 * ({@link LogLine}), so a request line cannot clear the operator's screen or forge a line of its own.
 */
public final class HandshakeServer implements AutoCloseable {
    private final ServerSocket listener;
    private final HandshakePolicy policy;
    private final Duration handshakeTimeout;
    private final Consumer<String> log;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    private HandshakeServer(ServerSocket listener, HandshakePolicy policy, Duration timeout, Consumer<String> log) {
        this.listener = listener;
        this.policy = policy;
        this.handshakeTimeout = timeout;
        this.log = log;
    }

    /** Listens on 127.0.0.1:{@code port} (0 = any free port) and serves until {@link #close}. */
    public static HandshakeServer start(int port, HandshakePolicy policy, Duration handshakeTimeout,
                                        Consumer<String> log) throws IOException {
        ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        HandshakeServer server = new HandshakeServer(listener, policy, handshakeTimeout, log);
        Thread.ofVirtual().name("handshake-accept").start(server::acceptLoop);
        return server;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Accepts until {@link #close}. A failed accept (EMFILE: no file descriptor left) must not end the server:
     * log it once, wait a little while connections leave, and accept again (chapter 14 backs off the same way).
     */
    private void acceptLoop() {
        boolean failing = false;
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                failing = false;
                int id = connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().name("handshake-" + id).start(() -> serve(id, socket));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return; // close() closed the listener
                }
                if (!failing) {
                    log.accept("accept failed: " + LogLine.escape(e.getMessage()) + "; accepting again in 100 ms");
                    failing = true;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void serve(int id, Socket socket) {
        String who = "#" + id + " ";
        try {
            handle(who, socket);
        } catch (HandshakeRejected rejected) {
            log.accept(who + LogLine.escape(rejected.getMessage()));
            lingeringClose(socket); // the answer is written; make sure it arrives before we close
        } catch (IOException e) {
            if (!listener.isClosed()) {
                log.accept(who + "connection ended: " + LogLine.escape(e.getMessage()));
            }
        } finally {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private void handle(String who, Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        // one deadline for the whole head, not a time-out per read: a client trickling bytes still runs out of time
        HttpRequest request = ServerHandshake.readRequest(new DeadlineInputStream(socket, in, handshakeTimeout), out, policy);
        if (!ServerHandshake.isUpgradeRequest(request)) {
            servePage(who, request, out);
            return;
        }
        ServerHandshake.Accepted accepted = ServerHandshake.accept(request, out, policy);
        log.accept(who + LogLine.escape("101 Switching Protocols for " + request.target()
                + accepted.subprotocol().map(p -> ", subprotocol " + p).orElse(", no subprotocol")
                + (accepted.extensions().isEmpty() ? "" : ", extensions offered but not accepted: "
                + String.join(", ", accepted.extensions()))));
        socket.setSoTimeout(0); // the handshake is done; an open WebSocket may stay quiet for a long time
        hold(who, in);
    }

    /**
     * Closes after an error answer without losing it. Closing a socket while the peer's bytes are still unread
     * makes the kernel send a reset, and the peer may lose our answer with it (RFC 9112 section 9.6 describes
     * this). So: stop sending, discard what still arrives for at most a second, then close.
     */
    private static void lingeringClose(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[4096];
            for (int total = 0; total < 1 << 20; ) {
                int n = in.read(discard);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException ignored) {
            // the peer is gone or slow: close anyway
        }
    }

    /** After the handshake: report the bytes that arrive (the frames of chapter 04) until the peer closes. */
    private void hold(String who, InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) != -1) {
            log.accept(who + "received " + n + " bytes after the handshake: "
                    + HexDump.hex(Arrays.copyOf(buffer, Math.min(n, 64))) + (n > 64 ? " ..." : ""));
        }
        log.accept(who + "the peer closed the connection");
    }

    private void servePage(String who, HttpRequest request, OutputStream out) throws IOException {
        boolean page = request.method().equals("GET") && request.target().equals("/");
        String body = page ? ReadyStatePage.html() : "Not found: this server has only / and WebSocket upgrades\n";
        byte[] bodyBytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse response = HttpResponse.pageHead(page ? 200 : 404,
                page ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", bodyBytes.length);
        out.write(response.toBytes());
        out.write(bodyBytes);
        out.flush();
        log.accept(who + LogLine.escape(request.method() + " " + request.target()) + " -> " + response.status());
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (SocketException ignored) {
                // already closed
            }
        }
    }
}
