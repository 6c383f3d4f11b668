package ch01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ByteStreams;
import wsfs.view.HexDump;

/**
 * What the listen mode relies on: reading a browser's head exactly, including the upgrade request
 * the source documents show, and nothing after it.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ListenModeTest {

    static final String UPGRADE_REQUEST = """
            GET /chat HTTP/1.1\r
            Host: 127.0.0.1:9913\r
            Connection: Upgrade\r
            Upgrade: websocket\r
            Sec-WebSocket-Version: 13\r
            Sec-WebSocket-Key: pO5nV5UZg1q2wAcE4Hb39g==\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
            \r
            """;

    @Test
    void aBrowsersUpgradeRequestIsReadUpToItsEmptyLine() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> head = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = server.accept()) {
                    peer.setSoTimeout(5_000);
                    return ByteStreams.readHead(peer.getInputStream(), 16 * 1024);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                OutputStream out = client.getOutputStream();
                byte[] request = UPGRADE_REQUEST.getBytes(StandardCharsets.US_ASCII);
                // Sent in three pieces, the last one ending in the middle of the final CR LF CR LF.
                out.write(request, 0, 20);
                out.flush();
                out.write(request, 20, request.length - 22);
                out.flush();
                out.write(request, request.length - 2, 2);
                out.write(new byte[] {(byte) 0x81, 0x00}); // what would be the first frame
                out.flush();
                byte[] got = head.get(10, TimeUnit.SECONDS);
                assertEquals(UPGRADE_REQUEST, new String(got, StandardCharsets.US_ASCII));
                assertTrue(HexDump.lines(got).get(5).meaning().equals("header Sec-WebSocket-Key"));
            }
        }
    }

    @Test
    void aClientThatStopsHalfwayDoesNotHangTheReader() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            peer.setSoTimeout(300); // the bound: a real server would close the connection here
            InputStream in = peer.getInputStream();
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketTimeoutException.class,
                    () -> ByteStreams.readHead(in, 16 * 1024));
        }
    }
}
