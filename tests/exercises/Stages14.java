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

    static List<Stage> stages() {
        String echo = "Chapter 14's echo: every message goes back as it came, text as text (RFC 6455 sections 5.2, 5.3 and 6)";
        String hello = "81 05 48 65 6c 6c 6f";
        return List.of(
                core("14-read-loop", "a masked text is echoed, unmasked", echo,
                        "Loop: once the buffer is used up, read what is waiting into it; receive(buffer, at, filled - at) feeds one frame's worth, advance at by step.consumed(), then dispatch(step.events()); n < 0 is the EOF.", () ->
                                echoes("the client sends", masked("Hello"), 1 << 16, hello, 1, false)),
                core("14-read-loop", "a message in three fragments is echoed as one message", echo + "; fragments: section 5.4",
                        "The Receiver inside the sink reassembles; the read loop only feeds bytes and dispatches events.", () -> {
                            byte[] sent = concat(masked(false, Opcode.TEXT, "Hel".getBytes()), masked(false, Opcode.CONTINUATION, "l".getBytes()),
                                    masked(true, Opcode.CONTINUATION, "o".getBytes()));
                            echoes("the client sends", sent, 1 << 16, hello, 1, false);
                        }),
                core("14-read-loop", "frames that arrive one byte per TCP segment", echo + "; TCP splits bytes anywhere (chapter 01)",
                        "Never assume one read() is one frame: the parser keeps what it could not finish.", () ->
                                echoes("the client sends, one byte per write", concat(masked("Hi"), masked("there")), 1, "81 02 48 69 81 05 74 68 65 72 65", 2, false)),
                core("14-read-loop", "an unmasked frame from a client: Close 1002, then TCP closed", "RFC 6455 sections 5.1 and 7.1.7",
                        "catch (ProtocolViolation v): failConnection(v.closeCode(), Connection.reasonFor(v), v).", () -> {
                            String got = exchange(hex(hello), 1 << 16, 1, true);
                            Expect.isTrue("the client sends, unmasked:\n    " + Show.frames(hex(hello)), got.startsWith("88") && got.contains("03 ea") && got.endsWith("EOF"),
                                    "a Close frame with code 1002 (88 .. 03 ea ...), then the end of the stream", got);
                        }),
                core("14-dispatch", "a ping is answered with a pong carrying its payload", "RFC 6455 section 5.5.2",
                        "case Receiver.PingReceived ping -> sendControl(ping.reply()), then tell the listener.", () ->
                                echoes("the client sends", masked(true, Opcode.PING, "hi".getBytes()), 1 << 16, "8a 02 68 69", 1, false)),
                core("14-dispatch", "a ping between fragments is answered before the echo", "RFC 6455 sections 5.4 and 5.5.2",
                        "Events come in order: the ping's, then the message's when its last fragment arrives.", () -> {
                            byte[] sent = concat(masked(false, Opcode.TEXT, "Hel".getBytes()), masked(true, Opcode.PING, "hi".getBytes()),
                                    masked(true, Opcode.CONTINUATION, "lo".getBytes()));
                            echoes("the client sends", sent, 1 << 16, "8a 02 68 69 " + hello, 2, false);
                        }),
                core("14-dispatch", "a Close is answered with a Close echoing its code, then the server closes TCP", "RFC 6455 sections 5.5.1 and 7.1.1",
                        "case Receiver.CloseReceived close -> closeReceived(ClosePayload.parse(close.payload())); return true (1.4: stop reading).", () ->
                                echoes("the client sends", masked(true, Opcode.CLOSE, hex("03 e8")), 1 << 16, "88 02 03 e8 EOF", 1, true)),
                challenge("14-read-loop", "invalid UTF-8 fails the connection mid-frame, before the rest arrives", "RFC 6455 section 8.1 (fail fast) and 7.4.1 (1007)",
                        "The parser hands each piece to the sink as it arrives; the read loop must feed what it read at once, not wait for the frame.", () -> {
                            byte[] whole = masked(true, Opcode.TEXT, hex("ce ba ff 61 62 63 64 65 66 67"));
                            byte[] firstPart = java.util.Arrays.copyOf(whole, 2 + 4 + 3);
                            String got = exchange(firstPart, 1 << 16, 1, true);
                            Expect.isTrue("the first 9 bytes of a 16-byte frame (its payload starts ce ba ff):\n    " + Show.hex(firstPart),
                                    got.startsWith("88") && got.contains("03 ef"), "a Close frame with code 1007 (03 ef) at once", got);
                        }));
    }
}
