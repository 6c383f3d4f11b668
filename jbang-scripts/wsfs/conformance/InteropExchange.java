package wsfs.conformance;

import wsfs.app.InteropEcho;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the interoperability exchanges (chapter 19), run by two different clients against any
 * server that follows the {@link InteropEcho} script (ours, Python websockets, Node ws):
 * {@link #withOurClient} uses our {@link WebSocketClient}; {@link #withJdkClient} uses the JDK's own
 * {@code java.net.http.WebSocket}, a client we did not write. Each step is a {@link Check}; a failed step
 * says what arrived instead, and the exchange goes on where it can.
 *
 * <p>The steps: text and binary messages of 0, 125, 126, 65535, 65536 and 1 MiB bytes (the edges of the three
 * length forms of section 5.2) echoed back; a fragmented message each way; a Ping answered by a Pong with the
 * same payload, and a Ping from the server answered by the client; a close with a code and a reason started by
 * the client, and one started by the server.
 */
public final class InteropExchange {
    private InteropExchange() {
    }

    /** Sizes at the edges of the 7-bit, 16-bit and 64-bit length forms, and 1 MiB. */
    public static final List<Integer> SIZES = List.of(0, 125, 126, 65535, 65536, 1 << 20);
    static final Duration WAIT = Duration.ofSeconds(10);

    /** One step of an exchange. */
    public record Check(String name, boolean passed, String detail) {
        static Check of(String name, boolean passed, String detail) {
            return new Check(name, passed, passed ? "" : detail);
        }
    }

    /** A text of exactly {@code n} UTF-8 bytes with 1-, 2- and 3-byte characters (the Python and JS peers build the same). */
    public static String textOf(int n) {
        String pattern = "abc é € ";
        StringBuilder out = new StringBuilder(n);
        int bytes = 0;
        for (int i = 0; ; i++) {
            char c = pattern.charAt(i % pattern.length());
            int size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (bytes + size > n) {
                break;
            }
            out.append(c);
            bytes += size;
        }
        return out.append("x".repeat(n - bytes)).toString();
    }

    /** {@code n} bytes of a fixed pattern, every byte value included. */
    public static byte[] binaryOf(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    // ---- our client -------------------------------------------------------------------------------------

    private record Pong(ByteString data) {
    }

    /** What a client reported (messages, pongs, the close, an error), for the exchange to take one at a time. */
    private abstract static class Events {
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private Object last;

        /** The next event; once the connection has ended, at once a note saying so (no wait for nothing). */
        Object next() throws InterruptedException {
            if (events.isEmpty() && (last instanceof CloseEvent || last instanceof Throwable)) {
                return "nothing: the connection had ended (" + last + ")";
            }
            Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            last = e;
            return e == null ? "nothing within " + WAIT.toSeconds() + " s" : e;
        }
    }

    /** Collects what our client's connection reports. */
    private static final class Recorder extends Events implements WebSocketListener {
        @Override
        public void onText(WebSocketConnection c, String text) {
            events.add(Message.text(text));
        }

        @Override
        public void onBinary(WebSocketConnection c, ByteString data) {
            events.add(Message.binary(data));
        }

        @Override
        public void onPong(WebSocketConnection c, ByteString data) {
            events.add(new Pong(data));
        }

        @Override
        public void onClose(WebSocketConnection c, CloseEvent event) {
            events.add(event);
        }
    }

    /** Runs every step with our own client against {@code url}. */
    public static List<Check> withOurClient(String url) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        WebSocketClient.Options options = WebSocketClient.Options.defaults()
                .withLimits(Limits.defaults().withMaxFramePayload(4 * Limits.MiB).withMaxMessageSize(4 * Limits.MiB));
        Recorder r = new Recorder();
        WebSocketConnection c;
        try {
            c = WebSocketClient.connect(url, options, r);
        } catch (IOException | RuntimeException e) {
            checks.add(Check.of("opening handshake", false, e.toString()));
            return checks;
        }
        // A send returns false once the connection is closing; the next event then says what happened.
        for (int n : SIZES) {
            Message sent = Message.text(textOf(n));
            c.sendText(textOf(n));
            Object got = r.next();
            checks.add(Check.of("text " + n + " bytes", sent.equals(got), describe(got)));
        }
        for (int n : SIZES) {
            Message sent = Message.binary(binaryOf(n));
            c.sendBinary(binaryOf(n));
            Object got = r.next();
            checks.add(Check.of("binary " + n + " bytes", sent.equals(got), describe(got)));
        }
        Message fragmented = Message.text(textOf(5000));
        c.sendFragmented(fragmented, 1000);
        Object got = r.next();
        checks.add(Check.of("fragmented message sent", fragmented.equals(got), describe(got)));
        c.sendText(InteropEcho.PLEASE_FRAGMENT);
        got = r.next();
        checks.add(Check.of("fragmented message received", Message.text(InteropEcho.FRAGMENTED).equals(got),
                describe(got)));
        byte[] ping = "ping from our client".getBytes(StandardCharsets.UTF_8);
        c.ping(ping);
        got = r.next();
        checks.add(Check.of("ping answered by pong", got instanceof Pong p && p.data().equals(ByteString.of(ping)),
                describe(got)));
        c.sendText(InteropEcho.PLEASE_PING);
        got = r.next();
        checks.add(Check.of("server ping answered", Message.text("pong: " + InteropEcho.PING_PAYLOAD).equals(got),
                describe(got)));
        c.close(CloseCode.of(4000), "client done");
        got = r.next();
        // Section 5.5.1: the peer answers with a Close that "typically echos the status code it received";
        // echoing the reason is not required (some peers do, ours does not).
        checks.add(Check.of("client close 4000", got instanceof CloseEvent e && e.code().code() == 4000 && e.wasClean(),
                describe(got)));
        checks.add(serverCloseWithOurClient(url));
        return checks;
    }

    private static Check serverCloseWithOurClient(String url) throws InterruptedException {
        Recorder r = new Recorder();
        try {
            WebSocketClient.connect(url, r).sendText(InteropEcho.PLEASE_CLOSE);
        } catch (IOException e) {
            return Check.of("server close 4001", false, e.toString());
        }
        Object got = r.next();
        CloseEvent expected = new CloseEvent(InteropEcho.SERVER_CLOSE_CODE, InteropEcho.SERVER_CLOSE_REASON, true);
        return Check.of("server close 4001", expected.equals(got), describe(got));
    }

    private static String describe(Object event) {
        return switch (event) {
            case Message.Text t -> "got text of " + t.text().getBytes(StandardCharsets.UTF_8).length + " bytes"
                    + (t.text().length() <= 40 ? ": \"" + t.text() + "\"" : "");
            case Message.Binary b -> "got binary of " + b.data().length() + " bytes";
            case Pong p -> "got pong \"" + p.data().utf8() + "\"";
            default -> "got " + event;
        };
    }

    // ---- the JDK's client ------------------------------------------------------------------------------

    /**
     * What the JDK client reports. It delivers a message in parts ({@code last} marks the end); we join them.
     * Each callback asks for one more event ({@code request(1)}): the JDK client delivers nothing unrequested.
     */
    private static final class JdkRecorder extends Events implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(Message.text(text.toString()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] part = new byte[data.remaining()];
            data.get(part);
            binary.writeBytes(part);
            if (last) {
                events.add(Message.binary(binary.toByteArray()));
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer data) {
            byte[] payload = new byte[data.remaining()];
            data.get(payload);
            events.add(new Pong(ByteString.wrapOwned(payload)));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            // The JDK client answers the Close frame itself once this stage completes (null: at once).
            events.add(new CloseEvent(CloseCode.of(statusCode), reason, true));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add(error);
        }
    }

    /**
     * Runs the steps with the JDK's {@code java.net.http.WebSocket} against {@code url}. The JDK client reports
     * a close as (code, reason) without "wasClean"; the checks compare code and reason.
     */
    public static List<Check> withJdkClient(String url) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        JdkRecorder r = new JdkRecorder();
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(URI.create(url), r)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            checks.add(Check.of("opening handshake", false, e.toString()));
            return checks;
        }
        try {
            for (int n : SIZES) {
                String sent = textOf(n);
                await(ws.sendText(sent, true));
                Object got = r.next();
                checks.add(Check.of("text " + n + " bytes", Message.text(sent).equals(got), describe(got)));
            }
            for (int n : SIZES) {
                byte[] sent = binaryOf(n);
                await(ws.sendBinary(ByteBuffer.wrap(sent), true));
                Object got = r.next();
                checks.add(Check.of("binary " + n + " bytes", Message.binary(sent).equals(got), describe(got)));
            }
            // last = false: the JDK client sends a fragment (FIN = 0); the next send continues the message.
            String whole = textOf(5000);
            for (int from = 0; from < whole.length(); from += 1000) {
                int to = Math.min(whole.length(), from + 1000);
                await(ws.sendText(whole.substring(from, to), to == whole.length()));
            }
            Object got = r.next();
            checks.add(Check.of("fragmented message sent", Message.text(whole).equals(got), describe(got)));
            await(ws.sendText(InteropEcho.PLEASE_FRAGMENT, true));
            got = r.next();
            checks.add(Check.of("fragmented message received", Message.text(InteropEcho.FRAGMENTED).equals(got),
                    describe(got)));
            byte[] ping = "ping from the JDK".getBytes(StandardCharsets.UTF_8);
            await(ws.sendPing(ByteBuffer.wrap(ping)));
            got = r.next();
            checks.add(Check.of("ping answered by pong", got instanceof Pong p && p.data().equals(ByteString.of(ping)),
                    describe(got)));
            await(ws.sendText(InteropEcho.PLEASE_PING, true));
            got = r.next();
            checks.add(Check.of("server ping answered", Message.text("pong: " + InteropEcho.PING_PAYLOAD).equals(got),
                    describe(got)));
            await(ws.sendClose(4000, "client done"));
            got = r.next();
            checks.add(Check.of("client close 4000", got instanceof CloseEvent e && e.code().code() == 4000, describe(got)));
        } catch (Exception e) {
            checks.add(Check.of("exchange", false, e.toString()));
            ws.abort();
        }
        checks.add(serverCloseWithJdkClient(http, url));
        return checks;
    }

    private static Check serverCloseWithJdkClient(HttpClient http, String url) throws InterruptedException {
        JdkRecorder r = new JdkRecorder();
        try {
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), r).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            await(ws.sendText(InteropEcho.PLEASE_CLOSE, true));
        } catch (Exception e) {
            return Check.of("server close 4001", false, e.toString());
        }
        Object got = r.next();
        return Check.of("server close 4001", got instanceof CloseEvent e && e.code().equals(InteropEcho.SERVER_CLOSE_CODE)
                && e.reason().equals(InteropEcho.SERVER_CLOSE_REASON), describe(got));
    }

    private static void await(CompletableFuture<?> sent) throws Exception {
        sent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The checks as a Markdown table: | check | result |. */
    public static String table(String title, List<Check> checks) {
        StringBuilder out = new StringBuilder("| " + title + " | result |\n|---|---|\n");
        for (Check c : checks) {
            out.append("| ").append(c.name()).append(" | ").append(c.passed() ? "pass" : "FAIL: " + c.detail()).append(" |\n");
        }
        return out.toString();
    }
}
