package wsfs.conformance;

import java.time.Duration;
import java.util.List;

/**
 * One step of a conformance case's script (chapter 20): what the fuzzer does, in order, on one connection.
 * The same script runs in both directions: {@link FuzzingClient} plays it against a server and
 * {@link FuzzingServer} against a client; only the masking of the frames differs (see {@link FuzzFrame}).
 */
public sealed interface CaseStep {

    /** Sends these frames, their bytes cut into TCP writes as {@code chopping} says. */
    record Send(List<FuzzFrame> frames, Chopping chopping) implements CaseStep {
        public Send {
            frames = List.copyOf(frames);
        }
    }

    /**
     * Waits, then notes {@link WireEvent.Timeout}{@code (marker)} if the connection is still open: the way
     * to observe that a peer did NOT react to what was sent so far (Autobahn's "timeout" events).
     */
    record Wait(Duration duration, String marker) implements CaseStep {
    }

    /**
     * Sends {@code frame} {@code count} times, each time waiting for the peer's answer before sending the
     * next one: a round-trip latency measurement (category 9.7/9.8).
     */
    record RoundTrips(FuzzFrame frame, int count) implements CaseStep {
    }

    static Send send(FuzzFrame... frames) {
        return new Send(List.of(frames), Chopping.WHOLE);
    }

    static Send send(Chopping chopping, FuzzFrame... frames) {
        return new Send(List.of(frames), chopping);
    }

    static Wait waitFor(long millis, String marker) {
        return new Wait(Duration.ofMillis(millis), marker);
    }

    /**
     * How the bytes of a {@link Send} are cut into separate writes (TCP segments, on loopback with
     * TCP_NODELAY). A correct peer must not care: TCP is a byte stream, and a reader that assumes
     * "one read = one frame" breaks on anything but WHOLE.
     *
     * @param kind        the cutting rule
     * @param size        the chunk size for {@link Kind#CHUNKS}
     * @param cuts        byte offsets where to cut, for the AT_ kinds
     * @param pause       how long to wait between two writes
     * @param waitMarkers if not empty, the pause after write i is an observed wait: if the connection is still
     *                    open afterwards, a {@link WireEvent.Timeout} with marker i is recorded (like {@link Wait})
     */
    record Chopping(Kind kind, int size, int[] cuts, Duration pause, List<String> waitMarkers) {
        public enum Kind {
            /** Everything in one write. */
            WHOLE,
            /** One write per frame. */
            PER_FRAME,
            /** Writes of {@code size} bytes. */
            CHUNKS,
            /** Cut at the given offsets of the bytes of the whole send. */
            AT_OFFSETS,
            /** Cut at the given offsets of the first frame's payload (the header length depends on who sends). */
            AT_PAYLOAD_OFFSETS
        }

        public Chopping {
            cuts = cuts.clone();
            waitMarkers = List.copyOf(waitMarkers);
        }

        public static final Chopping WHOLE = new Chopping(Kind.WHOLE, 0, new int[0], Duration.ZERO, List.of());
        public static final Chopping PER_FRAME = new Chopping(Kind.PER_FRAME, 0, new int[0], Duration.ZERO, List.of());
        /** One byte per write: the hardest test of a reader that must not assume whole frames arrive. */
        public static final Chopping OCTETS = chunks(1);

        public static Chopping chunks(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("chunk size < 1");
            }
            return new Chopping(Kind.CHUNKS, size, new int[0], Duration.ZERO, List.of());
        }

        public static Chopping atOffsets(int... cuts) {
            return new Chopping(Kind.AT_OFFSETS, 0, cuts, Duration.ZERO, List.of());
        }

        public static Chopping atPayloadOffsets(int... cuts) {
            return new Chopping(Kind.AT_PAYLOAD_OFFSETS, 0, cuts, Duration.ZERO, List.of());
        }

        public Chopping withPause(Duration value) {
            return new Chopping(kind, size, cuts, value, waitMarkers);
        }

        /** Observed waits of {@code millis} between the writes, named by {@code markers}. */
        public Chopping withWaits(long millis, String... markers) {
            return new Chopping(kind, size, cuts, Duration.ofMillis(millis), List.of(markers));
        }

        public String describe() {
            String base = switch (kind) {
                case WHOLE -> "in one write";
                case PER_FRAME -> "one write per frame";
                case CHUNKS -> size == 1 ? "one byte per write" : "in writes of " + size + " bytes";
                case AT_OFFSETS -> "cut at byte offsets " + java.util.Arrays.toString(cuts);
                case AT_PAYLOAD_OFFSETS -> "cut at payload offsets " + java.util.Arrays.toString(cuts);
            };
            return pause.isZero() ? base : base + ", " + pause.toMillis() + " ms apart";
        }
    }
}
