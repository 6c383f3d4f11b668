package wsfs.protocol;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an endpoint makes of each incoming frame (chapter 08), without any socket: parser events in, events out.
 * The receiver is the {@link FrameParser.Sink} an endpoint gives its parser. It routes each frame by its opcode:
 * data frames go to a {@link MessageAssembler} piece by piece (chapter 07); control frames (section 5.5) are
 * gathered (at most 125 bytes, the parser made sure) and handed up at their end, even between the fragments of a
 * message (section 5.4: "Control frames MAY be injected in the middle of a fragmented message").
 * <ul>
 *   <li>Ping: the endpoint MUST answer with a Pong carrying the same payload (section 5.5.2):
 *       {@link PingReceived#reply()} is that Pong.</li>
 *   <li>Pong: either the answer to our ping or an unsolicited heartbeat (section 5.5.3); no reply.</li>
 *   <li>Close: handed up as bytes; chapter 09 parses it and runs the closing handshake.</li>
 * </ul>
 * The rules of the frame format (a control frame is final and carries at most
 * {@link FrameParser#MAX_CONTROL_PAYLOAD} bytes, section 5.5) are the parser's, checked once, from the header.
 * {@link #receive(Frame)} takes a whole frame built by hand (tests, notebooks) and trusts it to obey them.
 */
public final class Receiver implements FrameParser.Sink {

    /** What one frame meant. */
    public sealed interface Event permits MessageReceived, PingReceived, PongReceived, CloseReceived {
    }

    /** The frame completed a message. */
    public record MessageReceived(Message message) implements Event {
    }

    /** A ping: the endpoint must send {@link #reply()}, unless it already sent a Close (section 5.5.2). */
    public record PingReceived(ByteString payload) implements Event {
        /** Section 5.5.2: "A Pong frame sent in response to a Ping frame must have identical Application Data". */
        public Frame reply() {
            return Frame.pong(payload);
        }
    }

    /** A pong: the answer to a ping we sent, or an unsolicited one (section 5.5.3). Never answered. */
    public record PongReceived(ByteString payload) implements Event {
    }

    /** A Close frame's payload, still unparsed (chapter 09's ClosePayload reads it). */
    public record CloseReceived(ByteString payload) implements Event {
    }

    private final MessageAssembler assembler;
    private final Consumer<Event> onEvent;
    private byte[] control;       // the payload of the control frame now arriving, else null
    private int controlFilled;

    /** A receiver whose events come back from {@link #receive(Frame)}. */
    public Receiver(long maxMessageSize) {
        this(maxMessageSize, event -> {
            throw new IllegalStateException("an event but nobody takes it: use receive(Frame), "
                    + "or the constructor with a consumer");
        });
    }

    /** A receiver, to be fed by a {@link FrameParser}, that hands every event to {@code onEvent}, in order. */
    public Receiver(long maxMessageSize, Consumer<Event> onEvent) {
        this.onEvent = onEvent;
        this.assembler = new MessageAssembler(maxMessageSize, message -> onEvent.accept(new MessageReceived(message)));
    }

    @Override
    public void header(FrameHeader header) throws ProtocolViolation {
        // EXERCISE 08-route-control: a control frame's payload is collected apart; a data frame goes to the assembler (RFC 6455 section 5.5)
        if (header.opcode().isControl()) {
            control = new byte[(int) header.payloadLength()];     // at most 125 bytes: the parser checked
            controlFilled = 0;
        } else {
            assembler.header(header);                              // order (1002) and size (1009)
        }
        // END EXERCISE
    }

    @Override
    public void payload(FrameHeader header, byte[] data, int offset, int length) throws ProtocolViolation {
        // EXERCISE 08-route-control: control payload into its own buffer, data payload to the assembler, also between fragments (section 5.4)
        if (header.opcode().isControl()) {
            System.arraycopy(data, offset, control, controlFilled, length);
            controlFilled += length;
        } else {
            assembler.payload(header, data, offset, length);      // UTF-8 as it arrives (1007)
        }
        // END EXERCISE
    }

    @Override
    public void end(FrameHeader header) throws ProtocolViolation {
        // EXERCISE 08-route-control: a data frame ends in the assembler; a control frame becomes its event at once (section 5.5)
        if (!header.opcode().isControl()) {
            assembler.end(header);                                 // a message, if this was its last frame
            return;
        }
        ByteString payload = ByteString.wrapOwned(control);   // a fresh array, nobody else holds it: no copy
        control = null;
        onEvent.accept(controlEvent(header.opcode(), payload));
        // END EXERCISE
    }

    /**
     * Takes a whole frame; returns what it meant, or nothing if it was a fragment of a message not yet complete.
     * The consumer is not called: the event is the return value.
     *
     * @throws ProtocolViolation whatever the {@link MessageAssembler} throws for data frames (1002, 1007, 1009)
     */
    public Optional<Event> receive(Frame frame) throws ProtocolViolation {
        if (!frame.opcode().isControl()) {
            return assembler.accept(frame).map(MessageReceived::new);
        }
        return Optional.of(controlEvent(frame.opcode(), frame.payload()));
    }

    private static Event controlEvent(Opcode opcode, ByteString payload) {
        return switch (opcode) {
            case PING -> new PingReceived(payload);
            case PONG -> new PongReceived(payload);
            case CLOSE -> new CloseReceived(payload);
            default -> throw new IllegalStateException("not a control opcode: " + opcode);
        };
    }

    /** True while a fragmented message is open (control frames may still arrive in between). */
    public boolean inMessage() {
        return assembler.inMessage();
    }

    /** Bytes of the message being reassembled, buffered so far. */
    public int bufferedBytes() {
        return assembler.bufferedBytes();
    }
}
