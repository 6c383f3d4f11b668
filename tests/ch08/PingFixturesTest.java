package ch08;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.FrameParser;
import wsfs.view.HexDump;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Receiver;
import wsfs.protocol.Role;

/**
 * Hex in, hex out, no network: the bytes a server or client sends back for the control frames of RFC 6455
 * section 5.7 and of Autobahn category 2, going through the real frame reader and the Receiver.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PingFixturesTest {
    static final byte[] KEY = HexDump.parse("37 fa 21 3d");

    /** What an endpoint playing {@code role} writes back for these incoming bytes (pongs only). */
    static String answer(Role role, String hexIn) throws IOException {
        List<Frame> frames = FrameParser.parseAll(HexDump.parse(hexIn), role, 1 << 20);
        Receiver receiver = new Receiver(1 << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            if (receiver.receive(f).orElse(null) instanceof Receiver.PingReceived p) {
                Frame reply = role == Role.CLIENT ? p.reply().withMaskingKey(KEY) : p.reply();
                out.writeBytes(FrameCodec.encode(reply));
            }
        }
        return HexDump.hex(out.toByteArray());
    }

    @Test
    void rfcMaskedPingHelloGetsAnUnmaskedPongFromAServer() throws IOException {
        assertEquals("8a 05 48 65 6c 6c 6f", answer(Role.SERVER, "89 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @Test
    void rfcUnmaskedPingHelloGetsAMaskedPongFromAClient() throws IOException {
        // Section 5.7 lists exactly this pair: "Unmasked Ping request and masked Ping response".
        assertEquals("8a 85 37 fa 21 3d 7f 9f 4d 51 58", answer(Role.CLIENT, "89 05 48 65 6c 6c 6f"));
    }

    @Test
    void aPingBetweenTwoFragmentsIsAnsweredAndPongsAreNot() throws IOException {
        // "Hel" (FIN=0), empty ping, unsolicited pong "x", "lo" (FIN=1): only the ping is answered.
        assertEquals("8a 80 37 fa 21 3d", answer(Role.CLIENT, "01 03 48 65 6c 89 00 8a 01 78 80 02 6c 6f"));
        assertEquals("8a 00", answer(Role.SERVER,
                "01 83 37 fa 21 3d 7f 9f 4d 89 80 37 fa 21 3d 8a 81 37 fa 21 3d 4f 80 82 37 fa 21 3d 5b 95"));
    }

    @Test
    void aFragmentedPingIsRefusedByTheReaderWith1002() {
        ProtocolViolation e = assertThrows(ProtocolViolation.class, () -> answer(Role.SERVER, "09 80 37 fa 21 3d"));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
        assertEquals("5.5", e.section());
    }

    @Test
    void aPingWith126BytesIsRefusedWith1002() {
        ProtocolViolation e = assertThrows(ProtocolViolation.class,
                () -> answer(Role.CLIENT, "89 7e 00 7e " + "00 ".repeat(126)));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
    }
}
