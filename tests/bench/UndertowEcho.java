package bench;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.Pooled;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The Undertow peer of the benchmark (issue 11): undertow-core's WebSocket handler and a receive listener
 * that sends each whole message back, freeing the pooled buffers once the write completes.
 */
public final class UndertowEcho {
    private UndertowEcho() {
    }

    public static void main(String[] args) {
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.websocket((exchange, channel) -> {
                    channel.getReceiveSetter().set(new Echo());
                    channel.resumeReceives();
                }))
                .build();
        server.start();
        PeerLimits.ready(((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
    }

    static final class Echo extends AbstractReceiveListener {
        @Override
        protected long getMaxBinaryBufferSize() {
            return PeerLimits.MAX_MESSAGE;
        }

        @Override
        protected long getMaxTextBufferSize() {
            return PeerLimits.MAX_MESSAGE;
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            WebSockets.sendText(message.getData(), channel, null);
        }

        @Override
        @SuppressWarnings("deprecation") // getData() is the pooled form; the copying alternative costs a copy
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            Pooled<ByteBuffer[]> data = message.getData();
            WebSockets.sendBinary(data.getResource(), channel, new WebSocketCallback<Void>() {
                @Override
                public void complete(WebSocketChannel ch, Void context) {
                    data.free();
                }

                @Override
                public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                    data.free();
                }
            });
        }
    }
}
