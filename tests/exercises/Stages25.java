package exercises;

import wsfs.io.EchoListener;
import wsfs.app.SelfSignedCertificate;
import wsfs.io.TlsClient;
import wsfs.io.TlsClientLayer;
import wsfs.io.TlsConfig;
import wsfs.io.TlsFailed;
import wsfs.io.TlsTrust;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.CloseCode;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static exercises.Stage.challenge;

/**
 * Chapter 25's challenge (no exercises: chapter 25 puts chapter 16's client on chapter 24's TLS): the client must check
 * what TLS can prove and refuse what it cannot. A wss:// echo with the certificate trusted works; the same
 * certificate on an address it does not name, and a certificate nobody vouches for, are refused, each in one line.
 * Runs on the course's code, or the workspace's.
 */
final class Stages25 {
    private Stages25() {
    }

    /** Connects, sends one text, returns the echo (null if none came within 5 s). */
    static String echo(String url, TlsTrust trust) throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        WebSocketConnection c = TlsClient.connect(url, WebSocketClient.Options.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)), new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                texts.add(text);
            }
        }, trust);
        try {
            c.sendText("hello over TLS");
            return texts.poll(5, TimeUnit.SECONDS);
        } finally {
            c.close(CloseCode.NORMAL_CLOSURE, "");
            c.awaitClosed(Duration.ofSeconds(5));
        }
    }

    /** What the client did: the echo it got, or the message of what it threw. */
    static String outcome(String url, TlsTrust trust) {
        try {
            return "echo: " + echo(url, trust);
        } catch (Exception e) {
            return "refused: " + e.getMessage();
        }
    }

    static WebSocketServer tlsServer(String address, SSLContext context) throws IOException {
        return WebSocketServer.start(new InetSocketAddress(address, 0), WebSocketServer.Options.defaults(),
                request -> new EchoListener(), TlsConfig.serverLayer(context));
    }

    static void checksWhatTlsProves() throws Exception {
        Path dir = Files.createTempDirectory("wsfs-stage21-");
        SelfSignedCertificate.Made made = SelfSignedCertificate.make(dir);
        try {
            SSLContext context = TlsConfig.server(made.cert(), made.key());
            TlsTrust trusting = TlsTrust.of(made.cert());
            try (WebSocketServer here = tlsServer("127.0.0.1", context);
                 WebSocketServer elsewhere = tlsServer("127.0.0.2", context)) {
                String good = "wss://localhost:" + here.port() + "/";
                Expect.equal("a wss:// echo to " + good + ", the client trusting cert.pem (--ca)",
                        "echo: hello over TLS", outcome(good, trusting));
                String wrongName = "wss://127.0.0.2:" + elsewhere.port() + "/";
                String seen = outcome(wrongName, trusting);
                Expect.isTrue("the same certificate (DNS:localhost, IP:127.0.0.1) served at " + wrongName,
                        seen.startsWith("refused: ") && seen.contains("127.0.0.2") && seen.lines().count() == 1,
                        "refused, in one line naming 127.0.0.2 (RFC 9110 section 4.3.4: the name check)", seen);
                String untrusted = outcome(good, TlsTrust.of(null));
                Expect.isTrue("a wss:// echo to " + good + " trusting only the JDK's CAs (none of them signed cert.pem)",
                        untrusted.startsWith("refused: ") && untrusted.contains("not trusted") && untrusted.lines().count() == 1,
                        "refused, in one line saying the certificate is not trusted", untrusted);
            }
        } finally {
            for (Path p : List.of(made.cert(), made.key(), dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    static List<Stage> stages() {
        return List.of(
                challenge("25-name-and-trust", "the wss:// client checks the certificate's signature and its name",
                        "RFC 6455 section 4.1 (a wss: client runs a TLS handshake and checks the server's certificate as for https), RFC 9110 section 4.3.4 (the name check), RFC 6125",
                        "TlsClientLayer.of sets SSLParameters.setEndpointIdentificationAlgorithm(\"HTTPS\") and the SNI name; TlsTrust.of builds the TrustManager from the --ca file; TlsFailed.explain turns the JDK's exception into one line.",
                        Stages25::checksWhatTlsProves));
    }
}
