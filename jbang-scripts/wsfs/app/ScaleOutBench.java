package wsfs.app;

import wsfs.io.WebSocketClient;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The benchmark of the shared chat room (chapter 26; {@code 26_ScaleOut.java bench}), not a test: N members (300 by default) spread over
 * one, two or three servers sharing a room through one Redis, against chapter 18's single-process room. Six members
 * (spread over the servers) speak in a closed loop, each sending its next line when its previous one came back to
 * it, for a few seconds. Every line carries its send time; every member records when each line arrives.
 * <p>
 * <b>Every line is checked</b>: after the run, each member must have received every line sent, exactly once, in the
 * same order as every other member; a cell that fails the check is reported as failed and no figure is kept.
 * Reported per cell: lines/s (sent and delivered to everyone), deliveries/s (lines times members) and the delivery
 * latency, send to arrival at a member, p50 and p99. Everything runs in one JVM on one machine (servers, Redis as a
 * child process, the members): the figures are ratios between cells of one run, not a capacity.
 */
public final class ScaleOutBench {
    static final int SPEAKERS = 6;

    private ScaleOutBench() {
    }

    /** One cell's result. */
    public record Cell(String room, int servers, int members, long lines, long deliveries, double seconds,
                       double p50Millis, double p99Millis, boolean checked) {
        double linesPerSecond() {
            return lines / seconds;
        }

        double deliveriesPerSecond() {
            return deliveries / seconds;
        }
    }

    /** One member's listener: the benchmark lines it received, in order, with their arrival times. */
    static final class Listener implements WebSocketListener {
        final List<String> ids = new ArrayList<>();
        long[] latencies = new long[1 << 12];
        int count;
        volatile boolean marked;
        volatile int heardOwnJoin;
        final String nick;

        Listener(String nick) {
            this.nick = nick;
        }

        @Override
        public synchronized void onText(WebSocketConnection c, String text) {
            long now = System.nanoTime();
            if (text.startsWith("* " + nick + " joined")) {
                heardOwnJoin = 1;
            }
            int colon = text.indexOf(": ");
            if (colon < 0) {
                return;
            }
            String body = text.substring(colon + 2);
            if (body.equals("mark")) {
                marked = true;
                return;
            }
            if (!marked || !body.startsWith("b ")) {
                return;
            }
            String[] parts = body.split(" ");     // "b SPEAKER SEQ NANOS"
            ids.add(parts[1] + "/" + parts[2]);
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = now - Long.parseLong(parts[3]);
            notifyAll();
        }

        synchronized int received() {
            return ids.size();
        }

        synchronized boolean awaitLine(String id, long deadlineNanos) throws InterruptedException {
            while (!ids.contains(id)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    /** One room to measure: chapter 18's single-process room (servers 0) or 1 to 3 servers on one Redis. */
    record Config(String room, int servers) {
        String label() {
            return servers == 0 ? "single-process" : servers + " server(s) on Redis";
        }
    }

    /**
     * Runs the four rooms {@code rounds} times, interleaved (round 2 starts with the second room, and so on, so that
     * a burst of load from elsewhere does not fall on one room only), after a warm-up of both kinds that is not
     * recorded (the JIT). Prints and writes (if {@code out}) the median of each figure over the rounds; false if a
     * cell failed its check.
     */
    public static boolean run(int members, int seconds, int rounds, Path out, PrintStream print) throws Exception {
        print.println("warm-up (not recorded): the JIT compiles the hot paths of both rooms first");
        measure(new Config("single-process", 0), members, 2, print);
        measure(new Config("redis", 1), members, 2, print);
        List<Config> configs = List.of(new Config("single-process", 0), new Config("redis", 1), new Config("redis", 2),
                new Config("redis", 3));
        java.util.Map<Config, List<Cell>> results = new java.util.LinkedHashMap<>();
        configs.forEach(c -> results.put(c, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            print.println("round " + (round + 1) + " of " + rounds);
            for (int k = 0; k < configs.size(); k++) {
                Config config = configs.get((k + round) % configs.size());
                results.get(config).add(measure(config, members, seconds, print));
            }
        }
        StringBuilder csv = new StringBuilder("room,servers,members,speakers,rounds,seconds,lines_per_s,lines_per_s_min,"
                + "lines_per_s_max,deliveries_per_s,p50_ms,p99_ms,checked,lines_per_s_rounds\n");
        boolean allChecked = true;
        for (var entry : results.entrySet()) {
            List<Cell> cells = entry.getValue();
            boolean checked = cells.stream().allMatch(Cell::checked);
            allChecked &= checked;
            double[] rates = cells.stream().mapToDouble(Cell::linesPerSecond).sorted().toArray();
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.0f,%.0f,%.0f,%.0f,%.2f,%.2f,%s,%s%n",
                    entry.getKey().room(), Math.max(1, entry.getKey().servers()), members, SPEAKERS, rounds, seconds,
                    median(rates), rates[0], rates[rates.length - 1],
                    median(cells.stream().mapToDouble(Cell::deliveriesPerSecond).toArray()),
                    median(cells.stream().mapToDouble(Cell::p50Millis).toArray()),
                    median(cells.stream().mapToDouble(Cell::p99Millis).toArray()), checked,
                    String.join(";", cells.stream().map(c -> String.format(Locale.ROOT, "%.0f", c.linesPerSecond())).toList())));
        }
        print.println();
        print.print(csv);
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, "# 26_ScaleOut.java bench: " + members + " members, " + SPEAKERS + " speaking, "
                    + rounds + " rounds of " + seconds + " s per room (medians), "
                    + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version().feature() + "\n" + csv);
            print.println("wrote " + out);
        }
        return allChecked;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One cell: a fresh room (and a fresh Redis), the members join, the speakers speak for {@code seconds}. */
    static Cell measure(Config config, int members, int seconds, PrintStream print) throws Exception {
        if (config.servers() == 0) {
            try (ChatRoom single = ChatRoom.start(0)) {
                return cell(config.room(), 1, members, seconds, i -> single.chatUrl("m" + i), print);
            }
        }
        try (RedisProcess redis = RedisProcess.start()) {
            List<SharedChatRoom> rooms = new ArrayList<>();
            try {
                for (int s = 0; s < config.servers(); s++) {
                    rooms.add(SharedChatRoom.start(0, redis.url(), "bench" + s));
                }
                int n = config.servers();
                return cell(config.room(), n, members, seconds, i -> rooms.get(i % n).chatUrl("m" + i), print);
            } finally {
                rooms.forEach(SharedChatRoom::close);
            }
        }
    }

