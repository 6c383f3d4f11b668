package wsfs.conformance;

import wsfs.io.ServerHandshake;
import wsfs.protocol.HandshakePolicy;
import wsfs.protocol.HandshakeRejected;
import wsfs.protocol.HttpHeaders;
import wsfs.protocol.HttpRequest;
import wsfs.protocol.HttpResponse;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conformance fuzzer that tests a client (chapter 20). A WebSocket server on 127.0.0.1 where each
 * connection gets the next {@link ConformanceCase}: after the opening handshake the server plays the case's
 * script (unmasked frames, as a server sends them, or broken on purpose: masked frames, bad opcodes, invalid
 * UTF-8, bad close codes, fragmented pings...) and judges how the client reacts: the echo it sends back, the
 * Close code it answers with, or that it drops the connection. The client under test is expected to echo
 * every message it receives (like the Autobahn|Testsuite's fuzzing server expects).
 * <p>
 * Paths: {@code /} the next case; {@code /case/6.4.1} that case; {@code /count} a text message with the
 * number of cases, then a normal close.
 */
public final class FuzzingServer implements AutoCloseable {
    private static final HandshakePolicy POLICY = HandshakePolicy.defaults();

    private final ServerSocket listener;
    private final List<ConformanceCase> cases;
    private final Map<String, CaseResult> results = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final Thread acceptor;

    private FuzzingServer(ServerSocket listener, List<ConformanceCase> cases) {
        this.listener = listener;
        this.cases = List.copyOf(cases);
        this.done = new CountDownLatch(cases.size());
        this.acceptor = Thread.ofPlatform().name("fuzzing-server").daemon().start(this::acceptLoop);
    }

    /** Listens on 127.0.0.1:{@code port} (0 for an ephemeral port) and serves {@code cases} in order. */
    public static FuzzingServer start(int port, List<ConformanceCase> cases) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new FuzzingServer(s, cases.stream().filter(c -> c.peers().contains(Role.CLIENT)).toList());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The cases this server plays, in order. */
    public List<ConformanceCase> cases() {
        return cases;
    }

    /** Waits until every case has run (or the timeout passes) and returns the results in case order. */
    public List<CaseResult> awaitAll(Duration timeout) throws InterruptedException {
        done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return results();
    }

    /** The results so far, in case order. */
    public List<CaseResult> results() {
        List<CaseResult> out = new ArrayList<>();
        for (ConformanceCase c : cases) {
            Optional.ofNullable(results.get(c.id())).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread.ofVirtual().name("fuzzing-case").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5000); // the handshake must arrive within 5 s
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            HttpRequest request;
            try {
                request = ServerHandshake.readRequest(in, out, POLICY);
            } catch (HandshakeRejected rejected) {
                return; // the 400/408/431 answer is already written
            }
            if (!ServerHandshake.isUpgradeRequest(request)) {
                respond(out, 400, "this is a WebSocket fuzzing server: connect with a WebSocket client\n");
                return;
            }
            String path = request.target();
            ConformanceCase c;
            if (path.equals("/count")) {
                ServerHandshake.accept(request, out, POLICY);
                byte[] count = String.valueOf(cases.size()).getBytes(StandardCharsets.UTF_8);
                out.write(FuzzFrame.text(count).encode(Role.SERVER, null));
                out.write(FuzzFrame.close(1000, "").encode(Role.SERVER, null));
                out.flush();
                socket.setSoTimeout(1000);
                in.readAllBytes(); // the client's Close, until it closes TCP (or 1 s passes)
                return;
            } else if (path.startsWith("/case/")) {
                String id = path.substring("/case/".length());
                c = cases.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            } else {
                int i = next.getAndIncrement();
                c = i < cases.size() ? cases.get(i) : null;
            }
            if (c == null) {
                respond(out, 404, "no such case, or every case has run\n");
                return;
            }
            ServerHandshake.accept(request, out, POLICY); // 400 and an exception if it is no valid upgrade
            socket.setSoTimeout(0);
            ConformanceCase.Plan plan = c.plan();
            // A server sends unmasked frames; the keys only serve case 10.2.2, which masks on purpose.
            Transcript t = new ConformanceSession(socket, in, out, Role.SERVER, MaskingKeys.secure(), null)
                    .run(plan, c.timeBound());
            record(c, CaseResult.judged(c, plan.expectation(), t));
        } catch (IOException e) {
            // a client that went away, or sent no valid upgrade request: nothing to judge
        }
    }

    private void record(ConformanceCase c, CaseResult r) {
        if (results.putIfAbsent(c.id(), r) == null) {
            done.countDown();
        } else {
            results.put(c.id(), r); // a re-run of a case replaces the earlier result
        }
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        out.write(HttpResponse.plainText(status, body, HttpHeaders.of()).toBytes());
        out.flush();
    }
}
