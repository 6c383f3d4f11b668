package wsfs.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A complete WebSocket message (chapter 05): what the application sends and receives, however many frames
 * carried it on the wire (RFC 6455 section 5.4). Section 5.6 defines two kinds: text, whose payload is
 * UTF-8, and binary, whose bytes are left to the application.
 */
public sealed interface Message permits Message.Text, Message.Binary {

    /** A text message (opcode 0x1). The string is what the UTF-8 payload decodes to. */
    record Text(String text) implements Message {
        public Text {
            if (text == null) {
                throw new NullPointerException("text");
            }
        }

        @Override
        public Opcode opcode() {
            return Opcode.TEXT;
        }

        @Override
        public byte[] payload() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A binary message (opcode 0x2). Compared by content, unlike a plain array. */
    record Binary(byte[] data) implements Message {
        public Binary {
            if (data == null) {
                throw new NullPointerException("data");
            }
        }

        @Override
        public Opcode opcode() {
            return Opcode.BINARY;
        }

        /** A copy, so the message stays as it was received. */
        @Override
        public byte[] payload() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            String shown = data.length <= 32 ? HexFormat.of().formatHex(data)
                    : HexFormat.of().formatHex(data, 0, 32) + "...";
            return "Binary[length=" + data.length + ", data=" + shown + "]";
        }
    }

    /** The opcode of the first frame of this message: TEXT or BINARY. */
    Opcode opcode();

    /** The bytes that travel on the wire: UTF-8 for text. */
    byte[] payload();

    static Message text(String text) {
        return new Text(text);
    }

    static Message binary(byte[] data) {
        return new Binary(data);
    }
}
