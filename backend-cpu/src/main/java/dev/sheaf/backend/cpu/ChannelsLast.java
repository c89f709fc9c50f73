package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.Shape;

/**
 * oneDNN describes activations as {@code (N, C, spatial...)} and weights as {@code ([G,] O, I, k...)} whatever their
 * layout; Sheaf stores them channels-last ({@code [N, spatial..., C]}, {@code [k..., I, O]}). These descriptors state
 * Sheaf's layout as strides, so no data is moved to call a primitive.
 */
final class ChannelsLast {
    private ChannelsLast() {
    }

    /** Logical dims {@code (N, C, s...)} of a channels-last activation. */
    static long[] dims(Shape s) {
        long[] d = s.dims();
        int r = d.length;
        long[] out = new long[r];
        out[0] = d[0];
        out[1] = d[r - 1];
        System.arraycopy(d, 1, out, 2, r - 2);
        return out;
    }

    /** Strides of {@link #dims} for row-major channels-last storage. */
    static long[] strides(Shape s) {
        long[] d = s.dims();
        long[] rm = Dnnl.rowMajor(d);
        int r = d.length;
        long[] out = new long[r];
        out[0] = rm[0];
        out[1] = rm[r - 1];
        System.arraycopy(rm, 1, out, 2, r - 2);
        return out;
    }

    /** Logical dims of a kernel {@code [k..., I/g, O]}: {@code (O, I, k...)}, or {@code (G, O/G, I/G, k...)}. */
    static long[] weightDims(Shape kernel, int groups) {
        long[] d = kernel.dims();
        int n = d.length - 2;
        long in = d[n];
        long out = d[n + 1];
        int lead = groups > 1 ? 3 : 2;
        long[] r = new long[lead + n];
        if (groups > 1) {
            r[0] = groups;
            r[1] = out / groups;
            r[2] = in;
        } else {
            r[0] = out;
            r[1] = in;
        }
        System.arraycopy(d, 0, r, lead, n);
        return r;
    }

    /** Strides of {@link #weightDims} for a row-major kernel {@code [k..., I/g, O]}. */
    static long[] weightStrides(Shape kernel, int groups) {
        long[] d = kernel.dims();
        long[] rm = Dnnl.rowMajor(d);
        int n = d.length - 2;
        long out = d[n + 1];
        int lead = groups > 1 ? 3 : 2;
        long[] r = new long[lead + n];
        if (groups > 1) {
            r[0] = out / groups;
            r[1] = 1;
            r[2] = out;
        } else {
            r[0] = 1;
            r[1] = out;
        }
        System.arraycopy(rm, 0, r, lead, n);
        return r;
    }
}
