package dev.sheaf.spi;

import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/**
 * The default normalization ops of {@link Backend}, composed from its primitives. The statistics are taken in two
 * passes, the mean first and then the mean of the squared deviations from it, never as {@code E[x^2] - E[x]^2}, which
 * cancels catastrophically when the values sit far from zero (activations around 1e4 with a spread of 1 lose every
 * digit of their float32 variance that way). Every intermediate tensor is closed before returning.
 *
 * <p>Both normalizations share one shape: the statistics are computed over the {@code reduced} axes and kept with
 * size 1 there ("kept" shape), so that they broadcast against {@code x}; the per-feature parameters gamma and beta are
 * reshaped to the {@code param} shape (size 1 everywhere but the feature axis) for the same reason.
 */
final class ComposedNormalization {
    private ComposedNormalization() {
    }

    // ------------------------------------------------------------------ batch normalization

    static Tensor[] batchNormTraining(Backend b, Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        int[] reduced = allBut(x.rank(), axis);
        Shape param = paramShape(x.shape(), axis);
        Shape stat = Shape.of(x.shape().dim(axis));
        return forward(b, x, gamma, beta, reduced, param, stat, epsilon);
    }

    static Tensor batchNormInference(Backend b, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance,
                                     int axis, double epsilon) {
        Shape param = paramShape(x.shape(), axis);
        // (x - mean) * (gamma / sqrt(variance + epsilon)) + beta. The per-channel factor is computed on [C] values; x
        // is centred before it is scaled (not x * scale + (beta - mean * scale), which cancels for large offsets).
        try (Tensor m = b.reshape(mean, param);
             Tensor v = b.reshape(variance, param);
             Tensor eps = b.full(Shape.scalar(), x.dtype(), epsilon);
             Tensor ve = b.binary(BinaryOp.ADD, v, eps);
             Tensor inv = b.unary(UnaryOp.RSQRT, ve);
             Tensor scale = gamma == null ? null : scaled(b, inv, gamma, param);
             Tensor centered = b.binary(BinaryOp.SUB, x, m)) {
            Tensor y = b.binary(BinaryOp.MUL, centered, scale == null ? inv : scale);
            return shifted(b, y, beta, param);
        }
    }

    static Tensor[] batchNormBackward(Backend b, Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                      Tensor variance, int axis, double epsilon) {
        int[] reduced = allBut(x.rank(), axis);
        Shape param = paramShape(x.shape(), axis);
        return backward(b, dy, x, gamma, beta, mean, variance, reduced, reduced, param, param, epsilon);
    }

    // ------------------------------------------------------------------ layer normalization

    static Tensor[] layerNorm(Backend b, Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        int r = x.rank();
        return forward(b, x, gamma, beta, new int[] {r - 1}, paramShape(x.shape(), r - 1), x.shape().remove(r - 1),
                epsilon);
    }

    static Tensor[] layerNormBackward(Backend b, Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                      Tensor variance, double epsilon) {
        int r = x.rank();
        Shape kept = x.shape().with(r - 1, 1);
        return backward(b, dy, x, gamma, beta, mean, variance, new int[] {r - 1}, allBut(r, r - 1), kept,
                paramShape(x.shape(), r - 1), epsilon);
    }

    // ------------------------------------------------------------------ shared

    /**
     * {@code {y, mean, variance}} with the statistics over {@code reduced} (returned as {@code stat}) and gamma / beta
     * broadcast as {@code param}.
     */
    private static Tensor[] forward(Backend b, Tensor x, Tensor gamma, Tensor beta, int[] reduced, Shape param,
                                    Shape stat, double epsilon) {
        try (Tensor mean = b.mean(x, reduced, true);
             Tensor centered = b.binary(BinaryOp.SUB, x, mean);
             Tensor squares = b.unary(UnaryOp.SQUARE, centered);
             Tensor variance = b.mean(squares, reduced, true);
             Tensor eps = b.full(Shape.scalar(), x.dtype(), epsilon);
             Tensor ve = b.binary(BinaryOp.ADD, variance, eps);
             Tensor inv = b.unary(UnaryOp.RSQRT, ve)) {
            Tensor y;
            if (gamma == null) {
                y = b.binary(BinaryOp.MUL, centered, inv);
            } else if (inv.shape().equals(param)) {
                // Batch normalization: fold gamma into the per-channel factor, one pass over x instead of two.
                try (Tensor scale = scaled(b, inv, gamma, param)) {
                    y = b.binary(BinaryOp.MUL, centered, scale);
                }
            } else {
                try (Tensor g = b.reshape(gamma, param);
                     Tensor normalized = b.binary(BinaryOp.MUL, centered, inv)) {
                    y = b.binary(BinaryOp.MUL, normalized, g);
                }
            }
            y = shifted(b, y, beta, param);
            return new Tensor[] {y, b.reshape(mean, stat), b.reshape(variance, stat)};
        }
    }

