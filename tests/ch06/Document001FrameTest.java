package ch06;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.view.FrameDescriber;
import wsfs.view.HexDump;
import wsfs.protocol.Masking;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;

/**
 * The masked frame captured in the document "Python WebSocket development over raw sockets"
 * (source document 001), decoded field by field. The document says it carries "Hello World";
 * it really carries "Hello world".
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class Document001FrameTest {
    static final byte[] WIRE = HexDump.parse("81 8b 04 89 e4 29 4c ec 88 45 6b a9 93 46 76 e5 80");

    @Test
    void fieldByField() throws Exception {
        assertEquals(0x81, WIRE[0] & 0xff);            // FIN 1, RSV 000, opcode 1 (text)
        assertEquals(0x8b, WIRE[1] & 0xff);            // MASK 1, length 11
        assertEquals(11, WIRE[1] & 0x7f);
        assertEquals(2 + 4 + 11, WIRE.length);         // header, 4-byte key, 11 payload bytes: nothing left over

        Frame f = FrameParser.decode(WIRE, Role.SERVER, 1 << 16);
        assertTrue(f.fin());
        assertEquals(Opcode.TEXT, f.opcode());
        assertArrayEquals(HexDump.parse("04 89 e4 29"), f.maskingKey().toByteArray());
        assertEquals("Hello world", f.payloadAsText());
        assertNotEquals("Hello World", f.payloadAsText(), "the document's claim is off by one letter's case");
    }

    @Test
    void byHandWithTheReadableRoutine() {
        byte[] payload = java.util.Arrays.copyOfRange(WIRE, 6, 17);
        Masking.apply(payload, java.util.Arrays.copyOfRange(WIRE, 2, 6));
        assertEquals("48 65 6c 6c 6f 20 77 6f 72 6c 64", HexDump.hex(payload));
    }

    @Test
    void theDocumentsTwoByteKeyReadingDoesNotWork() {
        // The document calls 04 89 the mask and e4 29 4c ... 80 (13 bytes) the data. Unmasking 13 bytes with
        // "04 89 04 89" gives bytes that are not the message at all.
        byte[] data = java.util.Arrays.copyOfRange(WIRE, 4, 17);
        Masking.apply(data, HexDump.parse("04 89 04 89"));
        assertNotEquals("Hello World", new String(data, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aClientRoleReaderRefusesIt() {
        // Masked, so it came from a client: a client-side reader must fail the connection (section 5.1).
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> FrameParser.decode(WIRE, Role.CLIENT, 1 << 16));
        assertEquals(1002, v.closeCode().code());
    }

    @Test
    void decodeModeShowsTheText() {
        String text = FrameDescriber.text(WIRE);
        assertTrue(text.contains("Masking-key = 04 89 e4 29"), text);
        assertTrue(text.contains("Payload as UTF-8 text: \"Hello world\""), text);
        assertTrue(text.contains("client -> server"), text);
    }
}
