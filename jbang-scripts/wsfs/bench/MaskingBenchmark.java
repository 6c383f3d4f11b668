package wsfs.bench;

import wsfs.protocol.Masking;

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
 * A JMH benchmark of the two masking routines (chapter 04): {@link Masking#apply} (one byte per step, as the
 * RFC writes it) against {@link Masking#applyFast} (eight bytes per step). JMH runs each method in a loop
 * in a fresh JVM, after warm-up, and reports operations per second; one operation masks {@code size}
 * bytes in place, so bytes per second = ops/s * size. Run it with {@code ./jbang jbang-scripts/04_Masking.java bench}.
 * Annotation processing (javac {@code -proc:full}) generates the harness classes from the annotations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {

    /** Payload sizes: a chat message, a typical JSON message, a large frame, a file chunk. */
    @Param({"16", "1024", "65536", "1048576"})
    public int size;

    private byte[] data;
    private final byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};

    @Setup
    public void setUp() {
        data = new byte[size];
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
}
