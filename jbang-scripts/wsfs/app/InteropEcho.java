package wsfs.app;

import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Message;

import java.nio.charset.StandardCharsets;

/**
 * The server side of the interoperability exchanges (chapter 19): an echo server that also obeys three
 * commands, so that a peer client can make it do the things an echo never does. The peer servers of
 * chapter 19 (tests/ch19/peers: Python websockets, Node ws) follow the same script, so one client-side
 * exchange runs against all of them.
 * <ul>
 * <li>{@code "please close"}: close with 4001 "server says bye" (the server starts the closing handshake);</li>
 * <li>{@code "please ping"}: send a Ping "are you there"; when its Pong comes back, send
 *     {@code "pong: are you there"} (the payload of the Pong, which section 5.5.3 says must echo the Ping's);</li>
 * <li>{@code "please fragment"}: send "fragmented message" as several frames (here five of at most 4 bytes;
 *     the peers send three: "frag" + "mented " + "message");</li>
 * <li>anything else, text or binary, is echoed unchanged.</li>
 * </ul>
 */
public final class InteropEcho implements WebSocketListener {
    public static final String PLEASE_CLOSE = "please close";
    public static final String PLEASE_PING = "please ping";
    public static final String PLEASE_FRAGMENT = "please fragment";
    public static final CloseCode SERVER_CLOSE_CODE = CloseCode.of(4001);   // private use (section 7.4.2)
    public static final String SERVER_CLOSE_REASON = "server says bye";
    public static final String PING_PAYLOAD = "are you there";
    public static final String FRAGMENTED = "fragmented message";

    @Override
    public void onText(WebSocketConnection c, String text) {
        switch (text) {
            case PLEASE_CLOSE -> c.close(SERVER_CLOSE_CODE, SERVER_CLOSE_REASON);
            case PLEASE_PING -> c.ping(PING_PAYLOAD.getBytes(StandardCharsets.UTF_8));
            case PLEASE_FRAGMENT -> c.sendFragmented(Message.text(FRAGMENTED), 4);
            default -> c.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocketConnection c, ByteString data) {
        c.sendBinary(data);
    }

    /** Only the Pong that answers our Ping is reported; an unsolicited Pong (section 5.5.3) is ignored. */
    @Override
    public void onPong(WebSocketConnection c, ByteString data) {
        String payload = data.utf8();
        if (payload.equals(PING_PAYLOAD)) {
            c.sendText("pong: " + payload);
        }
    }
}
