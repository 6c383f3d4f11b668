package wsfs.protocol;

/**
 * A complete WebSocket message (chapter 07): what the application sends and receives, however many frames
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
        public ByteString payload() {
            return ByteString.utf8(text);
        }
    }

    /** A binary message (opcode 0x2). Its bytes are a {@link ByteString}: immutable, compared by content. */
    record Binary(ByteString data) implements Message {
        public Binary {
            if (data == null) {
                throw new NullPointerException("data");
            }
        }

        /** A binary message carrying a copy of {@code data}. */
        public Binary(byte[] data) {
            this(ByteString.of(data));
        }

        @Override
        public Opcode opcode() {
            return Opcode.BINARY;
        }

        @Override
        public ByteString payload() {
            return data;
        }
    }

    /** The opcode of the first frame of this message: TEXT or BINARY. */
    Opcode opcode();

    /** The bytes that travel on the wire: UTF-8 for text. */
    ByteString payload();

    static Message text(String text) {
        return new Text(text);
    }

    /** A binary message carrying a copy of {@code data}. */
    static Message binary(byte[] data) {
        return new Binary(data);
    }

    static Message binary(ByteString data) {
        return new Binary(data);
    }
}
