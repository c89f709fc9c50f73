package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.Shape;
import java.util.Arrays;

/** Shape arithmetic for oneDNN descriptors, which need at least one dimension and equal ranks across operands. */
final class Dims {
    private Dims() {
    }

    /** The dimensions of {@code s}, left-padded with 1s to {@code rank} (at least 1). */
    static long[] of(Shape s, int rank) {
        long[] d = s.dims();
        int r = Math.max(rank, Math.max(d.length, 1));
        long[] out = new long[r];
        Arrays.fill(out, 1);
        System.arraycopy(d, 0, out, r - d.length, d.length);
        return out;
    }

    /** The dimensions of {@code s}, with a scalar as {@code [1]}. */
    static long[] of(Shape s) {
        return of(s, s.rank());
    }

    /** A cache-key fragment. */
    static String key(long[] d) {
        return Arrays.toString(d);
    }

    /** Whether a descriptor of this rank fits oneDNN (at most 12 dimensions, {@code DNNL_MAX_NDIMS}). */
    static boolean fits(int rank) {
        return rank <= 12;
    }
}
