package wsfs.protocol;

import wsfs.io.FrameReader;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What an endpoint makes of each incoming frame (chapter 06), without any socket: frames in, events out.
 * Data frames go to a {@link MessageAssembler}; control frames (section 5.5) are handled at once, even between
 * the fragments of a message (section 5.4: "Control frames MAY be injected in the middle of a fragmented message").
 * <ul>
 *   <li>Ping: the endpoint MUST answer with a Pong carrying the same payload (section 5.5.2):
 *       {@link PingReceived#reply()} is that Pong.</li>
 *   <li>Pong: either the answer to our ping or an unsolicited heartbeat (section 5.5.3); no reply.</li>
 *   <li>Close: handed up as bytes; chapter 07 parses it and runs the closing handshake.</li>
 * </ul>
 * Section 5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
 * The frame reader already refuses such frames on the wire; the receiver checks again, so code that builds
 * {@link Frame} records by hand (tests, notebooks) meets the same rules.
 * <p>
 * The receiver is also a {@link FrameReader.PayloadObserver}: an endpoint that reads with
 * {@code reader.read(receiver)} lets it see a data frame while it arrives (the assembler's
 * {@link MessageAssembler#frameStarted} and {@link MessageAssembler#payloadArrived}), so invalid UTF-8 fails
 * before the rest of the frame is read; {@link #receive} then takes the complete frame as usual.
 */
public final class Receiver implements FrameReader.PayloadObserver {

    /** What one frame meant. */
    public sealed interface Event permits MessageReceived, PingReceived, PongReceived, CloseReceived {
    }

    /** The frame completed a message. */
    public record MessageReceived(Message message) implements Event {
    }

    /** A ping: the endpoint must send {@link #reply()}, unless it already received a Close (section 5.5.2). */
    public record PingReceived(byte[] payload) implements Event {
        /** Section 5.5.2: "A Pong frame sent in response to a Ping frame must have identical Application Data". */
        public Frame reply() {
            return Frame.pong(payload);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PingReceived p && Arrays.equals(payload, p.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "PingReceived[" + HexFormat.of().formatHex(payload) + "]";
        }
    }

    /** A pong: the answer to a ping we sent, or an unsolicited one (section 5.5.3). Never answered. */
    public record PongReceived(byte[] payload) implements Event {
        @Override
        public boolean equals(Object o) {
            return o instanceof PongReceived p && Arrays.equals(payload, p.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "PongReceived[" + HexFormat.of().formatHex(payload) + "]";
        }
    }

    /** A Close frame's payload, still unparsed (chapter 07's ClosePayload reads it). */
    public record CloseReceived(byte[] payload) implements Event {
        @Override
        public boolean equals(Object o) {
            return o instanceof CloseReceived c && Arrays.equals(payload, c.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "CloseReceived[" + HexFormat.of().formatHex(payload) + "]";
        }
    }

    private final MessageAssembler assembler;

    public Receiver(long maxMessageSize) {
        this.assembler = new MessageAssembler(maxMessageSize);
    }

    /**
     * Takes the next frame; returns what it meant, or nothing if it was a fragment of a message not yet complete.
     *
     * @throws ProtocolViolation 1002 for a fragmented or oversized control frame, and whatever the
     *                           {@link MessageAssembler} throws for data frames (1002, 1007, 1009)
     */
    public Optional<Event> receive(Frame frame) throws ProtocolViolation {
        Opcode opcode = frame.opcode();
        if (!opcode.isControl()) {
            return assembler.accept(frame).map(MessageReceived::new);
        }
        if (!frame.fin()) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.5", "Control frames must not be fragmented");
        }
        if (frame.payload().length > FrameParser.MAX_CONTROL_PAYLOAD) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "5.5",
                    "Control frames must have a payload of 125 bytes or less, not " + frame.payload().length);
        }
        return Optional.of(switch (opcode) {
            case PING -> new PingReceived(frame.payload());
            case PONG -> new PongReceived(frame.payload());
            case CLOSE -> new CloseReceived(frame.payload());
            default -> throw new IllegalStateException("not a control opcode: " + opcode);
        });
    }

    /** A frame's header was read: a data frame's ordering and size are checked before its payload is read. */
    @Override
    public void onHeader(FrameReader.Header header) throws ProtocolViolation {
        if (!header.opcode().isControl()) {
            assembler.frameStarted(header);
        }
    }

    /** A piece of a data frame's payload arrived: a text message is checked as UTF-8 at once (1007). */
    @Override
    public void onPayload(FrameReader.Header header, byte[] data, int offset, int length) throws ProtocolViolation {
        if (!header.opcode().isControl()) {
            assembler.payloadArrived(data, offset, length);
        }
    }

    /** True while a fragmented message is open (control frames may still arrive in between). */
    public boolean inMessage() {
        return assembler.inMessage();
    }
}