    static Cell cell(String room, int servers, int members, int seconds, IntFunction<String> url, PrintStream print)
            throws Exception {
        print.printf("%s, %d server(s), %d members: joining...%n", room, servers, members);
        List<Listener> listeners = new ArrayList<>();
        List<WebSocketConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                Listener l = new Listener("m" + i);
                listeners.add(l);
                connections.add(WebSocketClient.connect(url.apply(i), l));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (Listener l : listeners) {
                while (l.heardOwnJoin == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(l.nick + " was not admitted within 60 s");
                    }
                    Thread.onSpinWait();
                    Thread.sleep(1);   // a poll of a flag a listener sets; not a synchronisation of the measurement
                }
            }
            connections.getFirst().sendText("mark");
            for (Listener l : listeners) {
                while (!l.marked) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(l.nick + " never received the mark");
                    }
                    Thread.sleep(1);
                }
            }
            int[] speakers = new int[SPEAKERS];
            for (int s = 0; s < SPEAKERS; s++) {
                speakers[s] = s * (members / SPEAKERS);   // m0, m50, m100... : spread over the servers
            }
            long[] sent = new long[SPEAKERS];
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            boolean[] stalled = new boolean[1];
            for (int s = 0; s < SPEAKERS; s++) {
                int speaker = s;
                threads.add(Thread.ofVirtual().start(() -> {
                    Listener own = listeners.get(speakers[speaker]);
                    WebSocketConnection c = connections.get(speakers[speaker]);
                    try {
                        for (long seq = 0; System.nanoTime() < end; seq++) {
                            c.sendText("b " + speaker + " " + seq + " " + System.nanoTime());
                            if (!own.awaitLine(speaker + "/" + seq, System.nanoTime() + TimeUnit.SECONDS.toNanos(20))) {
                                stalled[0] = true;
                                return;
                            }
                            sent[speaker] = seq + 1;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(seconds + 30));
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long lines = Arrays.stream(sent).sum();
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Listener l : listeners) {
                while (l.received() < lines && System.nanoTime() < wait) {
                    Thread.sleep(5);
                }
            }
            boolean checked = !stalled[0];
            List<String> order;
            synchronized (listeners.getFirst()) {
                order = List.copyOf(listeners.getFirst().ids);
            }
            checked &= order.size() == lines && order.stream().distinct().count() == lines;
            long deliveries = 0;
            long[] all = new long[0];
            for (Listener l : listeners) {
                synchronized (l) {
                    checked &= l.ids.equals(order);
                    deliveries += l.count;
                    int from = all.length;
                    all = Arrays.copyOf(all, from + l.count);
                    System.arraycopy(l.latencies, 0, all, from, l.count);
                }
            }
            Arrays.sort(all);
            double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
            double p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 0.99)] / 1e6;
            Cell cell = new Cell(room, servers, members, lines, deliveries, elapsed, p50, p99, checked);
            print.printf(Locale.ROOT, "  %d lines, %d deliveries in %.1f s: %.0f lines/s, %.0f deliveries/s,"
                            + " latency p50 %.2f ms p99 %.2f ms, every line to every member once in one order: %s%n",
                    lines, deliveries, elapsed, cell.linesPerSecond(), cell.deliveriesPerSecond(), p50, p99,
                    checked ? "yes" : "NO");
            return cell;
        } finally {
            for (WebSocketConnection c : connections) {
                c.close();
            }
            for (WebSocketConnection c : connections) {
                c.awaitClosed(java.time.Duration.ofSeconds(5));
            }
        }
    }
}
