package dev.sheaf.backend.reference;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.stream.IntStream;

/** Batched matrix product with broadcast batch dimensions and optional transposes, over {@link Gemm}. */
final class MatMul {
    private MatMul() {
    }

    static HostArray matmul(ReferenceTensor a, ReferenceTensor b, boolean ta, boolean tb) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        DType dt = a.dtype();
        if (sa.rank() < 2 || sb.rank() < 2 || dt != b.dtype() || !dt.isNumeric()) {
            throw new IllegalArgumentException("matmul: needs two numeric tensors of rank >= 2 and equal dtype, got "
                    + dt + " " + sa + " and " + b.dtype() + " " + sb);
        }
        int ra = sa.rank();
        int rb = sb.rank();
        int m = sa.size(ta ? ra - 1 : ra - 2);
        int k = sa.size(ta ? ra - 2 : ra - 1);
        int kb = sb.size(tb ? rb - 1 : rb - 2);
        int n = sb.size(tb ? rb - 2 : rb - 1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + sa + (ta ? " (transposed)" : "")
                    + " has K = " + k + " but " + sb + (tb ? " (transposed)" : "") + " has K = " + kb);
        }
        Shape batchA = sa.subShape(0, ra - 2);
        Shape batchB = sb.subShape(0, rb - 2);
        Shape batch = Shape.broadcast(batchA, batchB, "matmul");
        Shape outShape = Shape.of(concat(batch.dims(), m, n));
        int batches = batch.elementCountAsInt();
        int[] mapA = Indexing.broadcast(batch, batchA);
        int[] mapB = Indexing.broadcast(batch, batchB);
        int lda = sa.size(ra - 1);
        int ldb = sb.size(rb - 1);
        int strideA = m * k;
        int strideB = k * n;
        int strideC = m * n;

        // Integers multiply in long (wrapping like int arithmetic once narrowed); floats in their own type.
        Object ad = dt.isFloating() ? a.data() : Storage.toLongs(a.data());
        Object bd = dt.isFloating() ? b.data() : Storage.toLongs(b.data());
        Object c = Storage.allocate(dt.isFloating() ? dt : DType.INT64, outShape.elementCountAsInt());
        if ((long) batches * m * n * k >= Gemm.PARALLEL_THRESHOLD && batches > 1) {
            // Many independent products: one task each; a large one may split its rows further in the same pool.
            IntStream.range(0, batches).parallel().forEach(t -> Gemm.multiply(m, n, k,
                    ad, mapA[t] * strideA, lda, ta, bd, mapB[t] * strideB, ldb, tb, c, t * strideC, n));
        } else {
            for (int t = 0; t < batches; t++) {
                Gemm.multiply(m, n, k, ad, mapA[t] * strideA, lda, ta, bd, mapB[t] * strideB, ldb, tb,
                        c, t * strideC, n);
            }
        }
        Object result = dt.isFloating() ? c : Storage.fromLongs((long[]) c, dt);
        return new HostArray(outShape, dt, result);
    }

    private static long[] concat(long[] head, long x, long y) {
        long[] r = java.util.Arrays.copyOf(head, head.length + 2);
        r[head.length] = x;
        r[head.length + 1] = y;
        return r;
    }
}
