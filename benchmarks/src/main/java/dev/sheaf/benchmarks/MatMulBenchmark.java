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
 * A 1024³ float32 matrix product through the backend SPI on {@code cpu} and {@code reference}, beside oneDNN's own
 * {@code dnnl_sgemm} called directly on native buffers: the ratio sgemm / cpu is what the backend's dispatch and
 * primitive choice cost. GFLOP/s = 2·1024³ / (ms·1e6).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MatMulBenchmark {
    private static final int N = 1024;

    @Param({"cpu", "reference"})
    public String backend;

    private Backend b;
    private Tensor x;
    private Tensor y;
    private FloatPointer pa;
    private FloatPointer pb;
    private FloatPointer pc;

    @Setup(Level.Trial)
    public void setUp() {
        b = Sheaf.setBackend(backend);
        x = Ops.uniform(Shape.of(N, N), -1, 1, 1);
        y = Ops.uniform(Shape.of(N, N), -1, 1, 2);
        pa = new FloatPointer(x.toFloatArray());
        pb = new FloatPointer(y.toFloatArray());
        pc = new FloatPointer((long) N * N);
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
        return dnnl.dnnl_sgemm((byte) 'N', (byte) 'N', N, N, N, 1f, pa, N, pb, N, 0f, pc, N);
    }
}
