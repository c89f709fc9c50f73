package dev.sheaf.benchmarks;

import dev.sheaf.Sheaf;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.optimizers.plugin.Adam;
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
 * One W1 training step (batch 128 of random pixels, 784-128-10 MLP, cross-entropy, gradients, Adam) through Ops and
 * the GradientTape: what the backend's per-op overhead costs around two small matmuls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MlpStepBenchmark {
    private static final int BATCH = 128;

    @Param({"cpu", "reference"})
    public String backend;

    private Mlp mlp;
    private Optimizer adam;
    private final float[] x = new float[BATCH * FashionMnist.PIXELS];
    private final int[] y = new int[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        Sheaf.setBackend(backend);
        mlp = new Mlp(42);
        adam = new Adam(1e-3);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(10);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mlp.close();
    }

    @Benchmark
    public float step() {
        return mlp.step(x, y, BATCH, adam, false);
    }
}
