package wsfs.io;

/**
 * The simplest useful server behaviour (chapter 08): every text and binary message goes back unchanged, text
 * as text and binary as binary. Pings are answered by the connection itself (section 5.5.2), so there is
 * nothing to do here for them. The echo mode of {@code 08_Endpoints.java serve}, which benchmarks and
 * conformance tools talk to, is a {@link WebSocketServer} with this listener.
 */
public final class EchoListener implements WebSocketListener {

    @Override
    public void onText(WebSocketConnection c, String text) {
        c.sendText(text); // false if the connection is closing: then there is no one to answer
    }

    @Override
    public void onBinary(WebSocketConnection c, byte[] data) {
        c.sendBinary(data);
    }
}
