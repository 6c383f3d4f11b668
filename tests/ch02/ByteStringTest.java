package ch02;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.ByteString;

/** The value type every record's bytes live in: nobody can change it, and it compares by content. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ByteStringTest {

    @Test
    void changingTheInputArrayAfterwardsChangesNothing() {
        byte[] input = {1, 2, 3};
        ByteString bytes = ByteString.of(input);
        input[0] = 99;
        assertEquals(1, bytes.byteAt(0));
        assertEquals(ByteString.fromHex("010203"), bytes);

        byte[] source = {9, 8, 7, 6};
        ByteString part = ByteString.copyOf(source, 1, 2);
        source[1] = 0;
        assertEquals(ByteString.fromHex("0807"), part);
    }

    @Test
    void changingAnOutputArrayChangesNothing() {
        ByteString bytes = ByteString.fromHex("0a0b0c");
        byte[] out = bytes.toByteArray();
        out[0] = 0;
        assertEquals(0x0a, bytes.byteAt(0));
        assertNotSame(bytes.toByteArray(), bytes.toByteArray(), "a fresh copy every time");

        byte[] target = new byte[5];
        bytes.copyTo(target, 1);
        target[1] = 0;
        assertArrayEquals(new byte[] {0, 0, 0x0b, 0x0c, 0}, target);
        assertEquals(ByteString.fromHex("0a0b0c"), bytes);
    }

    @Test
    void equalAndSameHashWhenTheBytesAreEqual() {
        ByteString a = ByteString.of((byte) 'h', (byte) 'i');
        ByteString b = ByteString.utf8("hi");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ByteString.utf8("hI"));
        assertNotEquals(a, ByteString.utf8("hi!"));
        assertNotEquals(a, (Object) new byte[] {'h', 'i'}, "a ByteString is not an array");
        Set<ByteString> set = new HashSet<>(Set.of(a));
        assertTrue(set.contains(b));
        assertEquals(ByteString.EMPTY, ByteString.of());
        assertEquals(ByteString.EMPTY, ByteString.utf8(""));
    }

    @Test
    void recordsThatHoldOneCompareByContent() {
        record Holder(ByteString bytes) {
        }
        assertEquals(new Holder(ByteString.of(new byte[] {1, 2})), new Holder(ByteString.of(new byte[] {1, 2})));
        assertEquals("Holder[bytes=0102]", new Holder(ByteString.of(new byte[] {1, 2})).toString());
    }

    @Test
    void printsAsShortHex() {
        assertEquals("48656c6c6f", ByteString.utf8("Hello").toString());
        assertEquals("(empty)", ByteString.EMPTY.toString());
        ByteString long40 = ByteString.of(new byte[40]);
        assertEquals("00".repeat(32) + "... (40 bytes)", long40.toString());
        assertEquals("00".repeat(40), long40.hex());
    }

    @Test
    void readsAndSlices() throws IOException {
        ByteString bytes = ByteString.fromHex("cebae1bdb9cf83cebcceb5"); // "κόσμε", the RFC 3629 example
        String kosme = "\u03ba\u1f79\u03c3\u03bc\u03b5";
        assertEquals(11, bytes.length());
        assertEquals(kosme, bytes.utf8());
        assertEquals(ByteString.utf8(kosme), bytes);
        assertEquals((byte) 0xce, bytes.byteAt(0));
        assertEquals(ByteString.fromHex("bae1"), bytes.slice(1, 3));
        assertSame(bytes, bytes.slice(0, bytes.length()), "the whole is itself: nothing to copy");
        assertEquals(ByteString.EMPTY, bytes.slice(4, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.slice(3, 12));
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.byteAt(11));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bytes.writeTo(out);
        bytes.writeTo(out, 9, 2);
        assertEquals(kosme + "\u03b5", out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void wrapOwnedTakesTheArrayWithoutACopy() {
        byte[] fresh = {5, 6};
        ByteString owned = ByteString.wrapOwned(fresh);
        // Only a caller that breaks the contract (writing the array after handing it over) could see this:
        fresh[0] = 7;
        assertEquals(7, owned.byteAt(0), "no copy was made, which is why the caller must not write it again");
        assertSame(ByteString.EMPTY, ByteString.wrapOwned(new byte[0]));
    }
}
