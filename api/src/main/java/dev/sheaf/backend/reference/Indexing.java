package dev.sheaf.backend.reference;

import dev.sheaf.tensor.Shape;

/**
 * Index maps: for every element of a result, in row-major order, the flat position of its source element. One
 * odometer serves broadcasting (stride 0), transposition (permuted strides) and strided slicing (scaled strides).
 */
final class Indexing {
    private Indexing() {
    }

    /** {@code base + sum(i_d * strides[d])} for every multi-index {@code i} of {@code dims}, in row-major order. */
    static int[] strided(int[] dims, long[] strides, long base) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        int[] map = new int[n];
        if (n == 0) {
            return map;
        }
        int rank = dims.length;
        if (rank == 0) {
            map[0] = (int) base;
            return map;
        }
        int last = rank - 1;
        int innerDim = dims[last];
        int innerStride = (int) strides[last];
        int[] counter = new int[rank];
        long offset = base;
        int pos = 0;
        while (true) {
            int o = (int) offset;
            for (int i = 0; i < innerDim; i++) {
                map[pos++] = o + i * innerStride;
            }
            // Advance the outer dimensions like an odometer.
            int d = last - 1;
            while (d >= 0) {
                counter[d]++;
                offset += strides[d];
                if (counter[d] < dims[d]) {
                    break;
                }
                offset -= strides[d] * dims[d];
                counter[d] = 0;
                d--;
            }
            if (d < 0) {
                return map;
            }
        }
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} that broadcasts onto it. */
    static int[] broadcast(Shape out, Shape in) {
        int rank = out.rank();
        int off = rank - in.rank();
        long[] inStrides = in.strides();
        long[] strides = new long[rank];
        for (int d = 0; d < in.rank(); d++) {
            strides[off + d] = in.dim(d) == 1 ? 0 : inStrides[d];
        }
        return strided(out.toIntArray(), strides, 0);
    }

    /** Product of {@code dims[from..to)}. */
    static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** Writes the row-major multi-index of {@code flat} within {@code dims} into {@code idx}. */
    static void unravel(int flat, int[] dims, int[] idx) {
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
    }
}
