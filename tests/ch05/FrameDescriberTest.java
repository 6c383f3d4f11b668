package ch05;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.view.FrameDescriber;
import wsfs.view.FrameDescriber.Description;
import wsfs.view.HexDump;
import wsfs.conformance.RawFrame;

/** The decode mode's breakdown: every field, the direction from the MASK bit, and the strict verdict. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FrameDescriberTest {

    @Test
    void fieldsOfAMaskedFrame() {
        List<HexDump.Field> fields = FrameDescriber.fields(HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertEquals(4, fields.size());
        assertEquals(List.of(0, 1, 2, 6), fields.stream().map(HexDump.Field::offset).toList());
        assertEquals(List.of(1, 1, 4, 5), fields.stream().map(HexDump.Field::length).toList());
        assertTrue(fields.get(0).meaning().startsWith("1000 0001  FIN=1"), fields.get(0).meaning());
        assertTrue(fields.get(1).meaning().contains("MASK=1"), fields.get(1).meaning());
        assertTrue(fields.get(2).meaning().contains("37 fa 21 3d"), fields.get(2).meaning());
    }

    @Test
    void directionComesFromTheMaskBitAndNeverFails() {
        String server = FrameDescriber.text(HexDump.parse("81 05 48 65 6c 6c 6f"));
        assertTrue(server.contains("server -> client"), server);
        assertTrue(server.contains("\"Hello\""), server);
        assertTrue(server.contains("Verdict: valid"), server);
        String client = FrameDescriber.text(HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertTrue(client.contains("client -> server"), client);
        assertTrue(client.contains("\"Hello\""), client);
        assertTrue(client.contains("Verdict: valid"), client);
    }

    @Test
    void chapter03ViewLeavesTheMaskedPayloadMasked() {
        String text = FrameDescriber.text(HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"), false);
        assertFalse(text.contains("Hello"), text);
        assertTrue(text.contains("chapter 06"), text);
    }

    @Test
    void lengthFormsAreNamed() {
        String sixteen = FrameDescriber.text(HexDump.parse("82 7e 01 00" + " 00".repeat(256)));
        assertTrue(sixteen.contains("Payload len=126: the length follows in 16 bits"), sixteen);
        assertTrue(sixteen.contains("Extended payload length (16 bits) = 256"), sixteen);
        String sixtyFour = FrameDescriber.text(HexDump.parse("82 7f 00 00 00 00 00 01 00 00" + " 61".repeat(65536)));
        assertTrue(sixtyFour.contains("Extended payload length (64 bits) = 65536"), sixtyFour);
        assertTrue(sixtyFour.contains("... 65504 more payload bytes"), sixtyFour);
        assertTrue(sixtyFour.lines().count() < 20, "a long payload is cut short:\n" + sixtyFour);
    }

    @Test
    void severalFramesBackToBack() {
        List<Description> all = FrameDescriber.describeAll(HexDump.parse("01 03 48 65 6c 80 02 6c 6f 89 00"));
        assertEquals(3, all.size());
        assertEquals("Hel", all.get(0).frame().payloadAsText());
        assertEquals("lo", all.get(1).frame().payloadAsText());
        assertEquals(0, all.get(2).frame().payload().length());
        String text = FrameDescriber.text(HexDump.parse("01 03 48 65 6c 80 02 6c 6f 89 00"));
        assertTrue(text.contains("Frame 3 of 3"), text);
        assertTrue(text.contains("(continuation)"), text);
        assertTrue(text.contains("Payload: empty"), text);
    }

    @Test
    void brokenFramesAreDescribedWithTheirCloseCode() {
        Description d = FrameDescriber.describe(RawFrame.of(0xB, "x".getBytes()).toBytes(), 0);
        assertNull(d.frame());
        assertNotNull(d.violation());
        assertEquals(CloseCode.PROTOCOL_ERROR, d.violation().closeCode());
        String text = FrameDescriber.text(d);
        assertTrue(text.contains("reserved control"), text);
        assertTrue(text.contains("Verdict: INVALID, an endpoint must close with 1002"), text);

        String nonMinimal = FrameDescriber.text(HexDump.parse("81 7e 00 05 48 65 6c 6c 6f"));
        assertTrue(nonMinimal.contains("the minimal number of bytes must be used"), nonMinimal);
        assertTrue(nonMinimal.contains("= 5  <- the strict parser stops here"), nonMinimal);
        assertTrue(nonMinimal.contains("1002"), nonMinimal);
    }

    @Test
    void incompleteFramesSaySo() {
        String text = FrameDescriber.text(HexDump.parse("81 85 37 fa 21 3d 7f 9f"));
        assertTrue(text.contains("only 2 present"), text);
        assertTrue(text.contains("INCOMPLETE"), text);
        assertTrue(FrameDescriber.text(HexDump.parse("81")).contains("INCOMPLETE"));
    }

    @Test
    void closePayloadShowsTheStatusCode() {
        String text = FrameDescriber.text(HexDump.parse("88 05 03 ea 62 61 64"));
        assertTrue(text.contains("Close status code 1002 (PROTOCOL_ERROR), reason \"bad\""), text);
    }

    @Test
    void htmlBitTableColoursEveryField() {
        String html = FrameDescriber.html(HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        for (FrameDescriber.Part part : FrameDescriber.Part.values()) {
            if (part != FrameDescriber.Part.EXTENDED_LENGTH) {
                assertTrue(html.contains(part.label), part.label);
                assertTrue(html.contains(part.colour), part.colour);
            }
        }
        assertEquals(11 * 8, html.split("<td data-bit", -1).length - 1, "one cell per bit");
        assertTrue(html.contains("0x81"));
        String big = FrameDescriber.html(HexDump.parse("82 7e 01 00" + " 00".repeat(256)), 8);
        assertEquals((4 + 8) * 8, big.split("<td data-bit", -1).length - 1, "header and 8 payload bytes drawn");
        assertTrue(big.contains("248 more payload bytes"), big);
    }
}
