package wsfs.conformance;

import wsfs.protocol.ByteString;
import wsfs.view.WireEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Small helpers the case catalogs ({@code Cases*} classes) share (chapter 20): expected events, payloads,
 * and plans. Package-private: the public face of the catalog is {@link ConformanceSuite}.
 */
final class CaseKit {
    private CaseKit() {
    }

    static WireEvent text(String s) {
        return new WireEvent.Message(false, utf8(s));
    }

    static WireEvent text(byte[] b) {
        return new WireEvent.Message(false, b);
    }

    static WireEvent binary(byte[] b) {
        return new WireEvent.Message(true, b);
    }

    static WireEvent pong(byte[] b) {
        return new WireEvent.Pong(b);
    }

    static WireEvent pong(String s) {
        return new WireEvent.Pong(utf8(s));
    }

    static WireEvent timeout(String marker) {
        return new WireEvent.Timeout(marker);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code length} bytes of {@code pattern} repeated (ASCII, so valid UTF-8 at any cut). */
    static byte[] repeat(String pattern, int length) {
        byte[] p = utf8(pattern);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = p[i % p.length];
        }
        return out;
    }

    /** {@code length} copies of one byte. */
    static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    /** Concatenation. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A plan of steps and an expectation. */
    static ConformanceCase.Plan plan(CaseExpectation expect, CaseStep... steps) {
        return new ConformanceCase.Plan(List.of(steps), expect);
    }

    /** The frames of one text or binary message cut into fragments of {@code size} bytes (section 5.4). */
    static List<FuzzFrame> fragments(int opcode, byte[] data, int size) {
        List<FuzzFrame> out = new ArrayList<>();
        int at = 0;
        do {
            int end = Math.min(data.length, at + size);
            byte[] piece = Arrays.copyOfRange(data, at, end);
            out.add(new FuzzFrame(at == 0 ? opcode : 0x0, end == data.length, 0, ByteString.wrapOwned(piece),
                    FuzzFrame.MaskMode.AS_SENDER_MUST, null, null));
            at = end;
        } while (at < data.length);
        return out;
    }

    /** One byte per fragment (frames, not TCP chops). */
    static List<FuzzFrame> octetFragments(int opcode, byte[] data) {
        return fragments(opcode, data, 1);
    }
}
