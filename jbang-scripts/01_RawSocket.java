///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//SOURCES wsfs/view/HexDump.java
//SOURCES wsfs/io/ByteStreams.java
//SOURCES wsfs/io/TrickleInputStream.java
//SOURCES wsfs/app/CommandLine.java
//MAIN RawSocket

// Chapter 01: a raw TCP socket. Bytes in, bytes out, and no message boundaries.
// (CommandLine reads every script's modes and options; it comes in here and every later script has it.)

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import wsfs.io.ByteStreams;
import wsfs.app.CommandLine;
import wsfs.view.HexDump;

class RawSocket {
    static final int MAX_HEAD = 16 * 1024;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            demo();
            return;
        }
        switch (args[0]) {
            case "listen" -> {
                CommandLine.checkOptions(CommandLine.rest(args), List.of("--once"), List.of("--port"));
                listen(CommandLine.portOption(args, 8080), CommandLine.flag(args, "--once"));
            }
            case String mode when CommandLine.isHelp(mode) -> help();
            default -> CommandLine.unknownMode(args[0], RawSocket::help);
        }
    }

    static void help() {
        System.out.println("""
                01_RawSocket.java: a raw TCP socket on loopback (chapter 01)

                  (no arguments)          demo: a server and a client in one process; shows that TCP
                                          delivers a byte stream without message boundaries
                  listen [--port N] [--once]
                                          listen on 127.0.0.1:N (default 8080) and print, as annotated hex
                                          and text, whatever a browser or any client sends. Point a browser
                                          at http://127.0.0.1:N/ and follow the page's instructions to send
                                          a WebSocket upgrade request. --once: exit after one connection.
                  --help                  this text
                """);
    }

    // ---- the demo -------------------------------------------------------------------------------------

    static void demo() throws Exception {
        // bind + listen: port 0 lets the operating system pick a free port (like bind(('127.0.0.1', 0)) in Python)
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("server: listening on " + server.getLocalSocketAddress());
            Thread serverThread = Thread.ofVirtual().name("server").start(() -> serve(server));

            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
                client.setSoTimeout(5_000);
                client.setTcpNoDelay(true);
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();

                // 0. Three small writes, sent as fast as possible. How many read() calls will the server need?
                for (String piece : new String[] {"GET", " /chat", " HTTP/1.1"}) {
                    send(out, "client", piece);
                }

                // 1. Three lines written as two pieces that do not line up with the lines.
                send(out, "client", "hello\r\nwor");
                send(out, "client", "ld\r\nbye\r\n");

                // 2. A length-prefixed message: the reader knows how many bytes to wait for.
                byte[] body = "a message whose size the reader knows in advance".getBytes(StandardCharsets.UTF_8);
                byte[] framed = ByteBuffer.allocate(2 + body.length).putShort((short) body.length).put(body).array();
                System.out.println("client: a 2-byte length prefix, then the body:");
                System.out.print(HexDump.annotate(framed, java.util.List.of(
                        new HexDump.Field(0, 2, "length = " + body.length + " (big-endian, network byte order)"),
                        new HexDump.Field(2, body.length, "body: " + new String(body, StandardCharsets.UTF_8)))));
                // Written one byte at a time on purpose: the reader must still get it whole.
                for (byte b : framed) {
                    out.write(b);
                    out.flush();
                }

                // 3. shutdown(SHUT_WR): "I will send nothing more". The server's read then returns -1 (end of stream).
                client.shutdownOutput();
                System.out.println("client: shutdownOutput() - the server will read end-of-stream");

                String reply = ByteStreams.readLine(in, 1024);
                System.out.println("client: server replied \"" + reply + "\"");
                System.out.println("client: next read returns " + in.read() + " (the server closed its side)");
            }
            serverThread.join(TimeUnit.SECONDS.toMillis(5));
        }
        System.out.println("""

                What to take away: the client wrote three pieces, then two, then 50 single bytes; the server's
                reads did not see those pieces. TCP keeps the order of the bytes and nothing else. A protocol on
                top of TCP must say where a message ends: HTTP uses lines and an empty line, WebSocket uses
                frames with a length in their header (chapter 04).""");
    }

    static void send(OutputStream out, String who, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.out.println(who + ": write(" + bytes.length + " bytes)  " + HexDump.hex(bytes) + "   \"" + HexDump.escaped(bytes) + "\"");
        out.write(bytes);
        out.flush();
    }

    /** accept one connection, read lines, a length-prefixed message, then end-of-stream; answer; close. */
    static void serve(ServerSocket server) {
        try (Socket peer = server.accept()) {
            peer.setSoTimeout(5_000);
            System.out.println("server: accepted a connection from " + peer.getRemoteSocketAddress());
            InputStream in = peer.getInputStream();
            // Raw reads: print what each read() returns until the 18 bytes of the three small writes are in.
            byte[] buffer = new byte[64];
            for (int total = 0, calls = 1; total < 18; calls++) {
                int n = in.read(buffer, 0, 18 - total);
                total += n;
                System.out.println("server: read() call " + calls + " returned " + n + " bytes: \""
                        + HexDump.escaped(buffer, 0, n) + "\"");
            }
            System.out.println("server: (three writes; the number of reads depends on timing - run it again)");
            for (int i = 1; i <= 3; i++) {
                String line = ByteStreams.readLine(in, 1024);
                System.out.println("server: line " + i + " = \"" + line + "\"");
            }
            int length = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
            byte[] body = ByteStreams.readExactly(in, length);
            System.out.println("server: length prefix says " + length + " bytes; readExactly got \""
                    + new String(body, StandardCharsets.UTF_8) + "\"");
            System.out.println("server: read() after the client's shutdown returns " + in.read());
            OutputStream out = peer.getOutputStream();
            out.write("goodbye\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            System.out.println("server: " + e);
        }
    }

    // ---- listen mode: see what a browser really sends --------------------------------------------------

    static void listen(int port, boolean once) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("listening on http://127.0.0.1:" + server.getLocalPort() + "/  (Ctrl-C to stop)");
            do {
                try (Socket peer = server.accept()) {
                    peer.setSoTimeout(30_000);
                    byte[] head = ByteStreams.readHead(peer.getInputStream(), MAX_HEAD);
                    System.out.println("\n--- " + head.length + " bytes from " + peer.getRemoteSocketAddress() + " ---");
                    System.out.print(HexDump.dump(head));
                    System.out.println("--- as text, line by line ---");
                    System.out.print(HexDump.visibleText(head));
                    String text = new String(head, StandardCharsets.ISO_8859_1).toLowerCase();
                    boolean upgrade = text.contains("\nupgrade: websocket");
                    System.out.println(upgrade
                            ? "--- a WebSocket upgrade request. We do not answer it yet (chapter 02 does), so the browser will report an error. ---"
                            : "--- a plain HTTP request; answering with a page that explains the next step ---");
                    if (!upgrade) {
                        answerWithPage(peer.getOutputStream(), server.getLocalPort());
                    }
                } catch (IOException e) {
                    System.out.println("connection failed: " + e.getMessage());
                }
            } while (!once);
        }
    }

    static void answerWithPage(OutputStream out, int port) throws IOException {
        String page = """
                <!doctype html><meta charset="utf-8"><title>Chapter 01: what does a browser send?</title>
                <h1>Your browser's request arrived</h1>
                <p>Look at the terminal: it shows the bytes of the request that loaded this page.</p>
                <p>Now open the developer console (F12) and type:</p>
                <pre>new WebSocket('ws://127.0.0.1:%d/chat')</pre>
                <p>The terminal will show the upgrade request that opens a WebSocket connection.</p>
                """.formatted(port);
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }
}
