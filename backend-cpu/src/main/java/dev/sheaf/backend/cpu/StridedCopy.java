package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;

/** Copies a strided view of a tensor element by element in Java, for the layouts oneDNN's reorder refuses. */
final class StridedCopy {
    private StridedCopy() {
    }

    /** Fills {@code out} (contiguous) with the elements of {@code src} at {@code offset + sum(i[d] * strides[d])}. */
    static void copy(CpuTensor src, long offset, long[] strides, CpuTensor out) {
        int size = src.dtype().byteSize();
        ByteBuffer from = src.buffer();
        ByteBuffer to = out.buffer();
        long[] dims = out.shape().dims();
        int r = dims.length;
        int n = out.shape().elementCountAsInt();
        long[] pos = new long[r];
        long off = offset;
        for (int i = 0; i < n; i++) {
            int at = (int) (off * size);
            for (int b = 0; b < size; b++) {
                to.put(i * size + b, from.get(at + b));
            }
            for (int d = r - 1; d >= 0; d--) {
                pos[d]++;
                off += strides[d];
                if (pos[d] < dims[d]) {
                    break;
                }
                off -= strides[d] * pos[d];
                pos[d] = 0;
            }
        }
    }
}
