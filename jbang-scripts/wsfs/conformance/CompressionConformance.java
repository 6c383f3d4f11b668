package wsfs.conformance;

import wsfs.io.DeflateNegotiation;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.ByteString;
import wsfs.protocol.CloseCode;
import wsfs.protocol.CloseEvent;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.HandshakeFailed;
import wsfs.protocol.Limits;
import wsfs.protocol.Message;
import wsfs.protocol.Role;
import wsfs.view.WireTap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the compression cases ({@link CasesCompression}, chapter 23) against a server (the runner is the client)
 * or against a client (the runner is the server). The runner negotiates with the case's parameters through the
 * course's own sans-I/O negotiation, so an answer that breaks RFC 7692 section 7 fails the case at the handshake;
 * the peer's frames go through the strict parser (RSV1 only on first frames, never on control frames), and each
 * echo must equal what was sent. Verdicts: PASS; INFORMATIONAL when the peer declined the offer (allowed, but it
 * did not compress); FAIL for a broken rule, a wrong or missing echo, or an unclean close.
 */
public final class CompressionConformance {
    private static final Duration ECHO_BOUND = Duration.ofSeconds(5);
    private static final Limits LIMITS = Limits.defaults().withMaxMessageSize(16L << 20);

    private CompressionConformance() {
    }

    /** One case's result, as a report line. */
    public record Outcome(String id, Verdict verdict, String detail) {
        public String line() {
            return "%-9s %-13s %s".formatted(id, verdict.label(), detail);
        }
    }

    /** Makes the client under test connect to {@code url} and echo every message it receives. */
    public interface PeerClient {
        void connect(String url) throws Exception;
    }

    // ---- the runner as a client: a server under test ----------------------------------------------------------

    public static List<Outcome> againstServer(String url, List<CasesCompression> cases, double scale) {
        List<Outcome> out = new ArrayList<>();
        for (CasesCompression c : cases) {
            out.add(againstServer(url, c, scale));
        }
        return out;
    }

