package exercises;

import wsfs.io.ByteStreams;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static exercises.Stage.challenge;
import static exercises.Stage.core;

/** Chapter 01's stages: reading exactly what a protocol asks for from a TCP byte stream (wsfs.io.ByteStreams). */
final class Stages01 {
    private Stages01() {
    }

    /** A stream that hands out one byte per read, as a slow network may. */
    static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String in(String s) {
        return Show.visible(s) + ", handed out one byte per read()";
    }

    static List<Stage> stages() {
        String tcp = "TCP delivers a byte stream, not messages: a read() may return fewer bytes than asked (chapter 01, RFC 9293 section 3.8)";
        String lines = "HTTP lines end with CRLF; a recipient may accept a bare LF (RFC 9112 section 2.2)";
        return List.of(
                core("01-exact-and-line", "exactly n bytes, however the network splits them", tcp,
                        "Loop until n bytes are in (InputStream.readNBytes loops for you), and read no byte past them.", () -> {
                            InputStream s = trickle(ascii("Hello!"));
                            Expect.equal(in("Hello!") + ", readExactly(in, 5)", "Hello", () -> new String(ByteStreams.readExactly(s, 5), StandardCharsets.ISO_8859_1));
                            Expect.equal(in("Hello!") + ": the byte after readExactly(in, 5)", (int) '!', s.read());
                        }),
                core("01-exact-and-line", "exactly n bytes: EOFException if the stream ends first", tcp,
                        "readNBytes returns fewer bytes at the end of the stream; compare the length with n and throw EOFException.", () ->
                                Expect.thrown(in("abc") + ", readExactly(in, 5)", EOFException.class, () -> ByteStreams.readExactly(trickle(ascii("abc")), 5))),
                core("01-exact-and-line", "a CRLF line, and not a byte more", lines,
                        "Read one byte at a time until '\\n'; drop the '\\r' before it; return the rest as ISO-8859-1 text.", () -> {
                            InputStream s = trickle(ascii("GET / HTTP/1.1\r\nHost: a\r\n"));
                            Expect.equal(in("GET / HTTP/1.1\r\nHost: a\r\n") + ", readLine(in, 100)", "GET / HTTP/1.1", () -> ByteStreams.readLine(s, 100));
                            Expect.equal("the byte after the first line (it must still be in the stream)", (int) 'H', s.read());
                        }),
                core("01-exact-and-line", "a bare LF ends a line too", lines,
                        "A '\\n' without a '\\r' before it also ends the line.", () ->
                                Expect.equal(in("a\nb") + ", readLine(in, 100)", "a", () -> ByteStreams.readLine(trickle(ascii("a\nb")), 100))),
                core("01-exact-and-line", "null at the end of the stream, EOFException inside a line", tcp,
                        "-1 before any byte of the line: return null; -1 after some bytes: the peer left mid-line, throw EOFException.", () -> {
                            Expect.equal("an empty stream, readLine(in, 100)", null, () -> ByteStreams.readLine(trickle(new byte[0]), 100));
                            Expect.thrown(in("abc") + " (no line end), readLine(in, 100)", EOFException.class, () -> ByteStreams.readLine(trickle(ascii("abc")), 100));
                        }),
                core("01-exact-and-line", "a line longer than maxBytes is refused", "A peer may be hostile: every read has a bound (chapter 01)",
                        "Count the bytes of the line; past maxBytes throw new ByteStreams.LineTooLongException(maxBytes).", () ->
                                Expect.thrown(in("a".repeat(40) + "\r\n") + ", readLine(in, 10)", ByteStreams.LineTooLongException.class,
                                        () -> ByteStreams.readLine(trickle(ascii("a".repeat(40) + "\r\n")), 10))),
                core("01-read-head", "a head up to its empty line, and not a byte more", lines,
                        "Count the bytes of the current line; a '\\n' that ends an empty line (or one holding just '\\r') ends the head.", () -> {
                            byte[] bytes = ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n\u0081\u0085");
                            InputStream s = trickle(bytes);
                            Expect.bytes("a request head followed by the first bytes of a frame (81 85):\n    " + Show.hex(bytes),
                                    ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), () -> ByteStreams.readHead(s, 1000));
                            Expect.equal("the byte after the head (the frame's first byte, 0x81)", 0x81, s.read());
                        }),
                core("01-read-head", "a head is bounded by maxBytes", "A peer may be hostile: every read has a bound (chapter 01)",
                        "Before keeping another byte, check the size; past maxBytes throw LineTooLongException.", () ->
                                Expect.thrown("200 bytes with no line end, readHead(in, 64)", ByteStreams.LineTooLongException.class,
                                        () -> ByteStreams.readHead(trickle(ascii("a".repeat(200))), 64))),
                core("01-read-head", "EOFException if the stream ends before the empty line", tcp,
                        "read() returns -1 at the end of the stream: throw EOFException, the head is incomplete.", () ->
                                Expect.thrown(in("GET / HTTP/1.1\r\nHost: a\r\n"), EOFException.class,
                                        () -> ByteStreams.readHead(trickle(ascii("GET / HTTP/1.1\r\nHost: a\r\n")), 1000))),
                challenge("01-read-head", "bare LFs: LF LF and CRLF LF end a head too", lines,
                        "An empty line is a '\\n' right after the previous '\\n', with or without one '\\r' in between.", () -> {
                            for (String head : List.of("GET / HTTP/1.1\nHost: a\n\n", "GET / HTTP/1.1\r\nHost: a\r\n\n")) {
                                InputStream s = trickle(ascii(head + "!"));
                                Expect.bytes(in(head + "!") + ", readHead(in, 1000)", ascii(head), () -> ByteStreams.readHead(s, 1000));
                            }
                        }));
    }
}
