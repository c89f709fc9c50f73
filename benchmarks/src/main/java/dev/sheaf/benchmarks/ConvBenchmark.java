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
 * 2-d convolution forward, backward-data and backward-filter through the SPI, channels-last, 3×3 kernels:
 * <ul>
 *   <li>{@code w2a}: the first convolution of the W2 network, {@code [128, 28, 28, 1]} to 32 channels, valid;</li>
 *   <li>{@code w2b}: its second, {@code [128, 13, 13, 32]} to 64 channels, valid (the default);</li>
 *   <li>{@code r56}: a ResNet-style layer, {@code [32, 56, 56, 64]} to 64 channels, same padding.</li>
 * </ul>
 * {@code convLayout} sets the cpu backend's {@code sheaf.cpu.convLayout} ({@code auto}, {@code any}: oneDNN's blocked
 * layouts with reorders, {@code plain}: channels-last strides) before the fork's first convolution reads it:
 * {@code -p convLayout=plain,any -p shape=w2a,w2b,r56 -p backend=cpu} measures the two layouts side by side.
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

    @Param({"w2b"})
    public String shape;

    @Param({"auto"})
    public String convLayout;

    private Backend b;
    private ConvSpec spec;
    private Tensor x;
    private Tensor k;
    private Tensor g;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty("sheaf.cpu.convLayout", convLayout);
        b = Sheaf.setBackend(backend);
        long batch;
        long size;
        long in;
        long out;
        int pad;
        switch (shape) {
            case "w2a" -> {
                batch = 128;
                size = 28;
                in = 1;
                out = 32;
                pad = 0;
            }
            case "w2b" -> {
                batch = 128;
                size = 13;
                in = 32;
                out = 64;
                pad = 0;
            }
            case "r56" -> {
                batch = 32;
                size = 56;
                in = 64;
                out = 64;
                pad = 1;
            }
            default -> throw new IllegalArgumentException("shape: w2a, w2b or r56, not " + shape);
        }
        spec = new ConvSpec(new int[] {1, 1}, new int[][] {{pad, pad}, {pad, pad}}, new int[] {1, 1}, 1);
        long o = size + 2L * pad - 2;
        x = Ops.uniform(Shape.of(batch, size, size, in), -1, 1, 1);
        k = Ops.uniform(Shape.of(3, 3, in, out), -0.1, 0.1, 2);
        g = Ops.uniform(Shape.of(batch, o, o, out), -1, 1, 3);
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
