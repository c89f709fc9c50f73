package dev.sheaf.testkit;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;

/**
 * A backend that forwards every abstract op to another one; tests override one op with a deliberate bug to check that
 * the kit notices. The default methods are inherited, so they compose through the (possibly broken) overrides.
 */
class DelegatingBackend implements Backend {
    final Backend d;

    DelegatingBackend(Backend d) {
        this.d = d;
    }

    @Override
    public String name() {
        return "mutant";
    }

    @Override
    public Tensor fromFloats(float[] data, Shape shape) {
        return d.fromFloats(data, shape);
    }

    @Override
    public Tensor fromDoubles(double[] data, Shape shape) {
        return d.fromDoubles(data, shape);
    }

    @Override
    public Tensor fromInts(int[] data, Shape shape) {
        return d.fromInts(data, shape);
    }

    @Override
    public Tensor fromLongs(long[] data, Shape shape) {
        return d.fromLongs(data, shape);
    }

    @Override
    public Tensor fromBooleans(boolean[] data, Shape shape) {
        return d.fromBooleans(data, shape);
    }

    @Override
    public Tensor full(Shape shape, DType dtype, double value) {
        return d.full(shape, dtype, value);
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        return d.cast(x, dtype);
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        return d.reshape(x, shape);
    }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        return d.unary(op, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return d.binary(op, a, b);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        return d.where(cond, a, b);
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return d.reduce(op, x, axes, keepDims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return d.argmax(x, axis, keepDims);
    }

    @Override
    public Tensor argmin(Tensor x, int axis, boolean keepDims) {
        return d.argmin(x, axis, keepDims);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return d.matmul(a, b, transposeA, transposeB);
    }

    @Override
    public Tensor transpose(Tensor x, int[] permutation) {
        return d.transpose(x, permutation);
    }

    @Override
    public Tensor slice(Tensor x, int[] begin, int[] end, int[] strides) {
        return d.slice(x, begin, end, strides);
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return d.concat(xs, axis);
    }

    @Override
    public Tensor pad(Tensor x, int[][] padding, double value) {
        return d.pad(x, padding, value);
    }

    @Override
    public Tensor gather(Tensor x, Tensor indices, int axis) {
        return d.gather(x, indices, axis);
    }

    @Override
    public Tensor scatterAdd(Shape shape, Tensor indices, Tensor updates, int axis) {
        return d.scatterAdd(shape, indices, updates, axis);
    }

    @Override
    public Tensor broadcastTo(Tensor x, Shape shape) {
        return d.broadcastTo(x, shape);
    }

    @Override
    public Tensor conv(Tensor x, Tensor kernel, ConvSpec spec) {
        return d.conv(x, kernel, spec);
    }

    @Override
    public Tensor convBackwardData(Tensor gradOutput, Tensor kernel, Shape inputShape, ConvSpec spec) {
        return d.convBackwardData(gradOutput, kernel, inputShape, spec);
    }

    @Override
    public Tensor convBackwardFilter(Tensor x, Tensor gradOutput, Shape kernelShape, ConvSpec spec) {
        return d.convBackwardFilter(x, gradOutput, kernelShape, spec);
    }

    @Override
    public Tensor pool(PoolMode mode, Tensor x, PoolSpec spec) {
        return d.pool(mode, x, spec);
    }

    @Override
    public Tensor poolBackward(PoolMode mode, Tensor x, Tensor gradOutput, PoolSpec spec) {
        return d.poolBackward(mode, x, gradOutput, spec);
    }
}
