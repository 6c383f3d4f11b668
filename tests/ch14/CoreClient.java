package ch14;

import wsfs.io.ClientHandshake;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.Limits;
import wsfs.protocol.Role;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The client the server tests of chapters 14 and 15 use: TCP, chapter 03's {@link ClientHandshake}, then chapter
 * 09's {@link WebSocketConnection} in the client role on a virtual thread, as 14_Endpoints.java's demo does. (The
 * course's client, with URLs, options and time-outs, is chapter 16's; these tests must not need it.)
 */
public final class CoreClient {
    private CoreClient() {
    }

    public static WebSocketConnection connect(String url, WebSocketListener listener) throws IOException {
        return connect(url, Limits.defaults(), Duration.ofSeconds(10), listener);
    }

    public static WebSocketConnection connect(String url, Limits limits, WebSocketListener listener) throws IOException {
        return connect(url, limits, Duration.ofSeconds(10), listener);
    }

    /** Connects within {@code timeout} and completes the handshake within it too (then the socket has no time-out). */
    public static WebSocketConnection connect(String url, Limits limits, Duration timeout, WebSocketListener listener)
            throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            ClientHandshake.of(uri, List.of(), Map.of()).perform(socket.getInputStream(), socket.getOutputStream());
            socket.setSoTimeout(0);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        WebSocketConnection c = WebSocketConnection.over(socket, Role.CLIENT, limits, listener);
        Thread.ofVirtual().name("test client " + url).start(c::run);
        return c;
    }
}
