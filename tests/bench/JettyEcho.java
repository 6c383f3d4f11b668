package bench;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;

/**
 * The Jetty 12 peer of the benchmark (issue 11): Jetty's own WebSocket API (no servlet container), an
 * auto-demanding listener that sends each binary message back with the callback of the received buffer
 * (so the buffer is released only once it has been written, no copy).
 */
public final class JettyEcho {
    private JettyEcho() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxBinaryMessageSize(PeerLimits.MAX_MESSAGE);
            container.setMaxTextMessageSize(PeerLimits.MAX_MESSAGE);
            container.setMaxFrameSize(PeerLimits.MAX_MESSAGE);
            container.addMapping("/", (request, response, callback) -> new Echo());
        }));
        server.start();
        PeerLimits.ready(connector.getLocalPort());
        server.join();
    }

    public static final class Echo implements Session.Listener.AutoDemanding {
        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }
    }
}
