package exercises;

import wsfs.protocol.ByteString;
import wsfs.io.WebSocketConnection;
import wsfs.io.WebSocketListener;
import wsfs.io.WebSocketServer;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static exercises.Stage.challenge;
import static exercises.Stage.core;
import static exercises.Stages04.KEY;
import static exercises.Stages04.concat;
import static exercises.Stages04.hex;

/** Chapter 14's stages: the server core's accept loop and its answer to each request, on real loopback sockets. */
final class Stages14 {
    private Stages14() {
    }

    static byte[] readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toByteArray();
    }

    /** A stub's TODO ends up in the server's log (as a 1011); say which exercise it is. */
    static void todoInLog(ConcurrentLinkedQueue<String> log) {
        for (String line : log) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("TODO (\\d\\d-[a-z0-9-]+)").matcher(line);
            if (m.find()) {
                throw new UnsupportedOperationException("TODO " + m.group(1));
            }
        }
    }

    /**
     * Chapter 14's own stages. The read loop's and dispatch's stages (and the fail-fast challenge) moved to
     * {@link Stages13} with the exercises 13-read-loop and 13-dispatch; readHead and todoInLog stay here for this chapter's and chapter 20's.
     */
    static List<Stage> stages() {
        return serverCoreStages();
    }

    // ---- the server core: 14-accept-loop and 14-answer-request --------------------------------------------

    static final java.io.IOException EMFILE = new java.net.SocketException("Too many open files");

    /**
     * A listening socket that follows a script: each accept() takes the next entry and throws it (an IOException)
     * or returns it (a Socket); when the script is used up it fails for ever ({@code failForever}) or waits until
     * close(). No port is bound: the accept loop cannot tell the difference.
     */
    static final class ScriptedListener extends java.net.ServerSocket {
        final List<Long> acceptsAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.ConcurrentLinkedQueue<Object> script;
        private final boolean failForever;
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.Semaphore accepts = new java.util.concurrent.Semaphore(0);

        ScriptedListener(List<Object> script, boolean failForever) throws java.io.IOException {
            this.script = new ConcurrentLinkedQueue<>(script);
            this.failForever = failForever;
        }

        @Override
        public Socket accept() throws java.io.IOException {
            acceptsAt.add(System.nanoTime());
            accepts.release();
            if (closed.getCount() == 0) {
                throw new java.net.SocketException("Socket is closed");
            }
            Object next = script.poll();
            if (next == null && failForever) {
                throw EMFILE;
            }
            if (next == null) {
                try {
                    closed.await(8, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.net.SocketException("Socket is closed");
            }
            if (next instanceof java.io.IOException e) {
                throw e;
            }
            return (Socket) next;
        }

        /** Waits until accept() has been called {@code n} times in all (at most 5 s). */
        boolean awaitAccepts(int n) throws InterruptedException {
            return accepts.tryAcquire(n, 5, java.util.concurrent.TimeUnit.SECONDS);
        }

        /** Milliseconds between accept() call i and i+1. */
        long gapMillis(int i) {
            return (acceptsAt.get(i + 1) - acceptsAt.get(i)) / 1_000_000;
        }

        @Override
        public void close() throws java.io.IOException {
            closed.countDown();
            super.close();
        }
    }

    /** What an accept loop did with a script: the sockets it served, how, and its log. */
    record LoopRun(ScriptedListener listener, List<Socket> served, List<Boolean> onVirtualThread, List<Boolean> wasOpen,
                   java.util.Set<String> threads, List<String> log, long stoppedInMillis) {
    }

    /**
     * Runs an AcceptLoop on {@code script} until {@code accepts} accept() calls have happened and {@code served}
     * sockets are served (at most 5 s and 2 s), then stops it and measures how long run() took to return after stop() (the loop must
     * end within 2 s). A TODO in the learner's run() is thrown as it is.
     */
    static LoopRun runLoop(List<Object> script, boolean failForever, int accepts, int served) throws Exception {
        ScriptedListener listener = new ScriptedListener(script, failForever);
        java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Socket> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> virtual = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Boolean> wasOpen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch servedAll = new java.util.concurrent.CountDownLatch(served);
        wsfs.io.AcceptLoop loop = new wsfs.io.AcceptLoop(listener, open, socket -> {
            wasOpen.add(open.contains(socket));
            virtual.add(Thread.currentThread().isVirtual());
            threads.add(Thread.currentThread().toString());
            got.add(socket);
            open.remove(socket);
            servedAll.countDown();
        }, log::add);
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                loop.run();
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        }, "accept loop under check");
        runner.setDaemon(true);
        runner.start();
        java.util.concurrent.CompletableFuture.anyOf(ended, java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                listener.awaitAccepts(accepts);
                servedAll.await(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).get(8, java.util.concurrent.TimeUnit.SECONDS);
        if (ended.isDone() && ended.get() != null) {
            Throwable t = ended.get();
            if (t instanceof Exception e) {
                throw e;
            }
            throw (Error) t;
        }
        if (ended.isDone()) {
            throw new StageFailure("an accept loop over " + describe(script) + (failForever ? ", then failures for ever" : ""),
                    "run() goes on until stop()", "run() returned after " + listener.acceptsAt.size() + " accept() call(s), before stop()");
        }
        long stopAt = System.nanoTime();
        loop.stop();
        Throwable late;
        try {
            late = ended.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StageFailure("stop() on an accept loop over " + describe(script), "run() returns at once",
                    "run() still running 2 s after stop()");
        }
        if (late instanceof Exception e) {
            throw e;
        }
        return new LoopRun(listener, got, virtual, wasOpen, threads, log, (System.nanoTime() - stopAt) / 1_000_000);
    }

    static String describe(List<Object> script) {
        if (script.isEmpty()) {
            return "a listener with no client";
        }
        return script.stream().map(o -> o instanceof Socket ? "a client" : "accept() fails: " + ((Exception) o).getMessage())
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** The settings a bare core needs; log lines go to {@code log}. */
    record CoreSettings(wsfs.protocol.Limits limits, wsfs.protocol.HandshakePolicy handshake, java.time.Duration handshakeTimeout,
                        java.util.function.Consumer<String> log) implements wsfs.io.ServerCore.Settings {
    }

    /** A server's hooks that count admissions and refuse them with {@code refusal} (null: let everyone in). */
    static final class CountingHooks implements wsfs.io.ServerHooks {
        final java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
        private final wsfs.protocol.HandshakeRejected refusal;

        CountingHooks(wsfs.protocol.HandshakeRejected refusal) {
            this.refusal = refusal;
        }

        @Override
        public void admit(wsfs.protocol.HttpRequest request) throws wsfs.protocol.HandshakeRejected {
            if (refusal != null) {
                throw refusal;
            }
            admitted.incrementAndGet();
        }
    }

    /**
     * Starts a ServerCore with one endpoint at /chat (an echo), sends {@code head} and returns the response head
     * that comes back ("" if none did), within 5 s. A TODO in the server's log is thrown as the stub's own.
     */
    static String ask(String head, wsfs.io.ServerHooks hooks) throws Exception {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        wsfs.io.ServerCore core = wsfs.io.ServerCore.start(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new CoreSettings(wsfs.protocol.Limits.defaults(), wsfs.protocol.HandshakePolicy.defaults(), java.time.Duration.ofSeconds(5), log::add),
                request -> request.target().startsWith("/chat") ? new wsfs.io.EchoListener() : null, hooks);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), core.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String answer;
            try {
                answer = new String(readHead(s.getInputStream()), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                answer = "";
            }
            if (answer.isEmpty()) {
                todoInLog(log);
            }
            return answer;
        } finally {
            core.close();
        }
    }

    static void answers(String head, wsfs.io.ServerHooks hooks, String status, String... fields) throws Exception {
        String got = Expect.run(Stages02.show(head), status, () -> ask(head, hooks));
        boolean ok = got.startsWith(status + "\r\n");
        for (String field : fields) {
            ok &= got.contains("\r\n" + field + "\r\n");
        }
        Expect.isTrue(Stages02.show(head), ok, status + (fields.length == 0 ? "" : " with " + String.join(", ", fields)),
                got.isEmpty() ? "no answer: the connection ended" : Show.visible(got));
    }

    static List<Stage> serverCoreStages() {
        String survive = "An accept loop survives errors (Tomcat's acceptor; EMFILE: accept(2)); every client gets a thread of its own";
        String answer = "RFC 6455 section 4.2.2: the server answers an upgrade request with 101 or an HTTP error; RFC 9110 section 15.5";
        String policy = Stages02.GOOD;
        return List.of(
                core("14-accept-loop", "each client is served on a virtual thread of its own, once it is in the open set", survive,
                        "while (running): socket = listener.accept(); open.add(socket); Thread.ofVirtual().start(() -> serve.accept(socket)).", () -> {
                            List<Object> three = List.of(new Socket(), new Socket(), new Socket());
                            LoopRun r = runLoop(three, false, 4, 3);
                            Expect.equal("an accept loop over three clients: the sockets served", java.util.Set.copyOf(three), java.util.Set.copyOf(r.served()));
                            Expect.equal("each one served on a virtual thread", List.of(true, true, true), r.onVirtualThread());
                            Expect.equal("each one in the open set before it is served", List.of(true, true, true), r.wasOpen());
                            Expect.equal("how many threads served them", 3, r.threads().size());
                        }),
                core("14-accept-loop", "stop() ends the loop while accept() waits, with no log line", survive,
                        "stop() closes the listener, so accept() throws: when !running, return without a word.", () -> {
                            LoopRun r = runLoop(List.of(), false, 1, 0);
                            Expect.equal("stop() while accept() waits: the log", List.of(), r.log());
                        }),
                core("14-accept-loop", "a failed accept is not the end: one log line per burst, then the next client is served", survive,
                        "catch (IOException e): log the first failure of a burst (\"accept failed: ...; backing off ...\"), pause, continue; on the next success log \"accepting again after N failed accepts\".", () -> {
                            Socket client = new Socket();
                            LoopRun r = runLoop(List.of(EMFILE, EMFILE, EMFILE, client), false, 5, 1);
                            String input = "an accept loop over " + describe(List.of(EMFILE, EMFILE, EMFILE, client));
                            Expect.equal(input + ": the client served", List.of(client), r.served());
                            Expect.isTrue(input + ": the log", r.log().size() == 2 && r.log().get(0).startsWith("accept failed: Too many open files; backing off")
                                            && r.log().get(1).equals("accepting again after 3 failed accepts"),
                                    "two lines: \"accept failed: Too many open files; backing off (...)\" and \"accepting again after 3 failed accepts\"", String.valueOf(r.log()));
                        }),
                core("14-accept-loop", "the pause doubles with each failure in a row: 50, 100, 200, 400 ms", survive + "; a loop that retries at once burns a core",
                        "backoff = backoff == 0 ? ACCEPT_BACKOFF_MIN : min(ACCEPT_BACKOFF_MAX, backoff * 2); pause(backoff) before the next accept().", () -> {
                            List<Object> script = List.of(EMFILE, EMFILE, EMFILE, EMFILE, EMFILE, new Socket());
                            LoopRun r = runLoop(script, false, 6, 1);
                            List<Long> gaps = List.of(r.listener().gapMillis(0), r.listener().gapMillis(1), r.listener().gapMillis(2), r.listener().gapMillis(3));
                            Expect.isTrue("an accept loop over " + describe(script) + ": milliseconds between the accept() calls",
                                    gaps.get(0) >= 45 && gaps.get(1) >= 90 && gaps.get(2) >= 180 && gaps.get(3) >= 360,
                                    "at least 50, 100, 200, 400 (each pause twice the one before)", String.valueOf(gaps));
                        }),
                core("14-accept-loop", "stop() ends a pause at once", survive + "; only stop() ends the loop",
                        "pause(millis) waits on the stopping latch, which stop() opens: no Thread.sleep.", () -> {
                            LoopRun r = runLoop(List.of(), true, 5, 0);   // the fifth failure starts a pause of 800 ms
                            Expect.isTrue("stop() during the pause of 800 ms after five failures", r.stoppedInMillis() < 400,
                                    "run() returns within 400 ms", "it took " + r.stoppedInMillis() + " ms");
                        }),
                core("14-answer-request", "an upgrade request for an endpoint's path gets 101 and takes one place", answer,
                        "Upgrade request, endpoint.open(request) not null, running, hooks.admit(request) passes: return the listener.", () -> {
                            CountingHooks hooks = new CountingHooks(null);
                            answers(policy, hooks, "HTTP/1.1 101 Switching Protocols", "Upgrade: websocket");
                            Expect.equal("admit() calls for one upgrade request", 1, hooks.admitted.get());
                        }),
                core("14-answer-request", "a request without Upgrade gets the hooks' answer: 426 with Upgrade: websocket", answer + "; 426: RFC 9110 section 15.5.22",
                        "!ServerHandshake.isUpgradeRequest(request): hooks.answerPlainRequest(request, out); return null.", () ->
                                answers("GET / HTTP/1.1\r\nHost: server.example.com\r\n\r\n", new CountingHooks(null), "HTTP/1.1 426 Upgrade Required", "Upgrade: websocket")),
                core("14-answer-request", "a path no endpoint serves gets 404, and takes no place", answer + "; 404: RFC 9110 section 15.5.5",
                        "endpoint.open(request) == null: throw refuse(out, new HandshakeRejected(404, ...)) before hooks.admit.", () -> {
                            CountingHooks hooks = new CountingHooks(null);
                            answers(policy.replace("GET /chat ", "GET /nowhere "), hooks, "HTTP/1.1 404 Not Found");
                            Expect.equal("admit() calls for a request to /nowhere", 0, hooks.admitted.get());
                        }),
                core("14-answer-request", "a refusal of the hooks is written with its status and fields: 503, Retry-After", answer + "; 503: RFC 9110 section 15.6.4",
                        "catch (HandshakeRejected r) around hooks.admit: throw refuse(out, r), which writes its status and fields.", () ->
                                answers(policy, new CountingHooks(new wsfs.protocol.HandshakeRejected(503, "Too many connections", "RFC 9110 section 15.6.4",
                                        wsfs.protocol.HttpHeaders.of("Retry-After", "5"))), "HTTP/1.1 503 Service Unavailable", "Retry-After: 5")),
                challenge("14-accept-loop", "two bursts of failures: one line each, and the second pause starts again at 50 ms", survive,
                        "On a success after failures: log, then failures = 0 and the pause back to nothing, so the next burst starts at 50 ms.", () -> {
                            List<Object> script = List.of(EMFILE, EMFILE, new Socket(), EMFILE, EMFILE, new Socket());
                            LoopRun r = runLoop(script, false, 7, 2);
                            String input = "an accept loop over " + describe(script);
                            Expect.isTrue(input + ": the log", r.log().size() == 4 && r.log().get(1).equals("accepting again after 2 failed accepts")
                                            && r.log().get(2).startsWith("accept failed: ") && r.log().get(3).equals("accepting again after 2 failed accepts"),
                                    "four lines: accept failed, accepting again after 2 failed accepts, accept failed, accepting again after 2 failed accepts", String.valueOf(r.log()));
                            long second = r.listener().gapMillis(3) + r.listener().gapMillis(4);
                            Expect.isTrue(input + ": milliseconds from the second burst's first failure to its client", second < 450,
                                    "about 150 (50 + 100: the pause starts again)", second + " ms");
                        }));
    }
}
