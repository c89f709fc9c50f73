package dev.sheaf.backend.reference;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ScalarMath;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Element-wise kernels: unary ops, broadcasting binary ops and {@code where}.
 *
 * <p>Floats are computed in double and rounded once, which for float32 gives the correctly rounded result of the
 * basic arithmetic and an accurate one for the transcendental functions; integers are computed in long and narrowed,
 * which wraps int32 exactly as int arithmetic would.
 */
final class Elementwise {

    private Elementwise() {
    }

    // ------------------------------------------------------------------ unary

    static HostArray unary(UnaryOp op, ReferenceTensor x) {
        Object data = x.data();
        DType dt = x.dtype();
        int n = Storage.length(data);
        switch (op) {
            case ISNAN, ISINF -> {
                boolean[] r = new boolean[n];
                if (dt.isFloating()) {
                    double[] d = Storage.toDoubles(data);
                    for (int i = 0; i < n; i++) {
                        r[i] = op == UnaryOp.ISNAN ? Double.isNaN(d[i]) : Double.isInfinite(d[i]);
                    }
                } else {
                    requireNumeric(op.name(), dt);
                }
                return HostArray.of(x.shape(), r);
            }
            case NOT -> {
                if (dt != DType.BOOL) {
                    throw new IllegalArgumentException("unary NOT takes bool, got " + dt);
                }
                boolean[] b = (boolean[]) data;
                boolean[] r = new boolean[n];
                for (int i = 0; i < n; i++) {
                    r[i] = !b[i];
                }
                return HostArray.of(x.shape(), r);
            }
            default -> {
                requireNumeric(op.name(), dt);
                if (dt.isFloating()) {
                    double[] d = Storage.toDoubles(data);
                    double[] r = new double[n];
                    DoubleUnaryOperator f = floatUnary(op);
                    for (int i = 0; i < n; i++) {
                        r[i] = f.applyAsDouble(d[i]);
                    }
                    return HostArray.of(x.shape(), Storage.fromDoubles(r, dt));
                }
                long[] l = Storage.toLongs(data);
                long[] r = new long[n];
                LongUnaryOperator f = integerUnary(op, dt);
                for (int i = 0; i < n; i++) {
                    r[i] = f.applyAsLong(l[i]);
                }
                return HostArray.of(x.shape(), Storage.fromLongs(r, dt));
            }
        }
    }

    private static void requireNumeric(String op, DType dt) {
        if (!dt.isNumeric()) {
            throw new IllegalArgumentException("unary " + op + " takes a numeric tensor, got " + dt);
        }
    }

    private static DoubleUnaryOperator floatUnary(UnaryOp op) {
        return switch (op) {
            case NEG -> v -> -v;
            case ABS -> Math::abs;
            case SIGN -> Math::signum;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case LOG1P -> Math::log1p;
            case EXPM1 -> Math::expm1;
            case SQRT -> Math::sqrt;
            case RSQRT -> v -> 1.0 / Math.sqrt(v);
            case SQUARE -> v -> v * v;
            case RECIPROCAL -> v -> 1.0 / v;
            case TANH -> Math::tanh;
            case SIGMOID -> ScalarMath::sigmoid;
            case RELU -> v -> v > 0 || Double.isNaN(v) ? v : 0.0;
            case ERF -> ScalarMath::erf;
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            // Math.rint rounds half to even, as numpy.round.
            case ROUND -> Math::rint;
            default -> throw new IllegalStateException("not a float-valued unary op: " + op);
        };
    }

    private static LongUnaryOperator integerUnary(UnaryOp op, DType dt) {
        return switch (op) {
            case NEG -> v -> -v;
            case ABS -> dt == DType.INT32 ? v -> Math.abs((int) v) : Math::abs;
            case SIGN -> Long::signum;
            case SQUARE -> v -> v * v;
            case RELU -> v -> Math.max(v, 0);
            case FLOOR, CEIL, ROUND -> v -> v;
            default -> throw new IllegalArgumentException("unary " + op + " takes a float tensor, got " + dt);
        };
    }

    // ------------------------------------------------------------------ binary

