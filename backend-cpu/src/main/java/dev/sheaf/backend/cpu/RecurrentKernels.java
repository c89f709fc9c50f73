package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * Whole-sequence recurrent layers (float32) with oneDNN only for the matrix products and fused Java loops for the
 * gates: an alternative to {@link Recurrent}'s RNN primitives, which on machines without a JIT RNN kernel (oneDNN
 * then runs its generic {@code ref} implementation, e.g. on AVX2) are slower than this.
 *
 * <h2>Forward</h2>
 * {@code x} is copied time-major ({@code [time batch, input]}, one step at a time) and multiplied by {@code W} for
 * every step at once; per step one matmul adds {@code h U} in place to that step's rows (a {@code sum} post-op; the
 * GRU keeps {@code h U} apart, since its candidate gate multiplies {@code h U_h + b1_h} by {@code r}), and short,
 * branch-free Java passes over heap copies (C2 vectorises those, not loops over direct buffers, and only loops small
 * enough to unroll: one fused loop over all gates was 5x slower) add the biases, apply the nonlinearities and update
 * the state. With {@code training} every step's block goes into the {@code saved} tensor, float32 of shape
 * {@code [time, batch, K]} whose step block holds K / units gate-major {@code [batch, units]} slices: LSTM i, f, g, o
 * (activated), c, tanh c, h; GRU z, r, n, hh ({@code h U_h + b1_h}), h; simple cells the activation's derivative, h.
 * Its rank (3) tells it apart from {@link Recurrent}'s workspace (rank 1).
 *
 * <h2>Backward</h2>
 * Per step (last to first) one fused loop gives the gates' pre-activation gradients {@code dG_t} and one matmul
 * {@code dG_t Uᵀ} the gradient of the previous state; the {@code dG_t} are stacked time-major so that after the loop
 * {@code dx = dG Wᵀ}, {@code dW = xᵀ dG} and {@code dU = H_prevᵀ dG} (previous states from the saved blocks) are one
 * matmul each over all steps; the bias gradient is a column sum accumulated in the loop. The GRU has two such
 * matrices: its candidate gate sees {@code r hh} on the recurrent side. Without a saved tensor of its own (a forward
 * call without {@code training}, or oneDNN's workspace) the forward pass is run again.
 *
 * <h2>Nonlinearities</h2>
 * {@code tanh} is a clamped odd rational approximation (Eigen's {@code generic_fast_tanh_float}; within 3.3e-7 of
 * tanh, no exp, so no overflow, and vectorisable); {@code sigmoid(x) = 0.5 tanh(x / 2) + 0.5}.
 *
 * <h2>Measured</h2>
 * On the 2-core AVX2 machine (oneDNN 3.11 picks {@code ref} for every cell), W3's LSTM (batch 128, 28 steps, 28
 * inputs, 128 units), forward + backward per batch: 1 thread 70 ms here vs 85 ms on oneDNN's RNN (forward 27 / 27,
 * backward 43 / 57); 2 threads 45 vs 47. The GRU of the same sizes: 55 vs 53 ms at 1 thread. Splitting a step's gate
 * loop over 2 threads took the 2-thread LSTM forward from 21 to 18 ms, hence {@link #PARALLEL_MIN}; the backward loops
 * (no transcendentals) stay serial.
 */
final class RecurrentKernels {
    /**
     * Which path {@link CpuBackend#rnnForward} takes for float32: {@code "java"} (this class), {@code "onednn"}
     * ({@link Recurrent}) or {@code "auto"} (the default, system property {@code sheaf.cpu.rnn}): this class
     * when oneDNN's forward-training RNN primitive for the call's sizes is its generic reference implementation
     * ({@code ref}) and oneDNN runs on at most {@link #JAVA_MAX_THREADS} threads, oneDNN's otherwise. W3 end to end
     * on the 2-core AVX2 machine (samples/s, medians of 3 runs back to back, two sessions): 1 thread 1,618 / 1,686
     * here vs 1,310 / 1,450 on oneDNN's ref RNN (PyTorch 1.13: 1,477 / 1,553); 2 threads 1,564 / 1,543 here vs
     * 1,712 / 1,793 on oneDNN (PyTorch 1,799): the ref RNN's loops use both threads, and this class did not gain
     * from the second one end to end (its gate loops split over two threads or not). Package-private and mutable so
     * that tests run both paths.
     */
    static volatile String mode = System.getProperty("sheaf.cpu.rnn", "auto");

    /**
     * Elements of a step (batch x units) per thread below which its gate loop stays on one thread; see the class
     * comment for the measurement. Package-private and mutable for measurements.
     */
    static volatile int PARALLEL_MIN = Integer.getInteger("sheaf.cpu.rnnParallelMin", 1 << 13);

    /** The most oneDNN threads at which "auto" picks this class (system property {@code sheaf.cpu.rnnJavaMaxThreads}). */
    static final int JAVA_MAX_THREADS = Integer.getInteger("sheaf.cpu.rnnJavaMaxThreads", 1);

    /** The "auto" decision per geometry: true when oneDNN's RNN implementation is a JIT one. */
    private static final Map<Key, Boolean> NATIVE_FAST = new ConcurrentHashMap<>();

    private RecurrentKernels() {
    }

    /** Whether this call (already known to be float32 and non-empty) runs on this class rather than oneDNN's RNN. */
    static boolean chosen(Dnnl dnnl, RnnCell cell, CpuTensor x, CpuTensor recurrentKernel) {
        String m = mode;
        if ("java".equals(m)) {
            return true;
        }
        if ("onednn".equals(m) || Parallel.threads() > JAVA_MAX_THREADS) {
            return false;
        }
        Shape s = x.shape();
        Key key = Key.of("rnn impl", new long[] {cell.ordinal(), s.dim(0), s.dim(1), s.dim(2),
            recurrentKernel.shape().dim(0)});
        Boolean fast = NATIVE_FAST.get(key);
        if (fast == null) {
            String impl;
            try {
                impl = Recurrent.implementation(dnnl, cell, x, recurrentKernel);
            } catch (RuntimeException e) {
                impl = "ref";
            }
            fast = !impl.startsWith("ref");
            NATIVE_FAST.put(key, fast);
        }
        return !fast;
    }

    /** Whether {@code saved} is a saved tensor of this class for these sizes. */
    static boolean isSaved(RnnCell cell, CpuTensor x, CpuTensor recurrentKernel, Tensor saved) {
        Shape s = x.shape();
        int u = Math.toIntExact(recurrentKernel.shape().dim(0));
        return saved instanceof CpuTensor c && !c.isClosed() && c.dtype() == DType.FLOAT32
                && c.shape().equals(Shape.of(s.dim(1), s.dim(0), perRow(cell, u)));
    }

    private static int perRow(RnnCell cell, int u) {
        return switch (cell) {
            case LSTM -> 7 * u;
            case GRU -> 5 * u;
            case SIMPLE_TANH, SIMPLE_RELU -> 2 * u;
        };
    }

    // ------------------------------------------------------------------ scratch

    /** Per-thread, per-step-sized heap arrays; grown on demand, never per step. */
    private static final class Work {
        final float[][] f = new float[12][];

        float[] get(int slot, int n) {
            float[] a = f[slot];
            if (a == null || a.length < n) {
                a = new float[Math.max(n, 64)];
                f[slot] = a;
            }
            return a;
        }
    }

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    // ------------------------------------------------------------------ forward

    static Tensor[] forward(CpuBackend backend, Dnnl dnnl, RnnCell cell, CpuTensor x, CpuTensor h0, CpuTensor c0,
                            CpuTensor kernel, CpuTensor recurrentKernel, CpuTensor bias, boolean training) {
        Shape s = x.shape();
        int n = Math.toIntExact(s.dim(0));
        int t = Math.toIntExact(s.dim(1));
        int in = Math.toIntExact(s.dim(2));
        int u = Math.toIntExact(recurrentKernel.shape().dim(0));
        int gu = cell.gates() * u;
        int k = perRow(cell, u);
        int nu = n * u;
        boolean lstm = cell == RnnCell.LSTM;
        boolean gru = cell == RnnCell.GRU;
        CpuTensor sequence = null;
        CpuTensor lastH = null;
        CpuTensor lastC = null;
        CpuTensor saved = null;
        CpuTensor xt = null;
        CpuTensor xw = null;
        CpuTensor hu = null;
        CpuTensor hPrev = null;
        try {
            sequence = CpuTensor.allocate(backend, Shape.of(n, t, u), DType.FLOAT32);
            lastH = CpuTensor.allocate(backend, Shape.of(n, u), DType.FLOAT32);
            lastC = lstm ? CpuTensor.allocate(backend, Shape.of(n, u), DType.FLOAT32) : null;
            saved = training ? CpuTensor.allocate(backend, Shape.of(t, n, k), DType.FLOAT32) : null;
            xt = timeMajor(backend, x);
            xw = CpuTensor.allocate(backend, Shape.of((long) t * n, gu), DType.FLOAT32);
            hu = gru ? CpuTensor.allocate(backend, Shape.of(n, gu), DType.FLOAT32) : null;
            hPrev = CpuTensor.allocate(backend, Shape.of(n, u), DType.FLOAT32);
            // All steps' input products at once, time-major: [t n, in] · [in, gu].
            gemm(dnnl, (long) n * t, in, gu, new long[] {in, 1}, new long[] {gu, 1}, xt.pointer(), kernel.pointer(),
                    xw.pointer(), false);
            Work w = WORK.get();
            float[] bx = w.get(0, gu);
            float[] bh = w.get(1, gu);
            loadBias(cell, bias, u, bx, bh);
            float[] xwS = w.get(2, n * gu);
            float[] huS = w.get(3, n * gu);
            float[] h = w.get(4, nu);
            float[] c = w.get(5, nu);
            float[] sv = w.get(6, n * k);
            h0.buffer().asFloatBuffer().get(h, 0, nu);
            if (lstm) {
                c0.buffer().asFloatBuffer().get(c, 0, nu);
            }
            FloatBuffer xwB = xw.buffer().asFloatBuffer();
            FloatBuffer huB = gru ? hu.buffer().asFloatBuffer() : null;
            FloatBuffer hpB = hPrev.buffer().asFloatBuffer();
            FloatBuffer seqB = sequence.buffer().asFloatBuffer();
            FloatBuffer svB = training ? saved.buffer().asFloatBuffer() : null;
            long[] sH = {u, 1};
            long[] sU = {gu, 1};
            for (int step = 0; step < t; step++) {
                hpB.put(0, h, 0, nu);
                if (gru) {
                    // The GRU needs h U apart: its candidate gate multiplies (h U_h + b1_h) by r.
                    gemm(dnnl, n, u, gu, sH, sU, hPrev.pointer(), recurrentKernel.pointer(), hu.pointer(), false);
                    huB.get(0, huS, 0, n * gu);
                } else {
                    // x_t W (this step's rows of xw) += h U, in place.
                    gemm(dnnl, n, u, gu, sH, sU, hPrev.pointer(), recurrentKernel.pointer(),
                            xw.memory().pointer(4L * step * n * gu), true);
                }
                xwB.get(step * n * gu, xwS, 0, n * gu);
                switch (cell) {
                    case LSTM -> lstmStep(n, u, xwS, bx, h, c, sv);
                    case GRU -> gruStep(n, u, xwS, huS, bx, bh, h, sv);
                    case SIMPLE_TANH -> tanhStep(n, u, xwS, bx, h, sv);
                    case SIMPLE_RELU -> reluStep(n, u, xwS, bx, h, sv);
                }
                for (int r = 0; r < n; r++) {
                    seqB.put((r * t + step) * u, h, r * u, u);
                }
                if (svB != null) {
                    // The new state goes last into the step's block: backward stacks the previous states from it.
                    System.arraycopy(h, 0, sv, k / u * nu - nu, nu);
                    svB.put(step * n * k, sv, 0, n * k);
                }
            }
            lastH.buffer().asFloatBuffer().put(0, h, 0, nu);
            if (lstm) {
                lastC.buffer().asFloatBuffer().put(0, c, 0, nu);
            }
            return new Tensor[] {sequence, lastH, lastC, saved};
        } catch (RuntimeException | Error e) {
            close(sequence, lastH, lastC, saved);
            throw e;
        } finally {
            close(xt, xw, hu, hPrev);
        }
    }

    /** {@code x [n, t, c]} copied time-major as a new {@code [t n, c]} tensor, one step at a time. */
    private static CpuTensor timeMajor(CpuBackend backend, CpuTensor x) {
        Shape s = x.shape();
        int n = Math.toIntExact(s.dim(0));
        int t = Math.toIntExact(s.dim(1));
        int c = Math.toIntExact(s.dim(2));
        CpuTensor r = CpuTensor.allocate(backend, Shape.of((long) t * n, c), DType.FLOAT32);
        float[] step = WORK.get().get(11, n * c);
        FloatBuffer from = x.buffer().asFloatBuffer();
        FloatBuffer to = r.buffer().asFloatBuffer();
        for (int i = 0; i < t; i++) {
            for (int b = 0; b < n; b++) {
                from.get((b * t + i) * c, step, b * c, c);
            }
            to.put(i * n * c, step, 0, n * c);
        }
        return r;
    }

    /** The time-major {@code [t n, c]} tensor {@code xt} copied batch-major into {@code x [n, t, c]}. */
    private static void batchMajor(CpuTensor xt, CpuTensor x) {
        Shape s = x.shape();
        int n = Math.toIntExact(s.dim(0));
        int t = Math.toIntExact(s.dim(1));
        int c = Math.toIntExact(s.dim(2));
        float[] step = WORK.get().get(11, n * c);
        FloatBuffer from = xt.buffer().asFloatBuffer();
        FloatBuffer to = x.buffer().asFloatBuffer();
        for (int i = 0; i < t; i++) {
            from.get(i * n * c, step, 0, n * c);
            for (int b = 0; b < n; b++) {
                to.put((b * t + i) * c, step, b * c, c);
            }
        }
    }

    /** The biases as heap rows: {@code bx} added to {@code x W}, {@code bh} (GRU only) to {@code h U}; zeros if none. */
    private static void loadBias(RnnCell cell, CpuTensor bias, int u, float[] bx, float[] bh) {
        int gu = cell.gates() * u;
        if (bias == null) {
            java.util.Arrays.fill(bx, 0, gu, 0f);
            java.util.Arrays.fill(bh, 0, gu, 0f);
            return;
        }
        FloatBuffer b = bias.buffer().asFloatBuffer();
        b.get(0, bx, 0, gu);
        if (cell == RnnCell.GRU) {
            b.get(gu, bh, 0, gu);
        } else {
            java.util.Arrays.fill(bh, 0, gu, 0f);
        }
    }

    // The per-step loops are split into short passes: C2 vectorises a loop only after unrolling it, and it does not
    // unroll a body as large as all the gates' nonlinearities fused together (one pass was 5x slower).

    /** Rows of one step at or above which its gate loop is split over threads (see {@link #PARALLEL_MIN}). */
    private static int parallelRows(int u) {
        return Math.max(1, PARALLEL_MIN / Math.max(u, 1));
    }

    private static void lstmStep(int n, int u, float[] xw, float[] b, float[] h, float[] c, float[] sv) {
        Parallel.forRange(n, parallelRows(u), (lo, hi) -> lstmRows(lo, hi, n, u, xw, b, h, c, sv));
    }

    private static void lstmRows(int r0, int r1, int n, int u, float[] xw, float[] b, float[] h, float[] c,
                                 float[] sv) {
        int gu = 4 * u;
        int nu = n * u;
        for (int r = r0; r < r1; r++) {
            for (int g = 0; g < 4; g++) {
                int a0 = r * gu + g * u;
                int s0 = g * nu + r * u;
                int b0 = g * u;
                for (int j = 0; j < u; j++) {
                    sv[s0 + j] = xw[a0 + j] + b[b0 + j];
                }
            }
        }
        int lo = r0 * u;
        int hi = r1 * u;
        sigmoidInPlace(sv, lo, hi);
        sigmoidInPlace(sv, nu + lo, nu + hi);
        tanhInPlace(sv, 2 * nu + lo, 2 * nu + hi);
        sigmoidInPlace(sv, 3 * nu + lo, 3 * nu + hi);
        for (int i = lo; i < hi; i++) {
            float cn = sv[nu + i] * c[i] + sv[i] * sv[2 * nu + i];
            c[i] = cn;
            sv[4 * nu + i] = cn;
            sv[5 * nu + i] = cn;
        }
        tanhInPlace(sv, 5 * nu + lo, 5 * nu + hi);
        for (int i = lo; i < hi; i++) {
            h[i] = sv[3 * nu + i] * sv[5 * nu + i];
        }
    }

    private static void gruStep(int n, int u, float[] xw, float[] hu, float[] bx, float[] bh, float[] h,
                                float[] sv) {
        Parallel.forRange(n, parallelRows(u), (lo, hi) -> gruRows(lo, hi, n, u, xw, hu, bx, bh, h, sv));
    }

    private static void gruRows(int r0, int r1, int n, int u, float[] xw, float[] hu, float[] bx, float[] bh,
                                float[] h, float[] sv) {
        int gu = 3 * u;
        int nu = n * u;
        for (int r = r0; r < r1; r++) {
            for (int g = 0; g < 2; g++) {
                int a0 = r * gu + g * u;
                int s0 = g * nu + r * u;
                int b0 = g * u;
                for (int j = 0; j < u; j++) {
                    sv[s0 + j] = xw[a0 + j] + bx[b0 + j] + (hu[a0 + j] + bh[b0 + j]);
                }
            }
        }
        int lo = r0 * u;
        int hi = r1 * u;
        sigmoidInPlace(sv, lo, hi);
        sigmoidInPlace(sv, nu + lo, nu + hi);
        for (int r = r0; r < r1; r++) {
            int a0 = r * gu + 2 * u;
            int q0 = r * u;
            for (int j = 0; j < u; j++) {
                float hh = hu[a0 + j] + bh[2 * u + j];
                sv[3 * nu + q0 + j] = hh;
                sv[2 * nu + q0 + j] = xw[a0 + j] + bx[2 * u + j] + sv[nu + q0 + j] * hh;
            }
        }
        tanhInPlace(sv, 2 * nu + lo, 2 * nu + hi);
        for (int i = lo; i < hi; i++) {
            float z = sv[i];
            h[i] = z * h[i] + (1f - z) * sv[2 * nu + i];
        }
    }

    private static void tanhStep(int n, int u, float[] xw, float[] b, float[] h, float[] sv) {
        for (int r = 0; r < n; r++) {
            int q0 = r * u;
            for (int j = 0; j < u; j++) {
                h[q0 + j] = xw[q0 + j] + b[j];
            }
        }
        tanhInPlace(h, 0, n * u);
        for (int i = 0; i < n * u; i++) {
            sv[i] = 1f - h[i] * h[i];
        }
    }

    private static void reluStep(int n, int u, float[] xw, float[] b, float[] h, float[] sv) {
        for (int r = 0; r < n; r++) {
            int q0 = r * u;
            for (int j = 0; j < u; j++) {
                float p = xw[q0 + j] + b[j];
                h[q0 + j] = Math.max(p, 0f);
                sv[q0 + j] = p > 0f ? 1f : 0f;
            }
        }
    }

    private static void tanhInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = tanh(a[i]);
        }
    }

    private static void sigmoidInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    // ------------------------------------------------------------------ backward

    static Tensor[] backward(CpuBackend backend, Dnnl dnnl, RnnCell cell, CpuTensor x, CpuTensor h0, CpuTensor c0,
                             CpuTensor kernel, CpuTensor recurrentKernel, CpuTensor bias, Tensor[] forward,
                             CpuTensor dSequence, CpuTensor dLastH, CpuTensor dLastC) {
        Shape s = x.shape();
        int n = Math.toIntExact(s.dim(0));
        int t = Math.toIntExact(s.dim(1));
        int in = Math.toIntExact(s.dim(2));
        int u = Math.toIntExact(recurrentKernel.shape().dim(0));
        int gu = cell.gates() * u;
        int k = perRow(cell, u);
        boolean lstm = cell == RnnCell.LSTM;
        boolean gru = cell == RnnCell.GRU;
        Shape seqShape = Shape.of(n, t, u);
        Tensor[] again = null;
        Tensor[] fw = forward;
        boolean usable = fw != null && fw.length >= 4 && fits(fw[0], seqShape)
                && isSaved(cell, x, recurrentKernel, fw[3]);
        CpuTensor dx = null;
        CpuTensor dh0 = null;
        CpuTensor dc0 = null;
        CpuTensor dw = null;
        CpuTensor du = null;
        CpuTensor db = null;
        CpuTensor dG = null;
        CpuTensor dGh = null;
        CpuTensor dhN = null;
        CpuTensor hAll = null;
        CpuTensor xt = null;
        CpuTensor dxt = null;
        try {
            if (!usable) {
                again = forward(backend, dnnl, cell, x, h0, c0, kernel, recurrentKernel, bias, true);
                fw = again;
            }
            CpuTensor saved = (CpuTensor) fw[3];
            int nu = n * u;
            int hBlock = (k / u - 1) * nu;
            // dG, dGh: time-major [t n, gu], step by step from the last.
            dG = CpuTensor.allocate(backend, Shape.of((long) t * n, gu), DType.FLOAT32);
            dGh = gru ? CpuTensor.allocate(backend, Shape.of((long) t * n, gu), DType.FLOAT32) : dG;
            dhN = CpuTensor.allocate(backend, Shape.of(n, u), DType.FLOAT32);
            Work w = WORK.get();
            float[] dh = w.get(0, nu);
            float[] dc = w.get(1, nu);
            float[] sv = w.get(2, n * k);
            float[] dgS = w.get(3, n * gu);
            float[] dghS = gru ? w.get(4, n * gu) : dgS;
            float[] prev = w.get(5, nu);
            float[] tmp = w.get(6, nu);
            float[] dbx = w.get(7, gu);
            float[] dbh = w.get(8, gu);
            float[] rows = w.get(9, n * gu);
            java.util.Arrays.fill(dbx, 0, gu, 0f);
            java.util.Arrays.fill(dbh, 0, gu, 0f);
            if (dLastH != null) {
                dLastH.buffer().asFloatBuffer().get(0, dh, 0, nu);
            } else {
                java.util.Arrays.fill(dh, 0, nu, 0f);
            }
            if (lstm) {
                if (dLastC != null) {
                    dLastC.buffer().asFloatBuffer().get(0, dc, 0, nu);
                } else {
                    java.util.Arrays.fill(dc, 0, nu, 0f);
                }
            }
            FloatBuffer svB = saved.buffer().asFloatBuffer();
            FloatBuffer dSeqB = dSequence == null ? null : dSequence.buffer().asFloatBuffer();
            FloatBuffer dGB = dG.buffer().asFloatBuffer();
            FloatBuffer dGhB = gru ? dGh.buffer().asFloatBuffer() : null;
            FloatBuffer dhNB = dhN.buffer().asFloatBuffer();
            FloatBuffer h0B = h0.buffer().asFloatBuffer();
            FloatBuffer c0B = lstm ? c0.buffer().asFloatBuffer() : null;
            long[] sG = {gu, 1};
            long[] sUt = {1, gu};
            for (int step = t - 1; step >= 0; step--) {
                if (dSeqB != null) {
                    for (int r = 0; r < n; r++) {
                        dSeqB.get((r * t + step) * u, tmp, r * u, u);
                    }
                    addInto(dh, tmp, nu);
                }
                svB.get(step * n * k, sv, 0, n * k);
                if (lstm) {
                    if (step == 0) {
                        c0B.get(0, prev, 0, nu);
                    } else {
                        svB.get((step - 1) * n * k + 4 * nu, prev, 0, nu);
                    }
                    lstmBack(nu, sv, prev, dh, dc, dgS);
                } else if (gru) {
                    if (step == 0) {
                        h0B.get(0, prev, 0, nu);
                    } else {
                        svB.get((step - 1) * n * k + hBlock, prev, 0, nu);
                    }
                    gruBack(nu, sv, prev, dh, dgS, dghS);
                } else {
                    simpleBack(n, u, sv, dh, dgS);
                }
                // dG_t is gate-major here ([gate][batch][units]); the matmuls want rows of all gates.
                rowMajor(n, u, cell.gates(), dgS, rows);
                columnSums(n, gu, rows, dbx);
                dGB.put(step * n * gu, rows, 0, n * gu);
                if (gru) {
                    rowMajor(n, u, cell.gates(), dghS, rows);
                    columnSums(n, gu, rows, dbh);
                    dGhB.put(step * n * gu, rows, 0, n * gu);
                }
                // dh_prev = dG_t · Uᵀ (+ the GRU's direct z h term, already in dh).
                gemm(dnnl, n, gu, u, sG, sUt, dGh.memory().pointer(4L * step * n * gu), recurrentKernel.pointer(),
                        dhN.pointer(), false);
                dhNB.get(0, tmp, 0, nu);
                if (gru) {
                    addInto(dh, tmp, nu);
                } else {
                    System.arraycopy(tmp, 0, dh, 0, nu);
                }
            }
            dh0 = Scratch.store(backend, Shape.of(n, u), dh);
            dc0 = lstm ? Scratch.store(backend, Shape.of(n, u), dc) : null;
            // The previous states of every step, time-major: h0, then each step's new state from the saved blocks.
            hAll = CpuTensor.allocate(backend, Shape.of((long) t * n, u), DType.FLOAT32);
            Pointer.memcpy(hAll.pointer(), h0.pointer(), 4L * nu);
            for (int step = 1; step < t; step++) {
                Pointer.memcpy(hAll.memory().pointer(4L * step * nu),
                        saved.memory().pointer(4L * ((long) (step - 1) * n * k + hBlock)), 4L * nu);
            }
            long rowsAll = (long) n * t;
            xt = timeMajor(backend, x);
            dxt = CpuTensor.allocate(backend, Shape.of(rowsAll, in), DType.FLOAT32);
            gemm(dnnl, rowsAll, gu, in, new long[] {gu, 1}, new long[] {1, gu}, dG.pointer(), kernel.pointer(),
                    dxt.pointer(), false);
            dx = CpuTensor.allocate(backend, x.shape(), DType.FLOAT32);
            batchMajor(dxt, dx);
            dw = CpuTensor.allocate(backend, kernel.shape(), DType.FLOAT32);
            gemm(dnnl, in, rowsAll, gu, new long[] {1, in}, new long[] {gu, 1}, xt.pointer(), dG.pointer(),
                    dw.pointer(), false);
            du = CpuTensor.allocate(backend, recurrentKernel.shape(), DType.FLOAT32);
            gemm(dnnl, u, rowsAll, gu, new long[] {1, u}, new long[] {gu, 1}, hAll.pointer(), dGh.pointer(),
                    du.pointer(), false);
            if (bias != null) {
                db = CpuTensor.allocate(backend, bias.shape(), DType.FLOAT32);
                FloatBuffer dbB = db.buffer().asFloatBuffer();
                dbB.put(0, dbx, 0, gu);
                if (gru) {
                    dbB.put(gu, dbh, 0, gu);
                }
            }
            return new Tensor[] {dx, dh0, dc0, dw, du, db};
        } catch (RuntimeException | Error e) {
            close(dx, dh0, dc0, dw, du, db);
            throw e;
        } finally {
            close(dG, dhN, hAll, xt, dxt);
            if (gru) {
                close(dGh);
            }
            if (again != null) {
                close(again);
            }
        }
    }

    /** The gate-major {@code m [gates][n][u]} as rows {@code [n][gates u]}. */
    private static void rowMajor(int n, int u, int gates, float[] m, float[] rows) {
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < gates; g++) {
                System.arraycopy(m, (g * n + r) * u, rows, (r * gates + g) * u, u);
            }
        }
    }

    /** Adds the column sums of {@code m [n][gu]} to {@code sums [gu]}. */
    private static void columnSums(int n, int gu, float[] m, float[] sums) {
        for (int r = 0; r < n; r++) {
            int o = r * gu;
            for (int j = 0; j < gu; j++) {
                sums[j] += m[o + j];
            }
        }
    }

    private static boolean fits(Tensor t, Shape s) {
        return t instanceof CpuTensor c && !c.isClosed() && c.dtype() == DType.FLOAT32 && c.shape().equals(s);
    }

    private static void addInto(float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            a[i] += b[i];
        }
    }

    private static void lstmBack(int nu, float[] sv, float[] cPrev, float[] dh, float[] dc, float[] dg) {
        for (int i = 0; i < nu; i++) {
            float o = sv[3 * nu + i];
            float tc = sv[5 * nu + i];
            float dhv = dh[i];
            float dcv = dc[i] + dhv * o * (1f - tc * tc);
            dc[i] = dcv;
            dg[3 * nu + i] = dhv * tc * (o * (1f - o));
        }
        for (int i = 0; i < nu; i++) {
            float ii = sv[i];
            float f = sv[nu + i];
            float g = sv[2 * nu + i];
            float dcv = dc[i];
            dg[i] = dcv * g * (ii * (1f - ii));
            dg[nu + i] = dcv * cPrev[i] * (f * (1f - f));
            dg[2 * nu + i] = dcv * ii * (1f - g * g);
            dc[i] = dcv * f;
        }
    }

    private static void gruBack(int nu, float[] sv, float[] hPrev, float[] dh, float[] dgx, float[] dgh) {
        for (int i = 0; i < nu; i++) {
            float z = sv[i];
            float rr = sv[nu + i];
            float nn = sv[2 * nu + i];
            float hh = sv[3 * nu + i];
            float dhv = dh[i];
            float dn = dhv * (1f - z) * (1f - nn * nn);
            float dr = dn * hh * (rr * (1f - rr));
            dgx[nu + i] = dr;
            dgx[2 * nu + i] = dn;
            dgh[nu + i] = dr;
            dgh[2 * nu + i] = dn * rr;
        }
        for (int i = 0; i < nu; i++) {
            float z = sv[i];
            float dhv = dh[i];
            float dz = dhv * (hPrev[i] - sv[2 * nu + i]) * (z * (1f - z));
            dgx[i] = dz;
            dgh[i] = dz;
            dh[i] = dhv * z;
        }
    }

    private static void simpleBack(int n, int u, float[] sv, float[] dh, float[] dg) {
        for (int i = 0; i < n * u; i++) {
            dg[i] = dh[i] * sv[i];
        }
    }

    // ------------------------------------------------------------------ math

    /** Eigen's clamped rational tanh for float: within a few ulps of tanh, no exp, no branches. */
    static float tanh(float v) {
        float x = Math.max(-7.90531110763549805f, Math.min(7.90531110763549805f, v));
        float x2 = x * x;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 + -8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        p = p * x;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p / q;
    }

    static float sigmoid(float v) {
        return 0.5f * tanh(0.5f * v) + 0.5f;
    }

    // ------------------------------------------------------------------ matmul

    /**
     * {@code c [m, n] = a [m, k] · b [k, n]} on oneDNN's matmul with the given element strides of {@code a} and
     * {@code b} (a transpose is a stride swap), {@code c} dense row-major; the primitive is cached per sizes/strides.
     */
    private static void gemm(Dnnl dnnl, long m, long k, long n, long[] sa, long[] sb, Pointer a, Pointer b,
                             Pointer c, boolean accumulate) {
        long[] da = {m, k};
        long[] db = {k, n};
        long[] dc = {m, n};
        Key key = Key.of("rnn gemm", da, sa, db, sb, new long[] {accumulate ? 1 : 0});
        dnnl.run(key, () -> createGemm(dnnl, da, sa, db, sb, dc, accumulate), a, b, c);
    }

    private static Primitive createGemm(Dnnl dnnl, long[] da, long[] sa, long[] db, long[] sb, long[] dc,
                                        boolean accumulate) {
        dnnl_memory_desc src = Dnnl.desc(da, sa, dnnl_f32);
        dnnl_memory_desc wei = Dnnl.desc(db, sb, dnnl_f32);
        dnnl_memory_desc dst = Dnnl.desc(dc, Dnnl.rowMajor(dc), dnnl_f32);
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_post_ops ops = new dnnl_post_ops();
        try {
            Dnnl.check(dnnl_primitive_attr_create(attr), "primitive_attr_create");
            Dnnl.userScratchpad(attr);
            if (accumulate) {
                Dnnl.check(dnnl_post_ops_create(ops), "post_ops_create");
                Dnnl.check(dnnl_post_ops_append_sum(ops, 1f, 0, dnnl_data_type_undef), "post_ops_append_sum");
                Dnnl.check(dnnl_primitive_attr_set_post_ops(attr, ops), "primitive_attr_set_post_ops");
            }
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            Dnnl.created(dnnl_matmul_primitive_desc_create(pd, dnnl.engine(), src, wei, null, dst, attr), pd,
                    "matmul_primitive_desc_create (rnn)");
            return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST);
        } finally {
            Dnnl.destroy(src, wei, dst);
            if (!ops.isNull()) {
                dnnl_post_ops_destroy(ops);
            }
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
        }
    }

    private static void close(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }
}
