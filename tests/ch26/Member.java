package ch26;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.protocol.CloseEvent;

/** A chat member for the tests: our client, every line it hears in a queue, its close event; every wait bounded. */
final class Member implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final String nick;
    final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile CloseEvent closeEvent;
    final WebSocketConnection connection;

    private Member(String nick, String url) throws IOException {
        this.nick = nick;
        this.connection = WebSocketClient.connect(url, new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection c, String text) {
                heard.add(text);
            }

            @Override
            public void onClose(WebSocketConnection c, CloseEvent event) {
                closeEvent = event;
                closed.countDown();
            }
        });
    }

    static Member join(String nick, String url) throws IOException {
        return new Member(nick, url);
    }

    void send(String text) {
        if (!connection.sendText(text)) {
            throw new AssertionError(nick + " could not send \"" + text + "\"");
        }
    }

    /** The next line, waiting at most {@link #WAIT}. */
    String next() throws InterruptedException {
        String line = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError(nick + " heard nothing for " + WAIT.toSeconds() + " s; so far: " + all);
        }
        all.add(line);
        return line;
    }

    /** Reads until the line that equals (or, for a notice, starts with) {@code wanted}; returns the lines before it. */
    List<String> await(String wanted) throws InterruptedException {
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = heard.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (line == null) {
                break;
            }
            all.add(line);
            if (line.equals(wanted) || (wanted.startsWith("* ") && line.startsWith(wanted))) {
                return before;
            }
            before.add(line);
        }
        throw new AssertionError(nick + " never heard \"" + wanted + "\"; it heard: " + all);
    }

    /** The next {@code n} chat lines (not notices), in order. */
    List<String> chatLines(int n) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < n) {
            String line = next();
            if (!line.startsWith("* ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    boolean awaitClosed() throws InterruptedException {
        return closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
        connection.awaitClosed(Duration.ofSeconds(5));
    }
}
