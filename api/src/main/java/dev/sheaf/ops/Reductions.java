package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;

/** Reductions over axes and their gradient rules. Axes {@code null} or empty mean every axis (numpy's None). */
final class Reductions {
    private Reductions() {
    }

    /** Sum; bool counts as int32. */
    static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        Check.open("sum", x);
        Tensor xn = Promote.toNumeric(x);
        int[] ax = Check.axes("sum", x.shape(), axes);
        Tensor y = xn.backend().reduce(ReduceOp.SUM, xn, ax, keepDims);
        return GradientTape.record(y, (g, i) -> Ops.broadcastTo(kept(g, xn.shape(), ax, keepDims), xn.shape()), xn);
    }

    /** Mean; integer and bool inputs give float32 (Keras). */
    static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        Check.open("mean", x);
        Tensor xf = Promote.toFloat(x);
        int[] ax = Check.axes("mean", x.shape(), axes);
        Tensor y = xf.backend().mean(xf, ax, keepDims);
        double scale = 1.0 / count(xf.shape(), ax);
        return GradientTape.record(y, (g, i) ->
                Ops.broadcastTo(Ops.multiply(kept(g, xf.shape(), ax, keepDims), scale), xf.shape()), xf);
    }

    /** Product; the gradient is exact also where elements are zero. */
    static Tensor prod(Tensor x, int[] axes, boolean keepDims) {
        Check.open("prod", x);
        Tensor xn = Promote.toNumeric(x);
        int[] ax = Check.axes("prod", x.shape(), axes);
        Tensor y = xn.backend().reduce(ReduceOp.PROD, xn, ax, keepDims);
        return GradientTape.record(y, (g, i) -> prodGradient(g, xn, ax, keepDims), xn);
    }

    private static Tensor prodGradient(Tensor g, Tensor x, int[] ax, boolean keepDims) {
        // d prod / d x_i = product of the others. Dividing prod by x_i fails at zeros, so: with no zero in the group it
        // is prod / x_i; with exactly one zero, the product of the non-zeros at that zero and 0 elsewhere; else 0.
        Tensor isZero = Ops.equal(x, 0.0);
        Tensor safe = Ops.where(isZero, 1.0, x);
        Tensor prodNonZero = Ops.prod(safe, ax, true);
        Tensor zeros = Ops.sum(Ops.cast(isZero, x.dtype()), ax, true);
        Tensor atNonZero = Ops.where(Ops.equal(zeros, 0.0), Ops.divide(prodNonZero, safe), 0.0);
        Tensor atZero = Ops.where(Ops.equal(zeros, 1.0), prodNonZero, 0.0);
        Tensor others = Ops.where(isZero, atZero, atNonZero);
        return Ops.multiply(kept(g, x.shape(), ax, keepDims), others);
    }

    /**
     * Maximum ({@code max = true}) or minimum. The gradient is split evenly among the elements that equal the result
     * (as TensorFlow's reduce_max).
     */
    static Tensor extremum(boolean max, Tensor x, int[] axes, boolean keepDims) {
        String name = max ? "max" : "min";
        Check.open(name, x);
        Tensor xn = Promote.toNumeric(x);
        int[] ax = Check.axes(name, x.shape(), axes);
        for (int a : ax) {
            if (x.shape().dim(a) == 0) {
                throw new IllegalArgumentException(name + ": cannot reduce over axis " + a + " of shape " + x.shape()
                        + " because it is empty and " + name + " has no identity");
            }
        }
        Tensor y = xn.backend().reduce(max ? ReduceOp.MAX : ReduceOp.MIN, xn, ax, keepDims);
        return GradientTape.record(y, (g, i) -> {
            Tensor hit = Ops.cast(Ops.equal(xn, kept(y, xn.shape(), ax, keepDims)), xn.dtype());
            Tensor share = Ops.divide(kept(g, xn.shape(), ax, keepDims), Ops.sum(hit, ax, true));
            return Ops.multiply(hit, share);
        }, xn);
    }

    /** {@code log(sum(exp(x)))}, stable; integer inputs give float32. */
    static Tensor logSumExp(Tensor x, int[] axes, boolean keepDims) {
        Check.open("logsumexp", x);
        Tensor xf = Promote.toFloat(x);
        int[] ax = Check.axes("logsumexp", x.shape(), axes);
        Tensor y = xf.backend().logSumExp(xf, ax, keepDims);
        return GradientTape.record(y, (g, i) -> Ops.multiply(kept(g, xf.shape(), ax, keepDims),
                Ops.exp(Ops.subtract(xf, kept(y, xf.shape(), ax, keepDims)))), xf);
    }

    /** Population variance (ddof 0), composed of differentiable ops. */
    static Tensor variance(Tensor x, int[] axes, boolean keepDims) {
        Check.open("var", x);
        Tensor xf = Promote.toFloat(x);
        Tensor centered = Ops.subtract(xf, mean(xf, axes, true));
        return mean(Ops.square(centered), axes, keepDims);
    }

    /** Index of the maximum ({@code max = true}) or minimum along one axis, int64; {@code axis = null}: flattened. */
    static Tensor argExtremum(boolean max, Tensor x, Integer axis, boolean keepDims) {
        String name = max ? "argmax" : "argmin";
        Check.open(name, x);
        Tensor xn = Promote.toNumeric(x);
        if (axis == null) {
            if (x.size() == 0) {
                throw new IllegalArgumentException(name + ": the tensor of shape " + x.shape() + " is empty");
            }
            Tensor flat = xn.backend().reshape(xn, Shape.of(x.size()));
            Tensor r = max ? flat.backend().argmax(flat, 0, false) : flat.backend().argmin(flat, 0, false);
            if (!keepDims) {
                return r;
            }
            long[] ones = new long[x.rank()];
            Arrays.fill(ones, 1);
            return r.backend().reshape(r, Shape.of(ones));
        }
        int a = Check.axis(name, axis, x.rank(), x.shape());
        if (x.shape().dim(a) == 0) {
            throw new IllegalArgumentException(name + ": axis " + a + " of shape " + x.shape() + " is empty");
        }
        return max ? xn.backend().argmax(xn, a, keepDims) : xn.backend().argmin(xn, a, keepDims);
    }

    /** {@code t} (a reduction result) with the reduced axes restored as size 1, so it broadcasts against the input. */
    static Tensor kept(Tensor t, Shape inputShape, int[] ax, boolean keepDims) {
        if (keepDims) {
            return t;
        }
        long[] d = inputShape.dims();
        for (int a : ax) {
            d[a] = 1;
        }
        return Ops.reshape(t, Shape.of(d));
    }

    private static double count(Shape s, int[] ax) {
        double n = 1;
        for (int a : ax) {
            n *= s.dim(a);
        }
        return n;
    }
}