    public static Outcome againstServer(String url, CasesCompression c, double scale) {
        AtomicReference<DeflateAgreement> agreed = new AtomicReference<>();
        BlockingQueue<Object> echoes = new LinkedBlockingQueue<>();
        CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
        AtomicInteger compressed = new AtomicInteger();
        WebSocketClient.Options options = WebSocketClient.Options.defaults().withLimits(LIMITS)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3))
                .withTap(t -> countCompressed(t, compressed));
        WebSocketConnection conn;
        try {
            conn = WebSocketClient.connect(url, options, collector(echoes, closed),
                    DeflateNegotiation.client(c.offer(), agreed::set));
        } catch (HandshakeFailed e) {
            return new Outcome(c.id(), Verdict.FAIL, "the handshake answer breaks a rule: " + e.getMessage());
        } catch (IOException e) {
            return new Outcome(c.id(), Verdict.FAIL, "could not connect: " + e);
        }
        try {
            if (agreed.get() == null) {
                return declined(c);
            }
            int n = c.messages(scale);
            for (int i = 0; i < n; i++) {
                Message m = c.message(i);
                if (!(c.fragment() > 0 ? conn.sendFragmented(m, c.fragment()) : conn.send(m))) {
                    return new Outcome(c.id(), Verdict.FAIL, "the connection closed before message " + i);
                }
                Optional<String> wrong = compare(m, echoes.poll(ECHO_BOUND.toMillis(), TimeUnit.MILLISECONDS), i, closed);
                if (wrong.isPresent()) {
                    return new Outcome(c.id(), Verdict.FAIL, wrong.get());
                }
            }
            conn.close(CloseCode.NORMAL_CLOSURE, "");
            CloseEvent end = closed.get(ECHO_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            if (!end.code().equals(CloseCode.NORMAL_CLOSURE) || !end.wasClean()) {
                return new Outcome(c.id(), Verdict.FAIL, "the closing handshake did not end cleanly with 1000: " + end);
            }
            return new Outcome(c.id(), Verdict.PASS, "\"" + agreed.get() + "\": " + n + " echoes, "
                    + compressed.get() + " compressed frames back");
        } catch (Exception e) {
            return new Outcome(c.id(), Verdict.FAIL, "no clean close within " + ECHO_BOUND.toSeconds() + " s: " + e);
        } finally {
            conn.close();
        }
    }

    // ---- the runner as a server: a client under test -----------------------------------------------------------

    public static List<Outcome> againstClient(List<CasesCompression> cases, double scale, PeerClient peer) {
        List<Outcome> out = new ArrayList<>();
        for (CasesCompression c : cases) {
            out.add(againstClient(c, scale, peer));
        }
        return out;
    }

    public static Outcome againstClient(CasesCompression c, double scale, PeerClient peer) {
        AtomicReference<Optional<WebSocketServer.Extensions.Agreed>> negotiated = new AtomicReference<>(Optional.empty());
        WebSocketServer.Extensions deflate = DeflateNegotiation.server(c.offer(), line -> { });
        WebSocketServer.Extensions watched = request -> {
            Optional<WebSocketServer.Extensions.Agreed> a = deflate.negotiate(request);
            negotiated.set(a);
            return a;
        };
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        int n = c.messages(scale);
        WebSocketListener script = new WebSocketListener() {
            private int next;

            @Override
            public void onOpen(WebSocketConnection conn) {
                if (negotiated.get().isEmpty()) {
                    done.complete(declined(c));
                    conn.close(CloseCode.NORMAL_CLOSURE, "");
                    return;
                }
                sendNext(conn);
            }

            private void sendNext(WebSocketConnection conn) {
                Message m = c.message(next);
                if (!(c.fragment() > 0 ? conn.sendFragmented(m, c.fragment()) : conn.send(m))) {
                    done.complete(new Outcome(c.id(), Verdict.FAIL, "the connection closed before message " + next));
                }
            }

            private void echoed(WebSocketConnection conn, Object got) {
                Optional<String> wrong = compare(c.message(next), got, next, null);
                if (wrong.isPresent()) {
                    done.complete(new Outcome(c.id(), Verdict.FAIL, wrong.get()));
                    conn.close(CloseCode.NORMAL_CLOSURE, "");
                } else if (++next == n) {
                    conn.close(CloseCode.NORMAL_CLOSURE, "");
                } else {
                    sendNext(conn);
                }
            }

            @Override
            public void onText(WebSocketConnection conn, String text) {
                echoed(conn, text);
            }

            @Override
            public void onBinary(WebSocketConnection conn, ByteString data) {
                echoed(conn, data.toByteArray());
            }

            @Override
            public void onClose(WebSocketConnection conn, CloseEvent event) {
                done.complete(next == n && event.wasClean() && event.code().equals(CloseCode.NORMAL_CLOSURE)
                        ? new Outcome(c.id(), Verdict.PASS, "\"" + negotiated.get().map(
                                WebSocketServer.Extensions.Agreed::responseHeader).orElse("") + "\": " + n + " echoes")
                        : new Outcome(c.id(), Verdict.FAIL, "closed after " + next + " of " + n + " echoes: " + event));
            }
        };
        try (WebSocketServer server = WebSocketServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WebSocketServer.Options.defaults().withLimits(LIMITS).withLog(line -> { }), request -> script, watched)) {
            peer.connect(server.url());
            return done.get(ECHO_BOUND.toMillis() + n * 200L, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return new Outcome(c.id(), Verdict.FAIL, "the client under test did not finish: " + e);
        }
    }

    /** Our own client as the client under test: permessage-deflate offered, every message echoed. */
    public static PeerClient ourClient() {
        return url -> WebSocketClient.connect(url, WebSocketClient.Options.defaults().withLimits(LIMITS),
                new wsfs.io.EchoListener(), DeflateNegotiation.client(wsfs.protocol.PerMessageDeflate.Options.defaults()));
    }

    // ---- shared -------------------------------------------------------------------------------------------------

    private static Outcome declined(CasesCompression c) {
        return new Outcome(c.id(), Verdict.INFORMATIONAL, c.mayDecline()
                ? "declined the offer, which RFC 7692 section 7 allows for a configuration a server does not support"
                : "declined permessage-deflate: the connection works, uncompressed");
    }

    private static void countCompressed(WireTap.Tapped t, AtomicInteger compressed) {
        if (t.direction() == WireTap.Direction.RECEIVED && (t.header().rsv() & 4) != 0) {
            compressed.incrementAndGet();
        }
    }

    private static WebSocketListener collector(BlockingQueue<Object> echoes, CompletableFuture<CloseEvent> closed) {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                echoes.add(text);
            }

            @Override
            public void onBinary(WebSocketConnection c, ByteString data) {
                echoes.add(data.toByteArray());
            }

            @Override
            public void onClose(WebSocketConnection c, CloseEvent event) {
                closed.complete(event);
            }
        };
    }

    private static Optional<String> compare(Message sent, Object got, int i, CompletableFuture<CloseEvent> closed) {
        if (got == null) {
            return Optional.of("no echo of message " + i + " within " + ECHO_BOUND.toSeconds() + " s"
                    + (closed != null && closed.isDone() ? "; the connection closed: " + closed.join() : ""));
        }
        boolean same = sent instanceof Message.Text(String text) ? text.equals(got)
                : got instanceof byte[] b && Arrays.equals(b, sent.payload().toByteArray());
        return same ? Optional.empty() : Optional.of("the echo of message " + i + " differs from what was sent");
    }

    /** "PASS 198, INFORMATIONAL 18, FAIL 0". */
    public static String summary(List<Outcome> outcomes) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        outcomes.forEach(o -> counts.merge(o.verdict(), 1, Integer::sum));
        return "PASS " + counts.get(Verdict.PASS) + ", INFORMATIONAL " + counts.get(Verdict.INFORMATIONAL)
                + ", FAIL " + counts.get(Verdict.FAIL) + " (" + outcomes.size() + " cases)";
    }

    /** The roles, for a report's heading. */
    public static String peerName(Role peer) {
        return peer == Role.SERVER ? "server" : "client";
    }
}
