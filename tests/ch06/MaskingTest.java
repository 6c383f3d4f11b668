package ch06;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.Frame;
import wsfs.io.FrameReader;
import wsfs.io.FrameWriter;
import wsfs.view.HexDump;
import wsfs.protocol.Masking;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Role;

/** Section 5.3: XOR with the 4-byte key, octet i with key octet i MOD 4. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MaskingTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    @Test
    void rfcExampleHello() {
        byte[] data = "Hello".getBytes(StandardCharsets.US_ASCII);
        Masking.apply(data, KEY);
        assertEquals("7f 9f 4d 51 58", HexDump.hex(data));
        Masking.apply(data, KEY); // XOR twice gives the original back
        assertEquals("Hello", new String(data, StandardCharsets.US_ASCII));
    }

    @Test
    void fastRoutineGivesTheRfcBytesToo() {
        byte[] data = "Hello, Hello, Hello".getBytes(StandardCharsets.US_ASCII);
        byte[] slow = data.clone();
        Masking.apply(slow, KEY);
        Masking.applyFast(data, KEY);
        assertArrayEquals(slow, data);
        assertEquals("7f 9f 4d 51 58", HexDump.hex(data, 0, 5));
    }

    @Test
    void keyOffsetContinuesTheKeyAcrossPieces() {
        byte[] whole = "a payload unmasked in three pieces".getBytes(StandardCharsets.US_ASCII);
        byte[] pieces = whole.clone();
        Masking.apply(whole, KEY);
        Masking.apply(pieces, 0, 5, KEY, 0);
        Masking.applyFast(pieces, 5, 11, KEY, 5);
        Masking.apply(pieces, 16, pieces.length - 16, KEY, 16);
        assertArrayEquals(whole, pieces);
    }

    @Test
    void onlyTheGivenRangeChanges() {
        byte[] data = new byte[40];
        Masking.applyFast(data, 3, 30, new byte[] {-1, -1, -1, -1}, 0);
        for (int i = 0; i < data.length; i++) {
            assertEquals(i >= 3 && i < 33 ? (byte) 0xff : 0, data[i], "index " + i);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Masking.apply(new byte[4], new byte[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> Masking.applyFast(new byte[4], 2, 3, KEY, 0));
        assertThrows(IllegalArgumentException.class, () -> MaskingKeys.fixed(new byte[5]));
    }

    @Test
    void secureKeysAreFreshForEveryFrame() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out, Role.CLIENT); // SecureRandom keys by default
        for (int i = 0; i < 64; i++) {
            writer.write(Frame.text("same text every time"));
        }
        FrameReader reader = new FrameReader(new ByteArrayInputStream(out.toByteArray()), Role.SERVER, 1000);
        Set<String> keys = new HashSet<>();
        Set<String> wires = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            Frame f = reader.read();
            assertEquals("same text every time", f.payloadAsText());
            keys.add(HexDump.hex(f.maskingKey().toByteArray()));
            wires.add(HexDump.hex(Masking.copy(f.payload().toByteArray(), f.maskingKey().toByteArray())));
        }
        // 64 random 32-bit keys collide with probability about 64^2 / 2^33 < 1e-6.
        assertEquals(64, keys.size());
        assertEquals(64, wires.size(), "the same text looks different on the wire every time");
    }

    @Test
    void fixedKeysRepeatAndAreCopies() {
        MaskingKeys keys = MaskingKeys.fixed(KEY);
        byte[] first = keys.next();
        first[0] = 0;
        assertArrayEquals(KEY, keys.next());
        assertNotEquals(first[0], keys.next()[0]);
        assertFalse(java.util.Arrays.equals(MaskingKeys.secure().next(), new byte[5]));
    }
}
