package bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import wsfs.protocol.ByteString;

/**
 * The smallest HTTP/1.1 client the polling apparatus needs (issue 11, item 4): one keep-alive connection,
 * requests with the header set a browser sends (no cookies), responses with Content-Length or chunked
 * bodies, read chunk by chunk for Server-Sent Events. Its socket's bytes go through a {@link WireCounter}.
 */
final class TinyHttp implements AutoCloseable {
    /** What a browser's fetch() sends besides Host (Chrome on Linux, no cookies, no client hints): 250-odd bytes. */
    static final String BROWSER_HEADERS = """
            Connection: keep-alive\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r
            Accept: */*\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Accept-Language: en-US,en;q=0.9\r
            """;

    record Response(int status, String head, ByteString body) {
    }

    private final Socket socket;
    private final String host;
    private final InputStream in;
    private final OutputStream out;

    private TinyHttp(Socket socket, String host, InputStream in, OutputStream out) {
        this.socket = socket;
        this.host = host;
        this.in = in;
        this.out = out;
    }

    static TinyHttp connect(int port, WireCounter counter) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new TinyHttp(socket, "127.0.0.1:" + port, new BufferedInputStream(counter.count(socket.getInputStream())),
                new BufferedOutputStream(counter.count(socket.getOutputStream())));
    }

    private void request(String method, String path, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n").append(BROWSER_HEADERS);
        if (body != null) {
            head.append("Content-Type: text/plain;charset=UTF-8\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** One request and its whole response. */
    Response exchange(String method, String path, byte[] body) throws IOException {
        request(method, path, body);
        String head = WireClient.readHead(in);
        int status = status(head);
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("transfer-encoding: chunked")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] chunk; (chunk = readChunk()) != null; ) {
                all.writeBytes(chunk);
            }
            return new Response(status, head, ByteString.wrapOwned(all.toByteArray()));
        }
        int at = lower.indexOf("content-length:");
        int length = 0;
        if (at >= 0) {
            int end = lower.indexOf('\r', at);
            length = Integer.parseInt(lower.substring(at + 15, end).trim());
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the response ended early");
        }
        return new Response(status, head, ByteString.wrapOwned(bytes));
    }

    /** Sends a GET whose response stays open (Server-Sent Events); returns its head. */
    String openStream(String path) throws IOException {
        request("GET", path, null);
        String head = WireClient.readHead(in);
        if (status(head) != 200) {
            throw new IOException("the stream was refused: " + head.lines().findFirst().orElse(""));
        }
        return head;
    }

    /** The next chunk of a chunked body, or null after the last (RFC 9112 section 7.1). */
    byte[] readChunk() throws IOException {
        String sizeLine = readLine();
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) {
            readLine();
            return null;
        }
        byte[] chunk = in.readNBytes(size);
        if (chunk.length < size) {
            throw new EOFException("the stream ended inside a chunk");
        }
        readLine();
        return chunk;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("the stream ended");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static int status(String head) throws IOException {
        String[] parts = head.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP response: " + head.lines().findFirst().orElse(""));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
