package wsfs.protocol;

/**
 * How a connection ended (chapter 09), as the browser's {@code CloseEvent} reports it.
 * <ul>
 *   <li>{@code code}: the status code of the Close frame we received (section 7.1.5, "the WebSocket Connection Close
 *       Code"); 1005 if that frame had no code; 1006 if no Close frame arrived at all (TCP dropped, the peer never
 *       answered, or we failed the connection). A {@link CloseCode}: any number a peer may send, 3000-4999
 *       included; {@code code().code()} is the browser's number.</li>
 *   <li>{@code reason}: the reason in the Close frame we received, else empty.</li>
 *   <li>{@code wasClean}: both Close frames were exchanged before TCP closed (section 7.1.4: "closed cleanly").</li>
 * </ul>
 */
public record CloseEvent(CloseCode code, String reason, boolean wasClean) {

    public CloseEvent {
        if (code == null) {
            throw new NullPointerException("code");
        }
        if (reason == null) {
            throw new NullPointerException("reason");
        }
    }

    /** No Close frame was received: 1006, empty reason, not clean. */
    public static CloseEvent abnormal() {
        return new CloseEvent(CloseCode.ABNORMAL_CLOSURE, "", false);
    }

    @Override
    public String toString() {
        return "CloseEvent[code=%d, reason=\"%s\", wasClean=%s]".formatted(code.code(), reason, wasClean);
    }
}
