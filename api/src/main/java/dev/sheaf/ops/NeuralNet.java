package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Softmax, convolution and pooling, with their gradient rules. */
final class NeuralNet {
    private NeuralNet() {
    }

    /** Softmax along {@code axis}; integer inputs give float32. */
    static Tensor softmax(Tensor x, int axis) {
        Check.open("softmax", x);
        Tensor xf = Promote.toFloat(x);
        if (xf.rank() == 0) {
            throw new IllegalArgumentException("softmax: needs rank >= 1, got " + x.describe());
        }
        int a = Check.axis("softmax", axis, xf.rank(), xf.shape());
        Tensor y = xf.backend().softmax(xf, a);
        SoftmaxLogits.remember(y, xf, a);
        return GradientTape.record(y,
                (g, i) -> Ops.multiply(y, Ops.subtract(g, Ops.sum(Ops.multiply(g, y), new int[] {a}, true))), xf);
    }

    /** Log-softmax along {@code axis}; integer inputs give float32. */
    static Tensor logSoftmax(Tensor x, int axis) {
        Check.open("logSoftmax", x);
        Tensor xf = Promote.toFloat(x);
        if (xf.rank() == 0) {
            throw new IllegalArgumentException("logSoftmax: needs rank >= 1, got " + x.describe());
        }
        int a = Check.axis("logSoftmax", axis, xf.rank(), xf.shape());
        Tensor y = xf.backend().logSoftmax(xf, a);
        return GradientTape.record(y,
                (g, i) -> Ops.subtract(g, Ops.multiply(Ops.exp(y), Ops.sum(g, new int[] {a}, true))), xf);
    }

    /** Convolution, channels-last; see {@link ConvSpec}. */
    static Tensor conv(Tensor x, Tensor kernel, ConvSpec spec) {
        Check.backend("conv", x, kernel);
        if (spec == null) {
            throw new IllegalArgumentException("conv: the ConvSpec is null");
        }
        int n = spec.spatialRank();
        if (x.rank() != n + 2 || kernel.rank() != n + 2) {
            throw new IllegalArgumentException("conv: a " + n + "-d convolution needs an input of rank " + (n + 2)
                    + " [batch, spatial..., channels] and a kernel of rank " + (n + 2)
                    + " [spatial..., inChannels/groups, outChannels]; got input " + x.shape() + " and kernel "
                    + kernel.shape());
        }
        long in = x.shape().dim(-1);
        long kin = kernel.shape().dim(-2);
        long out = kernel.shape().dim(-1);
        int groups = spec.groups();
        if (kin * groups != in || out % groups != 0) {
            throw new IllegalArgumentException("conv: input " + x.shape() + " has " + in + " channels but kernel "
                    + kernel.shape() + " expects " + kin + " x " + groups + " group(s) with " + out
                    + " output channels divisible by the groups");
        }
        Tensor[] p = Promote.common("conv", x, kernel, true, true);
        return convRecorded(p[0], p[1], spec);
    }

    private static Tensor convRecorded(Tensor x, Tensor kernel, ConvSpec spec) {
        Tensor y = x.backend().conv(x, kernel, spec);
        Shape xs = x.shape();
        Shape ks = kernel.shape();
        return GradientTape.record(y, (g, i) -> i == 0
                ? backwardData(g, kernel, xs, spec)
                : backwardFilter(x, g, ks, spec), x, kernel);
    }

    // The two backward ops are bilinear and adjoint to conv, so their own gradients are convs again: this is what
    // makes second-order gradients (gradient penalties) through a convolution work.

    private static Tensor backwardData(Tensor g, Tensor kernel, Shape inputShape, ConvSpec spec) {
        Tensor y = g.backend().convBackwardData(g, kernel, inputShape, spec);
        Shape ks = kernel.shape();
        return GradientTape.record(y, (u, i) -> i == 0
                ? convRecorded(u, kernel, spec)
                : backwardFilter(u, g, ks, spec), g, kernel);
    }

    private static Tensor backwardFilter(Tensor x, Tensor g, Shape kernelShape, ConvSpec spec) {
        Tensor y = x.backend().convBackwardFilter(x, g, kernelShape, spec);
        Shape xs = x.shape();
        return GradientTape.record(y, (u, i) -> i == 0
                ? backwardData(g, u, xs, spec)
                : convRecorded(x, u, spec), x, g);
    }

    /** Max or average pooling, channels-last; see {@link PoolSpec}. */
    static Tensor pool(PoolMode mode, Tensor x, PoolSpec spec) {
        String name = mode == PoolMode.MAX ? "maxPool" : "avgPool";
        Check.open(name, x);
        if (spec == null) {
            throw new IllegalArgumentException(name + ": the PoolSpec is null");
        }
        int n = spec.spatialRank();
        if (x.rank() != n + 2) {
            throw new IllegalArgumentException(name + ": " + n + "-d pooling needs an input of rank " + (n + 2)
                    + " [batch, spatial..., channels], got " + x.shape());
        }
        Tensor xf = Promote.toFloat(x);
        Tensor y = xf.backend().pool(mode, xf, spec);
        return GradientTape.record(y, (g, i) -> poolBackward(mode, xf, g, spec), xf);
    }

    private static Tensor poolBackward(PoolMode mode, Tensor x, Tensor g, PoolSpec spec) {
        Tensor dx = x.backend().poolBackward(mode, x, g, spec);
        if (mode == PoolMode.MAX) {
            // The routing to the window maxima is piecewise constant in x; its adjoint in g (a gather at the argmax
            // positions) has no backend primitive, so max-pool gradients are not differentiated again.
            return dx;
        }
        // Average pooling is linear: the adjoint of its backward pass is the pooling itself.
        return GradientTape.record(dx, (u, i) -> i == 1 ? pool(PoolMode.AVG, u, spec) : null, x, g);
    }
}
