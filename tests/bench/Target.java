package bench;

import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import wsfs.io.TlsTrust;

/**
 * Where a scenario connects (issue 11): an echo server's address and, when the benchmark started it, the
 * child process (for CPU pinning and heap readings; null for an in-process fake in a test).
 */
record Target(String name, String host, int port, String path, ChildServer process, SSLContext tls) {
    Target(String name, String host, int port, String path, ChildServer process) {
        this(name, host, port, path, process, null);
    }

    static Target of(ChildServer server) {
        return new Target(server.name(), "127.0.0.1", server.port(), "/", server);
    }

    /** A server behind TLS whose certificate is {@code cert} (the load generator trusts exactly that one). */
    static Target overTls(ChildServer server, Path cert) throws IOException {
        return new Target(server.name(), "localhost", server.port(), "/", server, TlsTrust.of(cert).context());
    }

    WireClient connect() throws IOException {
        return tls == null ? WireClient.connect(host, port, path) : WireClient.connect(host, port, path, tls);
    }
}
