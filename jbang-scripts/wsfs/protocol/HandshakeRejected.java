package wsfs.protocol;

import java.io.IOException;
/**
 * The server refuses an opening handshake (chapter 02). Before the 101 response there is no WebSocket
 * connection yet, so there is no close code: the refusal is an ordinary HTTP response with this status
 * (RFC 6455 section 4.2.1, last paragraph; section 4.2.2). It is not a {@code ProtocolViolation}, which
 * belongs to frames on an open connection (chapter 04). {@link wsfs.io.HttpReader} throws it for a malformed or
 * oversized head; chapter 03's {@code ServerHandshake} throws it for every broken rule and turns it into the response.
 *
 * @param status     the HTTP status to answer with: 400, 403, 408, 426 or 431
 * @param reason     a plain sentence naming the broken rule; it becomes the response body
 * @param rfcSection where the rule is written, such as "RFC 6455 section 4.2.1"
 * @param headers    extra response fields, such as Sec-WebSocket-Version: 13 with a 426
 */
public class HandshakeRejected extends IOException {
    private final int status;
    private final String reason;
    private final String rfcSection;
    private final HttpHeaders headers;

    public HandshakeRejected(int status, String reason, String rfcSection) {
        this(status, reason, rfcSection, HttpHeaders.of());
    }

    public HandshakeRejected(int status, String reason, String rfcSection, HttpHeaders headers) {
        super(status + " " + HttpResponse.reasonPhrase(status) + ": " + reason + " (" + rfcSection + ")");
        this.status = status;
        this.reason = reason;
        this.rfcSection = rfcSection;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String rfcSection() {
        return rfcSection;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
