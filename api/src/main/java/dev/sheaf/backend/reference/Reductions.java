package dev.sheaf.backend.reference;

import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;

/** Reductions over axis sets, and argmax/argmin along one axis. */
final class Reductions {
    private Reductions() {
    }

    static HostArray reduce(ReduceOp op, ReferenceTensor x, int[] axes, boolean keepDims) {
        DType dt = x.dtype();
        if (!dt.isNumeric()) {
            throw new IllegalArgumentException("reduce " + op + " takes a numeric tensor, got " + dt);
        }
        Shape s = x.shape();
        int rank = s.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        Shape outShape = outShape(s, reduced, keepDims);
        if (axes.length == 0) {
            return new HostArray(outShape, dt, Storage.copy(x.data()));
        }
        int[] dims = s.toIntArray();
        // Each input element's destination: row-major strides over the kept axes, 0 along reduced ones.
        long[] outStrides = new long[rank];
        long acc = 1;
        for (int d = rank - 1; d >= 0; d--) {
            if (!reduced[d]) {
                outStrides[d] = acc;
                acc *= dims[d];
            }
        }
        int[] dest = Indexing.strided(dims, outStrides, 0);
        int outCount = (int) acc;
        long reducedCount = 1;
        for (int a : axes) {
            reducedCount *= dims[a];
        }
        if (dt.isFloating()) {
            double[] v = Storage.toDoubles(x.data());
            double[] r = new double[outCount];
            // SUM starts from -0.0 so that a sum of negative zeros keeps its sign; empty sums are fixed below.
            java.util.Arrays.fill(r, switch (op) {
                case SUM -> -0.0;
                case PROD -> 1.0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
            });
            if (reducedCount == 0 && op == ReduceOp.SUM) {
                java.util.Arrays.fill(r, 0.0);
            }
            switch (op) {
                case SUM -> {
                    for (int i = 0; i < v.length; i++) {
                        r[dest[i]] += v[i];
                    }
                }
                case PROD -> {
                    for (int i = 0; i < v.length; i++) {
                        r[dest[i]] *= v[i];
                    }
                }
                case MAX -> {
                    for (int i = 0; i < v.length; i++) {
                        r[dest[i]] = Math.max(r[dest[i]], v[i]);
                    }
                }
                case MIN -> {
                    for (int i = 0; i < v.length; i++) {
                        r[dest[i]] = Math.min(r[dest[i]], v[i]);
                    }
                }
            }
            return new HostArray(outShape, dt, Storage.fromDoubles(r, dt));
        }
        long[] v = Storage.toLongs(x.data());
        long[] r = new long[outCount];
        java.util.Arrays.fill(r, switch (op) {
            case SUM -> 0L;
            case PROD -> 1L;
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
        });
        for (int i = 0; i < v.length; i++) {
            int o = dest[i];
            r[o] = switch (op) {
                case SUM -> r[o] + v[i];
                case PROD -> r[o] * v[i];
                case MAX -> Math.max(r[o], v[i]);
                case MIN -> Math.min(r[o], v[i]);
            };
        }
        return new HostArray(outShape, dt, Storage.fromLongs(r, dt));
    }

    private static Shape outShape(Shape s, boolean[] reduced, boolean keepDims) {
        int kept = 0;
        for (boolean r : reduced) {
            kept += r ? 0 : 1;
        }
        long[] dims = new long[keepDims ? s.rank() : kept];
        int k = 0;
        for (int d = 0; d < s.rank(); d++) {
            if (!reduced[d]) {
                dims[k++] = s.dim(d);
            } else if (keepDims) {
                dims[k++] = 1;
            }
        }
        return Shape.of(dims);
    }

    /**
     * Index of the extreme element along {@code axis} as int64; ties go to the first, and the first NaN wins outright
     * (it counts as the largest for argmax and the smallest for argmin).
     */
    static HostArray argExtreme(boolean max, ReferenceTensor x, int axis, boolean keepDims) {
        Shape s = x.shape();
        int[] dims = s.toIntArray();
        int outer = Indexing.product(dims, 0, axis);
        int len = dims[axis];
        int inner = Indexing.product(dims, axis + 1, dims.length);
        if (len == 0 && outer * inner > 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": axis " + axis + " of shape " + s
                    + " is empty; there is no extreme element to point at");
        }
        boolean[] reduced = new boolean[dims.length];
        reduced[axis] = true;
        Shape outShape = outShape(s, reduced, keepDims);
        long[] r = new long[outer * inner];
        if (x.dtype().isFloating()) {
            double[] v = Storage.toDoubles(x.data());
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int base = o * len * inner + in;
                    int best = 0;
                    double bestV = v[base];
                    for (int k = 1; k < len && !Double.isNaN(bestV); k++) {
                        double c = v[base + k * inner];
                        if (Double.isNaN(c) || (max ? c > bestV : c < bestV)) {
                            best = k;
                            bestV = c;
                        }
                    }
                    r[o * inner + in] = best;
                }
            }
        } else {
            long[] v = Storage.toLongs(x.data());
            for (int o = 0; o < outer; o++) {
                for (int in = 0; in < inner; in++) {
                    int base = o * len * inner + in;
                    int best = 0;
                    long bestV = v[base];
                    for (int k = 1; k < len; k++) {
                        long c = v[base + k * inner];
                        if (max ? c > bestV : c < bestV) {
                            best = k;
                            bestV = c;
                        }
                    }
                    r[o * inner + in] = best;
                }
            }
        }
        return new HostArray(outShape, DType.INT64, r);
    }
}
