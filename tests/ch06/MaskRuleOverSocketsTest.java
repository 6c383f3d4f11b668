package ch06;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;

/**
 * Section 5.1 over real loopback sockets: a server closes with 1002 when a client frame is not masked,
 * a client closes with 1002 when a server frame is masked. The Close payload is built by hand here
 * (2-byte status code, big-endian, then the reason); chapter 09 brings a proper close model.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MaskRuleOverSocketsTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    ServerSocket server;
    /** What the server side saw: a Frame it read, or the exception that stopped it. */
    final BlockingQueue<Object> serverSaw = new ArrayBlockingQueue<>(16);

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    static byte[] closePayload(CloseCode code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code.code() >> 8);
        payload[1] = (byte) code.code();
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return payload;
    }

    static int statusOf(Frame close) {
        return ((close.payload().byteAt(0) & 0xff) << 8) | (close.payload().byteAt(1) & 0xff);
    }

    /** A small server loop: echo every frame; on a violation send Close with its code and hang up. */
    void startEchoServer() {
        Thread.ofVirtual().start(() -> {
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                FrameReader reader = new FrameReader(peer.getInputStream(), Role.SERVER, 1 << 16);
                FrameWriter writer = new FrameWriter(peer.getOutputStream(), Role.SERVER, null);
                while (true) {
                    try {
                        Frame f = reader.read();
                        serverSaw.add(f);
                        writer.write(new Frame(f.fin(), 0, f.opcode(), null, f.payload()));
                    } catch (ProtocolViolation v) {
                        serverSaw.add(v);
                        writer.write(new Frame(true, 0, Opcode.CLOSE, null, closePayload(v.closeCode(), v.rule())));
                        return; // closing the socket: the server fails the connection (section 7.1.7)
                    }
                }
            } catch (IOException e) {
                serverSaw.add(e);
            }
        });
    }

    @Test
    void maskedClientFrameIsEchoedUnmasked() throws Exception {
        startEchoServer();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.setSoTimeout(10_000);
            new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(KEY)).write(Frame.text("Hello"));
            byte[] echo = socket.getInputStream().readNBytes(7);
            assertEquals("81 05 48 65 6c 6c 6f", HexDump.hex(echo));
            Frame seen = assertInstanceOf(Frame.class, serverSaw.poll(10, TimeUnit.SECONDS));
            assertEquals("Hello", seen.payloadAsText());
        }
    }

    @Test
    void serverClosesWith1002OnAnUnmaskedClientFrame() throws Exception {
        startEchoServer();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(HexDump.parse("81 05 48 65 6c 6c 6f")); // RFC 5.7's unmasked "Hello": a client must not send it
            out.flush();

            InputStream in = socket.getInputStream();
            FrameReader reader = new FrameReader(in, Role.CLIENT, 1 << 16);
            Frame close = reader.read();
            assertEquals(Opcode.CLOSE, close.opcode());
            assertFalse(close.masked(), "a server never masks, not even a Close");
            assertEquals(1002, statusOf(close));
            assertEquals(0x88, HexDump.parse(HexDump.hex(FrameCodec.encode(close)))[0] & 0xff);
            assertTrue(close.payload().slice(2, close.payload().length()).utf8().contains("must mask"));
            assertThrows(EOFException.class, reader::read, "the server hangs up after its Close");

            ProtocolViolation v = assertInstanceOf(ProtocolViolation.class, serverSaw.poll(10, TimeUnit.SECONDS));
            assertEquals(CloseCode.PROTOCOL_ERROR, v.closeCode());
            assertEquals("5.1", v.section());
        }
    }

    @Test
    void clientClosesWith1002OnAMaskedServerFrame() throws Exception {
        BlockingQueue<Frame> serverGot = new ArrayBlockingQueue<>(1);
        Thread.ofVirtual().start(() -> {
            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                // A broken server: it masks its frame.
                peer.getOutputStream().write(FrameCodec.encode(Frame.text("Hello").withMaskingKey(KEY)));
                peer.getOutputStream().flush();
                serverGot.add(new FrameReader(peer.getInputStream(), Role.SERVER, 1 << 16).read());
            } catch (IOException e) {
                serverSaw.add(e);
            }
        });
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.setSoTimeout(10_000);
            FrameReader reader = new FrameReader(socket.getInputStream(), Role.CLIENT, 1 << 16);
            FrameWriter writer = new FrameWriter(socket.getOutputStream(), Role.CLIENT, MaskingKeys.fixed(KEY));
            ProtocolViolation v = assertThrows(ProtocolViolation.class, reader::read);
            assertEquals(CloseCode.PROTOCOL_ERROR, v.closeCode());
            writer.write(new Frame(true, 0, Opcode.CLOSE, null, closePayload(v.closeCode(), "masked server frame")));
            // Read what is left (the rest of the bad frame) until the server closes: closing a socket with
            // unread bytes makes the kernel send a reset, which could destroy our Close before it is read.
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
        Frame close = serverGot.poll(10, TimeUnit.SECONDS);
        assertEquals(Opcode.CLOSE, close.opcode());
        assertTrue(close.masked(), "the client's Close is masked like every client frame");
        assertEquals(1002, statusOf(close));
        assertEquals("masked server frame", close.payload().slice(2, close.payload().length()).utf8());
    }
}
