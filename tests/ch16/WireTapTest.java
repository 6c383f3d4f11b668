package ch16;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.view.HexDump;
import wsfs.view.WireTap;

/** The tap that prints the wire: it cuts a byte stream into frames (RFC 6455 section 5.2 examples) and changes nothing. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WireTapTest {

    // Section 5.7: the RFC's own examples, back to back.
    private static final String RFC_EXAMPLES = "81 05 48 65 6c 6c 6f"   // unmasked text "Hello"
            + " 81 85 37 fa 21 3d 7f 9f 4d 51 58"                      // masked text "Hello"
            + " 01 03 48 65 6c 80 02 6c 6f"                            // "Hel" + "lo", fragmented
            + " 89 05 48 65 6c 6c 6f";                                  // ping "Hello"

    @Test
    void splitsTheRfcExamplesOneByteAtATime() throws Exception {
        byte[] wire = HexDump.parse(RFC_EXAMPLES);
        List<WireTap.Tapped> seen = new ArrayList<>();
        InputStream in = WireTap.in(new ByteArrayInputStream(wire), seen::add);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            copy.write(b);
        }
        assertArrayEquals(wire, copy.toByteArray(), "the tap must not change a byte");
        assertEquals(5, seen.size());
        assertEquals("<- text, 5 bytes: \"Hello\"", seen.get(0).summary());
        assertEquals("<- text, 5 bytes, masked: \"Hello\"", seen.get(1).summary());
        assertEquals("<- text (FIN=0), 3 bytes: \"Hel\"", seen.get(2).summary());
        assertEquals("<- continuation, 2 bytes: \"lo\"", seen.get(3).summary());
        assertEquals("<- ping, 5 bytes: \"Hello\"", seen.get(4).summary());
    }

    @Test
    void annotatesTheMaskedExampleFieldByField() {
        List<WireTap.Tapped> seen = new ArrayList<>();
        WireTap.Splitter splitter = new WireTap.Splitter(WireTap.Direction.SENT, seen::add);
        byte[] wire = HexDump.parse("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        splitter.feed(wire, 0, wire.length);
        assertEquals("""
                0000  81                       FIN=1 RSV=000 opcode=0x1 (text)
                0001  85                       MASK=1, payload length 5
                0002  37 fa 21 3d              masking key
                0006  7f 9f 4d 51 58           payload, masked = "Hello"
                """, seen.get(0).annotated());
    }

    @Test
    void keepsOnlyThePrefixOfALargeFrame() throws Exception {
        byte[] payload = new byte[70_000];
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(HexDump.parse("82 7f 00 00 00 00 00 01 11 70"));
        frame.writeBytes(payload);
        List<WireTap.Tapped> seen = new ArrayList<>();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = WireTap.out(sink, seen::add)) {
            out.write(frame.toByteArray());
        }
        assertEquals(1, seen.size());
        WireTap.Tapped t = seen.get(0);
        assertEquals(70_000, t.payloadLength());
        assertEquals(10, t.headerLength());
        assertEquals(10 + WireTap.KEPT_PAYLOAD, t.wire().length());
        assertFalse(t.complete());
        assertTrue(t.annotated().contains("extended payload length 70000"), t.annotated());
        assertTrue(t.annotated().contains("(first 48 of 70000 bytes)"), t.annotated());
    }

    @Test
    void showsCloseCodeAndReason() {
        List<WireTap.Tapped> seen = new ArrayList<>();
        byte[] wire = HexDump.parse("88 05 03 e8 62 79 65");
        new WireTap.Splitter(WireTap.Direction.RECEIVED, seen::add).feed(wire, 0, wire.length);
        assertEquals("<- close, 5 bytes: code 1000 reason \"bye\"", seen.get(0).summary());
    }
}
