package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * What WebSocket saves, measured (issue 11, item 4): one chat workload (a sender posting {@value #RATE}
 * messages a second, {@value #RECEIVERS} receivers each getting every message) carried by short polling,
 * long polling, Server-Sent Events ({@link PollingChatServer}) and WebSocket (chapter 18's chat room).
 * Measured: bytes on the client sockets per message (both directions, HTTP and WebSocket headers included),
 * delivery latency (send to receipt, one clock), and the server process's CPU time, all over the window
 * from the first message sent to the last one delivered (connection set-up excluded).
 */
final class PollingBench {
    static final int RECEIVERS = 10;
    static final int RATE = 20;
    static final Duration SHORT_POLL_INTERVAL = Duration.ofMillis(250);

    enum Transport {
        SHORT_POLL("short-poll"), LONG_POLL("long-poll"), SSE("sse"), WEBSOCKET("websocket");

        final String label;

        Transport(String label) {
            this.label = label;
        }

        ChildServer start(Path logs) throws IOException {
            return this == WEBSOCKET
                    ? ChildServer.start(label, "ChatRoomApp", List.of("serve", "--port", "0"), logs.resolve("chat-" + label + ".log"))
                    : ChildServer.start(label, "bench.PollingChatServer", List.of(), logs.resolve("chat-" + label + ".log"));
        }
    }

    private PollingBench() {
    }

    /** Runs every transport {@code rounds} times, interleaved; prints the table, writes the CSV. True if one failed. */
    static boolean run(BenchOptions options) throws InterruptedException, IOException {
        Results results = new Results();
        Path logs = Path.of("target", "bench-logs");
        Transport[] transports = Transport.values();
        boolean failed = false;
        System.out.printf("polling: %d receivers, %d messages/s for %.1f s, short polls every %d ms, %d round(s)%n",
                RECEIVERS, RATE, options.pollingTime().toMillis() / 1e3, SHORT_POLL_INTERVAL.toMillis(), options.rounds());
        for (int round = 0; round < options.rounds(); round++) {
            for (int i = 0; i < transports.length; i++) {
                Transport t = transports[(i + round) % transports.length];
                try (ChildServer server = t.start(logs)) {
                    List<Metric> metrics = chat(t, server, options.pollingTime());
                    metrics.forEach(m -> results.add(t.label, m));
                    System.out.printf("round %d %-10s %s%n", round + 1, t.label, BenchMain.summary(metrics));
                } catch (IOException e) {
                    failed = true;
                    results.fail(t.label, "polling");
                    System.out.printf("round %d %-10s FAILED: %s%n", round + 1, t.label, e.getMessage());
                }
            }
        }
        List<String> labels = Arrays.stream(transports).map(t -> t.label).toList();
        System.out.println();
        System.out.println("median [min-max] over " + options.rounds() + " round(s), ratio to websocket (lower is better)");
        System.out.print(results.table(labels, "websocket"));
        if (options.pollingOut() != null) {
            results.writeCsv(options.pollingOut(), "./course bench --scenarios polling, " + RECEIVERS + " receivers, "
                    + RATE + " msg/s, " + options.pollingTime().toMillis() / 1e3 + " s, short poll every "
                    + SHORT_POLL_INTERVAL.toMillis() + " ms, browser-like request headers of "
                    + TinyHttp.BROWSER_HEADERS.length() + " bytes, " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, JDK " + Runtime.version());
            System.out.println("CSV: " + options.pollingOut());
        }
        return failed;
    }

    /** One chat session over one transport. */
    static List<Metric> chat(Transport transport, ChildServer server, Duration time) throws IOException, InterruptedException {
        int messages = Math.max(1, (int) (RATE * time.toMillis() / 1000));
        WireCounter counter = new WireCounter();
        long[] latencies = new long[messages * RECEIVERS];
        int[] delivered = {0};
        CountDownLatch ready = new CountDownLatch(RECEIVERS);      // every receiver is connected and listening
        CountDownLatch settled = new CountDownLatch(transport == Transport.WEBSOCKET ? RECEIVERS + 1 : 0);
        CountDownLatch allDelivered = new CountDownLatch(messages * RECEIVERS);
        int warmups = RATE;     // one second of messages before the window: the server's JIT warms up, unmeasured
        CountDownLatch warmDelivered = new CountDownLatch(warmups * RECEIVERS);
        AtomicBoolean stop = new AtomicBoolean();
        List<AutoCloseable> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        Receiver deliver = text -> {
            int space = text.lastIndexOf(' ');
            if (text.contains("w ")) {
                warmDelivered.countDown();
                return;
            }
            if (!text.contains("m ") || space < 0) {
                return;
            }
            long latency = System.nanoTime() - Long.parseLong(text.substring(space + 1).trim());
            synchronized (latencies) {
                if (delivered[0] < latencies.length) {
                    latencies[delivered[0]++] = latency;
                }
            }
            allDelivered.countDown();
        };
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int r = 0; r < RECEIVERS; r++) {
            int index = r;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    receive(transport, server.port(), "r" + index, counter, sockets, ready, settled, stop, deliver);
                } catch (IOException | RuntimeException e) {
                    if (!stop.get()) {
                        errors.add(e);
                        ready.countDown();
                        settled.countDown();
                    }
                }
            }));
        }
        Sender sender = null;
        try {
            if (!ready.await(15, TimeUnit.SECONDS) || !errors.isEmpty()) {
                throw new IOException("the receivers did not connect: " + (errors.isEmpty() ? "time-out" : errors.get(0)));
            }
            sender = Sender.open(transport, server.port(), counter, settled, stop);
            if (!settled.await(15, TimeUnit.SECONDS) || !errors.isEmpty()) {
                throw new IOException("the receivers did not get ready: " + (errors.isEmpty() ? "time-out" : errors.get(0)));
            }
            long period = 1_000_000_000L / RATE;
            pace(sender, "w", warmups, period);
            if (!warmDelivered.await(15, TimeUnit.SECONDS)) {
                throw new IOException("the warm-up messages did not all arrive within 15 s");
            }
            long bytes0 = counter.total();
            Duration cpu0 = server.cpuTime();
            pace(sender, "m", messages, period);
            if (!allDelivered.await(time.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
                throw new IOException("only " + (messages * RECEIVERS - allDelivered.getCount()) + " of "
                        + messages * RECEIVERS + " deliveries arrived" + (errors.isEmpty() ? "" : ": " + errors.get(0)));
            }
            long bytes = counter.total() - bytes0;
            double cpuMs = (server.cpuTime().toNanos() - cpu0.toNanos()) / 1e6;
            long[] sorted;
            synchronized (latencies) {
                sorted = Arrays.copyOf(latencies, delivered[0]);
            }
            Arrays.sort(sorted);
            int deliveries = messages * RECEIVERS;
            return List.of(
                    new Metric("polling", "bytes_per_message", "B", (double) bytes / messages, false),
                    new Metric("polling", "bytes_per_delivery", "B", (double) bytes / deliveries, false),
                    new Metric("polling", "latency_p50_ms", "ms", Scenario.percentile(sorted, sorted.length, 0.50) / 1e6, false),
                    new Metric("polling", "latency_p99_ms", "ms", Scenario.percentile(sorted, sorted.length, 0.99) / 1e6, false),
                    new Metric("polling", "server_cpu_ms", "ms", cpuMs, false),
                    new Metric("polling", "cpu_us_per_delivery", "us", cpuMs * 1000 / deliveries, false));
        } finally {
            stop.set(true);
            if (sender != null) {
                sender.close();
            }
            synchronized (sockets) {
                for (AutoCloseable s : sockets) {
                    try {
                        s.close();
                    } catch (Exception ignored) {
                        // closing anyway
                    }
                }
            }
            for (Thread t : threads) {
                t.interrupt();
                t.join(5_000);
            }
        }
    }

    /** Sends {@code count} messages "KIND SEQ NANOTIME", one every {@code period} ns. */
    private static void pace(Sender sender, String kind, int count, long period) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);    // pacing the workload, not synchronisation
            }
            sender.send(String.format(Locale.ROOT, "%s %06d %d", kind, i, System.nanoTime()));
        }
    }

    interface Receiver {
        void deliver(String text);
    }

    private static void receive(Transport transport, int port, String nick, WireCounter counter, List<AutoCloseable> sockets,
                                CountDownLatch ready, CountDownLatch settled, AtomicBoolean stop, Receiver deliver)
            throws IOException {
        switch (transport) {
            case SHORT_POLL, LONG_POLL -> {
                TinyHttp http = TinyHttp.connect(port, counter);
                sockets.add(http);
                String path = transport == Transport.SHORT_POLL ? "/poll?since=" : "/wait?since=";
                int since = 0;
                boolean first = true;
                while (!stop.get()) {
                    if (transport == Transport.LONG_POLL && first) {
                        ready.countDown();      // the first request is about to wait on the server
                        first = false;
                    }
                    TinyHttp.Response response = http.exchange("GET", path + since, null);
                    String body = response.body().utf8();
                    for (String line : body.split("\n")) {
                        if (!line.isEmpty()) {
                            deliver.deliver(line);
                            since++;
                        }
                    }
                    if (transport == Transport.SHORT_POLL) {
                        if (first) {
                            ready.countDown();
                            first = false;
                        }
                        LockSupport.parkNanos(SHORT_POLL_INTERVAL.toNanos());   // the polling interval itself
                    }
                }
            }
            case SSE -> {
                TinyHttp http = TinyHttp.connect(port, counter);
                sockets.add(http);
                http.openStream("/events");
                ready.countDown();
                StringBuilder pending = new StringBuilder();
                for (byte[] chunk; !stop.get() && (chunk = http.readChunk()) != null; ) {
                    pending.append(new String(chunk, StandardCharsets.UTF_8));
                    for (int end; (end = pending.indexOf("\n\n")) >= 0; ) {
                        String event = pending.substring(0, end);
                        pending.delete(0, end + 2);
                        if (event.startsWith("data: ")) {
                            deliver.deliver(event.substring(6));
                        }
                    }
                }
            }
            case WEBSOCKET -> {
                WireClient ws = WireClient.connect("127.0.0.1", port, "/chat?nick=" + nick,
                        s -> counter.count(s.getInputStream()), s -> counter.count(s.getOutputStream()));
                sockets.add(ws);
                ready.countDown();
                while (!stop.get()) {
                    ws.readMessage();
                    String text = new String(ws.payload(), 0, ws.length(), StandardCharsets.UTF_8);
                    if (text.startsWith("* sender joined")) {
                        settled.countDown();    // every join before the sender's has reached us too
                    } else if (text.startsWith("sender: ")) {
                        deliver.deliver(text);
                    }
                }
            }
        }
    }

    /** The one who talks: POST /send on a keep-alive connection, or text frames in the WebSocket room. */
    private static final class Sender implements AutoCloseable {
        private final TinyHttp http;
        private final WireClient ws;
        private final Thread drain;

        private Sender(TinyHttp http, WireClient ws, Thread drain) {
            this.http = http;
            this.ws = ws;
            this.drain = drain;
        }

        static Sender open(Transport transport, int port, WireCounter counter, CountDownLatch ready, AtomicBoolean stop)
                throws IOException {
            if (transport != Transport.WEBSOCKET) {
                return new Sender(TinyHttp.connect(port, counter), null, null);
            }
            WireClient ws = WireClient.connect("127.0.0.1", port, "/chat?nick=sender",
                    s -> counter.count(s.getInputStream()), s -> counter.count(s.getOutputStream()));
            // The room sends everything to everyone, the sender too: read (and count) it.
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get()) {
                        ws.readMessage();
                        if (new String(ws.payload(), 0, ws.length(), StandardCharsets.UTF_8).startsWith("* sender joined")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    // closed at the end
                }
            });
            return new Sender(null, ws, drain);
        }

        void send(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (ws != null) {
                ws.send(WireClient.frame(1, bytes));
            } else {
                TinyHttp.Response response = http.exchange("POST", "/send", bytes);
                if (response.status() != 204) {
                    throw new IOException("POST /send answered " + response.status());
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (ws != null) {
                ws.close();
                drain.interrupt();
            } else {
                http.close();
            }
        }
    }
}
