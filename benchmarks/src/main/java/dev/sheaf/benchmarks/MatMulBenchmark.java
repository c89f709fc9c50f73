package dev.sheaf.benchmarks;

import dev.sheaf.Sheaf;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.bytedeco.dnnl.global.dnnl;
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
 * A float32 matrix product {@code [m, k] x [k, n]} through the backend SPI on {@code cpu} and {@code reference}, beside
 * oneDNN's own {@code dnnl_sgemm} called directly on native buffers: the ratio sgemm / cpu is what the backend's
 * dispatch and primitive choice cost. Shapes: 1024³, and the first layer of W4 (batch 1000) and W1 (batch 128);
 * {@code benchmarks/torch_matmul.py} times the same shapes in PyTorch. GFLOP/s = 2·m·k·n / (ms·1e6).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MatMulBenchmark {
    @Param({"cpu", "reference"})
    public String backend;

    /** {@code MxKxN}. */
    @Param({"1024x1024x1024", "1000x784x128", "128x784x128"})
    public String shape;

    private int m;
    private int k;
    private int n;

    private Backend b;
    private Tensor x;
    private Tensor y;
    private FloatPointer pa;
    private FloatPointer pb;
    private FloatPointer pc;

    @Setup(Level.Trial)
    public void setUp() {
        String[] d = shape.split("x");
        if (d.length != 3) {
            throw new IllegalArgumentException("shape must be MxKxN, was " + shape);
        }
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        b = Sheaf.setBackend(backend);
        x = Ops.uniform(Shape.of(m, k), -1, 1, 1);
        y = Ops.uniform(Shape.of(k, n), -1, 1, 2);
        pa = new FloatPointer(x.toFloatArray());
        pb = new FloatPointer(y.toFloatArray());
        pc = new FloatPointer((long) m * n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        pa.close();
        pb.close();
        pc.close();
    }

    /** Through the SPI (allocation of the result included, as in every op). */
    @Benchmark
    public Tensor matmul() {
        Tensor r = b.matmul(x, y, false, false);
        r.close();
        return r;
    }

    /** oneDNN's BLAS-like sgemm on the same data (row-major, no allocation): the ceiling for {@link #matmul}. */
    @Benchmark
    public int dnnlSgemm() {
        return dnnl.dnnl_sgemm((byte) 'N', (byte) 'N', m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
    }
}
