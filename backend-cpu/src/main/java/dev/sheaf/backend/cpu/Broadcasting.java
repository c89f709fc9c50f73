package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.Shape;

/** numpy broadcasting as index maps, for the element-wise loops written in Java. */
final class Broadcasting {
    private Broadcasting() {
    }

    /**
     * For each flat index of {@code out}, the flat index of the element of {@code in} broadcast there; null when
     * {@code in} equals {@code out} (the identity), so that the common case costs no map.
     */
    static int[] index(Shape in, Shape out) {
        if (in.equals(out)) {
            return null;
        }
        int n = out.elementCountAsInt();
        int[] map = new int[n];
        if (in.elementCount() == 1) {
            return map;
        }
        int r = out.rank();
        long[] od = out.dims();
        long[] id = Dims.of(in, r);
        long[] is = Dnnl.rowMajor(id);
        long[] step = new long[r];
        for (int d = 0; d < r; d++) {
            step[d] = id[d] == 1 ? 0 : is[d];
        }
        long[] pos = new long[r];
        long off = 0;
        for (int i = 0; i < n; i++) {
            map[i] = (int) off;
            for (int d = r - 1; d >= 0; d--) {
                pos[d]++;
                off += step[d];
                if (pos[d] < od[d]) {
                    break;
                }
                off -= step[d] * pos[d];
                pos[d] = 0;
            }
        }
        return map;
    }
}
