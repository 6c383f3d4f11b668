package wsfs.view;

import wsfs.protocol.Frame;
import wsfs.protocol.FrameParser;
import wsfs.protocol.MessageInflater;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Annotates the frames of one direction of a permessage-deflate connection (chapter 23), by composition with
 * chapter 05's describer: the same field-by-field hex, with RSV1 named "compressed (permessage-deflate)" instead
 * of a broken rule, and the inflated message under the frame that completes it. It keeps the direction's
 * decompressor from message to message, as the receiver does, so with context takeover the second "Hello"
 * (5 bytes that point back into the first) inflates too.
 */
public final class CompressedFrames {
    private final MessageInflater inflater;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean compressedMessage;
    private Opcode type;
    private long wireBytes;

    /** @param senderResets the sender of these frames agreed to no context takeover */
    public CompressedFrames(boolean senderResets) {
        inflater = new MessageInflater(senderResets);
    }

    /** The annotated text of every frame in {@code bytes} (whole frames, one direction). */
    public String describe(byte[] bytes) {
        FrameParser.FrameCollector frames = new FrameParser.FrameCollector(bytes.length);
        FrameParser parser = FrameParser.eitherDirection(Long.MAX_VALUE);
        parser.setAllowedRsv(4);    // RSV1 is negotiated; RSV2 and RSV3 still break section 5.2
        StringBuilder out = new StringBuilder();
        try {
            parser.feed(bytes.clone(), frames);
            frames.finish(parser);
        } catch (ProtocolViolation | EOFException e) {
            return FrameDescriber.text(bytes);   // not a frame we can read: chapter 05's view names the rule
        }
        int at = 0;
        for (Frame f : frames.frames()) {
            int length = wsfs.protocol.FrameCodec.headerLength(f.payload().length(), f.maskingKey() != null)
                    + f.payload().length();
            byte[] one = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += one.length;
            out.append(frame(one, f));
        }
        return out.toString();
    }

    private String frame(byte[] one, Frame f) {
        boolean rsv1 = (f.rsv() & 4) != 0;
        List<HexDump.Field> fields = new ArrayList<>();
        int b0 = one[0] & 0xff;
        fields.add(new HexDump.Field(0, 1, "FIN=%d, RSV1=%d%s, RSV2-3=00, opcode=0x%X (%s)".formatted(b0 >> 7,
                rsv1 ? 1 : 0, rsv1 ? ": compressed (permessage-deflate, RFC 7692 section 6)" : "",
                b0 & 0x0f, FrameDescriber.opcodeName(b0 & 0x0f))));
        int header = one.length - f.payload().length();
        boolean masked = f.maskingKey() != null;
        fields.add(new HexDump.Field(1, header - (masked ? 5 : 1), "MASK=%d, payload length %d".formatted(
                masked ? 1 : 0, f.payload().length())));
        if (masked) {
            fields.add(new HexDump.Field(header - 4, 4, "Masking-key = " + HexDump.hex(f.maskingKey().toByteArray())));
        }
        boolean inflating = rsv1 || (compressedMessage && f.opcode() == Opcode.CONTINUATION);
        if (f.payload().length() > 0) {
            fields.add(new HexDump.Field(header, f.payload().length(), inflating
                    ? "DEFLATE data" + (masked ? " (masked on the wire)" : "") + (f.fin() ? ", 00 00 ff ff removed (RFC 7692 7.2.1)" : "")
                    : f.opcode().isControl() ? "control payload, never compressed" : "uncompressed payload"));
        }
        StringBuilder out = new StringBuilder("%d bytes, %s\n".formatted(one.length,
                masked ? "client -> server (masked)" : "server -> client (not masked)"));
        out.append(HexDump.annotate(one, fields));
        if (f.opcode().isControl()) {
            return out.toString();
        }
        if (rsv1) {
            compressedMessage = true;
            type = f.opcode();
            message.reset();
            wireBytes = 0;
        }
        if (!compressedMessage) {
            return out.toString();
        }
        wireBytes += f.payload().length();
        try {
            byte[] payload = f.payload().toByteArray();
            inflater.feed(payload, 0, payload.length, message::write);
            if (f.fin()) {
                inflater.finish(message::write);
                compressedMessage = false;
                byte[] whole = message.toByteArray();
                out.append("Inflated (00 00 ff ff appended, RFC 7692 7.2.2): %d bytes from %d: %s\n".formatted(
                        whole.length, wireBytes, type == Opcode.TEXT
                                ? "\"" + LogLine.escape(new String(whole, StandardCharsets.UTF_8)) + "\""
                                : HexDump.hex(whole, 0, Math.min(whole.length, 32)) + (whole.length > 32 ? " ..." : "")));
            }
        } catch (ProtocolViolation v) {
            compressedMessage = false;
            out.append("Cannot inflate: " + v.getMessage() + "\n");
        }
        return out.toString();
    }
}
