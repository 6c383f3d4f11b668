package ch19;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import wsfs.conformance.PeerProcess;

/**
 * Where the tests find the peers we did not write: the peer programs in tests/ch19/peers, the Python that has
 * the {@code websockets} package and the Node.js that runs the {@code ws} package, with the versions the course
 * pins. (The library's {@link PeerProcess} only starts a given command in a given folder; this layout is the
 * tests' knowledge.) A missing peer is an error with the fix in its message, never a silently skipped test.
 */
public final class Peers {
    /** The versions the course pins (tests/ch19/peers/package.json and ./course's pip line). */
    public static final String WEBSOCKETS_VERSION = "17.4";
    public static final String WS_VERSION = "8.23.0";

    private Peers() {
    }

    /** The folder of the peer programs, tests/ch19/peers under the project folder. */
    public static Path directory() {
        Path dir = projectRoot().resolve("tests/ch19/peers");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("tests/ch19/peers not found under " + projectRoot()
                    + ": run the tests from the project folder");
        }
        return dir;
    }

    /** The project folder: Maven Surefire's basedir, else the working directory. */
    public static Path projectRoot() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }

    /**
     * The Python that has the {@code websockets} package: the system property {@code course.python} (./course
     * sets it) or COURSE_PYTHON (property or environment variable) if set, else the project's .venv/bin/python.
     * Throws with the fix if it is missing.
     */
    public static String python() {
        String configured = System.getProperty("course.python",
                System.getProperty("COURSE_PYTHON", System.getenv("COURSE_PYTHON")));
        Path python = configured != null && !configured.isBlank() ? Path.of(configured)
                : projectRoot().resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("Python peer missing: " + python + " does not exist. Run ./course setup to"
                    + " install the project's Python with the websockets package (or set COURSE_PYTHON to a python that"
                    + " has websockets " + WEBSOCKETS_VERSION + ").");
        }
        if (PeerProcess.probe(List.of(python.toString(), "-c", "import websockets")) == null) {
            throw new IllegalStateException("Python peer missing: " + python + " cannot import websockets. Run ./course"
                    + " setup to install websockets " + WEBSOCKETS_VERSION + " (pip install websockets=="
                    + WEBSOCKETS_VERSION + ").");
        }
        return python.toString();
    }

    /** The node that runs the Node peer; throws with the fix if node or the ws package is missing. */
    public static String node() {
        String configured = System.getProperty("COURSE_NODE", System.getenv("COURSE_NODE"));
        String node = configured != null && !configured.isBlank() ? configured : "node";
        if (PeerProcess.probe(List.of(node, "--version")) == null) {
            throw new IllegalStateException("Node peer missing: `" + node + "` does not run. Install Node.js"
                    + " (apt-get install nodejs npm) or set COURSE_NODE to a node that runs.");
        }
        if (!Files.isRegularFile(directory().resolve("node_modules/ws/package.json"))) {
            throw new IllegalStateException("Node peer missing: the ws package is not installed. Run"
                    + " npm ci --prefix tests/ch19/peers (./course test does it).");
        }
        return node;
    }
}
