package ch01;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.io.ByteStreams;
import wsfs.io.TrickleInputStream;

/** The stream helpers on in-memory bytes, delivered whole and one byte at a time. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ByteStreamsTest {

    static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readExactlyWaitsForAllBytesEvenWhenTheyArriveOneAtATime() throws Exception {
        TrickleInputStream in = new TrickleInputStream(bytes("abcdefgh"), 1);
        assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), ByteStreams.readExactly(in, 5));
        assertTrue(in.reads() >= 5, "at least one read call per byte");
        assertArrayEquals("fgh".getBytes(StandardCharsets.US_ASCII), ByteStreams.readExactly(in, 3));
    }

    @Test
    void readExactlyReportsAStreamThatEndsEarly() {
        EOFException e = assertThrows(EOFException.class, () -> ByteStreams.readExactly(bytes("abc"), 5));
        assertEquals("the stream ended after 3 of 5 bytes", e.getMessage());
    }

    @Test
    void readLineStopsAtCrLfAndLeavesTheRestInTheStream() throws Exception {
        InputStream in = bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0081\u0085");
        assertEquals("GET / HTTP/1.1", ByteStreams.readLine(in, 100));
        assertEquals("Host: x", ByteStreams.readLine(in, 100));
        assertEquals("", ByteStreams.readLine(in, 100));
        assertEquals(0x81, in.read(), "the byte after the empty line is still there (the first frame is not lost)");
    }

    @Test
    void readLineAcceptsABareLineFeedAndReturnsNullAtEndOfStream() throws Exception {
        InputStream in = bytes("one\ntwo\r\n");
        assertEquals("one", ByteStreams.readLine(in, 100));
        assertEquals("two", ByteStreams.readLine(in, 100));
        assertNull(ByteStreams.readLine(in, 100));
    }

    @Test
    void readLineRefusesALineBeyondItsBound() {
        assertThrows(ByteStreams.LineTooLongException.class, () -> ByteStreams.readLine(bytes("x".repeat(101) + "\r\n"), 100));
    }

    @Test
    void readLineReportsAStreamThatEndsInsideALine() {
        assertThrows(EOFException.class, () -> ByteStreams.readLine(bytes("no end"), 100));
    }

    @Test
    void readHeadReadsUpToTheEmptyLineAndNotOneByteMore() throws Exception {
        InputStream in = new TrickleInputStream(bytes("GET / HTTP/1.1\r\nA: b\r\n\r\nFRAME"), 1);
        byte[] head = ByteStreams.readHead(in, 1000);
        assertEquals("GET / HTTP/1.1\r\nA: b\r\n\r\n", new String(head, StandardCharsets.ISO_8859_1));
        assertEquals("FRAME", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void readHeadHasABound() {
        assertThrows(ByteStreams.LineTooLongException.class,
                () -> ByteStreams.readHead(bytes("GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(100)), 200));
    }
}
