package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/**
 * Batched matrix products that oneDNN cannot run: float64 and integer operands (oneDNN's CPU matmul has neither f64
 * nor s32/s64 sources), and the float32 corner cases its descriptors refuse (K = 0, an empty result, more than 12
 * dimensions). Floats are computed in {@code double} and rounded once to their type, integers in {@code long}
 * (wrapping, then narrowed: int32 keeps the low 32 bits, as int arithmetic).
 *
 * <p>The loop is blocked for the cache: a {@code KC x NC} panel of B is packed one row per array (absorbing its
 * transpose), and four rows of C at a time, copied into row buffers, are updated by
 * {@code c[i, j..] += a[i, p] * panel[p, j..]}, contiguous inner loops that HotSpot vectorises. Every element of C
 * still adds its products one at a time in ascending {@code p} from zero, the reference backend's order, so float64
 * results agree with it bit for bit. Large products split their rows over {@link Parallel}'s
 * threads; each row is computed the same way whichever thread runs it.
 */
final class JavaMatMul {
    private static final int KC = 256;
    private static final int NC = 512;
    /** Multiply-adds below which a row block is not worth a thread of its own. */
    private static final int MIN_WORK_PER_THREAD = 1 << 20;

    private JavaMatMul() {
    }

    /** {@code a · b} with the SPI's shapes: {@code [..., M, K] · [..., K, N] -> [broadcast(...), M, N]}. */
    static CpuTensor run(CpuBackend backend, CpuTensor a, CpuTensor b, boolean transposeA, boolean transposeB) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        int ra = sa.rank();
        int rb = sb.rank();
        int m = (int) sa.dim(transposeA ? ra - 1 : ra - 2);
        int k = (int) sa.dim(transposeA ? ra - 2 : ra - 1);
        int n = (int) sb.dim(transposeB ? rb - 2 : rb - 1);
        Shape batchA = sa.subShape(0, ra - 2);
        Shape batchB = sb.subShape(0, rb - 2);
        Shape batch = Shape.broadcast(batchA, batchB, "matmul");
        long[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Shape outShape = Shape.of(outDims);
        CpuTensor out = CpuTensor.allocate(backend, outShape, a.dtype());
        try {
            if (outShape.elementCount() > 0) {
                multiply(a, b, batch, batchA, batchB, m, n, k, transposeA, transposeB, out);
            }
            return out;
        } catch (RuntimeException | Error e) {
            out.close(); // a failed chunk of the loop workers (an OutOfMemoryError) must not leave the result behind
            throw e;
        }
    }

    /** Writes {@code a · b} into {@code out}, which is non-empty. */
    private static void multiply(CpuTensor a, CpuTensor b, Shape batch, Shape batchA, Shape batchB, int m, int n,
                                 int k, boolean transposeA, boolean transposeB, CpuTensor out) {
        long lda = a.shape().dim(-1);
        long ldb = b.shape().dim(-1);
        Shape outShape = out.shape();
        if (k == 0) {
            Fill.fill(out, 0);
            return;
        }
        int batches = batch.elementCountAsInt();
        int[] mapA = Broadcasting.index(batchA, batch);
        int[] mapB = Broadcasting.index(batchB, batch);
        Operands o = new Operands(m, n, k, lda, transposeA, ldb, transposeB);
        int total = outShape.elementCountAsInt();
        WideScratch s = WideScratch.get();
        if (a.dtype().isFloating()) {
            double[] x = s.loadDoubles(0, a);
            double[] y = s.loadDoubles(1, b);
            double[] c = s.doubles(2, total);
            java.util.Arrays.fill(c, 0, total, 0.0);
            double[][] p = new double[Math.min(k, KC)][Math.min(n, NC)];
            for (int t = 0; t < batches; t++) {
                o.multiply(x, (mapA == null ? t : mapA[t]) * m * k, y, (mapB == null ? t : mapB[t]) * k * n, c,
                        t * m * n, p);
            }
            s.store(out, c);
        } else {
            long[] x = s.loadLongs(0, a);
            long[] y = s.loadLongs(1, b);
            long[] c = s.longs(2, total);
            java.util.Arrays.fill(c, 0, total, 0L);
            long[][] p = new long[Math.min(k, KC)][Math.min(n, NC)];
            for (int t = 0; t < batches; t++) {
                o.multiply(x, (mapA == null ? t : mapA[t]) * m * k, y, (mapB == null ? t : mapB[t]) * k * n, c,
                        t * m * n, p);
            }
            s.store(out, c);
        }
    }

    /**
     * One matrix product's geometry: {@code op(A)} is {@code M x K}, element {@code (i, p)} at {@code i*lda + p} (or
     * {@code p*lda + i} transposed); {@code op(B)} is {@code K x N}, element {@code (p, j)} at {@code p*ldb + j} (or
     * {@code j*ldb + p}); C is dense {@code M x N}.
     */
    private record Operands(int m, int n, int k, int lda, boolean ta, int ldb, boolean tb) {
        Operands(int m, int n, int k, long lda, boolean ta, long ldb, boolean tb) {
            this(m, n, k, (int) lda, ta, (int) ldb, tb);
        }

