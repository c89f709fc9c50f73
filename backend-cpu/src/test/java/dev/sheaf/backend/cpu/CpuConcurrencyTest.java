package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The cpu backend used from several threads at once, as a web server calling {@code predict} does: each thread with
 * its own {@link TensorScope} and inputs, all sharing read-only weights. Every result must be bit-identical to the
 * same computation run on one thread, primitives created on first use by many threads at once must be created once
 * and work, tensors may be closed by a thread other than their creator, and {@link Parallel}'s shared job must keep
 * each caller's loop to itself.
 */
class CpuConcurrencyTest {
    private static final int THREADS = 6;

    private final CpuBackend cpu = (CpuBackend) Registry.global().backend("cpu");

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    private static Tensor f(Backend b, long seed, long... dims) {
        Shape s = Shape.of(dims);
        return b.fromFloats(values(s.elementCountAsInt(), seed), s);
    }

    /** Weights every thread reads and none writes. */
    private static final class Weights implements AutoCloseable {
        final Tensor w1;
        final Tensor b1;
        final Tensor w2;
        final Tensor table;
        final Tensor kernel;
        final Tensor gamma;
        final Tensor beta;
        final Tensor wide;
        final Tensor big;

        Weights(Backend b) {
            w1 = f(b, 1, 64, 48);
            b1 = f(b, 2, 48);
            w2 = f(b, 3, 48, 10);
            table = f(b, 4, 4096, 64);
            kernel = f(b, 5, 3, 3, 3, 8);
            gamma = f(b, 6, 8);
            beta = f(b, 7, 8);
            // float64 [256, 512]: its products with [64, 256] split over Parallel's workers.
            double[] d = new double[256 * 512];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.sin(i);
            }
            wide = b.fromDoubles(d, Shape.of(256, 512));
            big = f(b, 8, 1);
        }

