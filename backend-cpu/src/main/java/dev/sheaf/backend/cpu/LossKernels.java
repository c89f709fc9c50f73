package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/**
 * The label side of a classification loss as single passes: one-hot encoding of integer labels (the default builds a
 * range, casts, compares and casts again) and softmax cross-entropy along the last axis.
 */
final class LossKernels {
    private LossKernels() {
    }

    /** {@code Backend.oneHot} into float32 for int32/int64 indices: rows of zeros with a 1 at the index, if in range. */
    static CpuTensor oneHot(CpuBackend backend, CpuTensor indices, int depth) {
        long[] idx = HostData.integral(indices);
        Shape s = indices.shape();
        Shape out = s.insert(s.rank(), depth);
        int n = out.elementCountAsInt();
        float[] r = Scratch.get().floats(0, n);
        java.util.Arrays.fill(r, 0, n, 0f);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] >= 0 && idx[i] < depth) {
                r[i * depth + (int) idx[i]] = 1f;
            }
        }
        return Scratch.store(backend, out, r);
    }

    /**
     * {@code -sum(labels * logSoftmax(logits))} along the last axis of finite float32 logits, the axis removed. Each
     * log-probability is rounded to float32 as the composed default's log-softmax is; the sum is kept in double.
     */
    static CpuTensor softmaxCrossEntropy(CpuBackend backend, CpuTensor logits, CpuTensor labels) {
        Scratch s = Scratch.get();
        float[] x = s.load(0, logits);
        float[] p = s.load(1, labels);
        Shape shape = logits.shape();
        int len = (int) shape.dim(shape.rank() - 1);
        int rows = (int) (logits.size() / len);
        float[] r = s.floats(2, rows);
        // A call per row, as in JavaSoftmax: the row loops compile once, by invocation count.
        for (int row = 0; row < rows; row++) {
            r[row] = crossEntropyRow(x, p, row * len, len);
        }
        CpuTensor t = CpuTensor.allocate(backend, shape.remove(shape.rank() - 1), DType.FLOAT32);
        t.memory().put(0, r, 0, rows);
        return t;
    }

    /**
     * {@code Backend.softmaxCrossEntropyBackward} along the last axis of float32 operands, one pass per row. Each row
     * follows the composed default op for op: the float32 softmax as {@link JavaSoftmax} computes it (so non-finite
     * logits give the default's NaNs and zeros without a separate scan), the label sum in double rounded once (the
     * reference's SUM), then {@code g * (softmax * sum - labels)} in float32 — so the two differ only by
     * {@link FloatExp}'s last-bit differences from the reference's exponentials.
     */
    static CpuTensor softmaxCrossEntropyBackward(CpuBackend backend, CpuTensor logits, CpuTensor labels,
                                                 CpuTensor upstream) {
        Scratch s = Scratch.get();
        int n = (int) logits.size();
        int len = (int) logits.shape().dim(-1);
        float[] x = s.load(0, logits);
        float[] p = s.load(1, labels);
        float[] g = s.load(2, upstream);
        float[] r = s.floats(3, n);
        for (int row = 0, o = 0; o < n; row++, o += len) {
            crossEntropyGradientRow(x, p, g[row], r, o, len);
        }
        return Scratch.store(backend, logits.shape(), r);
    }

    private static float crossEntropyRow(float[] x, float[] p, int base, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
            m = Math.max(m, x[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < len; k++) {
            sum += FloatExp.exp(x[base + k] - m);
        }
        float logSum = (float) Math.log(sum);
        double loss = 0;
        for (int k = 0; k < len; k++) {
            float logP = (x[base + k] - m) - logSum;
            loss += p[base + k] * logP;
        }
        return (float) -loss;
    }

    private static void crossEntropyGradientRow(float[] x, float[] p, float g, float[] r, int o, int len) {
        float m = x[o];
        for (int k = 1; k < len; k++) {
            m = Math.max(m, x[o + k]);
        }
        float sum = 0f;
        double total = 0;
        for (int k = 0; k < len; k++) {
            float e = FloatExp.exp(x[o + k] - m);
            r[o + k] = e;
            sum += e;
            total += p[o + k];
        }
        float t = (float) total;
        for (int k = 0; k < len; k++) {
            r[o + k] = g * (r[o + k] / sum * t - p[o + k]);
        }
    }
}
