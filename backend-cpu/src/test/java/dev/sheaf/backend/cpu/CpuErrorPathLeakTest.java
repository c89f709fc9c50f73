package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.spi.Registry;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Ops that fail part-way (bad input found after the result was allocated, a oneDNN primitive that cannot be created,
 * an exception inside a {@link Parallel} chunk) must leave nothing behind: no tensor (tracked by the caller's scope or
 * waiting for the garbage collector), no native memory ({@link NativeMemory#bytesInUse()}, JavaCPP's counters), no
 * oneDNN handle, no cache entry; and the backend must compute correctly afterwards. Each case runs thousands of times
 * inside one open scope, so that a tensor left behind shows as a growing scope and a growing byte count instead of
 * being freed by a garbage collection at some later time.
 */
class CpuErrorPathLeakTest {
    private static final int REPEATS = 2000;

    private final CpuBackend cpu = (CpuBackend) Registry.global().backend("cpu");
    private final Backend ref = Registry.global().backend("reference");

    private static Tensor f(Backend b, long... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((i * 7) % 13 - 6) / 4f;
        }
        return b.fromFloats(v, s);
    }

    /** The scope's open tensors and the backend's native bytes, before and after {@code calls} each failed. */
    private static void assertNothingLeftBehind(String what, List<Executable> calls) {
        try (TensorScope scope = TensorScope.open()) {
            // One warm-up round: first calls may fill the block pool or JIT arenas.
            for (Executable c : calls) {
                assertThrows(RuntimeException.class, c, what);
            }
            int tracked0 = scope.trackedCount();
            long inUse0 = NativeMemory.bytesInUse();
            long total0 = Pointer.totalBytes();
            long physical0 = Pointer.physicalBytes();
            for (int i = 0; i < REPEATS; i++) {
                for (Executable c : calls) {
                    assertThrows(RuntimeException.class, c, what);
                }
            }
            long physicalGrowth = Pointer.physicalBytes() - physical0;
            assertEquals(tracked0, scope.trackedCount(), what + ": failed ops left open tensors in the scope");
            assertEquals(inUse0, NativeMemory.bytesInUse(), what + ": failed ops left native memory allocated");
            long totalGrowth = Pointer.totalBytes() - total0;
            assertTrue(totalGrowth <= 64 * 1024, what + ": JavaCPP totalBytes grew by " + totalGrowth);
            // A leaked oneDNN descriptor or primitive per call (kilobytes each) would pass this many times over.
            assertTrue(physicalGrowth < 24L * 1024 * 1024, what + ": resident memory grew by " + physicalGrowth);
        }
    }

    @Test
    void badInputFoundInsideAKernelLeavesNoResultBehind() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor ints = cpu.fromInts(new int[] {1, 4, 9, 16}, Shape.of(4));
            Tensor bools = cpu.fromBooleans(new boolean[] {true, false, true}, Shape.of(3));
            Tensor floats = f(cpu, 4);
            scope.keep(ints, bools, floats);
            try {
                // Float-only ops on integers, arithmetic on bools, NOT on floats: each used to allocate its result
                // (NOT even returned one, reading the float bytes as bools) and then throw.
                assertNothingLeftBehind("bad dtypes", List.of(
                        () -> cpu.unary(UnaryOp.SQRT, ints),
                        () -> cpu.unary(UnaryOp.EXP, ints),
                        () -> cpu.unary(UnaryOp.ERF, ints),
                        () -> cpu.unary(UnaryOp.TANH, bools),
                        () -> cpu.unary(UnaryOp.NOT, floats),
                        () -> cpu.binary(BinaryOp.ADD, bools, bools),
                        () -> cpu.binary(BinaryOp.POW, bools, bools)));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> cpu.unary(UnaryOp.SQRT, ints));
                assertTrue(e.getMessage().contains("SQRT") && e.getMessage().contains("int32"), e.getMessage());
                // Still right afterwards, and the valid dtypes still work.
                assertArrayEquals(new float[] {1, 2, 3, 4},
                        cpu.unary(UnaryOp.SQRT, cpu.cast(ints, DType.FLOAT32)).toFloatArray());
                assertArrayEquals(new int[] {-1, -4, -9, -16}, cpu.unary(UnaryOp.NEG, ints).toIntArray());
                assertArrayEquals(new boolean[] {false, true, false}, cpu.unary(UnaryOp.NOT, bools).toBooleanArray());
                assertArrayEquals(new boolean[4], cpu.unary(UnaryOp.ISNAN, floats).toBooleanArray());
            } finally {
                ints.close();
                bools.close();
                floats.close();
            }
        }
    }

    @Test
    void opsOnAClosedEngineLeaveNoResultBehind() {
        // A closed backend's oneDNN engine is gone, so every primitive-backed op fails after allocating its result:
        // the same path as a primitive whose creation fails.
        CpuBackend dead = new CpuBackend();
        dead.close();
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = f(dead, 16, 32);
            Tensor w = f(dead, 32, 8);
            Tensor large = f(dead, 300_000);
            Tensor img = f(dead, 2, 8, 8, 3);
            Tensor kernel = f(dead, 3, 3, 3, 4);
            Tensor y = f(dead, 2, 6, 6, 4);
            Tensor pooled = f(dead, 2, 3, 3, 4);
            Tensor matrix = dead.reshape(large, Shape.of(600, 500));
            ConvSpec cs = ConvSpec.simple(2);
            PoolSpec ps = PoolSpec.of(2, 2);
            scope.keep(a, w, large, img, kernel, y, pooled, matrix);
            try {
                assertNothingLeftBehind("closed engine", List.of(
                        () -> dead.matmul(a, w, false, false),
                        () -> dead.dense(a, w, null, UnaryOp.RELU),
                        () -> dead.softmax(large, 0),
                        () -> dead.unary(UnaryOp.TANH, large),
                        () -> dead.binary(BinaryOp.MUL, large, large),
                        () -> dead.reduce(ReduceOp.SUM, matrix, new int[] {0}, false),
                        () -> dead.transpose(a, new int[] {1, 0}),
                        () -> dead.conv(img, kernel, cs),
                        () -> dead.convBackwardData(y, kernel, img.shape(), cs),
                        () -> dead.convBackwardFilter(img, y, kernel.shape(), cs),
                        () -> dead.pool(PoolMode.MAX, y, ps),
                        () -> dead.poolBackward(PoolMode.AVG, y, pooled, ps),
                        () -> dead.poolBackward(PoolMode.MAX, y, pooled, ps)));
            } finally {
                for (Tensor t : new Tensor[] {a, w, large, img, kernel, y, pooled, matrix}) {
                    t.close();
                }
            }
        }
    }

    @Test
    void primitivesThatOneDnnRefusesLeaveNoHandleResultOrCacheEntry() {
        // Straight to the kernels with operands oneDNN's descriptor creation refuses (the backend's checks bypassed),
        // on a live engine of its own.
        try (Dnnl d = new Dnnl(64); TensorScope scope = TensorScope.open()) {
            CpuTensor four = (CpuTensor) f(cpu, 4);
            CpuTensor three = (CpuTensor) f(cpu, 3);
            CpuTensor a = (CpuTensor) f(cpu, 2, 3);
            CpuTensor b = (CpuTensor) f(cpu, 4, 5);
            CpuTensor img = (CpuTensor) f(cpu, 1, 5, 5, 3);
            CpuTensor kernel = (CpuTensor) f(cpu, 3, 3, 2, 4);
            scope.keep(four, three, a, b, img, kernel);
            try {
                assertNothingLeftBehind("refused primitives", List.of(
                        () -> Binary.run(cpu, d, BinaryOp.ADD, four, three, Shape.of(4)),
                        () -> MatMul.run(cpu, d, a, b, false, false, null, MatMul.NO_ACTIVATION),
                        () -> Softmax.run(cpu, d, a, 5, false),
                        () -> Reduction.run(cpu, d, ReduceOp.SUM, a, new int[0]),
                        () -> Convolution.forward(cpu, d, img, kernel, ConvSpec.simple(2))));
                synchronized (d) {
                    assertEquals(0, d.cache().size(), "a refused primitive was cached");
                }
                // The engine still works: the same kernels on valid operands give the reference's results.
                CpuTensor c = (CpuTensor) f(cpu, 3, 5);
                Tensor product = MatMul.run(cpu, d, a, c, false, false, null, MatMul.NO_ACTIVATION);
                assertArrayEquals(ref.matmul(f(ref, 2, 3), f(ref, 3, 5), false, false).toFloatArray(),
                        product.toFloatArray(), 1e-6f);
                c.close();
            } finally {
                for (Tensor t : new Tensor[] {four, three, a, b, img, kernel}) {
                    t.close();
                }
            }
        }
    }

    @Test
    void failingParallelChunksLeaveTheLoopWorkersUsable() {
        AtomicInteger seen = new AtomicInteger();
        for (int i = 0; i < REPEATS; i++) {
            IllegalStateException boom = new IllegalStateException("chunk " + i);
            int at = (i * 97) % 4096;
            assertThrows(IllegalStateException.class, () -> Parallel.forRange(4096, 16, (lo, hi) -> {
                seen.incrementAndGet();
                if (lo <= at && at < hi) {
                    throw boom;
                }
            }));
        }
        assertTrue(seen.get() >= REPEATS);
        // The busy flag was released each time: later loops still run every index once, and the backend's parallel
        // kernels (a large gather, a float64 product, Adam) still give the reference's answers.
        AtomicInteger covered = new AtomicInteger();
        Parallel.forRange(1 << 14, 16, (lo, hi) -> covered.addAndGet(hi - lo));
        assertEquals(1 << 14, covered.get());
        try (TensorScope scope = TensorScope.open()) {
            int[] idx = new int[2048];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (i * 131) % 4096;
            }
            assertArrayEquals(ref.gather(f(ref, 4096, 64), ref.fromInts(idx, Shape.of(idx.length)), 0).toFloatArray(),
                    cpu.gather(f(cpu, 4096, 64), cpu.fromInts(idx, Shape.of(idx.length)), 0).toFloatArray());
            Supplier<double[]> a = () -> {
                double[] v = new double[128 * 256];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.sin(i);
                }
                return v;
            };
            Tensor x = cpu.fromDoubles(a.get(), Shape.of(128, 256));
            Tensor y = cpu.fromDoubles(a.get(), Shape.of(256, 128));
            Tensor rx = ref.fromDoubles(a.get(), Shape.of(128, 256));
            Tensor ry = ref.fromDoubles(a.get(), Shape.of(256, 128));
            assertArrayEquals(ref.matmul(rx, ry, false, false).toDoubleArray(),
                    cpu.matmul(x, y, false, false).toDoubleArray());
            Tensor[] got = cpu.adamUpdate(f(cpu, 40_000), f(cpu, 40_000), cpu.full(Shape.of(40_000), DType.FLOAT32, 0),
                    cpu.full(Shape.of(40_000), DType.FLOAT32, 0), null, cpu.full(Shape.of(1), DType.FLOAT32, 0.01),
                    0.9, 0.999, 1e-7, 1);
            Tensor[] want = ref.adamUpdate(f(ref, 40_000), f(ref, 40_000), ref.full(Shape.of(40_000), DType.FLOAT32, 0),
                    ref.full(Shape.of(40_000), DType.FLOAT32, 0), null, ref.full(Shape.of(1), DType.FLOAT32, 0.01),
                    0.9, 0.999, 1e-7, 1);
            assertArrayEquals(want[0].toFloatArray(), got[0].toFloatArray());
        }
    }
}
