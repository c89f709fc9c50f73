package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.Shape;

/**
 * Walks the rows of an iteration space (all axes but the last) and tracks where two operands' rows start and how far
 * each advances per element along a row (their strides on the last axis). A broadcast operand has stride 0 along the
 * axes it is repeated on, so nothing is materialised or index-mapped; when both operands are full-size or single
 * elements the whole space is one row. Offsets are element indices into the operands' contiguous storage.
 */
final class RowWalk {
    final int rows;
    final int len;
    final int stepA;
    final int stepB;
    int offA;
    int offB;
    private final long[] dims;
    private final long[] strideA;
    private final long[] strideB;
    private final long[] pos;

    /** The rows of the broadcast result {@code out} of operands shaped {@code a} and {@code b}. */
    RowWalk(Shape out, Shape a, Shape b) {
        long n = out.elementCount();
        long na = a.elementCount();
        long nb = b.elementCount();
        if ((na == n || na == 1) && (nb == n || nb == 1) || out.rank() <= 1) {
            rows = 1;
            len = (int) n;
            stepA = na == 1 ? 0 : 1;
            stepB = nb == 1 ? 0 : 1;
            dims = null;
            strideA = null;
            strideB = null;
            pos = null;
            return;
        }
        int r = out.rank();
        dims = out.dims();
        strideA = broadcastStrides(a, r);
        strideB = broadcastStrides(b, r);
        pos = new long[r - 1];
        len = (int) dims[r - 1];
        rows = (int) (n / Math.max(len, 1));
        stepA = (int) strideA[r - 1];
        stepB = (int) strideB[r - 1];
    }

    /** The rows of a space of {@code dims} (rank at least 1, no dimension 0) with explicit element strides. */
    RowWalk(long[] dims, long[] strideA, long[] strideB) {
        int r = dims.length;
        this.dims = dims;
        this.strideA = strideA;
        this.strideB = strideB;
        this.pos = new long[r - 1];
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        len = (int) dims[r - 1];
        rows = (int) (n / Math.max(len, 1));
        stepA = (int) strideA[r - 1];
        stepB = (int) strideB[r - 1];
    }

    /** Row-major strides of {@code s} left-padded to {@code rank}, 0 along its size-1 (broadcast) axes. */
    static long[] broadcastStrides(Shape s, int rank) {
        long[] d = Dims.of(s, rank);
        long[] st = Dnnl.rowMajor(d);
        for (int i = 0; i < rank; i++) {
            if (d[i] == 1) {
                st[i] = 0;
            }
        }
        return st;
    }

    /** Moves to the next row (an odometer over all axes but the last). */
    void advance() {
        if (pos == null) {
            return;
        }
        for (int d = pos.length - 1; d >= 0; d--) {
            pos[d]++;
            offA += (int) strideA[d];
            offB += (int) strideB[d];
            if (pos[d] < dims[d]) {
                return;
            }
            offA -= (int) (strideA[d] * pos[d]);
            offB -= (int) (strideB[d] * pos[d]);
            pos[d] = 0;
        }
    }
}