        /** Rows per thread so that each has about {@link #MIN_WORK_PER_THREAD} multiply-adds. */
        private int minRows(int kc, int nc) {
            return Math.max(1, MIN_WORK_PER_THREAD / Math.max(1, kc * nc));
        }

        private double a(double[] a, int aOff, int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        private long a(long[] a, int aOff, int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        void multiply(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[][] panel) {
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    for (int p = 0; p < kc; p++) {
                        double[] row = panel[p];
                        for (int j = 0; j < nc; j++) {
                            row[j] = tb ? b[bOff + (jc + j) * ldb + pc + p] : b[bOff + (pc + p) * ldb + jc + j];
                        }
                    }
                    int p0 = pc;
                    int j0 = jc;
                    Parallel.forRange(m, minRows(kc, nc), (lo, hi) -> {
                        double[][] rows = new double[4][nc];
                        int i = lo;
                        for (; i < hi; i += 4) {
                            int count = Math.min(4, hi - i);
                            for (int r = 0; r < count; r++) {
                                System.arraycopy(c, cOff + (i + r) * n + j0, rows[r], 0, nc);
                            }
                            if (count == 4) {
                                for (int p = 0; p < kc; p++) {
                                    fourRows(rows[0], rows[1], rows[2], rows[3], panel[p], nc, a(a, aOff, i, p0 + p),
                                            a(a, aOff, i + 1, p0 + p), a(a, aOff, i + 2, p0 + p),
                                            a(a, aOff, i + 3, p0 + p));
                                }
                            } else {
                                for (int r = 0; r < count; r++) {
                                    for (int p = 0; p < kc; p++) {
                                        oneRow(rows[r], panel[p], nc, a(a, aOff, i + r, p0 + p));
                                    }
                                }
                            }
                            for (int r = 0; r < count; r++) {
                                System.arraycopy(rows[r], 0, c, cOff + (i + r) * n + j0, nc);
                            }
                        }
                    });
                }
            }
        }

        void multiply(long[] a, int aOff, long[] b, int bOff, long[] c, int cOff, long[][] panel) {
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    for (int p = 0; p < kc; p++) {
                        long[] row = panel[p];
                        for (int j = 0; j < nc; j++) {
                            row[j] = tb ? b[bOff + (jc + j) * ldb + pc + p] : b[bOff + (pc + p) * ldb + jc + j];
                        }
                    }
                    int p0 = pc;
                    int j0 = jc;
                    Parallel.forRange(m, minRows(kc, nc), (lo, hi) -> {
                        long[][] rows = new long[4][nc];
                        int i = lo;
                        for (; i < hi; i += 4) {
                            int count = Math.min(4, hi - i);
                            for (int r = 0; r < count; r++) {
                                System.arraycopy(c, cOff + (i + r) * n + j0, rows[r], 0, nc);
                            }
                            if (count == 4) {
                                for (int p = 0; p < kc; p++) {
                                    fourRows(rows[0], rows[1], rows[2], rows[3], panel[p], nc, a(a, aOff, i, p0 + p),
                                            a(a, aOff, i + 1, p0 + p), a(a, aOff, i + 2, p0 + p),
                                            a(a, aOff, i + 3, p0 + p));
                                }
                            } else {
                                for (int r = 0; r < count; r++) {
                                    for (int p = 0; p < kc; p++) {
                                        oneRow(rows[r], panel[p], nc, a(a, aOff, i + r, p0 + p));
                                    }
                                }
                            }
                            for (int r = 0; r < count; r++) {
                                System.arraycopy(rows[r], 0, c, cOff + (i + r) * n + j0, nc);
                            }
                        }
                    });
                }
            }
        }
    }

    /**
     * Four rows of C updated by one row of the panel: each panel element is loaded once for four multiply-adds, and
     * every array is indexed by the loop variable alone (HotSpot 17 does not vectorise accesses with different
     * variable offsets). Each element still adds one product at a time, in the caller's ascending {@code p}.
     */
    private static void fourRows(double[] c0, double[] c1, double[] c2, double[] c3, double[] b, int n, double a0,
                                 double a1, double a2, double a3) {
        for (int j = 0; j < n; j++) {
            double v = b[j];
            c0[j] += a0 * v;
            c1[j] += a1 * v;
            c2[j] += a2 * v;
            c3[j] += a3 * v;
        }
    }

    private static void oneRow(double[] c, double[] b, int n, double a) {
        for (int j = 0; j < n; j++) {
            c[j] += a * b[j];
        }
    }

    private static void fourRows(long[] c0, long[] c1, long[] c2, long[] c3, long[] b, int n, long a0, long a1,
                                 long a2, long a3) {
        for (int j = 0; j < n; j++) {
            long v = b[j];
            c0[j] += a0 * v;
            c1[j] += a1 * v;
            c2[j] += a2 * v;
            c3[j] += a3 * v;
        }
    }

    private static void oneRow(long[] c, long[] b, int n, long a) {
        for (int j = 0; j < n; j++) {
            c[j] += a * b[j];
        }
    }
}
