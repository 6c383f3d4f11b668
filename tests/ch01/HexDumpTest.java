package ch01;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.view.HexDump;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HexDumpTest {

    @Test
    void dumpShowsOffsetHexAndText() {
        byte[] bytes = "Hello, WebSocket!\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("""
                0000  48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74  |Hello, WebSocket|
                0010  21 0d 0a                                          |!..|
                """, HexDump.dump(bytes));
    }

    @Test
    void parseAcceptsTheWaysPeopleWriteHex() {
        byte[] expected = {(byte) 0x81, (byte) 0x8b, 0x04};
        assertArrayEquals(expected, HexDump.parse("81 8b 04"));
        assertArrayEquals(expected, HexDump.parse("818B04"));
        assertArrayEquals(expected, HexDump.parse("0x81, 0x8b, 0x04"));
        assertEquals("81 8b 04", HexDump.hex(expected));
    }

    @Test
    void annotateLabelsEachFieldAndMarksBytesNoFieldCovers() {
        byte[] bytes = HexDump.parse("81 05 48 65 6c 6c 6f ff");
        String shown = HexDump.annotate(bytes, List.of(
                new HexDump.Field(0, 1, "FIN=1, opcode=1"),
                new HexDump.Field(1, 1, "MASK=0, length=5"),
                new HexDump.Field(2, 5, "payload \"Hello\"")));
        assertEquals("""
                0000  81                       FIN=1, opcode=1
                0001  05                       MASK=0, length=5
                0002  48 65 6c 6c 6f           payload "Hello"
                0007  ff                       (not described)
                """, shown);
    }

    @Test
    void linesNamesEachLineOfAnHttpHead() {
        byte[] head = "GET /chat HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        List<HexDump.Field> fields = HexDump.lines(head);
        assertEquals(List.of("first line: GET /chat HTTP/1.1", "header Host", "empty line: the head ends here"),
                fields.stream().map(HexDump.Field::meaning).toList());
        assertEquals(head.length, fields.stream().mapToInt(HexDump.Field::length).sum());
    }

    @Test
    void escapedKeepsLineEndsVisibleOnOneLine() {
        assertEquals("a\\r\\nb.", HexDump.escaped("a\r\nb\u0001".getBytes(StandardCharsets.US_ASCII)));
    }
}
