package dev.sheaf.losses;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Keras's {@code reduce_weighted_values} and {@code apply_mask}: weight per-sample values, then reduce them. */
final class WeightedReduction {
    private WeightedReduction() {
    }

    static Tensor reduce(Loss loss, Tensor values, Tensor sampleWeight, Tensor mask, Reduction reduction) {
        Tensor sw = sampleWeight == null ? null
                : sampleWeight.dtype() == values.dtype() ? sampleWeight : Ops.cast(sampleWeight, values.dtype());
        if (mask != null) {
            sw = applyMask(sw, mask, values, reduction);
        }
        if (sw != null) {
            Tensor[] a = RankAlignment.align(values, sw);
            checkBroadcast(loss, values.shape(), (sampleWeight != null ? sampleWeight : sw).shape(), a[0].shape(), a[1].shape());
            values = Ops.multiply(a[0], a[1]);
        }
        // Keras returns unreduced values for a scalar or empty loss whatever the reduction.
        if (reduction == Reduction.NONE || values.rank() == 0 || (values.rank() == 1 && values.size() == 0)) {
            return values;
        }
        Tensor total = Ops.sum(values);
        switch (reduction) {
            case SUM:
                return total;
            case MEAN_WITH_SAMPLE_WEIGHT:
                if (sw != null) {
                    return divideNoNan(total, Ops.sum(sw));
                }
                return Ops.divide(total, (double) values.size());
            default:
                return Ops.divide(total, (double) values.size());
        }
    }

    /**
     * Merges a mask into the sample weights. For the averaging reductions each valid entry is scaled by
     * {@code total / valid}, so that dividing by the element count later divides by the number of valid entries.
     */
    private static Tensor applyMask(Tensor sw, Tensor mask, Tensor values, Reduction reduction) {
        Tensor m = Ops.cast(mask, values.dtype());
        if (reduction == Reduction.SUM_OVER_BATCH_SIZE) {
            double valid = Ops.sum(m).itemAsDouble();
            m = Ops.multiply(m, valid == 0 ? 0.0 : m.size() / valid);
        }
        if (sw == null) {
            return m;
        }
        Tensor[] a = RankAlignment.align(m, sw);
        return Ops.multiply(a[1], a[0]);
    }

    private static Tensor divideNoNan(Tensor a, Tensor b) {
        double d = b.itemAsDouble();
        return d == 0 ? Ops.multiply(a, 0.0) : Ops.divide(a, b);
    }

    private static void checkBroadcast(Loss loss, Shape values, Shape weight, Shape alignedValues, Shape alignedWeight) {
        try {
            Shape.broadcast(alignedValues, alignedWeight, "sample_weight");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(loss.getClass().getSimpleName() + " ('" + loss.name()
                    + "'): sample_weight of shape " + weight + " does not broadcast against the per-sample losses of"
                    + " shape " + values + "; pass one weight per sample", e);
        }
    }
}
