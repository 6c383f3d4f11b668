package wsfs.app;

import wsfs.io.WebSocketConnection;
import wsfs.protocol.Limits;
import wsfs.protocol.Role;
import wsfs.view.WriteRecorder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * What batching small frames changed, shown over a real loopback connection (chapter 21). A server-side
 * {@link WebSocketConnection} writes to the socket through a {@link WriteRecorder} that holds its first write,
 * as a full socket buffer would. One message goes out and the writer blocks in that write; {@code messages - 1}
 * more are sent meanwhile and wait in the outbox. Once the write is let go, the writer takes every frame that
 * waits and puts them on the wire in one {@code write} call (chapter 12's writer, {@code Outbox.takeSome}), where a
 * writer that writes frame by frame would make one call per message.
 */
public final class WriteBatching {
    private WriteBatching() {
    }

    /**
     * @param writes   every write call the server's writer made, each with the bytes it carried
     * @param received the bytes the client read: every frame, in order
     */
    public record Result(List<byte[]> writes, byte[] received) {
    }

    /** The text of message {@code n} (1-based). */
    public static String message(int n) {
        return "message " + n;
    }

    /** Sends {@code messages} text messages as described above and returns what the writer wrote. */
    public static Result run(int messages) throws IOException, InterruptedException {
        if (messages < 2 || messages > 100) {
            throw new IllegalArgumentException("from 2 to 100 messages, not " + messages);
        }
        int expected = 0;
        for (int n = 1; n <= messages; n++) {
            expected += 2 + message(n).length();          // a server frame of up to 125 bytes: 2 header bytes
        }
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
             Socket accepted = listener.accept()) {
            client.setSoTimeout(10_000);
            WriteRecorder recorder = new WriteRecorder(accepted.getOutputStream(), true);
            WebSocketConnection server = new WebSocketConnection(accepted.getInputStream(), recorder, accepted,
                    Role.SERVER, Limits.defaults(), null);
            Thread reader = Thread.ofVirtual().name("batching-demo-reader").start(server::run);
            try {
                server.sendText(message(1));
                if (!recorder.awaitFirstWrite(Duration.ofSeconds(10))) {
                    throw new IOException("the writer did not start writing within 10 s");
                }
                for (int n = 2; n <= messages; n++) {
                    server.sendText(message(n));             // the writer is blocked: these wait in the outbox
                }
                recorder.release();
                InputStream in = client.getInputStream();
                byte[] received = in.readNBytes(expected);
                if (received.length != expected) {
                    throw new IOException("the client got " + received.length + " of " + expected + " bytes");
                }
                return new Result(recorder.writes(), received);
            } finally {
                recorder.release();
                client.close();                               // the server's read loop ends (1006, nothing logged)
                server.awaitClosed(Duration.ofSeconds(10));
                reader.join(Duration.ofSeconds(10));
            }
        }
    }
}
