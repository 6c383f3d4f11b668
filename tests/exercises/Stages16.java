package exercises;

import wsfs.io.ServerHandshake;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.HandshakePolicy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static exercises.Stage.challenge;

/**
 * Chapter 16's challenge (no exercises: the client is chapter 09's connection in the client role): a server that
 * masks its frames breaks section 5.1, and our client must fail the connection with a Close 1002 on the wire. Runs
 * on the course's WebSocketClient, or on the workspace's if the learner changed it.
 */
final class Stages16 {
    private Stages16() {
    }

    /** RFC 6455 section 5.7's "A single-frame masked text message" ("Hello"), which only a client may send. */
    static final byte[] MASKED_HELLO = {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};

    static List<Stage> stages() {
        return List.of(
                challenge("16-masked-server", "a server that masks its frames gets a Close 1002 from our client",
                        "RFC 6455 section 5.1: \"A client MUST close a connection if it detects a masked frame\"; section 7.4.1: 1002 protocol error",
                        "The client reads with a FrameParser in Role.CLIENT: a masked frame is a ProtocolViolation with 1002, and the connection"
                                + " fails with a Close frame carrying that code (masked, as every frame of a client).", () -> {
                            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                                listener.setSoTimeout(5000);
                                CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
                                String url = "ws://127.0.0.1:" + listener.getLocalPort() + "/";
                                CompletableFuture<WebSocketConnection> client = CompletableFuture.supplyAsync(() -> {
                                    try {
                                        return WebSocketClient.connect(url, new WebSocketListener() {
                                            @Override
                                            public void onClose(WebSocketConnection c, CloseEvent event) {
                                                closed.complete(event);
                                            }
                                        });
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
                                try (Socket peer = listener.accept()) {
                                    peer.setSoTimeout(5000);
                                    ServerHandshake.accept(peer.getInputStream(), peer.getOutputStream(), HandshakePolicy.defaults());
                                    client.get(5, TimeUnit.SECONDS);
                                    String doing = "the server sends the masked frame 81 85 37 fa 21 3d 7f 9f 4d 51 58 (section 5.7)";
                                    peer.getOutputStream().write(MASKED_HELLO);
                                    peer.getOutputStream().flush();
                                    InputStream in = peer.getInputStream();
                                    byte[] header = in.readNBytes(2);
                                    Expect.equal(doing + ": the client's answer is a Close frame (first byte)", "88",
                                            header.length == 2 ? "%02x".formatted(header[0] & 0xff) : "the connection ended");
                                    int length = header[1] & 0x7f;
                                    byte[] key = in.readNBytes(4);
                                    byte[] payload = in.readNBytes(length);
                                    Expect.equal(doing + ": the Close frame is masked and carries a code", true,
                                            (header[1] & 0x80) != 0 && key.length == 4 && payload.length >= 2);
                                    int code = ((payload[0] ^ key[0]) & 0xff) << 8 | ((payload[1] ^ key[1]) & 0xff);
                                    Expect.equal(doing + ": the close code on the wire", 1002, code);
                                } // the server closes TCP (section 7.1.1: the client waits for that)
                                String doing = "the server closes TCP after the client's Close 1002";
                                try {
                                    CloseEvent event = closed.get(5, TimeUnit.SECONDS);
                                    // Section 7.1.5: no Close frame was received, so the connection's close code is 1006.
                                    Expect.equal(doing + ": the client's onClose code (section 7.1.5)", 1006, event.code().code());
                                } catch (TimeoutException e) {
                                    throw new StageFailure(doing, "onClose within 5 s", "no onClose on the client");
                                }
                            }
                        }));
    }
}