    static HostArray binary(BinaryOp op, ReferenceTensor a, ReferenceTensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("binary " + op + ": operands must have equal dtypes, got " + a.dtype()
                    + " and " + b.dtype());
        }
        DType dt = a.dtype();
        Shape out = Shape.broadcast(a.shape(), b.shape(), "binary " + op);
        Object ad = a.data();
        Object bd = b.data();
        int n = out.elementCountAsInt();
        // Same-shape operands need no index map; broadcast ones read through one.
        int[] ia = a.shape().equals(out) ? null : Indexing.broadcast(out, a.shape());
        int[] ib = b.shape().equals(out) ? null : Indexing.broadcast(out, b.shape());
        if (dt == DType.FLOAT32 && isFastFloat(op)) {
            return HostArray.of(out, fastFloat(op, (float[]) ad, ia, (float[]) bd, ib, n));
        }
        if (op.isComparison()) {
            return HostArray.of(out, compare(op, dt, ad, ia, bd, ib, n));
        }
        if (dt == DType.BOOL) {
            throw new IllegalArgumentException("binary " + op + " takes numeric operands, got bool; cast first");
        }
        if (dt.isFloating()) {
            double[] x = Storage.toDoubles(ad);
            double[] y = Storage.toDoubles(bd);
            DoubleBinaryOperator f = floatBinary(op);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = f.applyAsDouble(x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
            }
            return HostArray.of(out, Storage.fromDoubles(r, dt));
        }
        long[] x = Storage.toLongs(ad);
        long[] y = Storage.toLongs(bd);
        LongBinaryOperator f = integerBinary(op, dt);
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsLong(x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
        }
        return HostArray.of(out, Storage.fromLongs(r, dt));
    }

    private static boolean isFastFloat(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAX, MIN -> true;
            default -> false;
        };
    }

    /** The float32 arithmetic of training, with one loop per op so the JIT can vectorise the same-shape case. */
    private static float[] fastFloat(BinaryOp op, float[] a, int[] ia, float[] b, int[] ib, int n) {
        float[] r = new float[n];
        if (ia == null && ib == null) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] + b[i];
                    }
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] - b[i];
                    }
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] * b[i];
                    }
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) {
                        r[i] = a[i] / b[i];
                    }
                }
                case MAX -> {
                    for (int i = 0; i < n; i++) {
                        r[i] = Math.max(a[i], b[i]);
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        r[i] = Math.min(a[i], b[i]);
                    }
                }
            }
            return r;
        }
        int[] ja = ia != null ? ia : identity(n);
        int[] jb = ib != null ? ib : identity(n);
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    r[i] = a[ja[i]] + b[jb[i]];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    r[i] = a[ja[i]] - b[jb[i]];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    r[i] = a[ja[i]] * b[jb[i]];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    r[i] = a[ja[i]] / b[jb[i]];
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Math.max(a[ja[i]], b[jb[i]]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    r[i] = Math.min(a[ja[i]], b[jb[i]]);
                }
            }
        }
        return r;
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static boolean[] compare(BinaryOp op, DType dt, Object ad, int[] ia, Object bd, int[] ib, int n) {
        boolean[] r = new boolean[n];
        if (op == BinaryOp.AND || op == BinaryOp.OR) {
            boolean[] x = (boolean[]) Storage.cast(ad, DType.BOOL);
            boolean[] y = (boolean[]) Storage.cast(bd, DType.BOOL);
            boolean and = op == BinaryOp.AND;
            for (int i = 0; i < n; i++) {
                boolean p = x[ia == null ? i : ia[i]];
                boolean q = y[ib == null ? i : ib[i]];
                r[i] = and ? p && q : p || q;
            }
            return r;
        }
        if (dt.isFloating()) {
            // IEEE comparisons: every one involving NaN is false except NE.
            double[] x = Storage.toDoubles(ad);
            double[] y = Storage.toDoubles(bd);
            for (int i = 0; i < n; i++) {
                double p = x[ia == null ? i : ia[i]];
                double q = y[ib == null ? i : ib[i]];
                r[i] = switch (op) {
                    case EQ -> p == q;
                    case NE -> p != q;
                    case LT -> p < q;
                    case LE -> p <= q;
                    case GT -> p > q;
                    default -> p >= q;
                };
            }
            return r;
        }
        long[] x = Storage.toLongs(ad);
        long[] y = Storage.toLongs(bd);
        for (int i = 0; i < n; i++) {
            long p = x[ia == null ? i : ia[i]];
            long q = y[ib == null ? i : ib[i]];
            r[i] = switch (op) {
                case EQ -> p == q;
                case NE -> p != q;
                case LT -> p < q;
                case LE -> p <= q;
                case GT -> p > q;
                default -> p >= q;
            };
        }
        return r;
    }

    private static DoubleBinaryOperator floatBinary(BinaryOp op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (p, q) -> p - q;
            case MUL -> (p, q) -> p * q;
            case DIV -> (p, q) -> p / q;
            case POW -> ScalarMath::pow;
            // Math.max/min propagate NaN, as numpy.maximum/minimum.
            case MAX -> Math::max;
            case MIN -> Math::min;
            default -> throw new IllegalStateException("not an arithmetic op: " + op);
        };
    }

    private static LongBinaryOperator integerBinary(BinaryOp op, DType dt) {
        return switch (op) {
            case ADD -> Long::sum;
            case SUB -> (p, q) -> p - q;
            case MUL -> (p, q) -> p * q;
            // Truncating division that never throws: x / 0 is 0 because a device kernel cannot trap.
            case DIV -> dt == DType.INT32
                    ? (p, q) -> q == 0 ? 0 : (int) p / (int) q
                    : (p, q) -> q == 0 ? 0 : p / q;
            case POW -> ScalarMath::pow;
            case MAX -> Math::max;
            case MIN -> Math::min;
            default -> throw new IllegalStateException("not an arithmetic op: " + op);
        };
    }


    // ------------------------------------------------------------------ where

    static HostArray where(ReferenceTensor cond, ReferenceTensor a, ReferenceTensor b) {
        if (cond.dtype() != DType.BOOL || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("where: needs a bool condition and operands of equal dtype, got "
                    + cond.dtype() + ", " + a.dtype() + " and " + b.dtype());
        }
        Shape out = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
        boolean[] c = (boolean[]) cond.data();
        int[] ic = Indexing.broadcast(out, cond.shape());
        int[] ia = Indexing.broadcast(out, a.shape());
        int[] ib = Indexing.broadcast(out, b.shape());
        int n = ic.length;
        // Select indices into the concatenation [a, b] and gather once, whatever the dtype.
        Object ad = a.data();
        Object bd = b.data();
        int na = Storage.length(ad);
        int[] pick = new int[n];
        for (int i = 0; i < n; i++) {
            pick[i] = c[ic[i]] ? ia[i] : na + ib[i];
        }
        Object both = Storage.allocate(a.dtype(), na + Storage.length(bd));
        System.arraycopy(ad, 0, both, 0, na);
        System.arraycopy(bd, 0, both, na, Storage.length(bd));
        return HostArray.of(out, Storage.take(both, pick, 0));
    }
}
