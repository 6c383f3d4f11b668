package exercises;

import wsfs.protocol.ByteString;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.KEY;
import static exercises.Stages04.concat;
import static exercises.Stages04.hex;

/** Chapter 14's stages: an echo server (a WebSocketServer whose listener sends every message back) on a real loopback socket. */
final class Stages14 {
    private Stages14() {
    }

    static byte[] masked(boolean fin, Opcode op, byte[] payload) {
        return FrameCodec.encode(new Frame(fin, 0, op, KEY, payload));
    }

    static byte[] masked(String text) {
        return masked(true, Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts an echo server, sends {@code bytes} after the handshake ({@code perWrite} bytes per write), and returns
     * what came back until {@code frames} frames or the end of the stream (plus "EOF" as a marker), within 5 s.
     */
    static String exchange(byte[] bytes, int perWrite, int frames, boolean waitForEof) throws Exception {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch errorSeen = new java.util.concurrent.CountDownLatch(1);
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults().withLog(log::add), new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                c.sendText(text);
            }

            @Override
            public void onBinary(WebSocketConnection c, ByteString data) {
                c.sendBinary(data);
            }

            @Override
            public void onError(WebSocketConnection c, Throwable error) {
                for (Throwable t = error; t != null; t = t.getCause()) {
                    log.add(String.valueOf(t.getMessage()));
                }
                errorSeen.countDown();
            }
        });
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(Stages02.GOOD.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] head = readHead(in);
            if (!new String(head, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
                throw new StageFailure("the opening handshake", "HTTP/1.1 101", new String(head, StandardCharsets.ISO_8859_1));
            }
            for (int at = 0; at < bytes.length; at += perWrite) {
                out.write(bytes, at, Math.min(perWrite, bytes.length - at));
                out.flush();
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            FrameParser parser = new FrameParser(Role.CLIENT, 1 << 20);
            FrameParser.FrameCollector collector = new FrameParser.FrameCollector(1 << 16);
            boolean eof = false;
            try {
                while (collector.count() < frames || waitForEof) {
                    int b = in.read();
                    if (b < 0) {
                        eof = true;
                        break;
                    }
                    got.write(b);
                    parser.feed(new byte[] {(byte) b}, collector);
                }
            } catch (SocketTimeoutException | java.net.SocketException timeout) {
                // reported below as what arrived
            }
            String answer = Show.inline(got.toByteArray()) + (eof ? " EOF" : "");
            if (answer.startsWith("88") && answer.contains("03 f3")) { // 1011: the server's code threw; wait for its report
                errorSeen.await(2, java.util.concurrent.TimeUnit.SECONDS);
            }
            todoInLog(log);
            return answer;
        } finally {
            server.shutdown();
        }
    }

    static byte[] readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toByteArray();
    }

    /** A stub's TODO ends up in the server's log (as a 1011); say which exercise it is. */
    static void todoInLog(ConcurrentLinkedQueue<String> log) {
        for (String line : log) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("TODO (\\d\\d-[a-z0-9-]+)").matcher(line);
            if (m.find()) {
                throw new UnsupportedOperationException("TODO " + m.group(1));
            }
        }
    }

    static void echoes(String what, byte[] sent, int perWrite, String expected, int frames, boolean eof) throws Exception {
        Expect.equal(what + ":\n    " + Show.frames(sent), expected, () -> exchange(sent, perWrite, frames, eof));
    }

    /**
     * Chapter 14's own stages. The read loop's and dispatch's stages (and the fail-fast challenge) moved to
     * {@link Stages13} with the exercises 13-read-loop and 13-dispatch; the helpers above remain for this chapter's.
     */
    static List<Stage> stages() {
        return List.of();
    }
}
