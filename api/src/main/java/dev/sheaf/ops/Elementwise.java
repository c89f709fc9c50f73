package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientRule;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Element-wise arithmetic, comparisons, selection and their gradient rules. */
final class Elementwise {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Elementwise() {
    }

    // ------------------------------------------------------------------ unary

    /** A float op: integer and bool inputs become float32 first. */
    static Tensor floatUnary(String name, UnaryOp op, Tensor x) {
        Check.open(name, x);
        Tensor xf = Promote.toFloat(x);
        Tensor y = xf.backend().unary(op, xf);
        return GradientTape.record(y, unaryRule(op, xf, y), xf);
    }

    /** A numeric op: keeps the input dtype; bool is refused. */
    static Tensor numericUnary(String name, UnaryOp op, Tensor x) {
        Check.open(name, x);
        Check.numeric(name, x);
        Tensor y = x.backend().unary(op, x);
        GradientRule rule = unaryRule(op, x, y);
        return rule == null ? y : GradientTape.record(y, rule, x);
    }

    /** Gradient rules of the unary ops; {@code null} for the piecewise-constant ones, which are not recorded. */
    private static GradientRule unaryRule(UnaryOp op, Tensor x, Tensor y) {
        return switch (op) {
            case NEG -> (g, i) -> Ops.negative(g);
            case ABS -> (g, i) -> Ops.multiply(g, Ops.sign(x));
            case EXP -> (g, i) -> Ops.multiply(g, y);
            case LOG -> (g, i) -> Ops.divide(g, x);
            case LOG1P -> (g, i) -> Ops.divide(g, Ops.add(x, 1.0));
            case EXPM1 -> (g, i) -> Ops.multiply(g, Ops.add(y, 1.0));
            case SQRT -> (g, i) -> Ops.divide(g, Ops.multiply(y, 2.0));
            case RSQRT -> (g, i) -> Ops.multiply(g, Ops.multiply(Ops.power(y, 3.0), -0.5));
            case SQUARE -> (g, i) -> Ops.multiply(g, Ops.multiply(x, 2.0));
            case RECIPROCAL -> (g, i) -> Ops.negative(Ops.multiply(g, Ops.square(y)));
            case TANH -> (g, i) -> Ops.multiply(g, Ops.subtract(1.0, Ops.square(y)));
            case SIGMOID -> (g, i) -> Ops.multiply(g, Ops.multiply(y, Ops.subtract(1.0, y)));
            case RELU -> (g, i) -> FusedOps.reluBackward(g, x);
            case ERF -> (g, i) -> Ops.multiply(g,
                    Ops.multiply(Ops.exp(Ops.negative(Ops.square(x))), TWO_OVER_SQRT_PI));
            case SIN -> (g, i) -> Ops.multiply(g, Ops.cos(x));
            case COS -> (g, i) -> Ops.negative(Ops.multiply(g, Ops.sin(x)));
            case SIGN, FLOOR, CEIL, ROUND, ISNAN, ISINF, NOT -> null;
        };
    }

    /** isnan / isinf: any dtype to bool (bool input is never NaN or infinite). */
    static Tensor predicate(String name, UnaryOp op, Tensor x) {
        Check.open(name, x);
        Tensor xn = Promote.toNumeric(x);
        return xn.backend().unary(op, xn);
    }

    // ------------------------------------------------------------------ binary

    /** Arithmetic with promotion; {@code DIV} is true division (integers become float32). */
    static Tensor arithmetic(String name, BinaryOp op, Tensor a, Tensor b) {
        Tensor[] p = Promote.pair(name, a, b, true, op == BinaryOp.DIV);
        return apply(op, p[0], p[1]);
    }

    /** Arithmetic with a weak scalar right operand. */
    static Tensor arithmetic(String name, BinaryOp op, Tensor a, double b) {
        Tensor[] p = Promote.withScalar(name, a, b);
        Check.numeric(name, p[0]);
        if (op == BinaryOp.DIV) {
            p[0] = Promote.toFloat(p[0]);
            p[1] = Promote.toFloat(p[1]);
        }
        return apply(op, p[0], p[1]);
    }

    /** Arithmetic with a weak scalar left operand. */
    static Tensor arithmetic(String name, BinaryOp op, double a, Tensor b) {
        Tensor[] p = Promote.withScalar(name, b, a);
        Check.numeric(name, p[0]);
        if (op == BinaryOp.DIV) {
            p[0] = Promote.toFloat(p[0]);
            p[1] = Promote.toFloat(p[1]);
        }
        return apply(op, p[1], p[0]);
    }

