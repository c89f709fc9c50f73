package dev.sheaf.backend.reference;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/**
 * N-d channels-last convolution and its two gradients by im2col: the input windows of a chunk of the batch are laid
 * out as the rows of a matrix, so each op is one {@link Gemm} per group, plus a scatter (col2im) for the data
 * gradient.
 *
 * <p>The im2col layout is derived once per call as an index map (for one batch item and group 0), then reused for
 * every item and group and for both float dtypes.
 */
final class Convolution {
    /** Upper bound on the elements of one im2col buffer; the batch is processed in chunks below it. */
    private static final int COLS_BUDGET = 1 << 22;

    private Convolution() {
    }

    /** Geometry shared by the three ops. */
    private record Geometry(int batch, int spatialIn, int spatialOut, int kernelVolume, int cin, int cout,
                            int groups, int[] map) {
        int cinG() {
            return cin / groups;
        }

        int coutG() {
            return cout / groups;
        }

        int colWidth() {
            return kernelVolume * cinG();
        }

        /** Batch items per chunk so that one im2col buffer stays within budget. */
        int chunk() {
            long perItem = (long) spatialOut * colWidth();
            return (int) Math.max(1, Math.min(batch, COLS_BUDGET / Math.max(1, perItem)));
        }
    }

    static HostArray forward(ReferenceTensor x, ReferenceTensor kernel, ConvSpec spec) {
        Shape xs = x.shape();
        Shape ks = kernel.shape();
        requireFloat("conv", x.dtype(), kernel.dtype());
        Geometry g = geometry("conv", xs, ks, spec);
        long[] outDims = outputDims(xs, ks, spec);
        Shape outShape = Shape.of(outDims);
        Object out = Storage.allocate(x.dtype(), outShape.elementCountAsInt());
        Object xd = x.data();
        Object kd = kernel.data();
        int chunk = g.chunk();
        Object cols = Storage.allocate(x.dtype(), chunk * g.spatialOut() * g.colWidth());
        for (int b0 = 0; b0 < g.batch(); b0 += chunk) {
            int bc = Math.min(chunk, g.batch() - b0);
            int rows = bc * g.spatialOut();
            for (int grp = 0; grp < g.groups(); grp++) {
                im2col(g, xd, b0, bc, grp, cols);
                Gemm.multiply(rows, g.coutG(), g.colWidth(), cols, 0, g.colWidth(), false,
                        kd, grp * g.coutG(), g.cout(), false,
                        out, b0 * g.spatialOut() * g.cout() + grp * g.coutG(), g.cout());
            }
        }
        return new HostArray(outShape, x.dtype(), out);
    }

    static HostArray backwardData(ReferenceTensor gradOut, ReferenceTensor kernel, Shape inputShape, ConvSpec spec) {
        requireFloat("convBackwardData", gradOut.dtype(), kernel.dtype());
        Geometry g = geometry("convBackwardData", inputShape, kernel.shape(), spec);
        requireGradShape("convBackwardData", gradOut.shape(), outputDims(inputShape, kernel.shape(), spec));
        DType dt = gradOut.dtype();
        Object dx = Storage.allocate(dt, inputShape.elementCountAsInt());
        Object dy = gradOut.data();
        Object kd = kernel.data();
        int chunk = g.chunk();
        Object cols = Storage.allocate(dt, chunk * g.spatialOut() * g.colWidth());
        for (int b0 = 0; b0 < g.batch(); b0 += chunk) {
            int bc = Math.min(chunk, g.batch() - b0);
            int rows = bc * g.spatialOut();
            for (int grp = 0; grp < g.groups(); grp++) {
                clear(cols);
                // dCols = dY_g · K_g^T, then each column entry flows back to the input element it was copied from.
                Gemm.multiply(rows, g.colWidth(), g.coutG(), dy, b0 * g.spatialOut() * g.cout() + grp * g.coutG(),
                        g.cout(), false, kd, grp * g.coutG(), g.cout(), true, cols, 0, g.colWidth());
                col2im(g, cols, b0, bc, grp, dx);
            }
        }
        return new HostArray(inputShape, dt, dx);
    }

    static HostArray backwardFilter(ReferenceTensor x, ReferenceTensor gradOut, Shape kernelShape, ConvSpec spec) {
        requireFloat("convBackwardFilter", x.dtype(), gradOut.dtype());
        Geometry g = geometry("convBackwardFilter", x.shape(), kernelShape, spec);
        requireGradShape("convBackwardFilter", gradOut.shape(), outputDims(x.shape(), kernelShape, spec));
        DType dt = x.dtype();
        Object dk = Storage.allocate(dt, kernelShape.elementCountAsInt());
        Object xd = x.data();
        Object dy = gradOut.data();
        int chunk = g.chunk();
        Object cols = Storage.allocate(dt, chunk * g.spatialOut() * g.colWidth());
        for (int b0 = 0; b0 < g.batch(); b0 += chunk) {
            int bc = Math.min(chunk, g.batch() - b0);
            int rows = bc * g.spatialOut();
            for (int grp = 0; grp < g.groups(); grp++) {
                im2col(g, xd, b0, bc, grp, cols);
                // dK_g += cols^T · dY_g, accumulated over the batch chunks.
                Gemm.multiply(g.colWidth(), g.coutG(), rows, cols, 0, g.colWidth(), true,
                        dy, b0 * g.spatialOut() * g.cout() + grp * g.coutG(), g.cout(), false,
                        dk, grp * g.coutG(), g.cout());
            }
        }
        return new HostArray(kernelShape, dt, dk);
    }

