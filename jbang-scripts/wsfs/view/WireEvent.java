package wsfs.view;

import wsfs.protocol.ByteString;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What the fuzzer observes from its peer during a conformance case (chapter 20), in arrival order.
 * {@link Message}, {@link Pong} and {@link Timeout} are what a case's expectation lists and compares;
 * {@link Close}, {@link Eof} and {@link PeerViolation} decide how the connection ended.
 */
public sealed interface WireEvent {

    /** Whether a case's expected event list compares this kind of event. */
    default boolean compared() {
        return false;
    }

    /** A one-line description for reports. */
    String describe();

    /** A whole data message (fragments already joined). */
    record Message(boolean binary, ByteString data) implements WireEvent {
        /** With a copy of {@code data}. */
        public Message(boolean binary, byte[] data) {
            this(binary, ByteString.of(data));
        }
        @Override
        public boolean compared() {
            return true;
        }

        @Override
        public String describe() {
            return (binary ? "binary " : "text ") + show(data, !binary);
        }
    }

    /** A Pong frame. */
    record Pong(ByteString data) implements WireEvent {
        /** With a copy of {@code data}. */
        public Pong(byte[] data) {
            this(ByteString.of(data));
        }
        @Override
        public boolean compared() {
            return true;
        }

        @Override
        public String describe() {
            return "pong " + show(data, true);
        }
    }

    /** A Ping frame from the peer (the fuzzer answers it; expectations do not list it). */
    record Ping(ByteString data) implements WireEvent {
        /** With a copy of {@code data}. */
        public Ping(byte[] data) {
            this(ByteString.of(data));
        }
        @Override
        public String describe() {
            return "ping " + show(data, true);
        }
    }

    /** The peer stayed silent and kept the connection open through a {@link CaseStep.Wait}. */
    record Timeout(String marker) implements WireEvent {
        @Override
        public boolean compared() {
            return true;
        }

        @Override
        public String describe() {
            return "no reaction during wait " + marker;
        }
    }

    /**
     * A Close frame from the peer. {@code code} is null when the payload was empty (section 5.5.1: the body
     * is optional); {@code reason} is the raw reason bytes.
     */
    record Close(Integer code, ByteString reason) implements WireEvent {
        /** With a copy of {@code reason}. */
        public Close(Integer code, byte[] reason) {
            this(code, ByteString.of(reason));
        }
        @Override
        public String describe() {
            if (code == null) {
                return "close (no status code)";
            }
            return "close " + code + (reason.isEmpty() ? "" : " " + show(reason, true));
        }
    }

    /** The peer sent something that breaks RFC 6455; the fuzzer stops reading there. */
    record PeerViolation(String rule) implements WireEvent {
        @Override
        public String describe() {
            return "peer broke a rule: " + rule;
        }
    }

    /** The TCP connection ended (orderly FIN, or reset = true for an RST / aborted connection). */
    record Eof(boolean reset) implements WireEvent {
        @Override
        public String describe() {
            return reset ? "TCP reset" : "TCP closed";
        }
    }

    /**
     * Shows a payload for a report: up to 40 bytes, as quoted text if it is printable UTF-8,
     * otherwise as hex, followed by its length.
     */
    static String show(ByteString data, boolean asText) {
        if (data.isEmpty()) {
            return "(empty)";
        }
        if (asText && data.length() <= 40) {
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(data.toByteArray())).toString();
                if (s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && !Character.isISOControl(c))) {
                    return "\"" + s + "\"";
                }
            } catch (CharacterCodingException e) {
                // fall through to hex
            }
        }
        if (data.length() <= 16) {
            return "0x" + data.hex();
        }
        return data.length() + " B";
    }
}
