package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import org.apiguardian.api.API;

/**
 * Keras's {@code squeeze_or_expand_to_same_rank}: when two tensors' ranks differ by exactly one and the larger one ends
 * in a dimension of 1, that dimension is squeezed (or, for a rank-1 partner, the partner is expanded), so that
 * {@code y_true} of shape {@code (batch,)} meets {@code y_pred} of shape {@code (batch, 1)} without broadcasting to
 * {@code (batch, batch)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RankAlignment {
    private RankAlignment() {
    }

    /**
     * Aligns the ranks of {@code a} and {@code b} as Keras does.
     *
     * @param expandRank1 whether a rank-1 tensor is expanded rather than its partner squeezed (Keras's default true)
     * @return the two tensors, in order, possibly reshaped
     */
    public static Tensor[] align(Tensor a, Tensor b, boolean expandRank1) {
        int ra = a.rank();
        int rb = b.rank();
        if (ra == rb + 1 && a.shape().dim(ra - 1) == 1) {
            if (rb == 1 && expandRank1) {
                b = Ops.expandDims(b, -1);
            } else {
                a = Ops.squeeze(a, -1);
            }
        } else if (rb == ra + 1 && b.shape().dim(rb - 1) == 1) {
            if (ra == 1 && expandRank1) {
                a = Ops.expandDims(a, -1);
            } else {
                b = Ops.squeeze(b, -1);
            }
        }
        return new Tensor[] {a, b};
    }

    /** {@link #align(Tensor, Tensor, boolean)} with {@code expandRank1 = true}. */
    public static Tensor[] align(Tensor a, Tensor b) {
        return align(a, b, true);
    }
}