    /**
     * {@code {dx, dgamma, dbeta}} of {@code y = xhat * gamma + beta}, {@code xhat = (x - mean) / sqrt(variance +
     * epsilon)}, the statistics taken over {@code reduced} (kept as {@code kept}) and gamma / beta broadcast as
     * {@code param} (their gradients summed over {@code paramReduced}):
     * <pre>
     * dbeta  = sum(dy)
     * dgamma = sum(dy * xhat)
     * dxhat  = dy * gamma
     * dx     = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / sqrt(variance + epsilon)
     * </pre>
     * where the means run over {@code reduced}. For batch normalization gamma is constant over those axes, so it is
     * folded into the per-channel factor instead ({@code dx = gamma / sqrt(variance + epsilon) * (dy - mean(dy) - xhat
     * * mean(dy * xhat))}), which saves a pass over {@code x}.
     */
    private static Tensor[] backward(Backend b, Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                     Tensor variance, int[] reduced, int[] paramReduced, Shape kept, Shape param,
                                     double epsilon) {
        boolean folded = gamma == null || kept.equals(param);
        try (Tensor m = b.reshape(mean, kept);
             Tensor v = b.reshape(variance, kept);
             Tensor eps = b.full(Shape.scalar(), x.dtype(), epsilon);
             Tensor ve = b.binary(BinaryOp.ADD, v, eps);
             Tensor inv = b.unary(UnaryOp.RSQRT, ve);
             Tensor centered = b.binary(BinaryOp.SUB, x, m);
             Tensor xhat = b.binary(BinaryOp.MUL, centered, inv);
             Tensor dyXhat = b.binary(BinaryOp.MUL, dy, xhat);
             Tensor g = gamma == null ? null : b.reshape(gamma, param);
             Tensor dxhat = folded ? null : b.binary(BinaryOp.MUL, dy, g);
             Tensor dxhatXhat = folded ? null : b.binary(BinaryOp.MUL, dxhat, xhat);
             Tensor meanD = b.mean(folded ? dy : dxhat, reduced, true);
             Tensor meanDXhat = b.mean(folded ? dyXhat : dxhatXhat, reduced, true);
             Tensor correction = b.binary(BinaryOp.MUL, xhat, meanDXhat);
             Tensor d1 = b.binary(BinaryOp.SUB, folded ? dy : dxhat, meanD);
             Tensor d2 = b.binary(BinaryOp.SUB, d1, correction);
             Tensor factor = folded && g != null ? b.binary(BinaryOp.MUL, inv, g) : null) {
            Tensor dx = b.binary(BinaryOp.MUL, d2, factor == null ? inv : factor);
            Tensor dgamma = null;
            Tensor dbeta = null;
            if (gamma != null) {
                try (Tensor s = b.reduce(ReduceOp.SUM, dyXhat, paramReduced, false)) {
                    dgamma = b.reshape(s, gamma.shape());
                }
            }
            if (beta != null) {
                try (Tensor s = b.reduce(ReduceOp.SUM, dy, paramReduced, false)) {
                    dbeta = b.reshape(s, beta.shape());
                }
            }
            return new Tensor[] {dx, dgamma, dbeta};
        }
    }

    /** {@code inv * gamma} with gamma {@code [C]} reshaped to {@code param}. */
    private static Tensor scaled(Backend b, Tensor inv, Tensor gamma, Shape param) {
        try (Tensor g = b.reshape(gamma, param)) {
            return b.binary(BinaryOp.MUL, inv, g);
        }
    }

    /** {@code y + beta} with beta {@code [C]} reshaped to {@code param}; closes {@code y}; {@code y} if beta is null. */
    private static Tensor shifted(Backend b, Tensor y, Tensor beta, Shape param) {
        if (beta == null) {
            return y;
        }
        try (y; Tensor bb = b.reshape(beta, param)) {
            return b.binary(BinaryOp.ADD, y, bb);
        }
    }

    /** Every axis of a rank-{@code rank} tensor but {@code axis}, in order. */
    private static int[] allBut(int rank, int axis) {
        int[] r = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != axis) {
                r[k++] = i;
            }
        }
        return r;
    }

    /** {@code [1, ..., C, ..., 1]}: the size of {@code axis} there, 1 elsewhere. */
    private static Shape paramShape(Shape x, int axis) {
        long[] d = new long[x.rank()];
        java.util.Arrays.fill(d, 1);
        d[axis] = x.dim(axis);
        return Shape.of(d);
    }
}
