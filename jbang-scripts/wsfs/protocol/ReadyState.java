package wsfs.protocol;

/**
 * The state of a connection, with the numbers of the browser API's {@code WebSocket.readyState} (chapter 09).
 * <pre>
 *   CONNECTING (0) --handshake succeeds--> OPEN (1) --Close sent or received--> CLOSING (2) --TCP closed--> CLOSED (3)
 *        \____________________ handshake fails, or TCP drops at any time ____________________/
 * </pre>
 * RFC 6455 names the same moments: the connection is established (section 4.1), the closing handshake is
 * started (section 7.1.3), the connection is closed (section 7.1.4).
 */
public enum ReadyState {
    CONNECTING(0),
    OPEN(1),
    CLOSING(2),
    CLOSED(3);

    private final int value;

    ReadyState(int value) {
        this.value = value;
    }

    /** The number a browser's {@code ws.readyState} shows. */
    public int value() {
        return value;
    }

    public static ReadyState of(int value) {
        for (ReadyState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("readyState is 0-3: " + value);
    }
}
