package wsfs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The conformance fuzzer that tests a server (chapter 11): for each {@link ConformanceCase} it opens a new
 * TCP connection to the URL, does the opening handshake, plays the case's script with bytes it builds
 * itself (so it can break every rule) and judges the server's reaction. Works against any WebSocket server:
 * ours, Python {@code websockets}, Node {@code ws}.
 */
public final class FuzzingClient {
    private static final int MAX_HEADER_LINE = 8192;

    private final URI url;
    private final MaskingKeys keys;
    private ConformanceSession.Tap tap;

    /** @param url {@code ws://host:port/path} */
    public FuzzingClient(URI url, MaskingKeys keys) {
        if (!"ws".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("the fuzzer speaks plain ws:// only, not " + url.getScheme());
        }
        this.url = url;
        this.keys = keys;
    }

    public FuzzingClient(URI url) {
        this(url, MaskingKeys.secure());
    }

    /** Shows every case's bytes to {@code tap} (for demos). */
    public FuzzingClient tap(ConformanceSession.Tap value) {
        this.tap = value;
        return this;
    }

    /** Runs the cases that apply to a server, one connection each, reporting each result as it comes. */
    public List<CaseResult> runAll(List<ConformanceCase> cases, Consumer<CaseResult> progress) {
        List<CaseResult> results = new ArrayList<>();
        for (ConformanceCase c : cases) {
            if (!c.peers().contains(Role.SERVER)) {
                continue;
            }
            CaseResult r = run(c);
            results.add(r);
            if (progress != null) {
                progress.accept(r);
            }
        }
        return results;
    }

    /** Runs one case on a new connection. */
    public CaseResult run(ConformanceCase c) {
        ConformanceCase.Plan plan = c.plan();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // so each chop of a script leaves as its own segment
            socket.connect(new InetSocketAddress(url.getHost(), port()), 5000);
            socket.setSoTimeout(5000); // the handshake must come back within 5 s
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            handshake(in, out);
            socket.setSoTimeout(0); // from here on the session's time bound and watchdog apply
            Transcript t = new ConformanceSession(socket, in, out, Role.CLIENT, keys, tap).run(plan, c.timeBound());
            return CaseResult.judged(c, plan.expectation(), t);
        } catch (IOException e) {
            closeQuietly(socket);
            return CaseResult.couldNotRun(c, "connection or handshake failed: " + e.getMessage());
        }
    }

    private int port() {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    /** Section 4.1: the client's opening handshake, and the checks on the server's 101 response. */
    private void handshake(InputStream in, OutputStream out) throws IOException {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String host = url.getHost() + (url.getPort() > 0 && url.getPort() != 80 ? ":" + url.getPort() : "");
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "User-Agent: wsfs-fuzzingclient\r\n"
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = ByteStreams.readLine(in, MAX_HEADER_LINE);
        if (status == null || !status.matches("HTTP/1\\.1 101( .*)?")) {
            throw new IOException("the server did not switch protocols: " + status);
        }
        String accept = null;
        for (String line = ByteStreams.readLine(in, MAX_HEADER_LINE); line != null && !line.isEmpty();
             line = ByteStreams.readLine(in, MAX_HEADER_LINE)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                accept = line.substring(colon + 1).trim();
            }
        }
        if (!acceptFor(key).equals(accept)) {
            throw new IOException("wrong Sec-WebSocket-Accept: " + accept);
        }
    }

    /** Section 4.2.2: base64(SHA-1(key + the GUID)). */
    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-1", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
