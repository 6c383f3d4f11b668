package ch23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import wsfs.protocol.CloseCode;
import wsfs.protocol.Connection;
import wsfs.protocol.Connection.Event;
import wsfs.protocol.Connection.Failure;
import wsfs.protocol.Connection.TextReceived;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.DeflateExtension;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.Message;
import wsfs.protocol.MessageDeflater;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

/**
 * permessage-deflate on the data path with byte arrays alone: the examples of RFC 7692 section 7.2.3, the RSV1
 * rules of section 6, the inflated-size limit and the UTF-8 check on inflated text.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DeflateDataPathTest {
    static final DeflateAgreement TAKEOVER = DeflateAgreement.defaults();
    static final DeflateAgreement NO_TAKEOVER = new DeflateAgreement(true, true, 0, 0);

    static Connection server(DeflateAgreement a) {
        return new Connection(Role.SERVER, Limits.defaults(), null, new DeflateExtension(Role.SERVER, a));
    }

    static Connection client(DeflateAgreement a) {
        return client(a, Limits.defaults());
    }

    static Connection client(DeflateAgreement a, Limits limits) {
        return new Connection(Role.CLIENT, limits, MaskingKeys.fixed("37 fa 21 3d"), new DeflateExtension(Role.CLIENT, a));
    }

    static String written(Connection c) {
        List<String> frames = new ArrayList<>();
        c.dataToSend().forEach(b -> frames.add(HexDump.hex(b)));
        return String.join(" | ", frames);
    }

    static List<Event> feed(Connection c, String hex) {
        return c.receive(HexDump.parse(hex));
    }

    @Test
    void helloCompressedIsTheRfcExample() {
        // RFC 7692 section 7.2.3.1: "Hello" in one compressed frame.
        Connection s = server(TAKEOVER);
        s.sendText("Hello");
        assertEquals("c1 07 f2 48 cd c9 c9 07 00", written(s));
    }

    @Test
    void theSecondHelloRefersBackWithContextTakeover() {
        // RFC 7692 section 7.2.3.2: the second "Hello" uses the first one's bytes in the window.
        Connection s = server(TAKEOVER);
        s.sendText("Hello");
        s.sendText("Hello");
        assertEquals("c1 07 f2 48 cd c9 c9 07 00 | c1 05 f2 00 11 00 00", written(s));
    }

    @Test
    void withoutContextTakeoverEveryHelloCostsTheSame() {
        Connection s = server(NO_TAKEOVER);
        s.sendText("Hello");
        s.sendText("Hello");
        assertEquals("c1 07 f2 48 cd c9 c9 07 00 | c1 07 f2 48 cd c9 c9 07 00", written(s));
    }

    @Test
    void aFragmentedCompressedMessageHasRsv1OnItsFirstFrameOnly() {
        Connection s = server(TAKEOVER);
        s.sendFragmented(Message.text("Hello"), 3);
        // The 7 compressed bytes of RFC 7692 section 7.2.3.1 in pieces of 3: RSV1 (0x40) on the first only.
        assertEquals("41 03 f2 48 cd | 00 03 c9 c9 07 | 80 01 00", written(s));
    }

    @Test
    void theClientInflatesEveryRfcForm() {
        Connection c = client(TAKEOVER);
        assertEquals(List.of(new TextReceived("Hello")), feed(c, "c1 07 f2 48 cd c9 c9 07 00"));
        assertEquals(List.of(new TextReceived("Hello")), feed(c, "c1 05 f2 00 11 00 00"));   // 7.2.3.2: takeover
        Connection fresh = client(TAKEOVER);
        assertEquals(List.of(), feed(fresh, "41 03 f2 48 cd"));                                // 7.2.3.1 fragmented
        assertEquals(List.of(new TextReceived("Hello")), feed(fresh, "80 04 c9 c9 07 00"));
        // 7.2.3.4: a stored (uncompressed) DEFLATE block.
        assertEquals(List.of(new TextReceived("Hello")), feed(client(TAKEOVER), "c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"));
        // 7.2.3.3: a block with BFINAL set (f3 instead of f2); the appended tail is ignored after it.
        Connection bfinal = client(TAKEOVER);
        assertEquals(List.of(new TextReceived("Hello")), feed(bfinal, "c1 07 f3 48 cd c9 c9 07 00"));
        assertEquals(List.of(new TextReceived("Hello")), feed(bfinal, "c1 07 f2 48 cd c9 c9 07 00"));
        // 7.2.3.6: an empty message as the single octet 00.
        assertEquals(List.of(new TextReceived("")), feed(client(TAKEOVER), "c1 01 00"));
        // An uncompressed message (RSV1 = 0) is still allowed with the extension on.
        assertEquals(List.of(new TextReceived("Hello")), feed(client(TAKEOVER), "81 05 48 65 6c 6c 6f"));
    }

    @Test
    void aPingBetweenCompressedFragmentsIsAnsweredAndNotCompressed() {
        Connection c = client(TAKEOVER);
        List<Event> events = new ArrayList<>();
        events.addAll(feed(c, "41 03 f2 48 cd"));
        events.addAll(feed(c, "89 01 21"));
        events.addAll(feed(c, "80 04 c9 c9 07 00"));
        assertEquals(2, events.size());
        assertEquals(new TextReceived("Hello"), events.get(1));
        assertEquals("8a 81 37 fa 21 3d 16", written(c));   // the Pong, RSV1 = 0 (section 6: never compressed)
    }

    @Test
    void emptyMessagesRoundTripInBothModes() {
        for (DeflateAgreement a : List.of(TAKEOVER, NO_TAKEOVER)) {
            Connection s = server(a);
            Connection c = client(a);
            for (int i = 0; i < 3; i++) {
                s.sendText("");
                for (byte[] b : s.dataToSend()) {
                    assertEquals(List.of(new TextReceived("")), c.receive(b));
                }
            }
        }
    }

    @Test
    void contextTakeoverHoldsAcrossManyMessagesBothWays() {
        Random random = new Random(13);
        for (DeflateAgreement a : List.of(TAKEOVER, NO_TAKEOVER, new DeflateAgreement(false, true, 0, 0))) {
            Connection s = server(a);
            Connection c = client(a);
            for (int i = 0; i < 300; i++) {
                String text = "{\"user\":\"user" + (i % 7) + "\",\"text\":\"message number " + i + " "
                        + "x".repeat(random.nextInt(200)) + "\"}";
                byte[] binary = new byte[random.nextInt(3000)];
                random.nextBytes(binary);
                c.sendFragmented(Message.text(text), 1 + random.nextInt(40));
                s.send(Message.binary(binary));
                List<Event> atServer = new ArrayList<>();
                c.dataToSend().forEach(b -> atServer.addAll(s.receive(b)));
                assertEquals(List.of(new TextReceived(text)), atServer, a + " message " + i);
                List<Event> atClient = new ArrayList<>();
                s.dataToSend().forEach(b -> atClient.addAll(c.receive(b)));
                assertEquals(1, atClient.size());
                assertTrue(Arrays.equals(binary, ((Connection.BinaryReceived) atClient.get(0)).data().toByteArray()));
            }
        }
    }

    @Test
    void rsv1OnAControlFrameIsAProtocolError() {
        assertFailure(client(TAKEOVER), "c9 00", CloseCode.PROTOCOL_ERROR, "control frames are never compressed");
    }

    @Test
    void rsv1OnAContinuationFrameIsAProtocolError() {
        Connection c = client(TAKEOVER);
        feed(c, "41 03 f2 48 cd");
        assertFailure(c, "c0 04 c9 c9 07 00", CloseCode.PROTOCOL_ERROR, "only the first frame of a message");
    }

    @Test
    void rsv1WithoutTheExtensionStaysAProtocolError() {
        Connection plain = new Connection(Role.CLIENT, Limits.defaults(), MaskingKeys.fixed("37 fa 21 3d"));
        assertFailure(plain, "c1 07 f2 48 cd c9 c9 07 00", CloseCode.PROTOCOL_ERROR, "no negotiated extension");
    }

    @Test
    void rsv2AndRsv3StayProtocolErrorsWithTheExtension() {
        assertFailure(client(TAKEOVER), "a1 01 00", CloseCode.PROTOCOL_ERROR, "no negotiated extension");
        assertFailure(client(TAKEOVER), "91 01 00", CloseCode.PROTOCOL_ERROR, "no negotiated extension");
    }

    @Test
    void aNewCompressedMessageInsideAFragmentedOneIsAProtocolError() {
        Connection c = client(TAKEOVER);
        feed(c, "41 03 f2 48 cd");
        assertFailure(c, "c1 07 f2 48 cd c9 c9 07 00", CloseCode.PROTOCOL_ERROR, "must not interleave");
    }

    @Test
    void invalidUtf8InsideTheCompressedTextIs1007() {
        byte[] bad = {'o', 'k', (byte) 0xc3, (byte) 0x28};
        Connection c = client(TAKEOVER);
        byte[] compressed = new MessageDeflater().compress(bad);
        byte[] frame = FrameCodec.encode(new Frame(true, 4, Opcode.TEXT, null, compressed));
        List<Event> events = c.receive(frame);
        assertEquals(CloseCode.INVALID_PAYLOAD, assertInstanceOf(Failure.class, events.get(0)).closeCode());
    }

    @Test
    void garbageThatIsNotDeflateIs1007() {
        assertFailure(client(TAKEOVER), "c1 03 ff ff ff", CloseCode.INVALID_PAYLOAD, "not valid DEFLATE");
    }

    @Test
    void aSmallFrameThatInflatesHugelyGets1009WhileInflating() {
        // 64 MiB of zeros compress to about 64 KiB; the limit is 1 MiB of inflated message.
        long limit = 1024 * 1024;
        byte[] bomb = new MessageDeflater().compress(new byte[64 * 1024 * 1024]);
        assertTrue(bomb.length < 100_000, "the bomb is " + bomb.length + " bytes");
        Connection c = client(TAKEOVER, Limits.defaults().withMaxMessageSize(limit));
        byte[] frame = FrameCodec.encode(new Frame(true, 4, Opcode.BINARY, null, bomb));
        long before = allocated();
        List<Event> events = c.receive(frame);
        long spent = allocated() - before;
        Failure f = assertInstanceOf(Failure.class, events.get(0));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, f.closeCode());
        assertTrue(c.bufferedMessageBytes() <= limit, "buffered " + c.bufferedMessageBytes());
        assertTrue(spent < 16L << 20, (spent >> 20) + " MiB allocated while receiving it: inflate in bounded chunks");
        assertTrue(written(c).startsWith("88"), "our Close 1009 is queued");
    }

    @Test
    void theLimitCountsInflatedBytesAcrossFrames() {
        // 3000 inflated bytes over a 2000-byte limit, compressed into frames far smaller than the limit.
        Connection s = server(TAKEOVER);
        s.sendFragmented(Message.binary(new byte[3000]), 5);
        Connection c = client(TAKEOVER, Limits.defaults().withMaxMessageSize(2000));
        List<Event> events = new ArrayList<>();
        s.dataToSend().forEach(b -> events.addAll(c.receive(b)));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, assertInstanceOf(Failure.class, events.get(0)).closeCode());
    }

    /** Bytes this thread has allocated so far (exact, whatever the GC does). */
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static void assertFailure(Connection c, String hex, CloseCode code, String ruleContains) {
        List<Event> events = feed(c, hex);
        Failure f = assertInstanceOf(Failure.class, events.get(events.size() - 1));
        assertEquals(code, f.closeCode(), f.violation().getMessage());
        assertTrue(f.violation().getMessage().contains(ruleContains), f.violation().getMessage());
        assertTrue(written(c).startsWith("88"), "a Close is queued");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
