package bench;

/**
 * Where a scenario connects (issue 11): an echo server's address and, when the benchmark started it, the
 * child process (for CPU pinning and heap readings; null for an in-process fake in a test).
 */
record Target(String name, String host, int port, String path, ChildServer process) {
    static Target of(ChildServer server) {
        return new Target(server.name(), "127.0.0.1", server.port(), "/", server);
    }

    WireClient connect() throws java.io.IOException {
        return WireClient.connect(host, port, path);
    }
}
