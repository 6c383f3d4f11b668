package ch04;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import wsfs.protocol.CloseCode;

/**
 * {@link CloseCode} is a value: every 16-bit number is one (section 7.4.2 gives 3000-4999 to applications), the
 * registered ones are its constants, and {@link CloseCode#sendable()} is the one "may this go in a Close frame".
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CloseCodeTest {

    @Test
    void ofReturnsTheRegisteredConstants() {
        assertSame(CloseCode.NORMAL_CLOSURE, CloseCode.of(1000));
        assertSame(CloseCode.TRY_AGAIN_LATER, CloseCode.of(1013));
        assertEquals(15, CloseCode.registered().size());
        for (CloseCode c : CloseCode.registered()) {
            assertSame(c, CloseCode.of(c.code()));
            assertTrue(c.name().isPresent(), c.toString());
        }
        assertEquals("1000 NORMAL_CLOSURE", CloseCode.NORMAL_CLOSURE.toString());
    }

    @ParameterizedTest(name = "application code {0}")
    @ValueSource(ints = {3000, 3999, 4000, 4001, 4999})
    void applicationCodesAreRepresentableAndSendable(int number) {
        CloseCode code = CloseCode.of(number);
        assertEquals(number, code.code());
        assertTrue(code.sendable());
        assertEquals(Optional.empty(), code.name());
        assertEquals(code, CloseCode.of(number), "equal by number");
        assertEquals(code.hashCode(), CloseCode.of(number).hashCode());
        assertNotEquals(CloseCode.of(number + 1), code);
        assertEquals(String.valueOf(number), code.toString());
        assertTrue(code.meaning().contains("7.4.2"), code.meaning());
    }

    @Test
    void sendableIsTheRfcsList() {
        // Sections 7.4.1 and 7.4.2 with the IANA registry: 1000-1003, 1007-1014 and 3000-4999, nothing else.
        long sendable = IntStream.rangeClosed(0, 0xFFFF).filter(n -> CloseCode.of(n).sendable()).count();
        assertEquals(4 + 8 + 2000, sendable);
        for (CloseCode local : new CloseCode[] {CloseCode.NO_STATUS_RECEIVED, CloseCode.ABNORMAL_CLOSURE, CloseCode.TLS_HANDSHAKE}) {
            assertFalse(local.sendable(), local.toString());
            assertTrue(local.meaning().startsWith("reserved"), local.meaning());
            assertTrue(local.whyNotSendable().contains("locally"), local.whyNotSendable());
        }
        assertFalse(CloseCode.of(1004).sendable());
        assertFalse(CloseCode.of(2999).sendable());
        assertFalse(CloseCode.of(5000).sendable());
    }

    @Test
    void aCloseCodeIsSixteenBits() {
        assertThrows(IllegalArgumentException.class, () -> CloseCode.of(-1));
        assertThrows(IllegalArgumentException.class, () -> CloseCode.of(0x10000));
        assertEquals(65535, CloseCode.of(65535).code());
    }
}
