package bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The benchmark's own minimal WebSocket client (issue 11): JDK sockets, one fixed masking key, frames built
 * once and patched in place, one reusable receive buffer. It is not the course's client on purpose: the
 * load generator must not share the costs of the code it measures, and must not be the bottleneck.
 * It still speaks RFC 6455: every frame it sends is masked (section 5.3), and it reassembles fragmented
 * messages (section 5.4) because some servers fragment what they echo.
 */
final class WireClient implements AutoCloseable {
    /** A fixed masking key: the client's masking is not what is measured (a real client draws it at random). */
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";            // RFC 6455 section 1.3's example
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";     // and its accept value

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int opcode;

    private WireClient(Socket socket, InputStream in, OutputStream out) {
        this.socket = socket;
        this.in = in;
        this.out = out;
    }

    static WireClient connect(String host, int port, String path) throws IOException {
        return connect(host, port, path, s -> s.getInputStream(), s -> s.getOutputStream());
    }

    /** Over TLS: the TCP connection, then the TLS handshake (the name checked against the certificate), then ours. */
    static WireClient connect(String host, int port, String path, javax.net.ssl.SSLContext tls) throws IOException {
        return connect(host, port, path, s -> s.getInputStream(), s -> s.getOutputStream(), tls);
    }

    interface StreamOf<T> {
        T of(Socket socket) throws IOException;
    }

    /** Connects and completes the opening handshake (section 4.1); the streams may wrap the socket's (counting). */
    static WireClient connect(String host, int port, String path, StreamOf<InputStream> input,
                              StreamOf<OutputStream> output) throws IOException {
        return connect(host, port, path, input, output, null);
    }

    private static WireClient connect(String host, int port, String path, StreamOf<InputStream> input,
                                      StreamOf<OutputStream> output, javax.net.ssl.SSLContext tls) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);   // a server that stops answering fails the cell instead of hanging the run
            socket.connect(new InetSocketAddress(host, port), 10_000);
            if (tls != null) {
                javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                        .createSocket(socket, host, port, true);
                javax.net.ssl.SSLParameters p = secure.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(p);
                secure.startHandshake();
                socket = secure;
            }
            InputStream in = new BufferedInputStream(input.of(socket), 64 * 1024);
            OutputStream out = new BufferedOutputStream(output.of(socket), 64 * 1024);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101") || !head.contains(ACCEPT)) {
                throw new IOException("the server refused the handshake: " + head.lines().findFirst().orElse(""));
            }
            return new WireClient(socket, in, out);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads an HTTP head up to and including the empty line, byte by byte (the frames that follow stay unread). */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection ended inside the HTTP head: " + head);
            }
            head.append((char) b);
            if (head.length() > 16 * 1024) {
                throw new IOException("an HTTP head longer than 16 KiB");
            }
        }
        return head.toString();
    }

    /** A whole masked frame with FIN set (sections 5.2 and 5.3); {@link #patch} changes its payload later. */
    static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 6 : n < 65536 ? 8 : 14;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            frame[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(MASK, 0, frame, header - 4, 4);
        for (int i = 0; i < n; i++) {
            frame[header + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }

    static int headerLength(byte[] frame) {
        int len7 = frame[1] & 0x7f;
        return len7 < 126 ? 6 : len7 == 126 ? 8 : 14;
    }

    /** Writes {@code value} big-endian into payload bytes 0..7 of a frame from {@link #frame}, masked. */
    static void patch(byte[] frame, long value) {
        int header = headerLength(frame);
        for (int i = 0; i < 8; i++) {
            frame[header + i] = (byte) ((byte) (value >>> (56 - 8 * i)) ^ MASK[i & 3]);
        }
    }

    /** Writes {@code value} big-endian into bytes 0..7 of a plain payload. */
    static void patchPlain(byte[] payload, long value) {
        for (int i = 0; i < 8; i++) {
            payload[i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    static long sequenceOf(byte[] payload) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (payload[i] & 0xff);
        }
        return value;
    }

    void write(byte[] frame) throws IOException {
        out.write(frame);
    }

    void flush() throws IOException {
        out.flush();
    }

    void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /**
     * Reads one whole data message into the reusable buffer ({@link #payload()}, {@link #length()}),
     * answering pings (section 5.5.2), failing on a close frame (the echo must not end).
     */
    void readMessage() throws IOException {
        length = 0;
        opcode = -1;
        while (true) {
            int b0 = readByte();
            int b1 = readByte();
            if ((b1 & 0x80) != 0) {
                throw new IOException("the server masked a frame (RFC 6455 section 5.1 forbids it)");
            }
            long n = b1 & 0x7f;
            if (n == 126) {
                n = (readByte() << 8) | readByte();
            } else if (n == 127) {
                n = 0;
                for (int i = 0; i < 8; i++) {
                    n = (n << 8) | readByte();
                }
            }
            int op = b0 & 0x0f;
            if (op >= 8) {
                byte[] control = in.readNBytes((int) n);
                if (op == 8) {
                    throw new IOException("the server closed the connection: " + describeClose(control));
                }
                if (op == 9) {
                    byte[] pong = Arrays.copyOf(control, control.length);
                    send(frame(0xA, pong));
                }
                continue;
            }
            if (op != 0) {
                opcode = op;
            }
            if (length + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.max(length + n, 2L * buffer.length));
            }
            int read = in.readNBytes(buffer, length, (int) n);
            if (read < n) {
                throw new EOFException("the connection ended inside a frame");
            }
            length += (int) n;
            if ((b0 & 0x80) != 0) {
                return;
            }
        }
    }

    private static String describeClose(byte[] payload) {
        if (payload.length < 2) {
            return "no code";
        }
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        return code + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the TCP connection");
        }
        return b;
    }

    byte[] payload() {
        return buffer;
    }

    int length() {
        return length;
    }

    int opcode() {
        return opcode;
    }

    /**
     * Checks that the message just read is {@code expected} with {@code sequence} in bytes 0..7, byte for byte;
     * throws {@link EchoMismatch} naming the first differing byte otherwise.
     */
    void verify(int expectedOpcode, byte[] expected, long sequence) throws EchoMismatch {
        if (opcode != expectedOpcode) {
            throw new EchoMismatch("opcode " + opcode + " came back, " + expectedOpcode + " was sent");
        }
        if (length != expected.length) {
            throw new EchoMismatch(length + " bytes came back, " + expected.length + " were sent");
        }
        long got = sequenceOf(buffer);
        if (got != sequence) {
            throw new EchoMismatch("message " + got + " came back where message " + sequence + " was expected");
        }
        int at = Arrays.mismatch(buffer, 8, length, expected, 8, length);
        if (at >= 0) {
            throw new EchoMismatch("byte " + (8 + at) + " of " + length + " differs: sent 0x"
                    + Integer.toHexString(expected[8 + at] & 0xff) + ", got 0x" + Integer.toHexString(buffer[8 + at] & 0xff));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An echo that is not what was sent: the benchmark stops, a wrong server has no throughput. */
    static final class EchoMismatch extends IOException {
        EchoMismatch(String message) {
            super("echo mismatch: " + message);
        }
    }
}
