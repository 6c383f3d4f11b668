package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseEvent;

/**
 * What the application hears from a {@link WebSocketConnection} (chapter 13): the browser API's events
 * (open, message, error, close) plus ping and pong, which the browser keeps to itself.
 * Every method runs on the connection's reading thread, in the order things happened; a method that blocks
 * stops the connection from reading. Every method has an empty default, so implement only what you need.
 * A method that throws makes the connection report the exception to {@link #onError} and close with 1011.
 */
public interface WebSocketListener {

    /** The connection is OPEN: {@link WebSocketConnection#run()} has started reading. */
    default void onOpen(WebSocketConnection connection) {
    }

    /** A complete text message arrived (its UTF-8 already checked). */
    default void onText(WebSocketConnection connection, String text) {
    }

    /**
     * A complete binary message arrived. Its bytes are a {@link ByteString}, as OkHttp's listener gets them: immutable,
     * so the connection hands over what it assembled without a copy ({@code data.toByteArray()} gives an array to
     * change; {@code connection.sendBinary(data)} echoes it without one).
     */
    default void onBinary(WebSocketConnection connection, ByteString data) {
    }

    /** A Ping arrived; the connection has already answered it with a Pong (section 5.5.2). */
    default void onPing(WebSocketConnection connection, ByteString payload) {
    }

    /** A Pong arrived: the answer to one of our pings, or an unsolicited one (section 5.5.3). */
    default void onPong(WebSocketConnection connection, ByteString payload) {
    }

    /** Something went wrong: a protocol violation by the peer (a {@link ProtocolViolation}), an I/O error, an
     *  exception thrown by this listener, or a heartbeat timeout. {@link #onClose} follows. */
    default void onError(WebSocketConnection connection, Throwable error) {
    }

    /** The connection is CLOSED; this is always the last call, exactly once. */
    default void onClose(WebSocketConnection connection, CloseEvent event) {
    }
}
