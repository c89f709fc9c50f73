package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientRule;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batch and layer normalization through the backend's fused {@link Backend#batchNormTraining},
 * {@link Backend#batchNormInference} and {@link Backend#layerNorm}, with their gradient rules.
 *
 * <p>The training-mode rules run the backend's fused backward pass ({@link Backend#batchNormBackward},
 * {@link Backend#layerNormBackward}) when no tape would record the backward ops (the usual first-order training step:
 * one call for dx, dgamma and dbeta). When an enclosing tape records (higher-order gradients), they build the same
 * gradient from recorded {@link Ops} instead, recomputing the statistics from {@code x} so that their dependence on
 * {@code x} is differentiated too.
 */
final class Normalization {
    private Normalization() {
    }

    // ------------------------------------------------------------------ entry points

    static NormalizationResult batchNormalization(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        String op = "batchNormalization";
        int a = channelAxis(op, x, gamma, beta, axis);
        epsilon(op, epsilon);
        Tensor[] p = promote(x, gamma, beta);
        Tensor xf = p[0];
        Tensor g = p[1];
        Tensor b = p[2];
        Tensor[] r = xf.backend().batchNormTraining(xf, g, b, a, epsilon);
        Geometry geo = Geometry.batch(xf.shape(), a);
        Tensor mean = r[1];
        Tensor variance = r[2];
        Tensor y = record(r[0], new TrainingRule(geo, xf, g, b, mean, variance, epsilon), xf, g, b);
        double n = geo.count(xf.shape());
        GradientTape.record(mean, (u, i) -> Ops.broadcastTo(Ops.multiply(Ops.reshape(u, geo.kept), 1.0 / n),
                xf.shape()), xf);
        GradientTape.record(variance, (u, i) -> {
            // d var / d x = 2 (x - mean) / n; the mean's own dependence on x cancels (deviations sum to zero).
            Tensor m = GradientTape.isRecording() ? Ops.mean(xf, geo.reduced, true) : Ops.reshape(mean, geo.kept);
            return Ops.multiply(Ops.subtract(xf, m), Ops.multiply(Ops.reshape(u, geo.kept), 2.0 / n));
        }, xf);
        return new NormalizationResult(y, mean, variance);
    }

    static Tensor batchNormalizationInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance,
                                              int axis, double epsilon) {
        String op = "batchNormalizationInference";
        int a = channelAxis(op, x, gamma, beta, axis);
        long c = x.shape().dim(a);
        String where = "x.shape[" + a + "] of x " + x.shape();
        if (mean == null || variance == null) {
            throw new IllegalArgumentException(op + ": the " + (mean == null ? "mean" : "variance") + " is null; "
                    + "inference needs the statistics (e.g. the moving mean and variance), of shape " + Shape.of(c)
                    + " each");
        }
        param(op, "mean", mean, x, c, where);
        param(op, "variance", variance, x, c, where);
        epsilon(op, epsilon);
        Tensor[] p = promote(x, gamma, beta, mean, variance);
        Tensor y = p[0].backend().batchNormInference(p[0], p[1], p[2], p[3], p[4], a, epsilon);
        return record(y, new InferenceRule(Geometry.batch(p[0].shape(), a), p[0], p[1], p[3], p[4], epsilon), p);
    }

    static Tensor layerNormalization(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        String op = "layerNormalization";
        Check.open(op, x);
        if (x.rank() < 1) {
            throw new IllegalArgumentException(op + ": needs x of rank >= 1 (normalized over its last axis), got "
                    + x.describe());
        }
        long d = x.shape().dim(-1);
        String where = "the last dimension of x " + x.shape();
        param(op, "gamma", gamma, x, d, where);
        param(op, "beta", beta, x, d, where);
        epsilon(op, epsilon);
        Tensor[] p = promote(x, gamma, beta);
        Tensor xf = p[0];
        Tensor[] r = xf.backend().layerNorm(xf, p[1], p[2], epsilon);
        if (!GradientTape.isRecording()) {
            // Nothing will ask for the gradient: the statistics are not needed.
            r[1].close();
            r[2].close();
            return r[0];
        }
        Geometry geo = Geometry.layer(xf.shape());
        return record(r[0], new TrainingRule(geo, xf, p[1], p[2], r[1], r[2], epsilon), xf, p[1], p[2]);
    }

    // ------------------------------------------------------------------ validation

    /** Checks x (open, rank >= 2) and the optional gamma and beta of batch normalization; the channel axis. */
    private static int channelAxis(String op, Tensor x, Tensor gamma, Tensor beta, int axis) {
        Check.open(op, x);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": needs x of rank >= 2 (a batch axis and a channel axis), got "
                    + x.describe());
        }
        int a = Check.axis(op, axis, x.rank(), x.shape());
        long c = x.shape().dim(a);
        String where = "x.shape[" + a + "] of x " + x.shape();
        param(op, "gamma", gamma, x, c, where);
        param(op, "beta", beta, x, c, where);
        return a;
    }

    /** Checks an optional per-channel parameter: open, on x's backend, numeric, of shape {@code [size]}. */
    private static void param(String op, String name, Tensor t, Tensor x, long size, String where) {
        if (t == null) {
            return;
        }
        Check.backend(op, x, t);
        if (t.rank() != 1 || t.shape().dim(0) != size) {
            throw new IllegalArgumentException(op + ": " + name + " must have shape " + Shape.of(size)
                    + " (the size of " + where + "), got " + t.shape());
        }
    }

    private static void epsilon(String op, double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(op + ": epsilon must be a finite number >= 0 (Keras uses 1e-3), got "
                    + epsilon);
        }
    }

    /**
     * The operands (nulls kept) converted to their common dtype, float32 when that is not a float type; the casts are
     * recorded, so gradients reach the original tensors.
     */
    private static Tensor[] promote(Tensor... ts) {
        DType t = ts[0].dtype();
        for (Tensor u : ts) {
            if (u != null) {
                t = DType.promote(t, u.dtype());
            }
        }
        if (!t.isFloating()) {
            t = DType.FLOAT32;
        }
        Tensor[] r = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            r[i] = ts[i] == null ? null : Promote.to(ts[i], t);
        }
        return r;
    }

    // ------------------------------------------------------------------ recording

    /**
     * Records {@code y} with {@code rule} on the non-null {@code operands}; the rule is called with the operand's
     * position among all of them (nulls included), as {@link Roles} translates.
     */
    private static Tensor record(Tensor y, Roles rule, Tensor... operands) {
        List<Tensor> inputs = new ArrayList<>(operands.length);
        int[] roles = new int[operands.length];
        for (int i = 0; i < operands.length; i++) {
            if (operands[i] != null) {
                roles[inputs.size()] = i;
                inputs.add(operands[i]);
            }
        }
        int[] map = Arrays.copyOf(roles, inputs.size());
        return GradientTape.record(y, (u, i) -> rule.gradient(u, map[i]), inputs.toArray(new Tensor[0]));
    }

    /** A gradient rule indexed by operand role (x, gamma, beta, …) rather than by recorded input position. */
    private interface Roles extends GradientRule {
    }

    /** The axes of one normalization. */
    private static final class Geometry {
        /** Whether this is batch normalization (statistics per channel) rather than layer normalization (per row). */
        final boolean batch;
        /** The axes the statistics are taken over. */
        final int[] reduced;
        /** The axes gamma and beta are broadcast over (their gradients are summed over these). */
        final int[] paramReduced;
        /** The statistics' shape with the reduced axes kept as 1. */
        final Shape kept;
        /** Gamma's and beta's shape broadcast against x: 1 everywhere but the feature axis. */
        final Shape param;
        /** The channel axis (batch) or the last axis (layer). */
        final int axis;

        private Geometry(boolean batch, int[] reduced, int[] paramReduced, Shape kept, Shape param, int axis) {
            this.batch = batch;
            this.reduced = reduced;
            this.paramReduced = paramReduced;
            this.kept = kept;
            this.param = param;
            this.axis = axis;
        }

        static Geometry batch(Shape x, int axis) {
            int[] r = allBut(x.rank(), axis);
            Shape p = paramShape(x, axis);
            return new Geometry(true, r, r, p, p, axis);
        }

        static Geometry layer(Shape x) {
            int last = x.rank() - 1;
            return new Geometry(false, new int[] {last}, allBut(x.rank(), last), x.with(last, 1), paramShape(x, last),
                    last);
        }

        /** How many elements each statistic is taken over. */
        double count(Shape x) {
            double n = 1;
            for (int a : reduced) {
                n *= x.dim(a);
            }
            return n;
        }

        private static int[] allBut(int rank, int axis) {
            int[] r = new int[rank - 1];
            for (int i = 0, k = 0; i < rank; i++) {
                if (i != axis) {
                    r[k++] = i;
                }
            }
            return r;
        }

        private static Shape paramShape(Shape x, int axis) {
            long[] d = new long[x.rank()];
            Arrays.fill(d, 1);
            d[axis] = x.dim(axis);
            return Shape.of(d);
        }
    }

    // ------------------------------------------------------------------ gradient rules

    /**
     * The gradient of training-mode batch normalization and of layer normalization, roles 0 x, 1 gamma, 2 beta. The
     * fused backward pass runs once per upstream tensor and serves all three inputs.
     */
    private static final class TrainingRule implements Roles {
        private final Geometry geo;
        private final Tensor x;
        private final Tensor gamma;
        private final Tensor beta;
        private final Tensor mean;
        private final Tensor variance;
        private final double epsilon;
        private Tensor lastUpstream;
        private Tensor[] fused;

        TrainingRule(Geometry geo, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance,
                     double epsilon) {
            this.geo = geo;
            this.x = x;
            this.gamma = gamma;
            this.beta = beta;
            this.mean = mean;
            this.variance = variance;
            this.epsilon = epsilon;
        }

        @Override
        public Tensor gradient(Tensor upstream, int role) {
            if (GradientTape.isRecording()) {
                return composed(upstream, role);
            }
            if (upstream != lastUpstream || fused == null || fused[role] == null || fused[role].isClosed()) {
                Tensor u = upstream;
                if (!u.shape().equals(x.shape())) {
                    u = Ops.broadcastTo(u, x.shape());
                }
                if (u.dtype() != x.dtype()) {
                    u = Ops.cast(u, x.dtype());
                }
                Backend b = x.backend();
                fused = geo.batch
                        ? b.batchNormBackward(u, x, gamma, beta, mean, variance, geo.axis, epsilon)
                        : b.layerNormBackward(u, x, gamma, beta, mean, variance, epsilon);
                lastUpstream = upstream;
            }
            return fused[role];
        }

        /** The same gradient from recorded ops, the statistics recomputed from x: differentiable again. */
        private Tensor composed(Tensor g, int role) {
            Tensor m = Ops.mean(x, geo.reduced, true);
            Tensor centered = Ops.subtract(x, m);
            Tensor v = Ops.mean(Ops.square(centered), geo.reduced, true);
            Tensor inv = Ops.rsqrt(Ops.add(v, epsilon));
            Tensor xhat = Ops.multiply(centered, inv);
            return switch (role) {
                case 0 -> {
                    Tensor dxhat = gamma == null ? g : Ops.multiply(g, Ops.reshape(gamma, geo.param));
                    Tensor meanD = Ops.mean(dxhat, geo.reduced, true);
                    Tensor meanDXhat = Ops.mean(Ops.multiply(dxhat, xhat), geo.reduced, true);
                    yield Ops.multiply(inv, Ops.subtract(Ops.subtract(dxhat, meanD), Ops.multiply(xhat, meanDXhat)));
                }
                case 1 -> Ops.reshape(Ops.sum(Ops.multiply(g, xhat), geo.paramReduced, false), gamma.shape());
                case 2 -> Ops.reshape(Ops.sum(g, geo.paramReduced, false), beta.shape());
                default -> null;
            };
        }
    }

    /**
     * The gradient of inference-mode batch normalization {@code y = (x - mean) * gamma / sqrt(variance + epsilon) +
     * beta}, the statistics being inputs, roles 0 x, 1 gamma, 2 beta, 3 mean, 4 variance. Element-wise and cheap, so
     * always built from recorded ops.
     */
    private static final class InferenceRule implements Roles {
        private final Geometry geo;
        private final Tensor x;
        private final Tensor gamma;
        private final Tensor mean;
        private final Tensor variance;
        private final double epsilon;

        InferenceRule(Geometry geo, Tensor x, Tensor gamma, Tensor mean, Tensor variance, double epsilon) {
            this.geo = geo;
            this.x = x;
            this.gamma = gamma;
            this.mean = mean;
            this.variance = variance;
            this.epsilon = epsilon;
        }

        @Override
        public Tensor gradient(Tensor g, int role) {
            Tensor inv = Ops.rsqrt(Ops.add(Ops.reshape(variance, geo.param), epsilon));
            Tensor gk = gamma == null ? null : Ops.reshape(gamma, geo.param);
            Tensor scale = gk == null ? inv : Ops.multiply(inv, gk);
            Shape c = mean.shape();
            return switch (role) {
                case 0 -> Ops.multiply(g, scale);
                case 1 -> Ops.reshape(Ops.sum(Ops.multiply(g, Ops.multiply(centered(), inv)), geo.reduced, false), c);
                case 2 -> Ops.reshape(Ops.sum(g, geo.reduced, false), c);
                case 3 -> Ops.reshape(Ops.negative(Ops.multiply(Ops.sum(g, geo.reduced, true), scale)), c);
                case 4 -> {
                    // d y / d variance = -(x - mean) * gamma / 2 * (variance + epsilon)^(-3/2)
                    Tensor s = Ops.sum(Ops.multiply(g, centered()), geo.reduced, true);
                    Tensor inv3 = Ops.multiply(Ops.multiply(inv, inv), scale);
                    yield Ops.reshape(Ops.multiply(Ops.multiply(s, inv3), -0.5), c);
                }
                default -> null;
            };
        }

        private Tensor centered() {
            return Ops.subtract(x, Ops.reshape(mean, geo.param));
        }
    }
}
