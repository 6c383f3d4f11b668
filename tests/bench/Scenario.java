package bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's echo scenarios (issue 11). Each runs a warm-up (not counted), then measures for the given
 * time, and checks every echoed message byte for byte against what it sent ({@link WireClient#verify}).
 */
enum Scenario {
    /** One connection, 32-byte binary request and response, one at a time: msg/s and latency percentiles. */
    RTT("rtt"),
    /** One connection, 1 KiB binary messages, 64 in flight (the writer waits for echoes beyond that). */
    STREAM("stream"),
    /** 200 connections doing rtt at once: total msg/s and the slowest connection as % of the average. */
    FANIN("fanin"),
    /** One connection echoing 16 MiB binary messages: MB/s of payload echoed (10^6 bytes per second). */
    LARGE("large"),
    /** N idle connections: live heap of the server process per connection, after a full GC. */
    IDLE("idle");

    static final int RTT_SIZE = 32;
    static final int STREAM_SIZE = 1024;
    static final int STREAM_IN_FLIGHT = 64;
    static final int FANIN_CONNECTIONS = 200;
    static final int LARGE_SIZE = 16 * 1024 * 1024;

    final String label;

    Scenario(String label) {
        this.label = label;
    }

    static Scenario byLabel(String label) {
        for (Scenario s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "' (known: rtt, stream, fanin, large, idle, polling)");
    }

    /** What the scenario needs besides the target: measuring time, warm-up time, idle connection count. */
    record Settings(Duration warmup, Duration measure, int idleConnections) {
    }

    List<Metric> run(Target target, Settings settings) throws IOException, InterruptedException {
        return switch (this) {
            case RTT -> rtt(target, settings);
            case STREAM -> stream(target, settings);
            case FANIN -> fanin(target, settings);
            case LARGE -> large(target, settings);
            case IDLE -> idle(target, settings);
        };
    }

    static byte[] pattern(int size, long seed) {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        return payload;
    }

    // ---- rtt ----------------------------------------------------------------------------------------------

    private List<Metric> rtt(Target target, Settings settings) throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        boolean pinned = false;
        if (target.process() != null && ChildServer.Affinity.available()) {
            boolean server = target.process().pin("1");
            pinned = ChildServer.Affinity.pin(self, "0") & server;   // both tried, both undone below
        }
        try (WireClient client = target.connect()) {
            byte[] expected = pattern(RTT_SIZE, 1);
            byte[] frame = WireClient.frame(2, expected);
            long seq = 0;
            long warmEnd = System.nanoTime() + settings.warmup().toNanos();
            while (System.nanoTime() < warmEnd) {
                roundTrip(client, frame, expected, ++seq);
            }
            long[] latencies = new long[1 << 16];
            int count = 0;
            long start = System.nanoTime();
            long end = start + settings.measure().toNanos();
            long now = start;
            while (now < end) {
                long sent = now;
                roundTrip(client, frame, expected, ++seq);
                now = System.nanoTime();
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = now - sent;
            }
            Arrays.sort(latencies, 0, count);
            double seconds = (now - start) / 1e9;
            return List.of(new Metric(label, "msg_per_s", "msg/s", count / seconds, true),
                    new Metric(label, "p50_us", "us", percentile(latencies, count, 0.50) / 1e3, false),
                    new Metric(label, "p99_us", "us", percentile(latencies, count, 0.99) / 1e3, false),
                    new Metric(label, "pinned", "bool", pinned ? 1 : 0, true));
        } finally {
            if (target.process() != null && ChildServer.Affinity.available()) {
                target.process().pin(ChildServer.Affinity.allCpus());
                ChildServer.Affinity.pin(self, ChildServer.Affinity.allCpus());
            }
        }
    }

    static void roundTrip(WireClient client, byte[] frame, byte[] expected, long seq) throws IOException {
        WireClient.patch(frame, seq);
        client.send(frame);
        client.readMessage();
        client.verify(2, expected, seq);
    }

    static double percentile(long[] sorted, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
    }

    // ---- stream -------------------------------------------------------------------------------------------

    private List<Metric> stream(Target target, Settings settings) throws IOException, InterruptedException {
        try (WireClient client = target.connect()) {
            byte[] expected = pattern(STREAM_SIZE, 2);
            byte[] frame = WireClient.frame(2, expected);
            Semaphore window = new Semaphore(STREAM_IN_FLIGHT);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            AtomicLong writeFailure = new AtomicLong();
            Thread writer = Thread.ofPlatform().name("stream-writer").start(() -> {
                try {
                    long seq = 0;
                    while (!stop.get()) {
                        if (!window.tryAcquire()) {
                            client.flush();     // batch: what is queued goes out in one write before we wait
                            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                        }
                        WireClient.patch(frame, ++seq);
                        client.write(frame);
                        sent.set(seq);
                    }
                    client.flush();
                } catch (IOException | InterruptedException e) {
                    writeFailure.set(1);
                }
            });
            long received = 0;
            try {
                long warmEnd = System.nanoTime() + settings.warmup().toNanos();
                while (System.nanoTime() < warmEnd) {
                    readOne(client, expected, ++received, window);
                }
                long start = System.nanoTime();
                long firstCounted = received;
                long end = start + settings.measure().toNanos();
                long now = start;
                while (now < end) {
                    readOne(client, expected, ++received, window);
                    now = System.nanoTime();
                }
                double rate = (received - firstCounted) / ((now - start) / 1e9);
                stop.set(true);
                writer.join(10_000);
                while (received < sent.get()) {     // drain what is still in flight, checking it too
                    readOne(client, expected, ++received, window);
                }
                if (writeFailure.get() != 0) {
                    throw new IOException("the stream writer failed");
                }
                return List.of(new Metric(label, "msg_per_s", "msg/s", rate, true));
            } finally {
                stop.set(true);
                writer.interrupt();
            }
        }
    }

    private static void readOne(WireClient client, byte[] expected, long seq, Semaphore window) throws IOException {
        client.readMessage();
        client.verify(2, expected, seq);
        window.release();
    }

    // ---- fanin --------------------------------------------------------------------------------------------

    private List<Metric> fanin(Target target, Settings settings) throws IOException, InterruptedException {
        List<WireClient> clients = connectAll(target, FANIN_CONNECTIONS);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long[] counts = new long[clients.size()];
            CountDownLatch go = new CountDownLatch(1);
            long[] window = new long[2];
            List<Future<?>> done = new ArrayList<>();
            byte[] expected = pattern(RTT_SIZE, 3);
            for (int i = 0; i < clients.size(); i++) {
                int index = i;
                WireClient client = clients.get(i);
                done.add(threads.submit(() -> {
                    byte[] frame = WireClient.frame(2, expected);
                    go.await();
                    long seq = 0;
                    while (true) {
                        roundTrip(client, frame, expected, ++seq);
                        long now = System.nanoTime();
                        if (now >= window[1]) {
                            return null;
                        }
                        if (now >= window[0]) {
                            counts[index]++;
                        }
                    }
                }));
            }
            window[0] = System.nanoTime() + settings.warmup().toNanos();
            window[1] = window[0] + settings.measure().toNanos();
            go.countDown();     // the latch publishes window[] to every thread
            for (Future<?> f : done) {
                await(f);
            }
            long total = Arrays.stream(counts).sum();
            long slowest = Arrays.stream(counts).min().orElse(0);
            double average = (double) total / counts.length;
            double seconds = settings.measure().toNanos() / 1e9;
            return List.of(new Metric(label, "msg_per_s", "msg/s", total / seconds, true),
                    new Metric(label, "slowest_pct", "% of avg", average == 0 ? 0 : 100.0 * slowest / average, true));
        } finally {
            for (WireClient c : clients) {
                c.close();
            }
        }
    }

    private static void await(Future<?> f) throws IOException, InterruptedException {
        try {
            f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("a connection did not finish within 120 s");
        }
    }

    /** Opens {@code n} connections, 16 handshakes at a time; fails if any one fails. */
    static List<WireClient> connectAll(Target target, int n) throws IOException, InterruptedException {
        List<WireClient> clients = new ArrayList<>();
        List<String> failures = connectMany(target, n, clients);
        if (!failures.isEmpty()) {
            for (WireClient c : clients) {
                c.close();
            }
            throw new IOException(failures.size() + " of " + n + " connections failed, first: " + failures.get(0));
        }
        return clients;
    }

    /** Opens up to {@code n} connections into {@code into}, 16 at a time; returns the failures' messages. */
    static List<String> connectMany(Target target, int n, List<WireClient> into) throws InterruptedException {
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 16; t++) {
                threads.submit(() -> {
                    while (next.getAndIncrement() < n) {
                        try {
                            WireClient c = target.connect();
                            synchronized (into) {
                                into.add(c);
                            }
                        } catch (IOException e) {
                            failures.add(String.valueOf(e.getMessage()));
                        }
                    }
                });
            }
        }
        return failures;
    }

    // ---- large --------------------------------------------------------------------------------------------

    private List<Metric> large(Target target, Settings settings) throws IOException {
        try (WireClient client = target.connect()) {
            byte[] expected = pattern(LARGE_SIZE, 4);
            byte[] frame = WireClient.frame(2, expected);
            long seq = 0;
            long warmEnd = System.nanoTime() + settings.warmup().toNanos();
            do {
                roundTrip(client, frame, expected, ++seq);
            } while (System.nanoTime() < warmEnd);
            long start = System.nanoTime();
            long end = start + settings.measure().toNanos();
            long count = 0;
            long now;
            do {
                roundTrip(client, frame, expected, ++seq);
                count++;
                now = System.nanoTime();
            } while (now < end);
            double mbPerSecond = count * (double) LARGE_SIZE / 1e6 / ((now - start) / 1e9);
            return List.of(new Metric(label, "mb_per_s", "MB/s", mbPerSecond, true));
        }
    }

    // ---- idle ---------------------------------------------------------------------------------------------

    private List<Metric> idle(Target target, Settings settings) throws IOException, InterruptedException {
        ChildServer server = target.process();
        if (server == null) {
            throw new IOException("idle needs a server process to read its heap");
        }
        long before = server.heapAfterGc();
        List<WireClient> clients = new ArrayList<>();
        try {
            List<String> failures = connectMany(target, settings.idleConnections(), clients);
            if (clients.isEmpty()) {
                throw new IOException("no idle connection was accepted: " + (failures.isEmpty() ? "" : failures.get(0)));
            }
            long after = server.heapAfterGc();
            // Every connection still works after the GC (a server may have closed the ones it refused).
            byte[] expected = pattern(RTT_SIZE, 5);
            byte[] frame = WireClient.frame(2, expected);
            roundTrip(clients.get(clients.size() - 1), frame, expected, 1);
            double perConnection = (after - before) / (double) clients.size();
            return List.of(new Metric(label, "heap_per_conn_kib", "KiB", perConnection / 1024, false),
                    new Metric(label, "connections", "held", clients.size(), true),
                    new Metric(label, "refused", "connections", failures.size(), false));
        } finally {
            for (WireClient c : clients) {
                c.close();
            }
        }
    }
}
