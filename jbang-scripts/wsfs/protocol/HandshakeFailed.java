package wsfs.protocol;

import java.io.IOException;

/**
 * The client refuses the server's answer to its opening handshake (chapter 03). RFC 6455 section 4.1
 * lists what the client checks; if any check fails the client must "Fail the WebSocket Connection",
 * which before the connection is open simply means closing the TCP connection: no frame is sent.
 */
public class HandshakeFailed extends IOException {
    private final String rfcSection;

    public HandshakeFailed(String reason, String rfcSection) {
        super(reason + " (" + rfcSection + ")");
        this.rfcSection = rfcSection;
    }

    public HandshakeFailed(String reason, String rfcSection, Throwable cause) {
        this(reason, rfcSection);
        initCause(cause);
    }

    public String rfcSection() {
        return rfcSection;
    }
}
