package dev.sheaf.backend.cpu;

import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/**
 * Float32 sum/max/min reductions over a contiguous range of axes as Java loops. oneDNN's reduction max/min does not
 * promise NaN propagation, which the SPI requires; and for the sizes a training step reduces (bias gradients, a row
 * of logits) a loop is cheaper than waking oneDNN's threads, whose reduction over a leading axis is also slow.
 */
final class JavaReductions {
    private JavaReductions() {
    }

    /** Whether {@code axes} (sorted, distinct) are consecutive, so the tensor reads as {@code [outer, len, inner]}. */
    static boolean contiguous(int[] axes) {
        for (int i = 1; i < axes.length; i++) {
            if (axes[i] != axes[i - 1] + 1) {
                return false;
            }
        }
        return true;
    }

    /** SUM, MAX or MIN of a float32 tensor over consecutive {@code axes} (MAX of nothing is -inf, MIN +inf). */
    static CpuTensor reduce(CpuBackend backend, ReduceOp op, CpuTensor x, int[] axes, boolean keepDims) {
        long[] d = x.shape().dims();
        int first = axes.length == 0 ? d.length : axes[0];
        int last = axes.length == 0 ? d.length - 1 : axes[axes.length - 1];
        long outer = 1;
        long len = 1;
        long inner = 1;
        for (int i = 0; i < d.length; i++) {
            if (i < first) {
                outer *= d[i];
            } else if (i <= last) {
                len *= d[i];
            } else {
                inner *= d[i];
            }
        }
        long[] kept = d.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        Shape out = keepDims ? Shape.of(kept) : removeAxes(x.shape(), axes);
        int o = Math.toIntExact(outer * inner);
        Scratch s = Scratch.get();
        float[] v = s.load(0, x);
        float[] r = s.floats(1, o);
        int in = (int) inner;
        if (op == ReduceOp.SUM) {
            sum(v, r, (int) outer, (int) len, in);
        } else {
            extreme(op == ReduceOp.MAX, v, r, (int) outer, (int) len, in);
        }
        CpuTensor t = CpuTensor.allocate(backend, out, DType.FLOAT32);
        t.memory().put(0, r, 0, o);
        return t;
    }

    private static void extreme(boolean max, float[] v, float[] r, int outer, int len, int in) {
        java.util.Arrays.fill(r, 0, outer * in, max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY);
        for (int a = 0; a < outer; a++) {
            int base = a * in;
            for (int k = 0; k < len; k++) {
                int src = (a * len + k) * in;
                if (max) {
                    for (int i = 0; i < in; i++) {
                        r[base + i] = Math.max(r[base + i], v[src + i]);
                    }
                } else {
                    for (int i = 0; i < in; i++) {
                        r[base + i] = Math.min(r[base + i], v[src + i]);
                    }
                }
            }
        }
    }

    /** Sums in double, element order, rounded once: what the reference backend computes. */
    private static void sum(float[] v, float[] r, int outer, int len, int in) {
        double[] acc = new double[in];
        for (int a = 0; a < outer; a++) {
            java.util.Arrays.fill(acc, 0);
            for (int k = 0; k < len; k++) {
                int src = (a * len + k) * in;
                for (int i = 0; i < in; i++) {
                    acc[i] += v[src + i];
                }
            }
            for (int i = 0; i < in; i++) {
                r[a * in + i] = (float) acc[i];
            }
        }
    }

    static Shape removeAxes(Shape s, int[] axes) {
        Shape r = s;
        for (int i = axes.length - 1; i >= 0; i--) {
            r = r.remove(axes[i]);
        }
        return r;
    }
}
