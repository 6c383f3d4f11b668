package bench;

/** What every peer echo server of the benchmark shares (issue 11): the message limit and the ready line. */
final class PeerLimits {
    /** The same limit as our {@code serve} mode (chapter 14's {@code ECHO_MAX}): 16 MiB messages must pass. */
    static final int MAX_MESSAGE = 64 * 1024 * 1024;

    private PeerLimits() {
    }

    /** The ready line every server of the benchmark prints, ours included: the benchmark reads the port from it. */
    static void ready(int port) {
        System.out.println("listening on ws://127.0.0.1:" + port + "/");
        System.out.flush();
    }
}
