package ch20;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import wsfs.protocol.Fragmenter;
import wsfs.protocol.Frame;
import wsfs.protocol.FrameCodec;
import wsfs.io.FrameReader;
import wsfs.protocol.Masking;
import wsfs.protocol.Message;
import wsfs.protocol.MessageAssembler;
import wsfs.protocol.Opcode;
import wsfs.protocol.ProtocolViolation;
import wsfs.protocol.Role;
import wsfs.protocol.Utf8Validator;

/**
 * Properties of the codec of chapters 04-07, checked by jqwik on generated inputs (chapter 20): whatever the
 * frame, the message, the way TCP cuts the bytes, the decoder gets back what the encoder wrote; the two
 * masking routines agree; the UTF-8 validator agrees with the JDK's strict decoder however the text is cut.
 * jqwik shrinks a failing input to a small one before it reports it. jqwik has no time-out annotation: the
 * number of tries bounds each property (the class runs in about 4 seconds).
 */
class FrameCodecProperties {

    static final long MAX = 1 << 20;

    // ---- generators ----------------------------------------------------------------------------

    /** Payload sizes biased to the length-encoding boundaries of section 5.2. */
    static Arbitrary<byte[]> payloads(int max) {
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, Math.min(max, 200))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(125, 126, 127, 65535, 65536, 65537).filter(n -> n <= max)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, max)));
        return sizes.flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n));
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Opcode> opcodes = Arbitraries.of(Opcode.class);
        return opcodes.flatMap(op -> Combinators.combine(
                op.isControl() ? Arbitraries.just(true) : Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 7),
                payloads(op.isControl() ? 125 : 70_000),
                Arbitraries.bytes().array(byte[].class).ofSize(4).injectNull(0.3))
                .as((fin, rsv, payload, key) -> new Frame(fin, rsv, op, key, payload)));
    }

    @Provide
    Arbitrary<String> texts() {
        // Code points, not chars: a Java String may hold a lone surrogate, which has no UTF-8 form at all.
        return Arbitraries.integers().between(0, 0x10FFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(300)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    // ---- frames --------------------------------------------------------------------------------

    /** Any frame, masked as a client sends it or unmasked as a server does, decodes to itself. */
    @Property(tries = 300)
    void everyFrameSurvivesEncodingAndDecoding(@ForAll("frames") Frame frame) throws IOException {
        Role sender = frame.masked() ? Role.CLIENT : Role.SERVER;
        byte[] wire = FrameCodec.encode(frame);
        Frame back = new FrameReader(new ByteArrayInputStream(wire), sender.peer(), MAX, 7).read();
        assertEquals(frame, back);
        assertEquals(frame.maskingKey(), back.maskingKey());
    }

    /** However TCP cuts a run of frames into reads (even one byte each), the same frames come out. */
    @Property(tries = 200)
    void decodingDoesNotDependOnHowTheBytesArrive(
            @ForAll @Size(min = 1, max = 6) List<@From("frames") Frame> frames,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 700) Integer> readSizes) throws IOException {
        List<Frame> clientFrames = frames.stream()
                .map(f -> f.masked() ? f : f.withMaskingKey(new byte[]{1, 2, 3, 4})).toList();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        clientFrames.forEach(f -> wire.writeBytes(FrameCodec.encode(f)));
        FrameReader reader = new FrameReader(new ChunkedInputStream(wire.toByteArray(), readSizes), Role.SERVER, MAX, 7);
        for (Frame f : clientFrames) {
            assertEquals(f, reader.read());
        }
    }

    /** Returns at most the next chunk size per read call, cycling through the sizes: TCP's freedom. */
    static final class ChunkedInputStream extends InputStream {
        private final byte[] data;
        private final List<Integer> sizes;
        private int at;
        private int call;

        ChunkedInputStream(byte[] data, List<Integer> sizes) {
            this.data = data;
            this.sizes = sizes;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (at >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, sizes.get(call++ % sizes.size())), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    // ---- masking -------------------------------------------------------------------------------

    /** The 8-bytes-at-a-time masking equals the RFC's byte-by-byte rule on any slice, key and key offset. */
    @Property(tries = 1000)
    void fastMaskingEqualsTheReadableRule(@ForAll @Size(max = 300) byte[] data, @ForAll @Size(4) byte[] key,
                                          @ForAll @IntRange(max = 300) int from, @ForAll @IntRange(max = 300) int length,
                                          @ForAll @IntRange(max = 1 << 20) int keyOffset) {
        int offset = Math.min(from, data.length);
        int n = Math.min(length, data.length - offset);
        byte[] readable = data.clone();
        byte[] fast = data.clone();
        Masking.apply(readable, offset, n, key, keyOffset);
        Masking.applyFast(fast, offset, n, key, keyOffset);
        assertArrayEquals(readable, fast);
    }

    // ---- messages ------------------------------------------------------------------------------

    /** A text message cut into fragments of any size (code points split between frames) comes back whole. */
    @Property(tries = 300)
    void textMessagesSurviveFragmentation(@ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 64) int fragmentSize)
            throws IOException {
        assertEquals(new Message.Text(text), roundTrip(new Message.Text(text), fragmentSize));
    }

    @Property(tries = 300)
    void binaryMessagesSurviveFragmentation(@ForAll @Size(max = 3000) byte[] data, @ForAll @IntRange(min = 1, max = 700) int fragmentSize)
            throws IOException {
        assertEquals(new Message.Binary(data), roundTrip(new Message.Binary(data), fragmentSize));
    }

    static Message roundTrip(Message m, int fragmentSize) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Frame f : Fragmenter.fragment(m, fragmentSize)) {
            wire.writeBytes(FrameCodec.encode(f.withMaskingKey(new byte[]{(byte) 0xa1, 0x22, 0x3f, 0x04})));
        }
        FrameReader reader = new FrameReader(new ByteArrayInputStream(wire.toByteArray()), Role.SERVER, MAX);
        MessageAssembler assembler = new MessageAssembler(MAX);
        while (true) {
            Optional<Message> done = assembler.accept(reader.read());
            if (done.isPresent()) {
                return done.get();
            }
        }
    }

    // ---- UTF-8 ---------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> almostUtf8() {
        // Valid text with a few bytes overwritten: mostly near-misses, the interesting inputs for a validator.
        Arbitrary<byte[]> valid = texts().map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3).list().ofMaxSize(3),
                Arbitraries.bytes().list().ofSize(3)).as((bytes, where, what) -> {
                    byte[] b = bytes.clone();
                    for (int i = 0; i < where.size() && b.length > 0; i++) {
                        b[(where.get(i) * 7919) % b.length] = what.get(i);
                    }
                    return b;
                });
    }

    /** Chapter 07's validator, fed in pieces of any size, agrees with the JDK's strict decoder. */
    @Property(tries = 2000)
    void theUtf8ValidatorAgreesWithTheJdk(@ForAll("almostUtf8") byte[] text, @ForAll @IntRange(min = 1, max = 8) int piece) {
        Utf8Validator v = new Utf8Validator();
        boolean ours;
        try {
            for (int at = 0; at < text.length; at += piece) {
                v.feed(text, at, Math.min(text.length, at + piece));
            }
            v.finish();
            ours = true;
        } catch (ProtocolViolation e) {
            assertEquals(1007, e.closeCode().code());
            ours = false;
        }
        assertEquals(jdkSaysValid(text), ours);
    }

    static boolean jdkSaysValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    // ---- random bytes --------------------------------------------------------------------------

    /**
     * Random bytes into a decoder with a 1024-byte limit: the only outcomes are frames (never larger than the
     * limit), a ProtocolViolation, or an EOFException for input that ends mid-frame. The decoder never asks
     * its stream for more than the limit at once, so it never allocates for a length it only read in a header.
     */
    @Property(tries = 5000)
    void randomBytesGiveFramesOrViolationsOnly(@ForAll @Size(max = 40) byte[] input, @ForAll Role role) {
        DecoderFuzzTest.Outcome outcome = DecoderFuzzTest.decodeAll(input, role, 1024);
        assertTrue(outcome.largestRequest() <= 1024, "asked for " + outcome.largestRequest() + " bytes at once");
    }
}
