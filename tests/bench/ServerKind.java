package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import wsfs.app.SelfSignedCertificate;

/**
 * The servers the benchmark runs side by side (issue 11), each as a child JVM echo server on a free port.
 * Ours is chapter 14's {@code serve} mode, started straight from Maven's compiled classes (the class the
 * script's {@code //MAIN} names), so no JBang start-up or cache is measured. {@code ours-tls} is the same echo server
 * behind chapter 24's TLS ({@code 24_Tls.java serve}, with a certificate made for the run), for what wss costs; it
 * runs only when named ({@code --servers ours,ours-tls}), since the other servers are measured without TLS.
 */
enum ServerKind {
    OURS("ours", "Operating", List.of("serve", "--port", "0")),
    NETTY("netty", "bench.NettyEcho", List.of()),
    JETTY("jetty", "bench.JettyEcho", List.of()),
    UNDERTOW("undertow", "bench.UndertowEcho", List.of()),
    OURS_TLS("ours-tls", "Tls", List.of("serve", "--port", "0", "--no-deflate"));

    /** What a run measures unless --servers says otherwise: every server over plain TCP. */
    static final List<ServerKind> DEFAULT = List.of(OURS, NETTY, JETTY, UNDERTOW);

    final String label;
    final String mainClass;
    final List<String> args;

    ServerKind(String label, String mainClass, List<String> args) {
        this.label = label;
        this.mainClass = mainClass;
        this.args = args;
    }

    static ServerKind byLabel(String label) {
        for (ServerKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server '" + label + "' (known: ours, netty, jetty, undertow, ours-tls)");
    }

    /** Whether the server speaks TLS, with the certificate in {@link #certificate}. */
    boolean tls() {
        return this == OURS_TLS;
    }

    /** The self-signed certificate the TLS server presents and the load generator trusts (made once per run). */
    static synchronized SelfSignedCertificate.Made certificate(Path logDir) throws IOException {
        if (certificate == null) {
            Path dir = logDir.resolve("tls");
            Files.createDirectories(dir);
            certificate = SelfSignedCertificate.make(dir);
        }
        return certificate;
    }

    private static SelfSignedCertificate.Made certificate;

    ChildServer start(Path logDir) throws IOException {
        List<String> arguments = args;
        if (tls()) {
            SelfSignedCertificate.Made made = certificate(logDir);
            arguments = new java.util.ArrayList<>(args);
            arguments.addAll(List.of("--tls-cert", made.cert().toString(), "--tls-key", made.key().toString()));
        }
        return ChildServer.start(label, mainClass, arguments, logDir.resolve(label + ".log"));
    }
}
