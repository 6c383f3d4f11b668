package wsfs;

import java.io.IOException;

/**
 * The simplest useful server behaviour (chapter 08): every text and binary message goes back unchanged, text
 * as text and binary as binary. Pings are answered by the connection itself (section 5.5.2), so there is
 * nothing to do here for them. The echo mode of {@code 08_Endpoints.java serve}, which benchmarks and
 * conformance tools talk to, is a {@link WebSocketServer} with this listener.
 */
public final class EchoListener implements WebSocketListener {

    @Override
    public void onText(WebSocketConnection c, String text) {
        try {
            c.sendText(text);
        } catch (IOException e) {
            onError(c, e); // the connection's read loop notices the broken socket and closes
        }
    }

    @Override
    public void onBinary(WebSocketConnection c, byte[] data) {
        try {
            c.sendBinary(data);
        } catch (IOException e) {
            onError(c, e);
        }
    }
}
