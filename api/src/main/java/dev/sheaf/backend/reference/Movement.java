package dev.sheaf.backend.reference;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.List;

/** Ops that move elements without computing on them (except scatter-add's accumulation). */
final class Movement {
    private Movement() {
    }

    static HostArray transpose(ReferenceTensor x, int[] perm) {
        Shape s = x.shape();
        if (perm.length != s.rank()) {
            throw new IllegalArgumentException("transpose: permutation of length " + perm.length
                    + " for shape " + s + " of rank " + s.rank());
        }
        long[] inStrides = s.strides();
        int[] dims = new int[perm.length];
        long[] strides = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            dims[i] = s.size(perm[i]);
            strides[i] = inStrides[perm[i]];
        }
        int[] map = Indexing.strided(dims, strides, 0);
        return new HostArray(Shape.of(toLongs(dims)), x.dtype(), Storage.take(x.data(), map, 0));
    }

    static HostArray slice(ReferenceTensor x, int[] begin, int[] end, int[] steps) {
        Shape s = x.shape();
        int rank = s.rank();
        long[] inStrides = s.strides();
        int[] dims = new int[rank];
        long[] strides = new long[rank];
        long base = 0;
        for (int d = 0; d < rank; d++) {
            if (steps[d] < 1 || begin[d] < 0 || begin[d] > end[d] || end[d] > s.dim(d)) {
                throw new IllegalArgumentException("slice: bounds [" + begin[d] + ", " + end[d] + ") step "
                        + steps[d] + " are invalid for axis " + d + " of shape " + s);
            }
            dims[d] = (end[d] - begin[d] + steps[d] - 1) / steps[d];
            strides[d] = inStrides[d] * steps[d];
            base += begin[d] * inStrides[d];
        }
        int[] map = Indexing.strided(dims, strides, base);
        return new HostArray(Shape.of(toLongs(dims)), x.dtype(), Storage.take(x.data(), map, 0));
    }

    static HostArray concat(List<ReferenceTensor> xs, int axis) {
        ReferenceTensor first = xs.get(0);
        Shape s0 = first.shape();
        long total = 0;
        for (ReferenceTensor t : xs) {
            Shape s = t.shape();
            boolean fits = s.rank() == s0.rank() && t.dtype() == first.dtype();
            for (int d = 0; fits && d < s.rank(); d++) {
                fits = d == axis || s.dim(d) == s0.dim(d);
            }
            if (!fits) {
                throw new IllegalArgumentException("concat: along axis " + axis + " every tensor must match "
                        + first.dtype() + " " + s0 + " except on that axis, got " + t.dtype() + " " + s);
            }
            total += s.dim(axis);
        }
        Shape out = s0.with(axis, total);
        int[] dims = s0.toIntArray();
        int outer = Indexing.product(dims, 0, axis);
        int inner = Indexing.product(dims, axis + 1, dims.length);
        Object r = Storage.allocate(first.dtype(), out.elementCountAsInt());
        int rowOut = (int) total * inner;
        int offset = 0;
        for (ReferenceTensor t : xs) {
            Object src = t.data();
            int chunk = t.shape().size(axis) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * chunk, r, o * rowOut + offset, chunk);
            }
            offset += chunk;
        }
        return new HostArray(out, first.dtype(), r);
    }

    static HostArray pad(ReferenceTensor x, int[][] padding, double value) {
        Shape s = x.shape();
        int rank = s.rank();
        int[] inDims = s.toIntArray();
        int[] outDims = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (padding[d][0] < 0 || padding[d][1] < 0) {
                throw new IllegalArgumentException("pad: padding " + padding[d][0] + ", " + padding[d][1]
                        + " for axis " + d + " must be non-negative");
            }
            outDims[d] = inDims[d] + padding[d][0] + padding[d][1];
        }
        int n = Indexing.product(outDims, 0, rank);
        int[] map = new int[n];
        int[] idx = new int[rank];
        for (int i = 0; i < n; i++) {
            int rem = i;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d] = rem % outDims[d];
                rem /= outDims[d];
            }
            int src = 0;
            for (int d = 0; d < rank && src >= 0; d++) {
                int c = idx[d] - padding[d][0];
                src = c < 0 || c >= inDims[d] ? -1 : src * inDims[d] + c;
            }
            map[i] = src;
        }
        return new HostArray(Shape.of(toLongs(outDims)), x.dtype(), Storage.take(x.data(), map, value));
    }

    static HostArray broadcastTo(ReferenceTensor x, Shape shape) {
        if (!x.shape().isBroadcastableTo(shape)) {
            throw new IllegalArgumentException("broadcastTo: shape " + x.shape() + " cannot be broadcast to " + shape);
        }
        return new HostArray(shape, x.dtype(), Storage.take(x.data(), Indexing.broadcast(shape, x.shape()), 0));
    }

    static HostArray gather(ReferenceTensor x, ReferenceTensor indices, int axis) {
        Shape s = x.shape();
        int[] dims = s.toIntArray();
        int outer = Indexing.product(dims, 0, axis);
        int len = dims[axis];
        int inner = Indexing.product(dims, axis + 1, dims.length);
        int[] idx = checkedIndices("gather", indices, len, axis);
        Shape out = spliced(s, axis, indices.shape());
        Object src = x.data();
        Object r = Storage.allocate(x.dtype(), out.elementCountAsInt());
        int ni = idx.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                System.arraycopy(src, (o * len + idx[j]) * inner, r, (o * ni + j) * inner, inner);
            }
        }
        return new HostArray(out, x.dtype(), r);
    }

    static HostArray scatterAdd(Shape shape, ReferenceTensor indices, ReferenceTensor updates, int axis) {
        int[] dims = shape.toIntArray();
        int outer = Indexing.product(dims, 0, axis);
        int len = dims[axis];
        int inner = Indexing.product(dims, axis + 1, dims.length);
        int[] idx = checkedIndices("scatterAdd", indices, len, axis);
        Shape expected = spliced(shape, axis, indices.shape());
        if (!updates.shape().equals(expected)) {
            throw new IllegalArgumentException("scatterAdd: updates have shape " + updates.shape() + " but shape "
                    + shape + " with indices " + indices.shape() + " along axis " + axis + " needs " + expected);
        }
        DType dt = updates.dtype();
        int ni = idx.length;
        Object u = updates.data();
        Object r = Storage.allocate(dt, shape.elementCountAsInt());
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                int from = (o * ni + j) * inner;
                int to = (o * len + idx[j]) * inner;
                switch (dt) {
                    case FLOAT32 -> {
                        float[] a = (float[]) r;
                        float[] b = (float[]) u;
                        for (int i = 0; i < inner; i++) {
                            a[to + i] += b[from + i];
                        }
                    }
                    case FLOAT64 -> {
                        double[] a = (double[]) r;
                        double[] b = (double[]) u;
                        for (int i = 0; i < inner; i++) {
                            a[to + i] += b[from + i];
                        }
                    }
                    case INT32 -> {
                        int[] a = (int[]) r;
                        int[] b = (int[]) u;
                        for (int i = 0; i < inner; i++) {
                            a[to + i] += b[from + i];
                        }
                    }
                    case INT64 -> {
                        long[] a = (long[]) r;
                        long[] b = (long[]) u;
                        for (int i = 0; i < inner; i++) {
                            a[to + i] += b[from + i];
                        }
                    }
                    // Adding booleans saturates at true: logical or.
                    case BOOL -> {
                        boolean[] a = (boolean[]) r;
                        boolean[] b = (boolean[]) u;
                        for (int i = 0; i < inner; i++) {
                            a[to + i] |= b[from + i];
                        }
                    }
                }
            }
        }
        return new HostArray(shape, dt, r);
    }

    /** The indices as non-negative ints, validated against {@code [-len, len)}. */
    private static int[] checkedIndices(String op, ReferenceTensor indices, int len, int axis) {
        if (!indices.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": indices must be int32 or int64, got " + indices.dtype());
        }
        long[] raw = Storage.toLongs(indices.data());
        int[] r = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            long v = raw[i];
            if (v < -len || v >= len) {
                throw new IllegalArgumentException(op + ": index " + v + " (at flat position " + i
                        + " of the indices) is out of range for axis " + axis + " of size " + len
                        + "; valid indices are in [" + (-len) + ", " + len + ")");
            }
            r[i] = (int) (v < 0 ? v + len : v);
        }
        return r;
    }

    /** {@code s[:axis] + middle + s[axis+1:]}. */
    private static Shape spliced(Shape s, int axis, Shape middle) {
        long[] d = s.dims();
        long[] m = middle.dims();
        long[] r = new long[d.length - 1 + m.length];
        System.arraycopy(d, 0, r, 0, axis);
        System.arraycopy(m, 0, r, axis, m.length);
        System.arraycopy(d, axis + 1, r, axis + m.length, d.length - axis - 1);
        return Shape.of(r);
    }

    private static long[] toLongs(int[] dims) {
        long[] r = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = dims[i];
        }
        return r;
    }
}
