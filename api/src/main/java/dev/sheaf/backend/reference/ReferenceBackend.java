package dev.sheaf.backend.reference;

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
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The pure-Java backend: every op of the {@link Backend} contract over plain Java arrays. It is the oracle the other
 * backends are tested against, so each op is written for clarity first; matrix products and convolutions still run
 * blocked and multi-threaded so that small models train at a usable speed.
 *
 * <p>Operands must be {@link ReferenceTensor}s (from any reference backend instance); tensors of another backend are
 * brought over with {@link #transfer}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReferenceBackend implements Backend {

    /** The backend's name. */
    public static final String NAME = "reference";

    /** Creates a backend; instances are independent but can use each other's tensors. */
    public ReferenceBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    // ------------------------------------------------------------------ memory

    @Override
    public Tensor fromFloats(float[] data, Shape shape) {
        return wrap(shape, checkLength("fromFloats", data.length, shape, data.clone()));
    }

    @Override
    public Tensor fromDoubles(double[] data, Shape shape) {
        return wrap(shape, checkLength("fromDoubles", data.length, shape, data.clone()));
    }

    @Override
    public Tensor fromInts(int[] data, Shape shape) {
        return wrap(shape, checkLength("fromInts", data.length, shape, data.clone()));
    }

    @Override
    public Tensor fromLongs(long[] data, Shape shape) {
        return wrap(shape, checkLength("fromLongs", data.length, shape, data.clone()));
    }

    @Override
    public Tensor fromBooleans(boolean[] data, Shape shape) {
        return wrap(shape, checkLength("fromBooleans", data.length, shape, data.clone()));
    }

    private static Object checkLength(String op, int length, Shape shape, Object data) {
        if (length != shape.elementCount()) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + shape + " of "
                    + shape.elementCount() + " elements");
        }
        return data;
    }

    @Override
    public Tensor full(Shape shape, DType dtype, double value) {
        return wrap(shape, Storage.filled(dtype, shape.elementCountAsInt(), value));
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        ReferenceTensor t = ref(x, "cast");
        return wrap(t.shape(), Storage.cast(t.data(), dtype));
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        ReferenceTensor t = ref(x, "reshape");
        if (shape.elementCount() != t.shape().elementCount()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + t.describe() + " to " + shape
                    + " (" + shape.elementCount() + " elements)");
        }
        // Arrays are never written after creation, so the new tensor may share this one's.
        return new ReferenceTensor(this, shape, t.dtype(), t.data());
    }

    /** Reference tensors of any instance are adopted without a copy (their arrays are immutable). */
    @Override
    public Tensor transfer(Tensor x) {
        if (x instanceof ReferenceTensor t) {
            return new ReferenceTensor(this, t.shape(), t.dtype(), t.data());
        }
        return Backend.super.transfer(x);
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        return wrap(Elementwise.unary(op, ref(x, "unary " + op)));
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = "binary " + op;
        return wrap(Elementwise.binary(op, ref(a, name), ref(b, name)));
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        return wrap(Elementwise.where(ref(cond, "where"), ref(a, "where"), ref(b, "where")));
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return wrap(Reductions.reduce(op, ref(x, "reduce " + op), axes, keepDims));
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return wrap(Reductions.argExtreme(true, ref(x, "argmax"), axis, keepDims));
    }

    @Override
    public Tensor argmin(Tensor x, int axis, boolean keepDims) {
        return wrap(Reductions.argExtreme(false, ref(x, "argmin"), axis, keepDims));
    }

    // ------------------------------------------------------------------ linear algebra

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return wrap(MatMul.matmul(ref(a, "matmul"), ref(b, "matmul"), transposeA, transposeB));
    }

    // ------------------------------------------------------------------ shape and movement

    @Override
    public Tensor transpose(Tensor x, int[] permutation) {
        return wrap(Movement.transpose(ref(x, "transpose"), permutation));
    }

    @Override
    public Tensor slice(Tensor x, int[] begin, int[] end, int[] strides) {
        return wrap(Movement.slice(ref(x, "slice"), begin, end, strides));
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        List<ReferenceTensor> ts = new ArrayList<>(xs.size());
        for (Tensor x : xs) {
            ts.add(ref(x, "concat"));
        }
        return wrap(Movement.concat(ts, axis));
    }

    @Override
    public Tensor pad(Tensor x, int[][] padding, double value) {
        return wrap(Movement.pad(ref(x, "pad"), padding, value));
    }

    @Override
    public Tensor gather(Tensor x, Tensor indices, int axis) {
        return wrap(Movement.gather(ref(x, "gather"), ref(indices, "gather"), axis));
    }

    @Override
    public Tensor scatterAdd(Shape shape, Tensor indices, Tensor updates, int axis) {
        return wrap(Movement.scatterAdd(shape, ref(indices, "scatterAdd"), ref(updates, "scatterAdd"), axis));
    }

    @Override
    public Tensor broadcastTo(Tensor x, Shape shape) {
        return wrap(Movement.broadcastTo(ref(x, "broadcastTo"), shape));
    }

    // ------------------------------------------------------------------ neural network

    @Override
    public Tensor conv(Tensor x, Tensor kernel, ConvSpec spec) {
        return wrap(Convolution.forward(ref(x, "conv"), ref(kernel, "conv"), spec));
    }

    @Override
    public Tensor convBackwardData(Tensor gradOutput, Tensor kernel, Shape inputShape, ConvSpec spec) {
        String op = "convBackwardData";
        return wrap(Convolution.backwardData(ref(gradOutput, op), ref(kernel, op), inputShape, spec));
    }

    @Override
    public Tensor convBackwardFilter(Tensor x, Tensor gradOutput, Shape kernelShape, ConvSpec spec) {
        String op = "convBackwardFilter";
        return wrap(Convolution.backwardFilter(ref(x, op), ref(gradOutput, op), kernelShape, spec));
    }

    @Override
    public Tensor pool(PoolMode mode, Tensor x, PoolSpec spec) {
        return wrap(Pooling.forward(mode, ref(x, "pool"), spec));
    }

    @Override
    public Tensor poolBackward(PoolMode mode, Tensor x, Tensor gradOutput, PoolSpec spec) {
        return wrap(Pooling.backward(mode, ref(x, "poolBackward"), ref(gradOutput, "poolBackward"), spec));
    }

    // ------------------------------------------------------------------ plumbing

    private ReferenceTensor wrap(HostArray h) {
        return new ReferenceTensor(this, h.shape(), h.dtype(), h.data());
    }

    private ReferenceTensor wrap(Shape shape, Object data) {
        return new ReferenceTensor(this, shape, Storage.dtypeOf(data), data);
    }

    /** The operand as a reference tensor; reading its data later checks that it is still open. */
    private static ReferenceTensor ref(Tensor t, String op) {
        if (t instanceof ReferenceTensor r) {
            return r;
        }
        if (t == null) {
            throw new IllegalArgumentException(op + ": operand is null");
        }
        throw new IllegalArgumentException(op + ": " + t.describe() + " belongs to the '" + t.backend().name()
                + "' backend, not to 'reference'; bring it over with ReferenceBackend.transfer(tensor) first");
    }

    @Override
    public String toString() {
        return "ReferenceBackend";
    }
}
