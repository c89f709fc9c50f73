package dev.sheaf.benchmarks;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
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
 * 2-d convolution forward, backward-data and backward-filter on the second convolution of the W2 network
 * ({@code [128, 13, 13, 32]} input, 3×3 kernel to 64 channels, valid padding, channels-last) through the SPI.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ConvBenchmark {
    @Param({"cpu", "reference"})
    public String backend;

    private Backend b;
    private final ConvSpec spec = ConvSpec.simple(2);
    private Tensor x;
    private Tensor k;
    private Tensor g;

    @Setup(Level.Trial)
    public void setUp() {
        b = Sheaf.setBackend(backend);
        x = Ops.uniform(Shape.of(128, 13, 13, 32), -1, 1, 1);
        k = Ops.uniform(Shape.of(3, 3, 32, 64), -0.1, 0.1, 2);
        g = Ops.uniform(Shape.of(128, 11, 11, 64), -1, 1, 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        k.close();
        g.close();
    }

    @Benchmark
    public Tensor forward() {
        Tensor r = b.conv(x, k, spec);
        r.close();
        return r;
    }

    @Benchmark
    public Tensor backwardData() {
        Tensor r = b.convBackwardData(g, k, x.shape(), spec);
        r.close();
        return r;
    }

    @Benchmark
    public Tensor backwardFilter() {
        Tensor r = b.convBackwardFilter(x, g, k.shape(), spec);
        r.close();
        return r;
    }
}
