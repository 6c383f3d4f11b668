package bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chat room before WebSocket (issue 11, item 4), minimal on purpose, on the JDK's HTTP server, one virtual
 * thread per exchange. One message log, three ways to read it:
 * <ul>
 * <li>{@code POST /send} appends the request body as one message (204, no body);</li>
 * <li>short polling: {@code GET /poll?since=N} answers at once with the messages after the first N, one per line;</li>
 * <li>long polling (Comet): {@code GET /wait?since=N} holds the request until there is one, at most 25 s;</li>
 * <li>Server-Sent Events: {@code GET /events} keeps one response open and writes each new message as
 *     {@code data: TEXT} followed by an empty line, flushed at once (a chunk of the chunked encoding).</li>
 * </ul>
 * Prints {@code listening on http://127.0.0.1:PORT/} when ready.
 */
public final class PollingChatServer {
    private final List<String> messages = new ArrayList<>();
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();

    private PollingChatServer() {
    }

    public static void main(String[] args) throws IOException {
        PollingChatServer chat = new PollingChatServer();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/send", chat::send);
        server.createContext("/poll", exchange -> chat.answer(exchange, chat.since(since(exchange))));
        server.createContext("/wait", exchange -> chat.answer(exchange, chat.await(since(exchange))));
        server.createContext("/events", chat::events);
        server.start();
        System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
        System.out.flush();
    }

    private void send(HttpExchange exchange) throws IOException {
        String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (messages) {
            messages.add(text);
            messages.notifyAll();
        }
        for (BlockingQueue<String> stream : streams) {
            stream.add(text);
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static int since(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.startsWith("since=")) {
            try {
                return Integer.parseInt(query.substring(6));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private List<String> since(int n) {
        synchronized (messages) {
            return n >= messages.size() ? List.of() : List.copyOf(messages.subList(Math.max(0, n), messages.size()));
        }
    }

    private List<String> await(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        synchronized (messages) {
            try {
                long left;
                while (messages.size() <= n && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(messages, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return since(n);
        }
    }

    private void answer(HttpExchange exchange, List<String> found) throws IOException {
        StringBuilder body = new StringBuilder();
        found.forEach(m -> body.append(m).append('\n'));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        streams.add(queue);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);   // 0: chunked, the response stays open
            OutputStream out = exchange.getResponseBody();
            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));   // a comment line: sends the head now
            out.flush();
            while (true) {
                String text = queue.take();
                out.write(("data: " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            streams.remove(queue);
            exchange.close();
        }
    }
}
