package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Matrix products and their gradient rules. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** numpy {@code matmul}: 1-D operands are promoted to matrices and the added axis is removed again. */
    static Tensor matmul(Tensor a, Tensor b) {
        Check.backend("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " include a rank-0 tensor; use multiply for scalars");
        }
        Tensor a2 = a.rank() == 1 ? Ops.expandDims(a, 0) : a;
        Tensor b2 = b.rank() == 1 ? Ops.expandDims(b, 1) : b;
        checkInner(a, b, a2.shape().dim(-1), b2.shape().dim(-2));
        Tensor y = product(a2, b2, false, false);
        if (a.rank() == 1 && b.rank() == 1) {
            return Ops.reshape(y, Shape.scalar());
        }
        if (a.rank() == 1) {
            return Ops.squeeze(y, -2);
        }
        return b.rank() == 1 ? Ops.squeeze(y, -1) : y;
    }

    /** Batched matrix product of rank >= 2 operands, either of them transposed in its last two axes. */
    static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        Check.backend("matmul", a, b);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " must both have rank >= 2 when transposes are given");
        }
        checkInner(a, b, a.shape().dim(transposeA ? -2 : -1), b.shape().dim(transposeB ? -1 : -2));
        return product(a, b, transposeA, transposeB);
    }

    private static void checkInner(Tensor a, Tensor b, long ka, long kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " are not aligned: the inner dimensions " + ka + " and " + kb + " differ");
        }
    }

    private static Tensor product(Tensor a, Tensor b, boolean ta, boolean tb) {
        Shape.broadcast(a.shape().subShape(0, a.rank() - 2), b.shape().subShape(0, b.rank() - 2), "matmul");
        Tensor[] p = Promote.common("matmul", a, b, true, false);
        Tensor pa = p[0];
        Tensor pb = p[1];
        Tensor y = pa.backend().matmul(pa, pb, ta, tb);
        // y = op(a) op(b); each gradient is again a product of the upstream with the other operand. Batch axes that
        // were broadcast come back summed by the tape.
        return GradientTape.record(y, (g, i) -> {
            if (i == 0) {
                return ta ? Ops.matmul(pb, g, tb, true) : Ops.matmul(g, pb, false, !tb);
            }
            return tb ? Ops.matmul(g, pa, true, ta) : Ops.matmul(pa, g, !ta, false);
        }, pa, pb);
    }

    /**
     * numpy {@code dot}: scalars multiply, rank <= 2 operands are a matrix product, and otherwise the last axis of
     * {@code a} is contracted with the second-to-last of {@code b}.
     */
    static Tensor dot(Tensor a, Tensor b) {
        Check.backend("dot", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            return Ops.multiply(a, b);
        }
        if (a.rank() <= 2 && b.rank() <= 2) {
            return matmul(a, b);
        }
        int kb = b.rank() == 1 ? 0 : b.rank() - 2;
        long k = a.shape().dim(-1);
        if (k != b.shape().dim(kb)) {
            throw new IllegalArgumentException("dot: shapes " + a.shape() + " and " + b.shape()
                    + " are not aligned: " + k + " (last axis of the first) vs " + b.shape().dim(kb)
                    + " (axis " + kb + " of the second)");
        }
        // Move b's contracted axis to the front, flatten both sides to matrices, multiply, restore the free axes.
        int[] perm = new int[b.rank()];
        perm[0] = kb;
        for (int d = 0, n = 1; d < b.rank(); d++) {
            if (d != kb) {
                perm[n++] = d;
            }
        }
        Tensor a2 = Ops.reshape(a, -1, k);
        Tensor b2 = Ops.reshape(Ops.transpose(b, perm), k, -1);
        Shape bFree = b.shape().remove(kb);
        long[] out = new long[a.rank() - 1 + bFree.rank()];
        System.arraycopy(a.shape().dims(), 0, out, 0, a.rank() - 1);
        System.arraycopy(bFree.dims(), 0, out, a.rank() - 1, bFree.rank());
        return Ops.reshape(matmul(a2, b2), Shape.of(out));
    }
}
