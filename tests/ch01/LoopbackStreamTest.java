package ch01;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ByteStreams;
import wsfs.io.TrickleInputStream;

/** Real TCP over loopback: the stream keeps the order of bytes, and nothing else. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopbackStreamTest {
    ServerSocket server;
    Socket client;
    Socket accepted;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CompletableFuture<Socket> acceptance = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        client.setTcpNoDelay(true);
        accepted = acceptance.join();
        accepted.setSoTimeout(10_000);
        client.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        accepted.close();
        server.close();
    }

    @Test
    void linesSurviveAnySplitOfTheWrites() throws Exception {
        OutputStream out = client.getOutputStream();
        // The lines are split across writes at awkward places, including inside the CR LF.
        for (String piece : List.of("hel", "lo\r", "\nwor", "ld\r\nb", "ye\r\n")) {
            out.write(piece.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        InputStream in = accepted.getInputStream();
        assertEquals("hello", ByteStreams.readLine(in, 100));
        assertEquals("world", ByteStreams.readLine(in, 100));
        assertEquals("bye", ByteStreams.readLine(in, 100));
    }

    @Test
    void twoMessagesInOneWriteAreTwoMessagesForAReaderThatKnowsTheirLengths() throws Exception {
        // One write carries two length-prefixed messages: TCP merged them, the length prefix separates them.
        byte[] both = {0, 3, 'o', 'n', 'e', 0, 3, 't', 'w', 'o'};
        client.getOutputStream().write(both);
        client.getOutputStream().flush();
        InputStream in = accepted.getInputStream();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] lengthBytes = ByteStreams.readExactly(in, 2);
            int length = ((lengthBytes[0] & 0xff) << 8) | (lengthBytes[1] & 0xff);
            messages.add(new String(ByteStreams.readExactly(in, length), StandardCharsets.US_ASCII));
        }
        assertEquals(List.of("one", "two"), messages);
    }

    @Test
    void oneMessageWrittenByteByByteArrivesWholeThroughReadExactly() throws Exception {
        byte[] message = new byte[1000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (byte b : message) {
                    out.write(b);
                    out.flush();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertArrayEquals(message, ByteStreams.readExactly(new TrickleInputStream(accepted.getInputStream(), 7), 1000));
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void halfCloseLetsTheReaderSeeEndOfStreamAndStillAnswer() throws Exception {
        client.getOutputStream().write("last words\r\n".getBytes(StandardCharsets.US_ASCII));
        client.shutdownOutput(); // like shutdown(SHUT_WR): no more bytes from the client
        InputStream in = accepted.getInputStream();
        assertEquals("last words", ByteStreams.readLine(in, 100));
        assertEquals(-1, in.read(), "end of stream after the client's shutdown");
        accepted.getOutputStream().write("ok\r\n".getBytes(StandardCharsets.US_ASCII));
        accepted.shutdownOutput();
        assertEquals("ok", ByteStreams.readLine(client.getInputStream(), 100));
        assertEquals(-1, client.getInputStream().read());
    }

    @Test
    void aReaderThatTrustsOneReadPerMessageGetsItWrong() throws Exception {
        // The naive reader: "each read() is one message". Two quick writes usually arrive in one read, and a
        // slow network can split one write into several; either way the count of reads is not the count of messages.
        OutputStream out = client.getOutputStream();
        out.write("first".getBytes(StandardCharsets.US_ASCII));
        out.write("second".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream slowNetwork = new TrickleInputStream(accepted.getInputStream(), 4);
        byte[] buffer = new byte[64];
        int n = slowNetwork.read(buffer);
        assertEquals(4, n, "the first read returned only part of the first message");
        assertEquals("firstsecond".substring(0, 4), new String(buffer, 0, n, StandardCharsets.US_ASCII));
    }
}
