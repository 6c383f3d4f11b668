package wsfs.bench;

import wsfs.protocol.Masking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH benchmark of the masking routines (chapter 06): {@link Masking#apply} (one byte per step, as the RFC
 * writes it), {@link Masking#applyFast} (eight bytes per step, in the loop shape the JIT vectorises), the same
 * eight-bytes-per-step loop written with the exit test {@code i + 8 <= length} (which the JIT does not
 * vectorise; kept here only to be measured), and {@code System.arraycopy} of the same size as the yardstick.
 * JMH runs each method in a loop in a fresh JVM, after warm-up, and reports operations per second; one
 * operation masks (or copies) {@code size} bytes, so bytes per second = ops/s * size.
 * Run it with {@code ./jbang jbang-scripts/bench/MaskingBench.java}.
 * Annotation processing (javac {@code -proc:full}) generates the harness classes from the annotations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {

    /** Payload sizes: a chat message, a typical JSON message, a large frame, a file chunk. */
    @Param({"64", "1024", "65536", "1048576"})
    public int size;

    private byte[] data;
    private byte[] copy;
    private final byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Setup
    public void setUp() {
        data = new byte[size];
        copy = new byte[size];
        new Random(6455).nextBytes(data);
    }

    @Benchmark
    public byte[] readable() {
        Masking.apply(data, 0, data.length, key, 0);
        return data; // returned, so JMH consumes it and the JIT cannot drop the work
    }

    @Benchmark
    public byte[] fast() {
        Masking.applyFast(data, 0, data.length, key, 0);
        return data;
    }

    @Benchmark
    public byte[] uncounted() {
        uncounted(data, 0, data.length, key, 0);
        return data;
    }

    /** The yardstick: copying the same number of bytes from one array to another. */
    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(data, 0, copy, 0, data.length);
        return copy;
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * {@link Masking#applyFast} as it was first written: the same work, but the exit test is {@code i + 8 <= length}.
     * C2 does not see a counted loop (the test compares {@code i + 8}, not {@code i}, with the limit), so it
     * neither unrolls nor vectorises it. Only here, to be measured beside the counted shape.
     */
    static void uncounted(byte[] data, int offset, int length, byte[] key, int keyOffset) {
        long pattern = 0;
        for (int j = 0; j < 8; j++) {
            pattern |= (key[(keyOffset + j) & 3] & 0xffL) << (8 * j);
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = (long) LONGS.get(data, offset + i);
            LONGS.set(data, offset + i, word ^ pattern);
        }
        for (; i < length; i++) {
            data[offset + i] ^= key[(keyOffset + i) & 3];
        }
    }
}
