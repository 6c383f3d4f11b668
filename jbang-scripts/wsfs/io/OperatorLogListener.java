package wsfs.io;

import wsfs.protocol.ByteString;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.ProtocolViolation;
import wsfs.view.LogLine;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Logs for operators (chapter 15): passes every event of one server connection on to the application's listener,
 * and watches two of them: the first error and the close. A connection that ends after a protocol violation (or
 * any other failure) becomes one log line with the peer, the close code, the rule and its section; what came from
 * the network is escaped ({@link LogLine}), and nothing a peer can cause prints a stack trace.
 */
final class OperatorLogListener implements WebSocketListener {
    private final WebSocketListener handler;
    private final String peer;
    private final Consumer<String> log;
    private final BooleanSupplier running;
    private volatile Throwable firstError;

    /** @param running false once the server shuts down: then failures are expected and not logged */
    OperatorLogListener(WebSocketListener handler, String peer, Consumer<String> log, BooleanSupplier running) {
        this.handler = handler;
        this.peer = peer;
        this.log = log;
        this.running = running;
    }

    @Override
    public void onOpen(WebSocketConnection c) {
        handler.onOpen(c);
    }

    @Override
    public void onText(WebSocketConnection c, String text) {
        handler.onText(c, text);
    }

    @Override
    public void onBinary(WebSocketConnection c, ByteString data) {
        handler.onBinary(c, data);
    }

    @Override
    public void onPing(WebSocketConnection c, ByteString payload) {
        handler.onPing(c, payload);
    }

    @Override
    public void onPong(WebSocketConnection c, ByteString payload) {
        handler.onPong(c, payload);
    }

    @Override
    public void onError(WebSocketConnection c, Throwable error) {
        if (firstError == null) {
            firstError = error;
            if (error instanceof ProtocolViolation && running.getAsBoolean()) {
                // Logged now: the violation names its close code, and closing TCP may take a while yet.
                log.accept(failureLine(peer, error, null));
            }
        }
        handler.onError(c, error);
    }

    @Override
    public void onClose(WebSocketConnection c, CloseEvent event) {
        Throwable error = firstError;
        if (error != null && !(error instanceof ProtocolViolation)
                && !(error instanceof WebSocketConnection.EdgeFailure) && running.getAsBoolean()) { // the edge logged those
            log.accept(failureLine(peer, error, event));
        }
        handler.onClose(c, event);
    }

    /**
     * One line for a failed connection: the peer, the close code, the rule and its section. A protocol violation
     * names its rule (section 7.1.7: we failed the connection with that code); anything else (the peer vanished,
     * a heartbeat time-out, the application threw) is reported by its message, with no stack trace.
     */
    static String failureLine(String peer, Throwable error, CloseEvent event) {
        if (error instanceof ProtocolViolation v) {
            return "failed the connection of %s with close code %d: %s (RFC 6455 section %s)"
                    .formatted(peer, v.closeCode().code(), LogLine.escape(v.rule()), v.section());
        }
        return "connection of %s failed (close code %d%s): %s".formatted(peer, event.code().code(),
                event.wasClean() ? "" : ", no clean close", LogLine.escape(error.toString()));
    }
}
