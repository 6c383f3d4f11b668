package bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The servers the benchmark runs side by side (issue 11), each as a child JVM echo server on a free port.
 * Ours is chapter 08's {@code serve} mode, started straight from Maven's compiled classes (the class the
 * script's {@code //MAIN} names), so no JBang start-up or cache is measured.
 */
enum ServerKind {
    OURS("ours", "Endpoints", List.of("serve", "--port", "0")),
    NETTY("netty", "bench.NettyEcho", List.of()),
    JETTY("jetty", "bench.JettyEcho", List.of()),
    UNDERTOW("undertow", "bench.UndertowEcho", List.of());

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
        throw new IllegalArgumentException("unknown server '" + label + "' (known: ours, netty, jetty, undertow)");
    }

    ChildServer start(Path logDir) throws IOException {
        return ChildServer.start(label, mainClass, args, logDir.resolve(label + ".log"));
    }
}
