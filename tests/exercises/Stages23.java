package exercises;

import wsfs.protocol.CloseCode;
import wsfs.protocol.Connection;
import wsfs.protocol.DeflateAgreement;
import wsfs.protocol.DeflateExtension;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.protocol.Limits;
import wsfs.protocol.MaskingKeys;
import wsfs.protocol.MessageDeflater;
import wsfs.protocol.Opcode;
import wsfs.protocol.Role;
import wsfs.view.HexDump;

import java.util.List;

import static exercises.Stage.challenge;

/**
 * Chapter 23's challenges (no exercises: chapter 23 adds an extension's data path to the finished core): the inflated-size
 * limit must hold while inflating, and RSV1 belongs on a message's first frame only.
 */
final class Stages23 {
    private Stages23() {
    }

    static Connection client(long maxMessage) {
        return new Connection(Role.CLIENT, Limits.defaults().withMaxMessageSize(maxMessage), MaskingKeys.fixed("37 fa 21 3d"),
                new DeflateExtension(Role.CLIENT, DeflateAgreement.defaults()));
    }

    /** Bytes this thread has allocated so far (HotSpot counts them exactly, without a GC in between). */
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    static List<Stage> stages() {
        return List.of(
                challenge("23-bomb", "a 64 KiB frame that inflates to 64 MiB gets 1009 before the memory is spent",
                        "RFC 6455 section 10.4 with RFC 7692 section 6.2: the message-size limit applies to the inflated size",
                        "DeflateExtension hands the inflated bytes to the assembler in chunks (MessageInflater.CHUNK); the "
                                + "assembler checks the size at every chunk's header.", () -> {
                            long limit = 1 << 20;
                            byte[] bomb = new MessageDeflater().compress(new byte[64 << 20]);
                            Connection c = client(limit);
                            String doing = "a compressed binary frame of " + bomb.length + " bytes (64 MiB of zeros) to a client with a 1 MiB limit";
                            byte[] frame = FrameCodec.encode(new Frame(true, 4, Opcode.BINARY, null, bomb));
                            long before = allocated();
                            List<Connection.Event> events = c.receive(frame);
                            long spent = allocated() - before;
                            Expect.isTrue(doing, events.size() == 1 && events.get(0) instanceof Connection.Failure f
                                    && f.closeCode().equals(CloseCode.MESSAGE_TOO_BIG), "one Failure with 1009", events.toString());
                            Expect.isTrue(doing, c.bufferedMessageBytes() <= limit, "at most " + limit + " bytes buffered",
                                    c.bufferedMessageBytes() + " bytes buffered");
                            Expect.isTrue(doing, spent < 16L << 20, "less than 16 MiB allocated while receiving it",
                                    (spent >> 20) + " MiB allocated");
                        }),
                challenge("23-rsv1-first-frame", "RSV1 on a continuation frame is 1002; the RFC's second \"Hello\" inflates with context takeover",
                        "RFC 7692 section 6: RSV1 is set on the first frame of a compressed message only; section 7.2.3.2",
                        "DeflateExtension's stage checks RSV1 at each header; the inflater keeps its window between messages "
                                + "unless no_context_takeover was agreed.", () -> {
                            Connection takeover = client(1 << 20);
                            takeover.receive(HexDump.parse("c1 07 f2 48 cd c9 c9 07 00"));
                            Expect.equal("c1 07 f2 48 cd c9 c9 07 00, then c1 05 f2 00 11 00 00 (RFC 7692 section 7.2.3.2)",
                                    List.of(new Connection.TextReceived("Hello")), takeover.receive(HexDump.parse("c1 05 f2 00 11 00 00")));
                            Connection c = client(1 << 20);
                            c.receive(HexDump.parse("41 03 f2 48 cd"));
                            List<Connection.Event> events = c.receive(HexDump.parse("c0 04 c9 c9 07 00"));
                            Expect.isTrue("41 03 f2 48 cd, then a continuation with RSV1 set: c0 04 c9 c9 07 00",
                                    events.size() == 1 && events.get(0) instanceof Connection.Failure f
                                            && f.closeCode().equals(CloseCode.PROTOCOL_ERROR) && f.violation().getMessage().contains("7692"),
                                    "one Failure with 1002 naming RFC 7692", events.toString());
                        }));
    }
}
