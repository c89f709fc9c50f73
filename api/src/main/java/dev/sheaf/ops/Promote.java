package dev.sheaf.ops;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/**
 * Dtype promotion, Keras style: operands of different dtypes meet at {@link DType#promote}; a Java scalar takes the
 * tensor's dtype (a "weak" scalar) unless it has a fraction and the tensor is not float, when both become float32;
 * ops that only make sense on floats (exp, true divide…) turn integer and bool inputs into float32.
 */
final class Promote {
    private Promote() {
    }

    /** {@code x} as {@code dtype}; a recorded cast when it changes, so gradients flow through promotions. */
    static Tensor to(Tensor x, DType dtype) {
        return x.dtype() == dtype ? x : Shapes.cast(x, dtype);
    }

    /** {@code x} itself when float, else {@code x} as float32. */
    static Tensor toFloat(Tensor x) {
        return x.dtype().isFloating() ? x : Shapes.cast(x, DType.FLOAT32);
    }

    /** {@code x} itself when numeric, else (bool) as int32 — for reductions that count. */
    static Tensor toNumeric(Tensor x) {
        return x.dtype().isNumeric() ? x : Shapes.cast(x, DType.INT32);
    }

    /**
     * Both operands converted to their common dtype after checking backend and broadcast compatibility.
     *
     * @param arithmetic refuse two bools (arithmetic needs numbers)
     * @param toFloat    make integer results float32 (true divide)
     */
    static Tensor[] pair(String op, Tensor a, Tensor b, boolean arithmetic, boolean toFloat) {
        Check.backend(op, a, b);
        Shape.broadcast(a.shape(), b.shape(), op);
        return common(op, a, b, arithmetic, toFloat);
    }

    /** Both operands converted to their common dtype, for ops whose shapes follow their own rules (matmul, conv). */
    static Tensor[] common(String op, Tensor a, Tensor b, boolean arithmetic, boolean toFloat) {
        Check.backend(op, a, b);
        DType t = DType.promote(a.dtype(), b.dtype());
        if (arithmetic && t == DType.BOOL) {
            throw new IllegalArgumentException(op + ": both operands are bool (" + a.describe() + ", " + b.describe()
                    + "); arithmetic needs numbers, cast one with Ops.cast(x, DType.INT32)");
        }
        if (toFloat && !t.isFloating()) {
            t = DType.FLOAT32;
        }
        return new Tensor[] {to(a, t), to(b, t)};
    }

    /** The dtype a scalar operand takes next to a tensor of dtype {@code t}. */
    static DType scalarType(DType t, double value) {
        if (t.isFloating()) {
            return t;
        }
        boolean integral = !Double.isInfinite(value) && !Double.isNaN(value) && value == Math.rint(value);
        if (!integral) {
            return DType.FLOAT32;
        }
        return t == DType.BOOL ? DType.INT32 : t;
    }

    /** A rank-0 tensor of {@code value} on {@code backend}. */
    static Tensor scalar(Backend backend, DType dtype, double value) {
        return backend.full(Shape.scalar(), dtype, value);
    }

    /** A scalar operand next to {@code x}: {@code [x', s]} with {@code x'} converted if the scalar forces float. */
    static Tensor[] withScalar(String op, Tensor x, double value) {
        Backend b = Check.backend(op, x);
        DType t = scalarType(x.dtype(), value);
        return new Tensor[] {to(x, t), scalar(b, t, value)};
    }
}
