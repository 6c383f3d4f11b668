package wsfs.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * permessage-deflate on the data path (chapter 23, RFC 7692 section 6), for one connection, after the handshake
 * agreed on it ({@link DeflateAgreement}). It plugs into {@link Connection} as its {@link Connection.Extension} (the hook named after RFC 6455
 * section 5.2: RSV bits are 0 "unless an extension is negotiated").
 * <p>
 * Receiving: RSV1 ("Per-Message Compressed") on the FIRST frame of a message says the whole message is
 * compressed; its payloads, frame after frame, are one DEFLATE stream, inflated as they arrive and handed to the
 * message assembler in chunks, so the assembler's checks run on the inflated bytes: UTF-8 as it arrives (1007)
 * and the message size limit (1009) while inflating. The assembler sees the compressed message as a fragmented
 * one: an empty first fragment at the first frame's header, then CONTINUATION fragments of inflated bytes, and
 * an empty final one at the last frame's end. RSV1 on a control frame or on a continuation frame is a protocol
 * error (1002).
 * <p>
 * Sending: every data message is compressed (section 6.1; a sender may also leave one uncompressed, RSV1 = 0);
 * RSV1 is set on its first frame only; control frames go out as they are (section 6: they are never compressed).
 */
public final class DeflateExtension implements Connection.Extension {
    /** RSV1, the bit permessage-deflate defines (RFC 7692 section 6). */
    public static final int RSV1 = 4;

    private final DeflateAgreement agreement;
    private final MessageDeflater deflater;
    private final MessageInflater inflater;

    /** The extension for the side playing {@code role}, as agreed, compressing at the default level. */
    public DeflateExtension(Role role, DeflateAgreement agreement) {
        this(role, agreement, Deflater.DEFAULT_COMPRESSION);
    }

    public DeflateExtension(Role role, DeflateAgreement agreement, int level) {
        this.agreement = agreement;
        this.deflater = new MessageDeflater(agreement.resetsCompressor(role), level);
        this.inflater = new MessageInflater(agreement.resetsDecompressor(role));
    }

    public DeflateAgreement agreement() {
        return agreement;
    }

    @Override
    public int rsvBits() {
        return RSV1;
    }

    @Override
    public List<Frame> outgoing(Message message, int fragmentSize) {
        ByteString compressed = ByteString.wrapOwned(deflater.compress(message.payload().toByteArray()));
        List<Frame> frames = fragmentSize > 0
                ? Fragmenter.fragment(message.opcode(), compressed, fragmentSize)
                : List.of(new Frame(true, 0, message.opcode(), null, compressed));
        List<Frame> marked = new ArrayList<>(frames);
        Frame first = marked.get(0);
        // Section 6: "the Per-Message Compressed bit ... set on the first frame of the message" only.
        marked.set(0, new Frame(first.fin(), RSV1, first.opcode(), first.maskingKey(), first.payload()));
        return marked;
    }

    @Override
    public FrameParser.Sink incoming(FrameParser.Sink next) {
        return new Inflating(next);
    }

    /** The stage between the parser and the receiver. */
    private final class Inflating implements FrameParser.Sink {
        private final FrameParser.Sink next;
        private boolean compressedMessage;   // a compressed message is open (between its first header and its end)
        private boolean inflatingFrame;      // the current frame's payload is compressed
        private final MessageInflater.Chunks toAssembler = this::inflated;

        Inflating(FrameParser.Sink next) {
            this.next = next;
        }

        @Override
        public void header(FrameHeader h) throws ProtocolViolation {
            boolean rsv1 = (h.rsv() & RSV1) != 0;
            inflatingFrame = false;
            if (h.opcode().isControl()) {
                if (rsv1) {
                    throw violation("RSV1 is set on a " + h.opcode() + " frame; control frames are never compressed");
                }
                next.header(h);
                return;
            }
            if (h.opcode() == Opcode.CONTINUATION) {
                if (rsv1) {
                    throw violation("RSV1 is set on a continuation frame; only the first frame of a message carries it");
                }
                if (compressedMessage) {
                    inflatingFrame = true;   // one DEFLATE stream across all frames of the message
                    return;
                }
                next.header(h);              // an uncompressed fragment (or one out of order: the assembler says 1002)
                return;
            }
            if (!rsv1) {
                next.header(h);              // an uncompressed message; out of order? the assembler says 1002
                return;
            }
            // The first frame of a compressed message: the assembler sees the start of a fragmented message now,
            // so the order of fragments (section 5.4) is checked as for any message.
            FrameHeader start = new FrameHeader(false, 0, h.opcode(), null, 0);
            next.header(start);
            next.end(start);
            compressedMessage = true;
            inflatingFrame = true;
        }

        @Override
        public void payload(FrameHeader h, byte[] data, int offset, int length) throws ProtocolViolation {
            if (inflatingFrame) {
                inflater.feed(data, offset, length, toAssembler);
            } else {
                next.payload(h, data, offset, length);
            }
        }

        @Override
        public void end(FrameHeader h) throws ProtocolViolation {
            if (!inflatingFrame) {
                next.end(h);
                return;
            }
            inflatingFrame = false;
            if (h.fin()) {
                inflater.finish(toAssembler);          // section 7.2.2: append 00 00 ff ff and inflate the rest
                compressedMessage = false;
                FrameHeader last = new FrameHeader(true, 0, Opcode.CONTINUATION, null, 0);
                next.header(last);
                next.end(last);                        // the message is complete (UTF-8 must not end mid-character)
            }
        }

        /** A chunk of inflated bytes becomes a fragment for the assembler, which checks size and UTF-8. */
        private void inflated(byte[] data, int offset, int length) throws ProtocolViolation {
            FrameHeader piece = new FrameHeader(false, 0, Opcode.CONTINUATION, null, length);
            next.header(piece);
            next.payload(piece, data, offset, length);
            next.end(piece);
        }
    }

    private static ProtocolViolation violation(String rule) {
        return new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "RFC 7692 section 6", rule);
    }

    /** Frees the compressor's and decompressor's native memory now (when the connection ends). */
    @Override
    public void release() {
        deflater.release();
        inflater.release();
    }
}
