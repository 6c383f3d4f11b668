package wsfs.io;

import wsfs.protocol.Connection;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The points where later parts plug into a {@link ServerCore} (chapter 14), by composition: each default is what
 * a bare server does. {@code WebSocketServer} fills them with the limits and pages of operating a server; chapter
 * 13 negotiates extensions here and chapter 24 puts TLS on each socket.
 * Every method runs on the connection's own virtual thread, within the handshake time-out.
 */
public interface ServerHooks {

    /** A bare server: plain TCP, no limit but the handshake time-out, no pages, no extensions. */
    ServerHooks NONE = new ServerHooks() { };

    /**
     * Runs on each accepted socket before its HTTP request is read and returns the socket that the handshake and
     * the frames then use (chapter 24: the TLS handshake); it must be done within {@code budget}.
     */
    default Socket wrap(Socket accepted, Duration budget) throws IOException {
        return accepted;
    }

    /** The scheme of the URLs this server serves: "ws", or "wss" behind TLS. */
    default String scheme() {
        return "ws";
    }

    /**
     * Answers a request that asks for no WebSocket (no Upgrade); the connection is closed afterwards. A bare
     * server answers 426 Upgrade Required with "Upgrade: websocket" (RFC 9110 section 15.5.22).
     */
    default void answerPlainRequest(HttpRequest request, OutputStream out) throws IOException {
        out.write(HttpResponse.plainText(426, "This is a WebSocket server; send an upgrade request\n",
                HttpHeaders.of("Upgrade", "websocket")).toBytes());
        out.flush();
    }

    /**
     * Lets a new WebSocket connection in, or refuses it with the HTTP status of {@code HandshakeRejected} (RFC 6455
     * section 4.2.2: a server may answer with any status). Each admitted connection is {@link #release}d once.
     */
    default void admit(HttpRequest request) throws HandshakeRejected {
    }

    /** Called once when a connection that {@link #admit} let in has ended. */
    default void release() {
    }

    /**
     * The listener the connection reports to, around the endpoint's {@code handler}; a bare server gives it the
     * handler itself. {@code running} turns false once the server shuts down.
     */
    default WebSocketListener observe(WebSocketListener handler, String peer, BooleanSupplier running) {
        return handler;
    }

    /** Chapter 22: the extensions agreed for this request (RFC 6455 section 9.1), or empty for none. */
    default Optional<Negotiated> negotiate(HttpRequest request) {
        return Optional.empty();
    }

    /** The value of the 101's Sec-WebSocket-Extensions and the connection's extension. */
    record Negotiated(String responseHeader, Connection.Extension extension) {
    }
}
