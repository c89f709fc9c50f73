package dev.sheaf.benchmarks;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.plugin.Adam;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Adam update of W1's first kernel (784×128 floats) through the optimizer, beside {@link #memoryFloor}: the
 * same memory traffic with no arithmetic (four arrays read and three written, block by block through the caches as
 * the cpu backend's kernel moves them). An update reads the variable, gradient and both moments and writes three of
 * them back, 2.8 MB at this size; when {@code update} is about {@code memoryFloor}, the update is bound by memory, not
 * by its square roots and divisions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AdamBenchmark {
    private static final int ROWS = 784;
    private static final int COLS = 128;
    private static final int BLOCK = 4096;

    @Param({"cpu"})
    public String backend;

    private Variable kernel;
    private Tensor gradient;
    private Optimizer adam;
    private FloatPointer[] streams;
    private final float[][] blocks = new float[4][BLOCK];

    @Setup(Level.Trial)
    public void setUp() {
        Sheaf.setBackend(backend);
        kernel = new Variable("kernel", Ops.uniform(Shape.of(ROWS, COLS), -0.1, 0.1, 1));
        gradient = TensorScope.detach(Ops.uniform(Shape.of(ROWS, COLS), -1e-3, 1e-3, 2));
        adam = new Adam(1e-3);
        streams = new FloatPointer[4];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = new FloatPointer((long) ROWS * COLS);
            streams[i].fill(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.close();
        gradient.close();
        for (FloatPointer p : streams) {
            p.close();
        }
    }

    @Benchmark
    public void update() {
        adam.applyGradients(List.of(gradient), List.of(kernel));
    }

    @Benchmark
    public float memoryFloor() {
        int n = ROWS * COLS;
        float[] w = blocks[0];
        float[] g = blocks[1];
        float[] m = blocks[2];
        float[] v = blocks[3];
        for (int lo = 0; lo < n; lo += BLOCK) {
            int len = Math.min(BLOCK, n - lo);
            streams[0].position(lo).get(w, 0, len);
            streams[1].position(lo).get(g, 0, len);
            streams[2].position(lo).get(m, 0, len);
            streams[3].position(lo).get(v, 0, len);
            for (int i = 0; i < len; i++) {
                m[i] += g[i];
                v[i] += g[i];
                w[i] += m[i] * v[i];
            }
            streams[0].position(lo).put(w, 0, len);
            streams[2].position(lo).put(m, 0, len);
            streams[3].position(lo).put(v, 0, len);
        }
        return w[0];
    }
}
