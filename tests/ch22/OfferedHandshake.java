package ch22;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The opening handshake a browser sends, offering permessage-deflate the way Chromium does (RFC 7692 section 5),
 * written by hand on a connected socket; returns the server's response head, so a test sees exactly which
 * Sec-WebSocket-Extensions the server answered with (or none).
 */
public final class OfferedHandshake {
    private OfferedHandshake() {
    }

    public static String responseHead(Socket socket, String offer) throws IOException {
        socket.setSoTimeout(10_000); // bounded: a server that never answers fails the test instead of hanging it
        String request = "GET / HTTP/1.1\r\nHost: localhost:" + socket.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: " + offer + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 8192) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
