package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.tensor.Shape;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/**
 * Data movement on oneDNN's reorder primitive: copies a strided view of a tensor (a permutation of its axes, a strided
 * slice) into a new contiguous tensor. Elements are moved as bit patterns, never converted: 4-byte types as s32,
 * 8-byte types as pairs of s32 (an extra innermost dimension of 2) and bool as u8, so every dtype is exact. Layouts
 * oneDNN refuses (interleaved strides, more than its 12 dimensions) are copied by {@link StridedCopy} instead.
 */
final class Reorder {
    private Reorder() {
    }

    /**
     * A new contiguous tensor of {@code shape} whose element at index i is the element of {@code src} at
     * {@code offset + sum(i[d] * strides[d])} (in elements).
     */
    static CpuTensor copy(CpuBackend backend, Dnnl dnnl, CpuTensor src, long offset, long[] strides, Shape shape) {
        CpuTensor out = CpuTensor.allocate(backend, shape, src.dtype());
        if (shape.elementCount() == 0) {
            return out;
        }
        int size = src.dtype().byteSize();
        int lanes = size == 8 ? 2 : 1;
        int type = size == 1 ? dnnl_u8 : dnnl_s32;
        long[] dims = Dims.of(shape);
        long[] st = strides.length == 0 ? new long[] {0} : strides.clone();
        int r = dims.length + (lanes == 2 ? 1 : 0);
        long[] d = new long[r];
        long[] s = new long[r];
        for (int i = 0; i < dims.length; i++) {
            d[i] = dims[i];
            s[i] = st[i] * lanes;
        }
        if (lanes == 2) {
            d[r - 1] = 2;
            s[r - 1] = 1;
        }
        if (!Dims.fits(r) || !nonOverlappingSorted(d, s)) {
            StridedCopy.copy(src, offset, strides, out);
            return out;
        }
        String key = "reorder " + type + Dims.key(d) + Dims.key(s);
        return dnnl.runInto(out, key, () -> {
            dnnl_memory_desc from = Dnnl.desc(d, s, type);
            dnnl_memory_desc to = Dnnl.desc(d, Dnnl.rowMajor(d), type);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_reorder_primitive_desc_create(pd, from, dnnl.engine(), to, dnnl.engine(), dnnl.attr()),
                        pd, "reorder_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_FROM, DNNL_ARG_TO);
            } finally {
                Dnnl.destroy(from, to);
            }
        }, src.memory().pointer(offset * size), out.pointer());
    }

    /** {@code x} with its axes permuted: result axis i is input axis {@code permutation[i]}. */
    static CpuTensor transpose(CpuBackend backend, Dnnl dnnl, CpuTensor x, int[] permutation) {
        long[] dims = x.shape().dims();
        long[] inStrides = Dnnl.rowMajor(dims);
        long[] outDims = new long[dims.length];
        long[] strides = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            outDims[i] = dims[permutation[i]];
            strides[i] = inStrides[permutation[i]];
        }
        return copy(backend, dnnl, x, 0, strides, Shape.of(outDims));
    }

    /** The strided slice {@code begin[d] + k * step[d] < end[d]} of every axis. */
    static CpuTensor slice(CpuBackend backend, Dnnl dnnl, CpuTensor x, int[] begin, int[] end, int[] step) {
        long[] dims = x.shape().dims();
        long[] inStrides = Dnnl.rowMajor(dims);
        long[] outDims = new long[dims.length];
        long[] strides = new long[dims.length];
        long offset = 0;
        for (int i = 0; i < dims.length; i++) {
            outDims[i] = (end[i] - begin[i] + step[i] - 1) / step[i];
            strides[i] = inStrides[i] * step[i];
            offset += begin[i] * inStrides[i];
        }
        if (Shape.of(outDims).elementCount() == 0) {
            offset = 0;
        }
        return copy(backend, dnnl, x, offset, strides, Shape.of(outDims));
    }

    /**
     * Whether oneDNN accepts these strides: sorted by stride, each dimension must start beyond the span of the
     * previous ones. A strided slice can interleave dimensions (strides 7 and 5 over 5x2 elements) without any two
     * elements overlapping, which oneDNN still refuses; those go through {@link StridedCopy}.
     */
    private static boolean nonOverlappingSorted(long[] d, long[] s) {
        Integer[] order = new Integer[d.length];
        for (int i = 0; i < d.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(s[a], s[b]));
        long span = 1;
        for (int i : order) {
            if (d[i] == 1) {
                continue;
            }
            if (s[i] < span) {
                return false;
            }
            span = s[i] * d[i];
        }
        return true;
    }
}