        @Override
        public void close() {
            for (Tensor t : new Tensor[] {w1, b1, w2, table, kernel, gamma, beta, wide, big}) {
                t.close();
            }
        }
    }

    /**
     * One request of thread {@code t}: dense + softmax + reductions + gather + element-wise ops (Java loops and oneDNN
     * sizes) + conv/pool and their gradients + normalization + a float64 product and a large gather (both over
     * {@link Parallel}) + fused optimizer updates on the thread's own variables. Returns every result on the host.
     */
    private static List<Object> request(Backend b, Weights w, int t) {
        List<Object> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = f(b, 100 + t, 32, 64);
            Tensor h = b.dense(x, w.w1, w.b1, UnaryOp.RELU);
            Tensor logits = b.matmul(h, w.w2, false, false);
            out.add(h.toFloatArray());
            out.add(b.softmax(logits, 1).toFloatArray());
            out.add(b.logSoftmax(logits, 0).toFloatArray());
            out.add(b.reduce(ReduceOp.SUM, logits, new int[] {1}, false).toFloatArray());
            out.add(b.reduce(ReduceOp.MAX, h, new int[] {0}, true).toFloatArray());
            out.add(b.argmax(logits, 1, false).toLongArray());
            int[] idx = new int[1024];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (i * 31 + t * 7) % 4096;
            }
            Tensor rows = b.gather(w.table, b.fromInts(idx, Shape.of(idx.length)), 0);
            out.add(rows.toFloatArray());
            out.add(b.binary(BinaryOp.ADD, h, w.b1).toFloatArray());
            out.add(b.binary(BinaryOp.DIV, logits, b.reduce(ReduceOp.MAX, logits, new int[] {1}, true))
                    .toFloatArray());
            // Large element-wise ops and a large sum run on oneDNN primitives.
            Tensor large = f(b, 200 + t, 300_000);
            out.add(b.unary(UnaryOp.TANH, large).toFloatArray());
            out.add(b.binary(BinaryOp.MUL, large, w.big).toFloatArray());
            out.add(b.reduce(ReduceOp.SUM, b.reshape(large, Shape.of(600, 500)), new int[] {0}, false)
                    .toFloatArray());
            out.add(b.transpose(rows, new int[] {1, 0}).toFloatArray());
            Tensor img = f(b, 300 + t, 2, 12, 12, 3);
            ConvSpec cs = ConvSpec.simple(2);
            Tensor y = b.conv(img, w.kernel, cs);
            out.add(y.toFloatArray());
            out.add(b.convBackwardData(y, w.kernel, img.shape(), cs).toFloatArray());
            out.add(b.convBackwardFilter(img, y, w.kernel.shape(), cs).toFloatArray());
            PoolSpec ps = PoolSpec.of(2, 2);
            Tensor pooled = b.pool(PoolMode.MAX, y, ps);
            out.add(pooled.toFloatArray());
            out.add(b.pool(PoolMode.AVG, y, ps).toFloatArray());
            out.add(b.poolBackward(PoolMode.MAX, y, pooled, ps).toFloatArray());
            for (Tensor n : b.batchNormTraining(y, w.gamma, w.beta, 3, 1e-3)) {
                out.add(n.toFloatArray());
            }
            out.add(b.layerNorm(y, w.gamma, w.beta, 1e-3)[0].toFloatArray());
            double[] a = new double[64 * 256];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.cos(i + t);
            }
            out.add(b.matmul(b.fromDoubles(a, Shape.of(64, 256)), w.wide, false, false).toDoubleArray());
            // Optimizer updates on this thread's own variables (large enough to split over Parallel).
            Tensor var = f(b, 400 + t, 40_000);
            Tensor grad = f(b, 500 + t, 40_000);
            Tensor m = b.full(Shape.of(40_000), DType.FLOAT32, 0);
            Tensor v = b.full(Shape.of(40_000), DType.FLOAT32, 0);
            Tensor lr = b.full(Shape.of(1), DType.FLOAT32, 0.01);
            for (Tensor u : b.adamUpdate(var, grad, m, v, null, lr, 0.9, 0.999, 1e-7, 3)) {
                out.add(u.toFloatArray());
            }
            Tensor[] donated = b.adamUpdateDonated(b.copy(var), grad, b.copy(m), b.copy(v), null, lr, 0.9, 0.999,
                    1e-7, 1);
            out.add(donated[0].toFloatArray());
            Tensor[] sgd = b.sgdMomentumUpdateDonated(b.copy(var), grad, b.copy(m), lr, 0.9, true);
            out.add(sgd[0].toFloatArray());
            out.add(sgd[1].toFloatArray());
        }
        return out;
    }

    private static void assertSameResults(List<Object> expected, List<Object> got, String what) {
        assertEquals(expected.size(), got.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            Object e = expected.get(i);
            Object g = got.get(i);
            if (e instanceof float[] fe) {
                assertArrayEquals(fe, (float[]) g, what + ", result " + i);
            } else if (e instanceof double[] de) {
                assertArrayEquals(de, (double[]) g, what + ", result " + i);
            } else {
                assertArrayEquals((long[]) e, (long[]) g, what + ", result " + i);
            }
        }
    }

    /** Runs {@code body(thread)} on {@link #THREADS} threads started together; rethrows the first failure. */
    private static void onThreads(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    body.run(id);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw (Exception) e.getCause();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface ThreadBody {
        void run(int thread) throws Exception;
    }

    @Test
    void threadsSharingWeightsGetTheSingleThreadedResultsBitForBit() throws Exception {
        long inUse0 = NativeMemory.bytesInUse();
        try (Weights w = new Weights(cpu)) {
            List<List<Object>> expected = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                expected.add(request(cpu, w, t));
            }
            onThreads(THREADS, t -> {
                for (int i = 0; i < 6; i++) {
                    assertSameResults(expected.get(t), request(cpu, w, t), "thread " + t + ", iteration " + i);
                }
            });
            // The shared weights are unchanged.
            assertArrayEquals(values(64 * 48, 1), w.w1.toFloatArray());
        }
        assertEquals(inUse0, NativeMemory.bytesInUse(), "native memory left behind by the threads' scopes");
    }

    /** Ops on shapes nobody used before, {@code round} picking the shapes. */
    private static List<Object> firstUse(Backend b, int round) {
        List<Object> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open()) {
            int m = 17 + round;
            int k = 29 + 2 * round;
            int n = 13 + 3 * round;
            Tensor x = f(b, 1, m, k);
            Tensor w = f(b, 2, k, n);
            out.add(b.matmul(x, w, false, false).toFloatArray());
            out.add(b.dense(x, w, f(b, 3, n), UnaryOp.TANH).toFloatArray());
            out.add(b.softmax(x, 0).toFloatArray());
            out.add(b.transpose(x, new int[] {1, 0}).toFloatArray());
            Tensor img = f(b, 4, 1, 9 + round, 7 + round, 2);
            Tensor kern = f(b, 5, 3, 3, 2, 3 + round);
            Tensor y = b.conv(img, kern, ConvSpec.simple(2));
            out.add(y.toFloatArray());
            Tensor p = b.pool(PoolMode.MAX, y, PoolSpec.of(2, 2));
            out.add(p.toFloatArray());
            out.add(b.poolBackward(PoolMode.MAX, y, p, PoolSpec.of(2, 2)).toFloatArray());
            out.add(b.unary(UnaryOp.SIGMOID, f(b, 6, 300_000 + round)).toFloatArray());
        }
        return out;
    }

    @Test
    void concurrentFirstUseCreatesEachPrimitiveOnceAndComputesRightly() throws Exception {
        int rounds = 3;
        long perRound;
        List<List<Object>> expected = new ArrayList<>();
        try (CpuBackend serial = new CpuBackend()) {
            for (int r = 0; r < rounds; r++) {
                expected.add(firstUse(serial, r));
            }
            perRound = serial.primitivesCreated();
        }
        try (CpuBackend shared = new CpuBackend()) {
            for (int r = 0; r < rounds; r++) {
                int round = r;
                ConcurrentLinkedQueue<List<Object>> results = new ConcurrentLinkedQueue<>();
                onThreads(8, t -> results.add(firstUse(shared, round)));
                for (List<Object> got : results) {
                    assertSameResults(expected.get(r), got, "round " + r);
                }
            }
            assertEquals(perRound, shared.primitivesCreated(),
                    "threads asking for the same new primitive at once must create it once");
        }
    }

    @Test
    void tensorsClosedOnAnotherThreadAreFreedExactlyOnce() throws Exception {
        long inUse0 = NativeMemory.bytesInUse();
        for (int rep = 0; rep < 200; rep++) {
            // A tensor and several views of its memory (reshapes, a slice), each closed by a different thread at once.
            Tensor base = f(cpu, rep, 64, 32);
            List<Tensor> views = new ArrayList<>();
            views.add(base);
            for (int i = 0; i < 5; i++) {
                views.add(cpu.reshape(base, Shape.of(32, 64)));
            }
            views.add(cpu.slice(base, new int[] {8, 0}, new int[] {24, 32}, new int[] {1, 1}));
            onThreads(views.size(), t -> {
                views.get(t).close();
                views.get(t).close(); // a second close is a no-op, even racing the others
            });
        }
        assertEquals(inUse0, NativeMemory.bytesInUse(), "views closed on several threads at once");

        // Created inside one thread's scope, closed early by another: the scope's own close must not free it again.
        Tensor[] handed = new Tensor[1];
        for (int rep = 0; rep < 50; rep++) {
            try (TensorScope scope = TensorScope.open()) {
                handed[0] = f(cpu, rep, 1000);
                Thread other = new Thread(() -> handed[0].close());
                other.start();
                other.join();
            }
            assertEquals(inUse0, NativeMemory.bytesInUse(), "a tensor closed by another thread, then by its scope");
        }
        // And the pool still hands out distinct blocks: two new tensors do not share memory.
        try (TensorScope scope = TensorScope.open()) {
            Tensor a = cpu.full(Shape.of(1000), DType.FLOAT32, 1);
            Tensor b = cpu.full(Shape.of(1000), DType.FLOAT32, 2);
            assertEquals(1f, a.toFloatArray()[999]);
            assertEquals(2f, b.toFloatArray()[999]);
        }
    }

    @Test
    void parallelLoopsFromSeveralCallersStayApart() throws Exception {
        // Callers race for the shared job; a late one must run its own loop serially, never join another's or lose
        // its failure to another caller.
        onThreads(THREADS, t -> {
            for (int rep = 0; rep < 150; rep++) {
                int n = 4096 + 16 * t;
                if ((rep + t) % 3 == 0) {
                    IllegalStateException mine = new IllegalStateException("thread " + t + " rep " + rep);
                    try {
                        Parallel.forRange(n, 16, (lo, hi) -> {
                            if (lo == 0) {
                                throw mine;
                            }
                        });
                        throw new AssertionError("the failing loop of thread " + t + " did not throw");
                    } catch (IllegalStateException e) {
                        assertSame(mine, e, "thread " + t + " got another caller's failure");
                    }
                    continue;
                }
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Parallel.forRange(n, 16, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        hits.incrementAndGet(i);
                    }
                    Thread.onSpinWait();
                });
                for (int i = 0; i < n; i++) {
                    if (hits.get(i) != 1) {
                        throw new AssertionError("thread " + t + ": index " + i + " of " + n + " ran " + hits.get(i)
                                + " times");
                    }
                }
            }
        });
        // The backend's own parallel loops (float64 matmul, large gather, Adam) from several callers at once.
        try (Weights w = new Weights(cpu)) {
            List<Object> expected = request(cpu, w, 0);
            onThreads(4, t -> assertSameResults(expected, request(cpu, w, 0), "thread " + t));
        }
        assertTrue(Parallel.threads() >= 1);
    }
}
