package dev.sheaf.backend.reference;

import java.util.stream.IntStream;

/**
 * General matrix multiply-accumulate {@code C += op(A) · op(B)} on strided sub-matrices of Java arrays, the kernel
 * under matmul and convolution.
 *
 * <p>Element {@code (i, p)} of {@code op(A)} is {@code a[aOff + i*lda + p]}, or {@code a[aOff + p*lda + i]} when
 * transposed; likewise for B; {@code C(i, j)} is {@code c[cOff + i*ldc + j]}.
 *
 * <p>The float32 path follows the classic blocked layout: a {@code KC x NC} panel of B and an {@code MC x KC} panel
 * of A are copied into buffers (which also absorbs the transposes), and the inner loop updates a copy of one row of C
 * with four rows of the B panel at a time, a loop shape that HotSpot vectorises. Large products are split over rows
 * of C and run on the common fork-join pool.
 */
final class Gemm {
    private static final int KC = 256;
    private static final int NC = 512;
    private static final int MC = 64;
    /** Below this many multiply-adds a product stays on the calling thread: forking would cost more than it saves. */
    static final long PARALLEL_THRESHOLD = 1L << 18;
    /** Smallest row block worth a task of its own. */
    private static final int MIN_ROWS_PER_TASK = 8;

    private Gemm() {
    }

    /** Dispatches on the array type (float[], double[] or long[] for integers). */
    static void multiply(int m, int n, int k, Object a, int aOff, int lda, boolean ta,
                         Object b, int bOff, int ldb, boolean tb, Object c, int cOff, int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (c instanceof float[] cf) {
            float[] af = (float[]) a;
            float[] bf = (float[]) b;
            int tasks = taskCount(m, n, k);
            if (tasks == 1) {
                floatRows(0, m, n, k, af, aOff, lda, ta, bf, bOff, ldb, tb, cf, cOff, ldc);
            } else {
                IntStream.range(0, tasks).parallel().forEach(t -> {
                    int i0 = (int) ((long) m * t / tasks);
                    int i1 = (int) ((long) m * (t + 1) / tasks);
                    floatRows(i0, i1, n, k, af, aOff, lda, ta, bf, bOff, ldb, tb, cf, cOff, ldc);
                });
            }
        } else if (c instanceof double[] cd) {
            doubles(m, n, k, (double[]) a, aOff, lda, ta, (double[]) b, bOff, ldb, tb, cd, cOff, ldc);
        } else {
            longs(m, n, k, (long[]) a, aOff, lda, ta, (long[]) b, bOff, ldb, tb, (long[]) c, cOff, ldc);
        }
    }

    /** How many row blocks to split a product into: 1 when small, else a few per core for load balance. */
    static int taskCount(int m, int n, int k) {
        long work = (long) m * n * k;
        int cores = Runtime.getRuntime().availableProcessors();
        if (work < PARALLEL_THRESHOLD || cores == 1) {
            return 1;
        }
        return Math.max(1, Math.min(cores * 2, m / MIN_ROWS_PER_TASK));
    }

    /** Rows {@code [i0, i1)} of the float32 product, blocked for the cache. */
    private static void floatRows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, boolean ta,
                                  float[] b, int bOff, int ldb, boolean tb, float[] c, int cOff, int ldc) {
        int kcMax = Math.min(k, KC);
        float[] ap = new float[Math.min(i1 - i0, MC) * kcMax];
        float[][] bp = null;
        float[] row = null;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            if (bp == null || row.length != nc) {
                // Exact-length rows let the inner loop run over whole arrays, the shape HotSpot vectorises.
                bp = new float[kcMax][nc];
                row = new float[nc];
            }
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, bOff, ldb, tb, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(a, aOff, lda, ta, ic, mc, pc, kc, ap);
                    for (int i = 0; i < mc; i++) {
                        int cRow = cOff + (ic + i) * ldc + jc;
                        System.arraycopy(c, cRow, row, 0, nc);
                        rowUpdate(ap, i * kc, kc, bp, row);
                        System.arraycopy(row, 0, c, cRow, nc);
                    }
                }
            }
        }
    }

    private static void packB(float[] b, int bOff, int ldb, boolean tb, int pc, int kc, int jc, int nc,
                              float[][] bp) {
        for (int p = 0; p < kc; p++) {
            float[] dst = bp[p];
            if (!tb) {
                System.arraycopy(b, bOff + (pc + p) * ldb + jc, dst, 0, nc);
            } else {
                int src = bOff + jc * ldb + pc + p;
                for (int j = 0; j < nc; j++) {
                    dst[j] = b[src + j * ldb];
                }
            }
        }
    }

    private static void packA(float[] a, int aOff, int lda, boolean ta, int ic, int mc, int pc, int kc, float[] ap) {
        for (int i = 0; i < mc; i++) {
            int dst = i * kc;
            if (!ta) {
                System.arraycopy(a, aOff + (ic + i) * lda + pc, ap, dst, kc);
            } else {
                int src = aOff + pc * lda + ic + i;
                for (int p = 0; p < kc; p++) {
                    ap[dst + p] = a[src + p * lda];
                }
            }
        }
    }

    /**
     * {@code row += ap[aBase .. aBase+kc) · bp}, four panel rows per pass so each load and store of {@code row} serves
     * four multiply-adds. Every array is indexed from 0 by the loop variable alone: HotSpot 17 does not vectorise
     * loops whose accesses carry different variable offsets.
     */
    private static void rowUpdate(float[] ap, int aBase, int kc, float[][] bp, float[] row) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            fourRows(row, bp[p], bp[p + 1], bp[p + 2], bp[p + 3],
                    ap[aBase + p], ap[aBase + p + 1], ap[aBase + p + 2], ap[aBase + p + 3]);
        }
        for (; p < kc; p++) {
            oneRow(row, bp[p], ap[aBase + p]);
        }
    }

    private static void fourRows(float[] row, float[] b0, float[] b1, float[] b2, float[] b3,
                                 float a0, float a1, float a2, float a3) {
        for (int j = 0; j < row.length; j++) {
            row[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void oneRow(float[] row, float[] b0, float a0) {
        for (int j = 0; j < row.length; j++) {
            row[j] += a0 * b0[j];
        }
    }

    /** float64: a plain i-p-j loop over a transposed-as-needed copy of B (contiguous inner loop). */
    private static void doubles(int m, int n, int k, double[] a, int aOff, int lda, boolean ta,
                                double[] b, int bOff, int ldb, boolean tb, double[] c, int cOff, int ldc) {
        double[] bp = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bp[p * n + j] = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                int bRow = p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += av * bp[bRow + j];
                }
            }
        }
    }

    /** Integers, wrapping as long arithmetic (int32 callers narrow the result, which wraps the same way). */
    private static void longs(int m, int n, int k, long[] a, int aOff, int lda, boolean ta,
                              long[] b, int bOff, int ldb, boolean tb, long[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                long av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] += av * (tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]);
                }
            }
        }
    }
}
