package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;

/**
 * Float32 softmax and log-softmax along the last axis as a Java loop, for the small class-score tensors of a
 * classifier ({@code [batch, classes]}): there oneDNN's primitive costs more in dispatch than the arithmetic (20 us
 * for 128 x 10 measured, against a few in Java). Each row follows {@code Backend}'s composed defaults op for op — the
 * maximum (NaN if any element is), the shift, float32 exp, the sum, then the division (softmax) or the subtraction of
 * the log-sum (log-softmax, whose shift is 0 when the maximum is infinite) — so non-finite rows come out as the
 * reference backend's do, and no separate scan for them is needed. The exponentials are {@link FloatExp}'s (within
 * 1 ulp of the reference's, 2.5 times faster), so finite results agree with the reference to a few ulp.
 */
final class JavaSoftmax {
    /** Largest tensor this class takes; above it oneDNN's primitive, which uses every core, is cheaper. */
    static final int MAX_ELEMENTS = 1 << 16;

    private JavaSoftmax() {
    }

    /** Whether the loop handles {@code x} along {@code axis}. */
    static boolean handles(CpuTensor x, int axis) {
        return x.dtype() == DType.FLOAT32 && x.rank() >= 1 && (axis == x.rank() - 1 || axis == -1) && x.size() > 0
                && x.size() <= MAX_ELEMENTS;
    }

    static CpuTensor run(CpuBackend backend, CpuTensor x, boolean log) {
        Scratch s = Scratch.get();
        int n = (int) x.size();
        int cols = (int) x.shape().dim(-1);
        float[] v = s.load(0, x);
        float[] r = s.floats(1, n);
        // One call per row: the loops over a row then live in small methods that the JIT compiles once, by
        // invocation count, instead of on-stack replacements of this whole method at each inner loop (three or four
        // C2 compilations of 0.2-0.3 s each while the first epoch ran in slower code, measured).
        for (int o = 0; o < n; o += cols) {
            if (log) {
                logSoftmaxRow(v, r, o, cols);
            } else {
                softmaxRow(v, r, o, cols);
            }
        }
        return Scratch.store(backend, x.shape(), r);
    }

    private static void softmaxRow(float[] v, float[] r, int o, int cols) {
        float m = v[o];
        for (int j = 1; j < cols; j++) {
            m = Math.max(m, v[o + j]);
        }
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
            float e = FloatExp.exp(v[o + j] - m);
            r[o + j] = e;
            sum += e;
        }
        for (int j = 0; j < cols; j++) {
            r[o + j] /= sum;
        }
    }

    private static void logSoftmaxRow(float[] v, float[] r, int o, int cols) {
        float m = v[o];
        for (int j = 1; j < cols; j++) {
            m = Math.max(m, v[o + j]);
        }
        float shift = Float.isInfinite(m) ? 0f : m;
        float sum = 0f;
        for (int j = 0; j < cols; j++) {
            float d = v[o + j] - shift;
            r[o + j] = d;
            sum += FloatExp.exp(d);
        }
        float l = (float) Math.log(sum);
        for (int j = 0; j < cols; j++) {
            r[o + j] -= l;
        }
    }
}