    private static void requireFloat(String op, DType a, DType b) {
        if (!a.isFloating() || a != b) {
            throw new IllegalArgumentException(op + ": needs two float tensors of equal dtype, got " + a + " and " + b);
        }
    }

    private static void requireGradShape(String op, Shape actual, long[] expected) {
        if (!actual.equals(Shape.of(expected))) {
            throw new IllegalArgumentException(op + ": gradient of shape " + actual + " does not match the conv "
                    + "output shape " + Shape.of(expected));
        }
    }

    static long[] outputDims(Shape xs, Shape ks, ConvSpec spec) {
        int n = spec.spatialRank();
        long[] out = new long[n + 2];
        out[0] = xs.dim(0);
        for (int i = 0; i < n; i++) {
            out[i + 1] = spec.outputSize(i, xs.dim(i + 1), ks.dim(i));
        }
        out[n + 1] = ks.dim(n + 1);
        return out;
    }

    private static Geometry geometry(String op, Shape xs, Shape ks, ConvSpec spec) {
        int n = spec.spatialRank();
        if (xs.rank() != n + 2 || ks.rank() != n + 2) {
            throw new IllegalArgumentException(op + ": a " + n + "-d convolution needs input and kernel of rank "
                    + (n + 2) + ", got " + xs + " and " + ks);
        }
        int groups = spec.groups();
        int cin = xs.size(n + 1);
        int cout = ks.size(n + 1);
        if (cin % groups != 0 || cout % groups != 0 || ks.size(n) * groups != cin) {
            throw new IllegalArgumentException(op + ": input " + xs + " and kernel " + ks + " do not fit " + groups
                    + " group(s): the kernel's input-channel dimension times groups must equal the input channels, "
                    + "and groups must divide the output channels");
        }
        int[] in = new int[n];
        int[] k = new int[n];
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = xs.size(i + 1);
            k[i] = ks.size(i);
            o[i] = (int) spec.outputSize(i, in[i], k[i]);
        }
        int spatialIn = Indexing.product(in, 0, n);
        int spatialOut = Indexing.product(o, 0, n);
        int kv = Indexing.product(k, 0, n);
        int cinG = cin / groups;
        int[] strides = spec.strides();
        int[] dil = spec.dilation();
        int[][] pad = spec.padding();
        // map[(o * kv + kpos) * cinG + ci] = spatialIndex * cin + ci of the input element, or -1 in the padding.
        int[] map = new int[spatialOut * kv * cinG];
        int[] oi = new int[n];
        int[] ki = new int[n];
        int pos = 0;
        for (int op1 = 0; op1 < spatialOut; op1++) {
            Indexing.unravel(op1, o, oi);
            for (int kp = 0; kp < kv; kp++) {
                Indexing.unravel(kp, k, ki);
                int flat = 0;
                boolean inside = true;
                for (int d = 0; d < n; d++) {
                    int c = oi[d] * strides[d] - pad[d][0] + ki[d] * dil[d];
                    if (c < 0 || c >= in[d]) {
                        inside = false;
                        break;
                    }
                    flat = flat * in[d] + c;
                }
                for (int ci = 0; ci < cinG; ci++) {
                    map[pos++] = inside ? flat * cin + ci : -1;
                }
            }
        }
        return new Geometry(xs.size(0), spatialIn, spatialOut, kv, cin, cout, groups, map);
    }

    private static void im2col(Geometry g, Object x, int b0, int bc, int grp, Object cols) {
        int[] map = g.map();
        int per = map.length;
        int groupOff = grp * g.cinG();
        for (int b = 0; b < bc; b++) {
            int xBase = (b0 + b) * g.spatialIn() * g.cin() + groupOff;
            int cBase = b * per;
            if (cols instanceof float[] c) {
                float[] xs = (float[]) x;
                for (int i = 0; i < per; i++) {
                    int s = map[i];
                    c[cBase + i] = s < 0 ? 0f : xs[xBase + s];
                }
            } else {
                double[] c = (double[]) cols;
                double[] xs = (double[]) x;
                for (int i = 0; i < per; i++) {
                    int s = map[i];
                    c[cBase + i] = s < 0 ? 0.0 : xs[xBase + s];
                }
            }
        }
    }

    private static void col2im(Geometry g, Object cols, int b0, int bc, int grp, Object dx) {
        int[] map = g.map();
        int per = map.length;
        int groupOff = grp * g.cinG();
        for (int b = 0; b < bc; b++) {
            int xBase = (b0 + b) * g.spatialIn() * g.cin() + groupOff;
            int cBase = b * per;
            if (cols instanceof float[] c) {
                float[] d = (float[]) dx;
                for (int i = 0; i < per; i++) {
                    int s = map[i];
                    if (s >= 0) {
                        d[xBase + s] += c[cBase + i];
                    }
                }
            } else {
                double[] c = (double[]) cols;
                double[] d = (double[]) dx;
                for (int i = 0; i < per; i++) {
                    int s = map[i];
                    if (s >= 0) {
                        d[xBase + s] += c[cBase + i];
                    }
                }
            }
        }
    }

    private static void clear(Object cols) {
        if (cols instanceof float[] c) {
            java.util.Arrays.fill(c, 0f);
        } else {
            java.util.Arrays.fill((double[]) cols, 0.0);
        }
    }
}
