package exercises;

import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Limits;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.KEY;
import static exercises.Stages04.concat;
import static exercises.Stages04.hex;

/**
 * Chapter 13's stages: a server-role WebSocketConnection whose listener sends every message back, on one end of a
 * real loopback socket; a raw peer on the other end sends hex and reads what comes back. No opening handshake: the
 * connection starts OPEN, as it does after chapter 03's.
 */
final class Stages13 {
    private Stages13() {
    }

    static byte[] masked(boolean fin, Opcode op, byte[] payload) {
        return FrameCodec.encode(new Frame(fin, 0, op, KEY, payload));
    }

    static byte[] masked(String text) {
        return masked(true, Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code bytes} to an echoing server connection ({@code perWrite} bytes per write) and returns what came
     * back until {@code frames} frames or the end of the stream (plus "EOF" as a marker), within 5 s.
     */
    static String exchange(byte[] bytes, int perWrite, int frames, boolean waitForEof) throws Exception {
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        WebSocketListener echo = new WebSocketListener() {
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
                    errors.add(String.valueOf(t.getMessage()));
                }
            }
        };
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            WebSocketConnection connection = WebSocketConnection.over(server, Role.SERVER,
                    Limits.defaults().withCloseTimeout(Duration.ofSeconds(2)), echo);
            Thread.ofVirtual().start(connection::run);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
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
            if (answer.startsWith("88") && answer.contains("03 f3")) { // 1011: the code threw; wait for its report
                connection.awaitClosed(Duration.ofSeconds(2));
            }
            todo(errors);
            return answer;
        }
    }

    /** A stub's TODO reaches onError (with a 1011 on the wire); say which exercise it is. */
    static void todo(ConcurrentLinkedQueue<String> errors) {
        for (String line : errors) {
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
        String echo = "Chapter 13's echo: a server connection on a socket sends every message back as it came, text as text (RFC 6455 sections 5.2, 5.3 and 6)";
        String hello = "81 05 48 65 6c 6c 6f";
        return List.of(
                core("13-read-loop", "a masked text is echoed, unmasked", echo,
                        "Loop: once the buffer is used up, read what is waiting into it; core.receive(buffer, at, filled - at) takes at most one frame, advance at by step.consumed(), then dispatch(step.events(), true); a read of -1 is the EOF.", () ->
                                echoes("the peer sends", masked("Hello"), 1 << 16, hello, 1, false)),
                core("13-read-loop", "a message in three fragments is echoed as one message", echo + "; fragments: section 5.4",
                        "The Connection inside core reassembles; the read loop only feeds bytes and dispatches events.", () -> {
                            byte[] sent = concat(masked(false, Opcode.TEXT, "Hel".getBytes()), masked(false, Opcode.CONTINUATION, "l".getBytes()),
                                    masked(true, Opcode.CONTINUATION, "o".getBytes()));
                            echoes("the peer sends", sent, 1 << 16, hello, 1, false);
                        }),
                core("13-read-loop", "frames that arrive one byte per TCP segment", echo + "; TCP splits bytes anywhere (chapter 01)",
                        "Never assume one read() is one frame: the Connection keeps what it could not finish.", () ->
                                echoes("the peer sends, one byte per write", concat(masked("Hi"), masked("there")), 1, "81 02 48 69 81 05 74 68 65 72 65", 2, false)),
                core("13-read-loop", "an unmasked frame from a client: Close 1002, then TCP closed", "RFC 6455 sections 5.1 and 7.1.7",
                        "The Connection queues the Close and says step.closing(); then transport.startCloseTimeout(), finishTcp() and return.", () -> {
                            String got = exchange(hex(hello), 1 << 16, 1, true);
                            Expect.isTrue("the peer sends, unmasked:\n    " + Show.frames(hex(hello)), got.startsWith("88") && got.contains("03 ea") && got.endsWith("EOF"),
                                    "a Close frame with code 1002 (88 .. 03 ea ...), then the end of the stream", got);
                        }),
                core("13-dispatch", "a ping is answered with a pong carrying its payload", "RFC 6455 section 5.5.2",
                        "The Connection has queued the pong already; case Connection.PingReceived p -> notify(() -> listener.onPing(this, p.payload())).", () ->
                                echoes("the peer sends", masked(true, Opcode.PING, "hi".getBytes()), 1 << 16, "8a 02 68 69", 1, false)),
                core("13-dispatch", "a ping between fragments is answered before the echo", "RFC 6455 sections 5.4 and 5.5.2",
                        "Events come in order: the ping's, then the message's when its last fragment arrives.", () -> {
                            byte[] sent = concat(masked(false, Opcode.TEXT, "Hel".getBytes()), masked(true, Opcode.PING, "hi".getBytes()),
                                    masked(true, Opcode.CONTINUATION, "lo".getBytes()));
                            echoes("the peer sends", sent, 1 << 16, "8a 02 68 69 " + hello, 2, false);
                        }),
                core("13-dispatch", "a Close is answered with a Close echoing its code, then the server closes TCP", "RFC 6455 sections 5.5.1 and 7.1.1",
                        "case Connection.CloseReceived: nothing to tell the listener; the answering Close is queued and the read loop finishes TCP.", () ->
                                echoes("the peer sends", masked(true, Opcode.CLOSE, hex("03 e8")), 1 << 16, "88 02 03 e8 EOF", 1, true)),
                challenge("13-read-loop", "invalid UTF-8 fails the connection mid-frame, before the rest arrives", "RFC 6455 section 8.1 (fail fast) and 7.4.1 (1007)",
                        "The Connection checks each piece of payload as it arrives; the read loop must feed what it read at once, not wait for the frame.", () -> {
                            byte[] whole = masked(true, Opcode.TEXT, hex("ce ba ff 61 62 63 64 65 66 67"));
                            byte[] firstPart = java.util.Arrays.copyOf(whole, 2 + 4 + 3);
                            String got = exchange(firstPart, 1 << 16, 1, true);
                            Expect.isTrue("the first 9 bytes of a 16-byte frame (its payload starts ce ba ff):\n    " + Show.hex(firstPart),
                                    got.startsWith("88") && got.contains("03 ef"), "a Close frame with code 1007 (03 ef) at once", got);
                        }));
    }
}
