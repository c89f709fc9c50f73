package dev.sheaf.benchmarks;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * W4's batch-1000 predict in a warm process: each call slices the next 1000 rows of a 10,000-row set held as one
 * tensor (cycling through it, so the rows come from memory as in the workload) and runs forward, softmax and the
 * copy to a host array. The end-to-end workload measures the same calls within seconds of start-up; the difference
 * is what the JIT's warm-up costs there.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PredictBenchmark {
    private static final int ROWS = 10_000;
    private static final int BATCH = 1000;

    @Param({"cpu", "reference"})
    public String backend;

    private Mlp mlp;
    private Tensor data;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Sheaf.setBackend(backend);
        mlp = new Mlp(42);
        float[] x = new float[ROWS * FashionMnist.PIXELS];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        data = TensorScope.detach(Ops.constant(x, ROWS, FashionMnist.PIXELS));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.close();
        mlp.close();
    }

    @Benchmark
    public float[] predictBatch() {
        int from = next;
        next = (next + BATCH) % ROWS;
        return mlp.predict(data, from, BATCH);
    }
}
