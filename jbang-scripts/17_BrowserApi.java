///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES 16_Client.java
//SOURCES wsfs/io/BrowserStyleWebSocket.java
//MAIN BrowserApi

// Chapter 17: the browser's API. The WebSocket object every page has (WHATWG WebSockets Standard), in Java, on
// chapter 16's client: events delivered one at a time, send() that never blocks, bufferedAmount, close(code, reason).

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import wsfs.app.CommandLine;
import wsfs.io.BrowserStyleWebSocket;
import wsfs.io.EchoListener;
import wsfs.io.WebSocketServer;
import wsfs.view.HexDump;

class BrowserApi {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], BrowserApi::help);
        }
    }

    static void help() {
        System.out.println("""
                17_BrowserApi.java: the browser's WebSocket API in Java (chapter 17)

                  (no arguments)            demo: an echo server on a free port and a BrowserStyleWebSocket:
                                            readyState, onopen/onmessage/onerror/onclose, addEventListener,
                                            text and binary in both binaryTypes, bufferedAmount, close(code, reason)
                  --help                    this text

                For a client from the terminal, see 16_Client.java connect URL [--debug].
                """);
    }

    static void demo() throws Exception {
        WebSocketServer server = WebSocketServer.start(0, WebSocketServer.Options.defaults()
                .withLog(line -> System.out.println("server: " + line)), new EchoListener());
        System.out.println("== 1. An echo server (chapter 14) on ws://127.0.0.1:<an ephemeral port>/");
        browserStyle(server.url());
        server.shutdown();
        System.out.println("""

                What to take away: the browser's API is a thin layer over chapter 16's client: the events come
                one at a time on one thread, send() only queues (bufferedAmount counts what waits), and close()
                accepts 1000 or 3000-4999 with a reason of at most 123 bytes.""");
    }

    static void browserStyle(String url) throws Exception {
        System.out.println("\n== 2. The browser-style client: new WebSocket(url), onopen/onmessage/onerror/onclose");
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        // The handlers are set in the setup lambda, before the connection starts: Java's stand-in for the
        // browser's rule that a script runs to its end before any event is delivered.
        BrowserStyleWebSocket ws = new BrowserStyleWebSocket(url, self -> {
            System.out.println("readyState in the setup, before connecting: " + state(self.readyState()));
            self.onopen(e -> {
                System.out.println("onopen: readyState " + state(self.readyState()));
                opened.countDown();
            });
            self.addEventListener("open", e -> System.out.println("open (addEventListener): a second handler"));
            self.onmessage(e -> {
                Object data = e.data();
                String shown = switch (data) {
                    case String s -> "String \"" + (s.length() > 40 ? s.substring(0, 40) + "...\" (" + s.length() + " chars)" : s + "\"");
                    case byte[] b -> "byte[" + b.length + "] (binaryType blob) " + HexDump.hex(b, 0, Math.min(8, b.length));
                    case ByteBuffer bb -> "ByteBuffer, " + bb.remaining() + " bytes (binaryType arraybuffer)"
                            + (bb.remaining() <= 8 ? " " + HexDump.hex(bytes(bb)) : "");
                    default -> data.toString();
                };
                System.out.println("onmessage: " + shown);
                received.add(data);
            });
            self.onerror(e -> System.out.println("onerror: " + e.cause()));
            self.onclose(e -> {
                System.out.println("onclose: code " + e.code() + ", reason \"" + e.reason() + "\", wasClean " + e.wasClean()
                        + "; readyState " + state(self.readyState()));
                closed.countDown();
            });
        });
        if (!opened.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no open event");
        }
        ws.send("Hello WebSockets!");
        received.poll(10, TimeUnit.SECONDS);
        ws.send(new byte[] {1, 2, 3});
        received.poll(10, TimeUnit.SECONDS);
        ws.binaryType(BrowserStyleWebSocket.BinaryType.ARRAYBUFFER);
        ws.send(ByteBuffer.wrap(new byte[] {4, 5, 6}));
        received.poll(10, TimeUnit.SECONDS);
        byte[] big = new byte[8 * 1024 * 1024];
        ws.send(big);
        System.out.println("bufferedAmount right after send(8 MiB): " + ws.bufferedAmount()
                + " (the writer thread has not written it all yet)");
        received.poll(30, TimeUnit.SECONDS);
        System.out.println("bufferedAmount after the echo came back: " + ws.bufferedAmount());
        System.out.println("close(1000, \"done\")");
        ws.close(1000, "done");
        closed.await(10, TimeUnit.SECONDS);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static String state(int readyState) {
        return readyState + " " + BrowserStyleWebSocket.readyStateName(readyState);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
