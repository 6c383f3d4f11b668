package wsfs.conformance;

import wsfs.io.ClientHandshake;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The conformance fuzzer that tests a server (chapter 20): for each {@link ConformanceCase} it opens a new
 * TCP connection to the URL, does the opening handshake, plays the case's script with bytes it builds
 * itself (so it can break every rule) and judges the server's reaction. Works against any WebSocket server:
 * ours, Python {@code websockets}, Node {@code ws}.
 */
public final class FuzzingClient {
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

    /** Section 4.1: the opening handshake of chapter 03, which checks the server's 101 and its accept key. */
    private void handshake(InputStream in, OutputStream out) throws IOException {
        ClientHandshake.of(url, List.of(), Map.of("User-Agent", "wsfs-fuzzingclient")).perform(in, out);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
