package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Concat, pad and scatter-add directly over the native buffers, moving whole contiguous rows as bytes (exact for any
 * dtype). They used to go through the reference backend over host copies of every operand and the result: for the
 * row moves these ops are, that doubled the memory traffic. Every offset goes through the bounds-checked
 * absolute {@link ByteBuffer} methods, so a bad shape fails with an exception rather than touching foreign memory.
 */
final class JavaMovement {
    private JavaMovement() {
    }

    /** Joins {@code xs} (non-empty) along {@code axis}, with the reference backend's shape and dtype checks. */
    static CpuTensor concat(CpuBackend backend, CpuTensor[] xs, int axis) {
        CpuTensor first = xs[0];
        Shape s0 = first.shape();
        checkAxis("concat", axis, s0);
        long total = 0;
        for (CpuTensor t : xs) {
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
        CpuTensor r = CpuTensor.allocate(backend, out, first.dtype());
        long outer = product(s0, 0, axis);
        long innerBytes = product(s0, axis + 1, s0.rank()) * first.dtype().byteSize();
        long rowOut = total * innerBytes;
        ByteBuffer to = r.buffer();
        long offset = 0;
        for (CpuTensor t : xs) {
            // Each input contributes one contiguous block of dim(axis) * inner elements per outer index.
            long chunk = t.shape().dim(axis) * innerBytes;
            if (chunk > 0) {
                ByteBuffer from = t.buffer();
                for (long o = 0; o < outer; o++) {
                    to.put(Math.toIntExact(o * rowOut + offset), from, Math.toIntExact(o * chunk),
                            Math.toIntExact(chunk));
                }
            }
            offset += chunk;
        }
        return r;
    }

    /** {@code x} padded by {@code padding[d] = {before, after}} with {@code value}, converted as {@code cast} does. */
    static CpuTensor pad(CpuBackend backend, CpuTensor x, int[][] padding, double value) {
        Shape s = x.shape();
        int rank = s.rank();
        if (padding.length != rank) {
            throw new IllegalArgumentException("pad: " + padding.length + " padding pairs for shape " + s
                    + " of rank " + rank);
        }
        long[] outDims = new long[rank];
        for (int d = 0; d < rank; d++) {
            if (padding[d].length != 2 || padding[d][0] < 0 || padding[d][1] < 0) {
                throw new IllegalArgumentException("pad: padding " + Arrays.toString(padding[d]) + " for axis " + d
                        + " must be two non-negative sizes {before, after}");
            }
            outDims[d] = s.dim(d) + padding[d][0] + padding[d][1];
        }
        CpuTensor r = CpuTensor.allocate(backend, Shape.of(outDims), x.dtype());
        Fill.fill(r, value);
        long n = s.elementCount();
        if (n == 0) {
            return r;
        }
        int size = x.dtype().byteSize();
        // The input's last axis lands contiguously in the result, so copy it row by row: one row per index of the
        // leading axes (a rank-0 tensor is a single row of one element).
        long rowLen = rank == 0 ? 1 : s.dim(rank - 1);
        int rowBytes = Math.toIntExact(rowLen * size);
        long rows = n / rowLen;
        long[] outStrides = new long[rank];
        long stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStrides[d] = stride;
            stride *= outDims[d];
        }
        long base = 0;
        for (int d = 0; d < rank; d++) {
            base += padding[d][0] * outStrides[d];
        }
        ByteBuffer from = x.buffer();
        ByteBuffer to = r.buffer();
        int lead = Math.max(rank - 1, 0);
        long[] idx = new long[lead];
        for (long row = 0; row < rows; row++) {
            long pos = base;
            for (int d = 0; d < lead; d++) {
                pos += idx[d] * outStrides[d];
            }
            to.put(Math.toIntExact(pos * size), from, Math.toIntExact(row * rowBytes), rowBytes);
            for (int d = lead - 1; d >= 0; d--) {
                if (++idx[d] < s.dim(d)) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return r;
    }

    /**
     * A zero tensor of {@code shape} with each row of {@code updates} added at its index along {@code axis}, in the
     * dtype's arithmetic (for bool, "addition" is a logical or, as in the reference backend).
     */
    static CpuTensor scatterAdd(CpuBackend backend, Shape shape, CpuTensor indices, CpuTensor updates, int axis) {
        checkAxis("scatterAdd", axis, shape);
        long len = shape.dim(axis);
        long[] idx = checkedIndices("scatterAdd", indices, len, axis);
        long[] d = shape.dims();
        long[] m = indices.shape().dims();
        long[] e = new long[d.length - 1 + m.length];
        System.arraycopy(d, 0, e, 0, axis);
        System.arraycopy(m, 0, e, axis, m.length);
        System.arraycopy(d, axis + 1, e, axis + m.length, d.length - axis - 1);
        Shape expected = Shape.of(e);
        if (!updates.shape().equals(expected)) {
            throw new IllegalArgumentException("scatterAdd: updates have shape " + updates.shape() + " but shape "
                    + shape + " with indices " + indices.shape() + " along axis " + axis + " needs " + expected);
        }
        DType dt = updates.dtype();
        CpuTensor r = CpuTensor.allocate(backend, shape, dt);
        Fill.fill(r, 0);
        int inner = Math.toIntExact(product(shape, axis + 1, shape.rank()));
        long outer = product(shape, 0, axis);
        int ni = idx.length;
        ByteBuffer u = updates.buffer();
        ByteBuffer a = r.buffer();
        for (long o = 0; o < outer; o++) {
            for (int j = 0; j < ni; j++) {
                int from = Math.toIntExact((o * ni + j) * inner);
                int to = Math.toIntExact((o * len + idx[j]) * inner);
                addRow(dt, a, to, u, from, inner);
            }
        }
        return r;
    }

    /** Element-wise {@code a[to + i] += u[from + i]} for {@code i < n} (element offsets), in the dtype's arithmetic. */
    private static void addRow(DType dt, ByteBuffer a, int to, ByteBuffer u, int from, int n) {
        switch (dt) {
            case FLOAT32 -> {
                for (int i = 0; i < n; i++) {
                    int p = (to + i) << 2;
                    a.putFloat(p, a.getFloat(p) + u.getFloat((from + i) << 2));
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    int p = (to + i) << 3;
                    a.putDouble(p, a.getDouble(p) + u.getDouble((from + i) << 3));
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    int p = (to + i) << 2;
                    a.putInt(p, a.getInt(p) + u.getInt((from + i) << 2));
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    int p = (to + i) << 3;
                    a.putLong(p, a.getLong(p) + u.getLong((from + i) << 3));
                }
            }
            // Adding booleans saturates at true: a logical or of the 0/1 bytes.
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    a.put(to + i, (byte) (a.get(to + i) | u.get(from + i)));
                }
            }
        }
    }

    /** The indices made non-negative, validated against {@code [-len, len)} with the reference backend's message. */
    private static long[] checkedIndices(String op, CpuTensor indices, long len, int axis) {
        if (!indices.dtype().isInteger()) {
            throw new IllegalArgumentException(op + ": indices must be int32 or int64, got " + indices.dtype());
        }
        long[] idx = HostData.integral(indices);
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v < -len || v >= len) {
                throw new IllegalArgumentException(op + ": index " + v + " (at flat position " + i
                        + " of the indices) is out of range for axis " + axis + " of size " + len
                        + "; valid indices are in [" + (-len) + ", " + len + ")");
            }
            idx[i] = v < 0 ? v + len : v;
        }
        return idx;
    }

    private static void checkAxis(String op, int axis, Shape s) {
        if (axis < 0 || axis >= s.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + s
                    + " of rank " + s.rank());
        }
    }

    private static long product(Shape s, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) {
            p *= s.dim(d);
        }
        return p;
    }
}