    private static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        Tensor y = a.backend().binary(op, a, b);
        return GradientTape.record(y, binaryRule(op, a, b, y), a, b);
    }

    /** Gradients of the arithmetic ops, in the broadcast shape: the tape sums them back to each operand. */
    private static GradientRule binaryRule(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        return switch (op) {
            case ADD -> (g, i) -> g;
            case SUB -> (g, i) -> i == 0 ? g : Ops.negative(g);
            case MUL -> (g, i) -> Ops.multiply(g, i == 0 ? b : a);
            case DIV -> (g, i) -> i == 0 ? Ops.divide(g, b) : Ops.negative(Ops.multiply(g, Ops.divide(y, b)));
            case POW -> (g, i) -> i == 0 ? powBase(g, a, b) : powExponent(g, a, y);
            // Ties go to the first operand, as TensorFlow's maximum/minimum gradients.
            case MAX -> (g, i) -> Ops.where(i == 0 ? Ops.greaterEqual(a, b) : Ops.less(a, b), g, 0.0);
            case MIN -> (g, i) -> Ops.where(i == 0 ? Ops.lessEqual(a, b) : Ops.greater(a, b), g, 0.0);
            default -> (g, i) -> null;
        };
    }

    private static Tensor powBase(Tensor g, Tensor a, Tensor b) {
        return Ops.multiply(g, Ops.multiply(b, Ops.power(a, Ops.subtract(b, 1.0))));
    }

    private static Tensor powExponent(Tensor g, Tensor a, Tensor y) {
        // d(a^b)/db = a^b log a, taken as 0 where a <= 0 (where log is undefined), as TensorFlow does.
        Tensor positive = Ops.greater(a, 0.0);
        Tensor logA = Ops.where(positive, Ops.log(Ops.where(positive, a, 1.0)), 0.0);
        return Ops.multiply(g, Ops.multiply(y, logA));
    }

    /** A comparison (bool result, never recorded). */
    static Tensor compare(String name, BinaryOp op, Tensor a, Tensor b) {
        Tensor[] p = Promote.pair(name, a, b, false, false);
        return p[0].backend().binary(op, p[0], p[1]);
    }

    /** A comparison with a weak scalar right operand. */
    static Tensor compare(String name, BinaryOp op, Tensor a, double b) {
        Tensor[] p = Promote.withScalar(name, a, b);
        return p[0].backend().binary(op, p[0], p[1]);
    }

    /** Logical and/or: operands are read as bool ({@code x != 0}). */
    static Tensor logical(String name, BinaryOp op, Tensor a, Tensor b) {
        Check.backend(name, a, b);
        Shape.broadcast(a.shape(), b.shape(), name);
        Tensor ab = asBool(a);
        Tensor bb = asBool(b);
        return ab.backend().binary(op, ab, bb);
    }

    /** Logical not of {@code x != 0}. */
    static Tensor logicalNot(Tensor x) {
        Check.open("logicalNot", x);
        Tensor xb = asBool(x);
        return xb.backend().unary(UnaryOp.NOT, xb);
    }

    private static Tensor asBool(Tensor x) {
        return x.dtype() == DType.BOOL ? x : x.backend().cast(x, DType.BOOL);
    }

    // ------------------------------------------------------------------ selection

    /** {@code cond ? a : b}; a non-bool condition is read as {@code cond != 0}. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Backend backend = Check.backend("where", cond, a);
        Check.backend("where", a, b);
        Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
        Tensor c = asBool(cond);
        Tensor[] p = Promote.pair("where", a, b, false, false);
        Tensor y = backend.where(c, p[0], p[1]);
        return GradientTape.record(y, (g, i) -> switch (i) {
            case 1 -> Ops.where(c, g, 0.0);
            case 2 -> Ops.where(c, 0.0, g);
            default -> null;
        }, c, p[0], p[1]);
    }

    /** {@code where} with a scalar for the false branch. */
    static Tensor where(Tensor cond, Tensor a, double b) {
        Check.open("where", a);
        return where(cond, a, scalarFor("where", a, b));
    }

    /** {@code where} with a scalar for the true branch. */
    static Tensor where(Tensor cond, double a, Tensor b) {
        Check.open("where", b);
        return where(cond, scalarFor("where", b, a), b);
    }

    private static Tensor scalarFor(String name, Tensor x, double value) {
        return Promote.scalar(Check.backend(name, x), Promote.scalarType(x.dtype(), value), value);
    }

    /** Limits to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
    static Tensor clip(Tensor x, double min, double max) {
        Check.open("clip", x);
        Check.numeric("clip", x);
        if (!(min <= max)) {
            throw new IllegalArgumentException("clip: min " + min + " must not exceed max " + max);
        }
        Tensor xc = x;
        if (!x.dtype().isFloating()
                && (Promote.scalarType(x.dtype(), min).isFloating()
                        || Promote.scalarType(x.dtype(), max).isFloating())) {
            xc = Promote.toFloat(x);
        }
        Tensor src = xc;
        Tensor y = src.backend().clip(src, min, max);
        return GradientTape.record(y,
                (g, i) -> Ops.where(Ops.logicalAnd(Ops.greaterEqual(src, min), Ops.lessEqual(src, max)), g, 0.0), src);
    }
}
