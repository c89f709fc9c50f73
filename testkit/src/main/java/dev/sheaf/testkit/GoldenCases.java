package dev.sheaf.testkit;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * Results worked out by hand, for a core set of cases of every op family. They are what catches a bug in the
 * reference backend, which the differential checks cannot see when the reference tests itself. Each expected value
 * below is derived in the comment next to it where it is not obvious.
 */
final class GoldenCases {
    private GoldenCases() {
    }

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double E = Math.E;
    private static final double LN2 = Math.log(2);
    private static final double LN3 = Math.log(3);

    private static Shape s(int... d) {
        return Shape.of(d);
    }

    private static HostTensor t(DType dt, Shape shape, double... v) {
        return HostTensor.of(dt, shape, v);
    }

    private static HostTensor v(DType dt, double... v) {
        return HostTensor.of(dt, Shape.of(v.length), v);
    }

    private static HostTensor bools(boolean... v) {
        return HostTensor.bools(Shape.of(v.length), v);
    }

    /** The element-wise tolerance without its absolute part: for results whose smallness is the point (log1p(1e-10)). */
    private static Tolerance tight(Harness h, DType dt) {
        return new Tolerance(h.elementwise(dt).relative(), 0);
    }

    static Stream<DynamicNode> all(Harness h) {
        return Stream.of(
                dynamicContainer("unary", unary(h)),
                dynamicContainer("binary", binary(h)),
                dynamicContainer("select", select(h)),
                dynamicContainer("reductions", reductions(h)),
                dynamicContainer("matmul", matmul(h)),
                dynamicContainer("movement", movement(h)),
                dynamicContainer("cast and full", castAndFull(h)),
                dynamicContainer("neural network", nn(h)));
    }

    // ------------------------------------------------------------------ unary

    private static List<DynamicNode> unary(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.floatTypes()) {
            Tolerance tol = h.elementwise(dt);
            Tolerance tight = tight(h, dt);
            c.add(un(h, UnaryOp.EXP, dt, tight, v(dt, 0, 1, -1, -INF, INF, NAN), v(dt, 1, E, 1 / E, 0, INF, NAN)));
            c.add(un(h, UnaryOp.LOG, dt, tight, v(dt, 1, E, 0, -1, INF, -0.0, NAN),
                    v(dt, 0, 1, -INF, NAN, INF, -INF, NAN)));
            // log1p(1e-10) = 1e-10 - 5e-21: a naive log(1 + x) gives 0 in float32 and 1.000000082740371e-10 in float64.
            c.add(un(h, UnaryOp.LOG1P, dt, tight, v(dt, 0, 1e-10, -1, E - 1, -2),
                    v(dt, 0, 9.9999999995e-11, -INF, 1, NAN)));
            // expm1(1e-10) = 1e-10 + 5e-21.
            c.add(un(h, UnaryOp.EXPM1, dt, tight, v(dt, 0, 1e-10, 1, -INF, INF),
                    v(dt, 0, 1.00000000005e-10, E - 1, -1, INF)));
            c.add(un(h, UnaryOp.SQRT, dt, tight, v(dt, 4, 2, 0, -1, INF, 0.25), v(dt, 2, Math.sqrt(2), 0, NAN, INF,
                    0.5)));
            c.add(un(h, UnaryOp.RSQRT, dt, tight, v(dt, 4, 0.25, 0, INF, -1), v(dt, 0.5, 2, INF, 0, NAN)));
            c.add(un(h, UnaryOp.RECIPROCAL, dt, tight, v(dt, 2, -4, 0, INF, -0.0, 3), v(dt, 0.5, -0.25, INF, 0, -INF,
                    1.0 / 3)));
            // tanh(1) = (e^2 - 1) / (e^2 + 1).
            c.add(un(h, UnaryOp.TANH, dt, tol, v(dt, 0, 1, -1, 20, -INF, NAN), v(dt, 0, 0.7615941559557649,
                    -0.7615941559557649, 1, -1, NAN)));
            // sigmoid(1) = 1 / (1 + 1/e); +-1000 must saturate, not overflow to NaN.
            c.add(un(h, UnaryOp.SIGMOID, dt, tol, v(dt, 0, 1, -1, 1000, -1000, INF, -INF, NAN),
                    v(dt, 0.5, 0.7310585786300049, 0.2689414213699951, 1, 0, 1, 0, NAN)));
            // erf values from the series (Abramowitz & Stegun table 7.1): a float64 erf must be accurate to 1e-13.
            c.add(un(h, UnaryOp.ERF, dt, tol, v(dt, 0, 1, -1, 0.5, 3, INF, -INF, NAN),
                    v(dt, 0, 0.8427007929497149, -0.8427007929497149, 0.5204998778130465, 0.9999779095030014, 1, -1,
                            NAN)));
            c.add(un(h, UnaryOp.SIN, dt, tol, v(dt, 0, Math.PI / 2, Math.PI / 6, -Math.PI / 2, INF, NAN),
                    v(dt, 0, 1, 0.5, -1, NAN, NAN)));
            c.add(un(h, UnaryOp.COS, dt, tol, v(dt, 0, Math.PI, Math.PI / 3, INF), v(dt, 1, -1, 0.5, NAN)));
            // The sign of a zero result (relu(-3), ceil(-0.5)) is left to the backend: compare by value.
            Tolerance ex = tol;
            HostTensor halves = v(dt, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 1.7, -1.2, INF, NAN);
            c.add(un(h, UnaryOp.FLOOR, dt, ex, halves, v(dt, -3, -2, -1, 0, 1, 2, 1, -2, INF, NAN)));
            c.add(un(h, UnaryOp.CEIL, dt, ex, halves, v(dt, -2, -1, -0.0, 1, 2, 3, 2, -1, INF, NAN)));
            // Half to even, as numpy: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2.
            c.add(un(h, UnaryOp.ROUND, dt, ex, halves, v(dt, -2, -2, -0.0, 0, 2, 2, 2, -1, INF, NAN)));
            c.add(un(h, UnaryOp.SIGN, dt, ex, v(dt, -3, 2, 0, -INF, NAN), v(dt, -1, 1, 0, -1, NAN)));
            c.add(un(h, UnaryOp.RELU, dt, ex, v(dt, -3, 2, 0, INF, -INF, NAN), v(dt, 0, 2, 0, INF, 0, NAN)));
            c.add(un(h, UnaryOp.ABS, dt, ex, v(dt, -3, 2, -INF, NAN), v(dt, 3, 2, INF, NAN)));
            c.add(un(h, UnaryOp.ISNAN, dt, ex, v(dt, NAN, 1, INF, 0), bools(true, false, false, false)));
            c.add(un(h, UnaryOp.ISINF, dt, ex, v(dt, NAN, INF, -INF, 1e30), bools(false, true, true, false)));
        }
        for (DType dt : h.intTypes()) {
            Tolerance ex = Tolerance.EXACT;
            HostTensor x = v(dt, -3, 2, 0, 7);
            c.add(un(h, UnaryOp.NEG, dt, ex, x, v(dt, 3, -2, 0, -7)));
            c.add(un(h, UnaryOp.ABS, dt, ex, x, v(dt, 3, 2, 0, 7)));
            c.add(un(h, UnaryOp.SIGN, dt, ex, x, v(dt, -1, 1, 0, 1)));
            c.add(un(h, UnaryOp.SQUARE, dt, ex, x, v(dt, 9, 4, 0, 49)));
            c.add(un(h, UnaryOp.RELU, dt, ex, x, v(dt, 0, 2, 0, 7)));
            c.add(un(h, UnaryOp.FLOOR, dt, ex, x, x));
            c.add(un(h, UnaryOp.CEIL, dt, ex, x, x));
            c.add(un(h, UnaryOp.ROUND, dt, ex, x, x));
            c.add(un(h, UnaryOp.ISNAN, dt, ex, x, bools(false, false, false, false)));
            c.add(un(h, UnaryOp.ISINF, dt, ex, x, bools(false, false, false, false)));
        }
        c.add(un(h, UnaryOp.NOT, DType.BOOL, Tolerance.EXACT, bools(true, false), bools(false, true)));
        return c;
    }

    private static DynamicNode un(Harness h, UnaryOp op, DType dt, Tolerance tol, HostTensor x, HostTensor want) {
        return h.golden(op + " " + dt + " " + x.preview(), "unary " + op, want, tol, (b, xs) -> b.unary(op, xs.get(0)),
                x);
    }

    // ------------------------------------------------------------------ binary

    private static List<DynamicNode> binary(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.numericTypes()) {
            c.add(bin(h, BinaryOp.ADD, dt, t(dt, s(2, 1), 1, 2), v(dt, 10, 20, 30),
                    t(dt, s(2, 3), 11, 21, 31, 12, 22, 32)));
            c.add(bin(h, BinaryOp.SUB, dt, v(dt, 5, 3, 1), t(dt, Shape.scalar(), 2), v(dt, 3, 1, -1)));
            // a[i, 0, k] * b[j, 0] for a = [[[1, 2]], [[3, 4]]] and b = [[1], [10], [100]].
            c.add(bin(h, BinaryOp.MUL, dt, t(dt, s(2, 1, 2), 1, 2, 3, 4), t(dt, s(3, 1), 1, 10, 100),
                    t(dt, s(2, 3, 2), 1, 2, 10, 20, 100, 200, 3, 4, 30, 40, 300, 400)));
            c.add(bin(h, BinaryOp.MAX, dt, v(dt, 3, -5, 0), v(dt, -2, 4, 0), v(dt, 3, 4, 0)));
            c.add(bin(h, BinaryOp.MIN, dt, v(dt, 3, -5, 0), v(dt, -2, 4, 0), v(dt, -2, -5, 0)));
        }
        for (DType dt : h.floatTypes()) {
            Tolerance tol = h.elementwise(dt);
            c.add(h.golden(BinaryOp.DIV + " " + dt + " by zero and normal", "binary DIV", v(dt, INF, -INF, NAN, 3.5,
                    1.0 / 3, -0.0), tol, (b, xs) -> b.binary(BinaryOp.DIV, xs.get(0), xs.get(1)),
                    v(dt, 1, -1, 0, 7, 1, 1), v(dt, 0, 0, 0, 2, 3, -INF)));
            // C99 pow semantics, as the SPI specifies: pow(x, 0) = 1 even for NaN; pow(1, NaN) = 1; pow(-1, inf) = 1.
            c.add(h.golden(BinaryOp.POW + " " + dt, "binary POW", v(dt, 8, 2, 0.5, 1, 1, 1, NAN, INF, 0, 1, 1), tol,
                    (b, xs) -> b.binary(BinaryOp.POW, xs.get(0), xs.get(1)),
                    v(dt, 2, 4, 2, 0, NAN, 1, -8, 0, 0, -1, -1), v(dt, 3, 0.5, -1, 0, 0, NAN, 1.0 / 3, -1, 2, INF, -INF)));
            c.add(bin(h, BinaryOp.MAX, dt, v(dt, 1, NAN, -1, INF), v(dt, 2, 0, NAN, 5), v(dt, 2, NAN, NAN, INF)));
            c.add(bin(h, BinaryOp.MIN, dt, v(dt, 1, NAN, -1, INF), v(dt, 2, 0, NAN, 5), v(dt, 1, NAN, NAN, 5)));
            HostTensor a = v(dt, 1, 2, NAN, NAN, -0.0, -INF);
            HostTensor b = v(dt, 2, 2, 1, NAN, 0.0, -INF);
            c.add(bin(h, BinaryOp.EQ, dt, a, b, bools(false, true, false, false, true, true)));
            c.add(bin(h, BinaryOp.NE, dt, a, b, bools(true, false, true, true, false, false)));
            c.add(bin(h, BinaryOp.LT, dt, a, b, bools(true, false, false, false, false, false)));
            c.add(bin(h, BinaryOp.LE, dt, a, b, bools(true, true, false, false, true, true)));
            c.add(bin(h, BinaryOp.GT, dt, a, b, bools(false, false, false, false, false, false)));
            c.add(bin(h, BinaryOp.GE, dt, a, b, bools(false, true, false, false, true, true)));
        }
        for (DType dt : h.intTypes()) {
            // Truncation toward zero; a zero divisor gives 0.
            c.add(bin(h, BinaryOp.DIV, dt, v(dt, 7, -7, 7, -7, 5, 0), v(dt, 2, 2, -2, -2, 0, 3),
                    v(dt, 3, -3, -3, 3, 0, 0)));
            // Exact powers; a negative exponent gives 0 unless |a| = 1.
            c.add(bin(h, BinaryOp.POW, dt, v(dt, 2, 2, -1, -1, 2, 0, 3, 1, -2), v(dt, 3, -1, -1, -2, 0, 0, 4, -5, 3),
                    v(dt, 8, 0, -1, 1, 1, 1, 81, 1, -8)));
            HostTensor a = v(dt, 1, 2, 3);
            HostTensor b = v(dt, 2, 2, 2);
            c.add(bin(h, BinaryOp.EQ, dt, a, b, bools(false, true, false)));
            c.add(bin(h, BinaryOp.NE, dt, a, b, bools(true, false, true)));
            c.add(bin(h, BinaryOp.LT, dt, a, b, bools(true, false, false)));
            c.add(bin(h, BinaryOp.LE, dt, a, b, bools(true, true, false)));
            c.add(bin(h, BinaryOp.GT, dt, a, b, bools(false, false, true)));
            c.add(bin(h, BinaryOp.GE, dt, a, b, bools(false, true, true)));
        }
        HostTensor a = bools(false, false, true, true);
        HostTensor b = bools(false, true, false, true);
        c.add(bin(h, BinaryOp.AND, DType.BOOL, a, b, bools(false, false, false, true)));
        c.add(bin(h, BinaryOp.OR, DType.BOOL, a, b, bools(false, true, true, true)));
        // false < true, as numpy.
        c.add(bin(h, BinaryOp.EQ, DType.BOOL, a, b, bools(true, false, false, true)));
        c.add(bin(h, BinaryOp.NE, DType.BOOL, a, b, bools(false, true, true, false)));
        c.add(bin(h, BinaryOp.LT, DType.BOOL, a, b, bools(false, true, false, false)));
        c.add(bin(h, BinaryOp.LE, DType.BOOL, a, b, bools(true, true, false, true)));
        c.add(bin(h, BinaryOp.GT, DType.BOOL, a, b, bools(false, false, true, false)));
        c.add(bin(h, BinaryOp.GE, DType.BOOL, a, b, bools(true, false, true, true)));
        return c;
    }

    private static DynamicNode bin(Harness h, BinaryOp op, DType dt, HostTensor a, HostTensor b, HostTensor want) {
        return h.golden(op + " " + dt + " " + a.shape + " " + b.shape + " " + a.preview(), "binary " + op, want,
                h.elementwise(want.dtype), (be, xs) -> be.binary(op, xs.get(0), xs.get(1)), a, b);
    }

    // ------------------------------------------------------------------ where, clip

    private static List<DynamicNode> select(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.allTypes()) {
            c.add(h.golden("where " + dt + " broadcast", "where", t(dt, s(2, 3), 1, 0, 1, 0, 0, 0), Tolerance.EXACT,
                    (b, xs) -> b.where(xs.get(0), xs.get(1), xs.get(2)), HostTensor.bools(s(2, 1), true, false),
                    v(dt, 1, 0, 1), t(dt, Shape.scalar(), 0)));
        }
        for (DType dt : h.floatTypes()) {
            c.add(h.golden("clip " + dt + " [-1, 2]", "clip(-1, 2)", v(dt, -1, 0.5, 2, NAN, -1, 2), Tolerance.EXACT,
                    (b, xs) -> b.clip(xs.get(0), -1, 2), v(dt, -5, 0.5, 5, NAN, -INF, INF)));
        }
        for (DType dt : h.intTypes()) {
            c.add(h.golden("clip " + dt + " [-1, 2]", "clip(-1, 2)", v(dt, -1, 1, 2), Tolerance.EXACT,
                    (b, xs) -> b.clip(xs.get(0), -1, 2), v(dt, -5, 1, 5)));
        }
        return c;
    }

    // ------------------------------------------------------------------ reductions

    private static List<DynamicNode> reductions(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.numericTypes()) {
            HostTensor x = t(dt, s(2, 3), 1, 2, 3, 4, 5, 6);
            c.add(red(h, ReduceOp.SUM, dt, x, new int[] {0}, false, v(dt, 5, 7, 9)));
            c.add(red(h, ReduceOp.SUM, dt, x, new int[] {1}, true, t(dt, s(2, 1), 6, 15)));
            c.add(red(h, ReduceOp.SUM, dt, x, new int[] {0, 1}, false, t(dt, Shape.scalar(), 21)));
            c.add(red(h, ReduceOp.SUM, dt, x, new int[] {}, false, x));
            c.add(red(h, ReduceOp.PROD, dt, x, new int[] {1}, false, v(dt, 6, 120)));
            c.add(red(h, ReduceOp.MAX, dt, x, new int[] {0}, false, v(dt, 4, 5, 6)));
            c.add(red(h, ReduceOp.MIN, dt, x, new int[] {1}, true, t(dt, s(2, 1), 1, 4)));
            c.add(red(h, ReduceOp.MAX, dt, x, new int[] {0, 1}, true, t(dt, s(1, 1), 6)));
            // The sum of nothing is 0, the product of nothing is 1.
            HostTensor empty = t(dt, s(0, 3));
            c.add(red(h, ReduceOp.SUM, dt, empty, new int[] {0}, false, v(dt, 0, 0, 0)));
            c.add(red(h, ReduceOp.PROD, dt, empty, new int[] {0}, true, t(dt, s(1, 3), 1, 1, 1)));
            c.add(red(h, ReduceOp.MAX, dt, empty, new int[] {1}, false, t(dt, s(0))));
            // argmax/argmin: ties go to the first index.
            HostTensor y = t(dt, s(2, 3), 1, 5, 5, 7, 7, 0);
            c.add(arg(h, true, y, 1, false, HostTensor.ints(DType.INT64, s(2), 1, 0)));
            c.add(arg(h, false, y, 1, true, HostTensor.ints(DType.INT64, s(2, 1), 0, 2)));
            c.add(arg(h, true, y, 0, false, HostTensor.ints(DType.INT64, s(3), 1, 1, 0)));
        }
        for (DType dt : h.floatTypes()) {
            Tolerance tol = h.elementwise(dt);
            c.add(red(h, ReduceOp.MAX, dt, v(dt, 1, NAN, 3), new int[] {0}, false, t(dt, Shape.scalar(), NAN)));
            c.add(red(h, ReduceOp.MIN, dt, t(dt, s(2, 2), -INF, 2, NAN, 1), new int[] {1}, false, v(dt, -INF, NAN)));
            c.add(red(h, ReduceOp.SUM, dt, v(dt, INF, 1, -INF), new int[] {0}, false, t(dt, Shape.scalar(), NAN)));
            HostTensor x = t(dt, s(2, 3), 1, 2, 3, 4, 5, 6);
            c.add(h.golden("mean " + dt + " axis 1", "mean axes [1]", v(dt, 2, 5), tol,
                    (b, xs) -> b.mean(xs.get(0), new int[] {1}, false), x));
            c.add(h.golden("mean " + dt + " all", "mean axes [0, 1]", t(dt, s(1, 1), 3.5), tol,
                    (b, xs) -> b.mean(xs.get(0), new int[] {0, 1}, true), x));
            // The mean of nothing is NaN.
            c.add(h.golden("mean " + dt + " of nothing", "mean axes [0]", v(dt, NAN, NAN, NAN), tol,
                    (b, xs) -> b.mean(xs.get(0), new int[] {0}, false), t(dt, s(0, 3))));
            // log(1 + 3) = ln 4; log(2 e^1000) = 1000 + ln 2 without overflow; all -inf gives -inf.
            c.add(h.golden("logSumExp " + dt, "logSumExp axes [1]", v(dt, 2 * LN2, 1000 + LN2, -INF, 1000, INF, NAN),
                    tol, (b, xs) -> b.logSumExp(xs.get(0), new int[] {1}, false),
                    t(dt, s(6, 2), 0, LN3, 1000, 1000, -INF, -INF, 1000, -INF, INF, 1, NAN, 1)));
            // NaN counts as the largest for argmax and as the smallest for argmin; the first one wins.
            HostTensor z = t(dt, s(2, 3), 3, 1, 1, 2, NAN, NAN);
            c.add(arg(h, true, z, 1, false, HostTensor.ints(DType.INT64, s(2), 0, 1)));
            c.add(arg(h, false, z, 1, false, HostTensor.ints(DType.INT64, s(2), 1, 1)));
            c.add(arg(h, true, z, 0, false, HostTensor.ints(DType.INT64, s(3), 0, 1, 1)));
            c.add(arg(h, false, z, 0, false, HostTensor.ints(DType.INT64, s(3), 1, 1, 1)));
        }
        return c;
    }

    private static DynamicNode red(Harness h, ReduceOp op, DType dt, HostTensor x, int[] axes, boolean keep,
                                   HostTensor want) {
        String a = java.util.Arrays.toString(axes);
        return h.golden(op + " " + dt + " " + x.shape + " axes " + a + (keep ? " keepDims" : "") + " "
                        + x.preview(), "reduce " + op + " axes " + a + " keepDims=" + keep, want,
                h.elementwise(dt), (b, xs) -> b.reduce(op, xs.get(0), axes, keep), x);
    }

    private static DynamicNode arg(Harness h, boolean max, HostTensor x, int axis, boolean keep, HostTensor want) {
        String name = (max ? "argmax" : "argmin") + " axis " + axis + (keep ? " keepDims" : "");
        return h.golden(name + " " + x.describe() + " " + x.preview(), name, want, Tolerance.EXACT,
                (b, xs) -> max ? b.argmax(xs.get(0), axis, keep) : b.argmin(xs.get(0), axis, keep), x);
    }

    // ------------------------------------------------------------------ matmul

    private static List<DynamicNode> matmul(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.numericTypes()) {
            Tolerance tol = h.elementwise(dt);
            c.add(mm(h, dt, t(dt, s(2, 2), 1, 2, 3, 4), t(dt, s(2, 2), 5, 6, 7, 8), false, false,
                    t(dt, s(2, 2), 19, 22, 43, 50), tol));
            // a is stored [[1, 2], [3, 4], [5, 6]]; aᵀ = [[1, 3, 5], [2, 4, 6]]; times a column of ones.
            c.add(mm(h, dt, t(dt, s(3, 2), 1, 2, 3, 4, 5, 6), t(dt, s(3, 1), 1, 1, 1), true, false,
                    t(dt, s(2, 1), 9, 12), tol));
            // b is stored [[1, 0, 0], [0, 1, 1]]; [1, 2, 3] · bᵀ = [1, 5].
            c.add(mm(h, dt, t(dt, s(1, 3), 1, 2, 3), t(dt, s(2, 3), 1, 0, 0, 0, 1, 1), false, true,
                    t(dt, s(1, 2), 1, 5), tol));
            // Both transposed: (aᵀ bᵀ) = (b a)ᵀ; a = [[1, 2], [3, 4]], b = [[0, 1], [1, 0]]: b a = [[3, 4], [1, 2]].
            c.add(mm(h, dt, t(dt, s(2, 2), 1, 2, 3, 4), t(dt, s(2, 2), 0, 1, 1, 0), true, true,
                    t(dt, s(2, 2), 3, 1, 4, 2), tol));
            // Batch dims (2) and () broadcast: [1, 2]·[1, 10]ᵀ = 21, [3, 4]·[1, 10]ᵀ = 43.
            c.add(mm(h, dt, t(dt, s(2, 1, 2), 1, 2, 3, 4), t(dt, s(2, 1), 1, 10), false, false,
                    t(dt, s(2, 1, 1), 21, 43), tol));
            // Batch dims (2, 1) and (3): result batch (2, 3).
            c.add(mm(h, dt, t(dt, s(2, 1, 1, 1), 1, 2), t(dt, s(3, 1, 1), 1, 10, 100), false, false,
                    t(dt, s(2, 3, 1, 1), 1, 10, 100, 2, 20, 200), tol));
            // K = 0: a sum of nothing.
            c.add(mm(h, dt, t(dt, s(2, 0)), t(dt, s(0, 3)), false, false, t(dt, s(2, 3), 0, 0, 0, 0, 0, 0), tol));
        }
        for (DType dt : h.floatTypes()) {
            // NaN * 0 is NaN, inf * 0 is NaN: no shortcut may skip zero terms.
            c.add(mm(h, dt, t(dt, s(2, 2), NAN, 1, INF, 1), t(dt, s(2, 1), 0, 1), false, false,
                    t(dt, s(2, 1), NAN, NAN), h.elementwise(dt)));
        }
        return c;
    }

    private static DynamicNode mm(Harness h, DType dt, HostTensor a, HostTensor b, boolean ta, boolean tb,
                                  HostTensor want, Tolerance tol) {
        String name = "matmul transposeA=" + ta + " transposeB=" + tb;
        return h.golden(name + " " + dt + " " + a.shape + " " + b.shape, name, want, tol,
                (be, xs) -> be.matmul(xs.get(0), xs.get(1), ta, tb), a, b);
    }

    // ------------------------------------------------------------------ movement

    private static List<DynamicNode> movement(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        Tolerance ex = Tolerance.EXACT;
        for (DType dt : h.allTypes()) {
            boolean bool = dt == DType.BOOL;
            // Bool tensors use 0/1 patterns; numbers use iota so that every misplaced element shows.
            HostTensor x23 = bool ? t(dt, s(2, 3), 1, 0, 0, 1, 1, 0) : t(dt, s(2, 3), 0, 1, 2, 3, 4, 5);
            HostTensor x23t = bool ? t(dt, s(3, 2), 1, 1, 0, 1, 0, 0) : t(dt, s(3, 2), 0, 3, 1, 4, 2, 5);
            c.add(h.golden("transpose " + dt + " (2, 3)", "transpose [1, 0]", x23t, ex,
                    (b, xs) -> b.transpose(xs.get(0), new int[] {1, 0}), x23));
            c.add(h.golden("reshape of transpose " + dt, "reshape(transpose(x), (6,))",
                    x23t.reshape(s(6)), ex,
                    (b, xs) -> b.reshape(b.transpose(xs.get(0), new int[] {1, 0}), s(6)), x23));
            c.add(h.golden("broadcastTo " + dt, "broadcastTo (2, 3)", bool ? t(dt, s(2, 3), 1, 1, 1, 0, 0, 0)
                    : t(dt, s(2, 3), 1, 1, 1, 2, 2, 2), ex, (b, xs) -> b.broadcastTo(xs.get(0), s(2, 3)),
                    bool ? t(dt, s(2, 1), 1, 0) : t(dt, s(2, 1), 1, 2)));
        }
        for (DType dt : h.numericTypes()) {
            // x[j, k, i] for x = iota (2, 2, 3) and permutation [2, 0, 1]: r[i, j, k] = 6 j + 3 k + i.
            c.add(h.golden("transpose " + dt + " rank 3", "transpose [2, 0, 1]",
                    t(dt, s(3, 2, 2), 0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11), ex,
                    (b, xs) -> b.transpose(xs.get(0), new int[] {2, 0, 1}), iota(dt, s(2, 2, 3))));
            // Rows 1 and 3, columns 0, 2, 4 of iota (4, 5).
            c.add(h.golden("slice " + dt + " strided", "slice begin [1, 0] end [4, 5] strides [2, 2]",
                    t(dt, s(2, 3), 5, 7, 9, 15, 17, 19), ex,
                    (b, xs) -> b.slice(xs.get(0), new int[] {1, 0}, new int[] {4, 5}, new int[] {2, 2}),
                    iota(dt, s(4, 5))));
            c.add(h.golden("slice " + dt + " empty", "slice begin [2] end [2] strides [1]", t(dt, s(0)), ex,
                    (b, xs) -> b.slice(xs.get(0), new int[] {2}, new int[] {2}, new int[] {1}), iota(dt, s(4))));
            c.add(h.golden("concat " + dt + " axis 0", "concat axis 0", iota(dt, s(3, 2)), ex,
                    (b, xs) -> b.concat(xs, 0), t(dt, s(1, 2), 0, 1), t(dt, s(0, 2)), t(dt, s(2, 2), 2, 3, 4, 5)));
            c.add(h.golden("concat " + dt + " axis 1", "concat axis 1", t(dt, s(2, 3), 1, 3, 4, 2, 5, 6), ex,
                    (b, xs) -> b.concat(xs, 1), t(dt, s(2, 1), 1, 2), t(dt, s(2, 2), 3, 4, 5, 6)));
            c.add(h.golden("pad " + dt + " 1-d", "pad {{1, 2}} value 9", v(dt, 9, 1, 2, 9, 9), ex,
                    (b, xs) -> b.pad(xs.get(0), new int[][] {{1, 2}}, 9), v(dt, 1, 2)));
            c.add(h.golden("pad " + dt + " 2-d", "pad {{1, 0}, {0, 1}} value 0", t(dt, s(2, 3), 0, 0, 0, 1, 2, 0), ex,
                    (b, xs) -> b.pad(xs.get(0), new int[][] {{1, 0}, {0, 1}}, 0), t(dt, s(1, 2), 1, 2)));
            for (DType it : h.intTypes()) {
                HostTensor x = t(dt, s(3, 2), 1, 2, 3, 4, 5, 6);
                c.add(h.golden("gather " + dt + " " + it + " axis 0, negative and repeated", "gather axis 0",
                        t(dt, s(3, 2), 5, 6, 1, 2, 5, 6), ex, (b, xs) -> b.gather(xs.get(0), xs.get(1), 0), x,
                        HostTensor.ints(it, s(3), 2, -3, 2)));
                c.add(h.golden("gather " + dt + " " + it + " axis 1, scalar index", "gather axis 1", v(dt, 2, 4, 6),
                        ex, (b, xs) -> b.gather(xs.get(0), xs.get(1), 1), x, HostTensor.ints(it, Shape.scalar(), 1)));
                c.add(h.golden("gather " + dt + " " + it + " axis 1, 2-d indices", "gather axis 1",
                        t(dt, s(3, 2, 2), 2, 1, 1, 1, 4, 3, 3, 3, 6, 5, 5, 5), ex,
                        (b, xs) -> b.gather(xs.get(0), xs.get(1), 1), x, HostTensor.ints(it, s(2, 2), 1, 0, -2, 0)));
                // Repeated indices accumulate; -1 is the last.
                c.add(h.golden("scatterAdd " + dt + " " + it, "scatterAdd shape (3,) axis 0", v(dt, 4, 0, 6), ex,
                        (b, xs) -> b.scatterAdd(s(3), xs.get(0), xs.get(1), 0), HostTensor.ints(it, s(4), 0, 2, 0, -1),
                        v(dt, 1, 2, 3, 4)));
                c.add(h.golden("scatterAdd " + dt + " " + it + " axis 1", "scatterAdd shape (2, 3) axis 1",
                        t(dt, s(2, 3), 0, 0, 3, 0, 0, 7), ex, (b, xs) -> b.scatterAdd(s(2, 3), xs.get(0), xs.get(1), 1),
                        HostTensor.ints(it, s(2), 2, 2), t(dt, s(2, 2), 1, 2, 3, 4)));
            }
            c.add(h.golden("tile " + dt + " 1-d", "tile [3]", v(dt, 1, 2, 1, 2, 1, 2), ex,
                    (b, xs) -> b.tile(xs.get(0), new int[] {3}), v(dt, 1, 2)));
            c.add(h.golden("tile " + dt + " rows", "tile [2, 1]", t(dt, s(4, 2), 1, 2, 3, 4, 1, 2, 3, 4), ex,
                    (b, xs) -> b.tile(xs.get(0), new int[] {2, 1}), t(dt, s(2, 2), 1, 2, 3, 4)));
            c.add(h.golden("tile " + dt + " columns", "tile [1, 2]", t(dt, s(2, 4), 1, 2, 1, 2, 3, 4, 3, 4), ex,
                    (b, xs) -> b.tile(xs.get(0), new int[] {1, 2}), t(dt, s(2, 2), 1, 2, 3, 4)));
        }
        for (DType dt : h.allTypes()) {
            for (DType it : h.intTypes()) {
                // Indices outside [0, depth) give an all-zero row.
                c.add(h.golden("oneHot " + it + " to " + dt, "oneHot depth 3",
                        t(dt, s(4, 3), 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0), ex,
                        (b, xs) -> b.oneHot(xs.get(0), 3, dt), HostTensor.ints(it, s(4), 0, 2, -1, 3)));
            }
        }
        for (DType it : h.intTypes()) {
            c.add(h.test("gather " + it + " index out of range is refused (or zero)", () -> gatherOutOfRange(h, it)));
        }
        return c;
    }

    private static HostTensor iota(DType dt, Shape s) {
        double[] v = new double[s.elementCountAsInt()];
        for (int k = 0; k < v.length; k++) {
            v[k] = k;
        }
        return t(dt, s, v);
    }

    /**
     * An index outside {@code [-dim, dim)} is an IllegalArgumentException naming it; a device backend may produce
     * zeros there instead, but never other data.
     */
    private static void gatherOutOfRange(Harness h, DType it) {
        Tensor x = h.backend.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, s(3, 2));
        for (long bad : new long[] {3, -4}) {
            Tensor idx = HostTensor.ints(it, s(2), 0, bad).on(h.backend);
            Tensor r;
            try {
                r = h.backend.gather(x, idx, 0);
            } catch (IllegalArgumentException e) {
                TensorAssertions.check(e.getMessage() != null && e.getMessage().contains(Long.toString(bad)),
                        "gather: the IllegalArgumentException for index " + bad + " does not name it: "
                                + e.getMessage());
                continue;
            } catch (RuntimeException e) {
                throw new AssertionFailedError("gather with index " + bad + " on axis of size 3 threw " + e
                        + "; expected IllegalArgumentException", e);
            }
            TensorAssertions.assertMatches("gather with out-of-range index " + bad + " (allowed only as zeros)",
                    t(DType.FLOAT32, s(2, 2), 1, 2, 0, 0), HostTensor.read(r), Tolerance.EXACT);
        }
    }

    // ------------------------------------------------------------------ cast, full

    private static List<DynamicNode> castAndFull(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        Tolerance ex = Tolerance.EXACT;
        for (DType dt : h.floatTypes()) {
            HostTensor x = v(dt, -2.7, 2.7, NAN, INF, -INF, 1e10, -0.0, 0.5);
            // Java's narrowing: toward zero, NaN to 0, saturating.
            c.add(cast(h, x, DType.INT32, HostTensor.ints(DType.INT32, s(8), -2, 2, 0, Integer.MAX_VALUE,
                    Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 0)));
            c.add(cast(h, x, DType.INT64, HostTensor.ints(DType.INT64, s(8), -2, 2, 0, Long.MAX_VALUE,
                    Long.MIN_VALUE, dt == DType.FLOAT32 ? (long) (float) 1e10 : 10_000_000_000L, 0, 0)));
            // Anything to bool is x != 0; NaN is true, -0.0 is false.
            c.add(cast(h, x, DType.BOOL, bools(true, true, true, true, true, true, false, true)));
            c.add(cast(h, bools(true, false), dt, v(dt, 1, 0)));
        }
        if (h.backend.supports(DType.FLOAT64)) {
            c.add(cast(h, v(DType.FLOAT64, 1e300, -1e300, 1e-300, 0.1), DType.FLOAT32,
                    v(DType.FLOAT32, INF, -INF, 0, 0.1)));
            c.add(cast(h, HostTensor.ints(DType.INT64, s(2), (1L << 53) + 1, -3), DType.FLOAT64,
                    v(DType.FLOAT64, 0x1p53, -3)));
        }
        c.add(cast(h, HostTensor.ints(DType.INT32, s(3), 3, -1, 0), DType.BOOL, bools(true, true, false)));
        c.add(cast(h, HostTensor.ints(DType.INT32, s(2), (1 << 24) + 1, -7), DType.FLOAT32,
                v(DType.FLOAT32, 0x1p24, -7)));
        c.add(cast(h, HostTensor.ints(DType.INT32, s(2), Integer.MIN_VALUE, 5), DType.INT64,
                HostTensor.ints(DType.INT64, s(2), Integer.MIN_VALUE, 5)));
        c.add(h.golden("full int32 2.7", "full (2,) int32 2.7", HostTensor.ints(DType.INT32, s(2), 2, 2), ex,
                (b, xs) -> b.full(s(2), DType.INT32, 2.7)));
        c.add(h.golden("full int32 NaN", "full (2,) int32 NaN", HostTensor.ints(DType.INT32, s(2), 0, 0), ex,
                (b, xs) -> b.full(s(2), DType.INT32, NAN)));
        c.add(h.golden("full bool 0.5", "full (2,) bool 0.5", bools(true, true), ex,
                (b, xs) -> b.full(s(2), DType.BOOL, 0.5)));
        c.add(h.golden("full float32 scalar -0.0", "full () float32 -0.0", t(DType.FLOAT32, Shape.scalar(), -0.0), ex,
                (b, xs) -> b.full(Shape.scalar(), DType.FLOAT32, -0.0)));
        c.add(h.golden("copy float32 keeps -0.0, NaN, denormals", "copy", v(DType.FLOAT32, -0.0, NAN, 1e-40), ex,
                (b, xs) -> b.copy(xs.get(0)), v(DType.FLOAT32, -0.0, NAN, 1e-40)));
        return c;
    }

    private static DynamicNode cast(Harness h, HostTensor x, DType to, HostTensor want) {
        return h.golden("cast " + x.dtype + " to " + to + " " + x.preview(), "cast to " + to, want, Tolerance.EXACT,
                (b, xs) -> b.cast(xs.get(0), to), x);
    }

    // ------------------------------------------------------------------ neural network

    private static List<DynamicNode> nn(Harness h) {
        List<DynamicNode> c = new ArrayList<>();
        for (DType dt : h.floatTypes()) {
            Tolerance tol = h.elementwise(dt);
            HostTensor x4 = t(dt, s(1, 4, 1), 1, 2, 3, 4);
            HostTensor k3 = t(dt, s(3, 1, 1), 1, 0, -1);
            // out[o] = x[o] - x[o + 2].
            c.add(conv(h, "1-d", x4, k3, ConvSpec.simple(1), t(dt, s(1, 2, 1), -2, -2), tol));
            // Padded input [0, 1, 2, 3, 4, 0]: [0 - 2, 1 - 3, 2 - 4, 3 - 0].
            ConvSpec pad1 = new ConvSpec(new int[] {1}, new int[][] {{1, 1}}, new int[] {1}, 1);
            c.add(conv(h, "1-d padding 1", x4, k3, pad1, t(dt, s(1, 4, 1), -2, -2, -2, 3), tol));
            ConvSpec stride2 = new ConvSpec(new int[] {2}, new int[][] {{1, 1}}, new int[] {1}, 1);
            c.add(conv(h, "1-d stride 2 padding 1", x4, k3, stride2, t(dt, s(1, 2, 1), -2, -2), tol));
            // Dilation 2 reads x[o], x[o + 2], x[o + 4]: 1 - 5.
            ConvSpec dil2 = new ConvSpec(new int[] {1}, new int[][] {{0, 0}}, new int[] {2}, 1);
            c.add(conv(h, "1-d dilation 2", t(dt, s(1, 5, 1), 1, 2, 3, 4, 5), k3, dil2, t(dt, s(1, 1, 1), -4), tol));
            c.add(conv(h, "1-d dilation 2, input too short", x4, k3, dil2, t(dt, s(1, 0, 1)), tol));
            // Channels: kernel[0][in][out] = [[1, 1], [1, -1]]: out = (c0 + c1, c0 - c1) at each position.
            c.add(conv(h, "channel mixing", t(dt, s(1, 2, 2), 1, 2, 3, 4), t(dt, s(1, 2, 2), 1, 1, 1, -1),
                    ConvSpec.simple(1), t(dt, s(1, 2, 2), 3, -1, 7, -1), tol));
            // Two groups: input channel 0 feeds output 0 only (weight 10), channel 1 feeds output 1 (weight 20).
            ConvSpec g2 = new ConvSpec(new int[] {1}, new int[][] {{0, 0}}, new int[] {1}, 2);
            c.add(conv(h, "groups 2", t(dt, s(1, 1, 2), 1, 2), t(dt, s(1, 1, 2), 10, 20), g2,
                    t(dt, s(1, 1, 2), 10, 40), tol));
            // 2-d: kernel picks x[i, j] + x[i + 1, j + 1] of iota 1..9 (3x3).
            c.add(conv(h, "2-d diagonal", t(dt, s(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9),
                    t(dt, s(2, 2, 1, 1), 1, 0, 0, 1), ConvSpec.simple(2), t(dt, s(1, 2, 2, 1), 6, 8, 12, 14), tol));
            // The adjoints of the 1-d case with gradOutput [1, 1]:
            // dx[i] = sum_o g[o] k[i - o] = [1, 0 + 1, -1 + 0, -1]; dk[j] = sum_o g[o] x[o + j] = [3, 5, 7].
            c.add(h.golden("convBackwardData " + dt + " 1-d", "convBackwardData " + ConvSpec.simple(1),
                    t(dt, s(1, 4, 1), 1, 1, -1, -1), tol,
                    (b, xs) -> b.convBackwardData(xs.get(0), xs.get(1), s(1, 4, 1), ConvSpec.simple(1)),
                    t(dt, s(1, 2, 1), 1, 1), k3));
            c.add(h.golden("convBackwardFilter " + dt + " 1-d", "convBackwardFilter " + ConvSpec.simple(1),
                    t(dt, s(3, 1, 1), 3, 5, 7), tol,
                    (b, xs) -> b.convBackwardFilter(xs.get(0), xs.get(1), s(3, 1, 1), ConvSpec.simple(1)),
                    x4, t(dt, s(1, 2, 1), 1, 1)));
            // With stride 2 and padding 1, output 0 reads x[-1..1] and output 1 reads x[1..3], so
            // dx = g0 * [k1, k2, 0, 0] + g1 * [0, k0, k1, k2] = [0, -1, 0, 0] + [0, 10, 0, -10] for g = [1, 10].
            c.add(h.golden("convBackwardData " + dt + " 1-d stride 2 padding 1", "convBackwardData " + stride2,
                    t(dt, s(1, 4, 1), 0, 9, 0, -10), tol,
                    (b, xs) -> b.convBackwardData(xs.get(0), xs.get(1), s(1, 4, 1), stride2),
                    t(dt, s(1, 2, 1), 1, 10), k3));

            HostTensor p16 = iota(dt, s(1, 4, 4, 1));
            c.add(pool(h, PoolMode.MAX, "2x2", p16, PoolSpec.of(2, 2), t(dt, s(1, 2, 2, 1), 5, 7, 13, 15), tol));
            // Means of {0, 1, 4, 5}, {2, 3, 6, 7}, {8, 9, 12, 13}, {10, 11, 14, 15}.
            c.add(pool(h, PoolMode.AVG, "2x2", p16, PoolSpec.of(2, 2), t(dt, s(1, 2, 2, 1), 2.5, 4.5, 10.5, 12.5),
                    tol));
            PoolSpec w3 = new PoolSpec(new int[] {3}, new int[] {1}, new int[][] {{1, 1}});
            // Padding is not counted: means of {1, 2}, {1, 2, 3}, {2, 3}.
            c.add(pool(h, PoolMode.AVG, "padding not counted", t(dt, s(1, 3, 1), 1, 2, 3), w3,
                    t(dt, s(1, 3, 1), 1.5, 2, 2.5), tol));
            // Padding never wins, even against negative values.
            c.add(pool(h, PoolMode.MAX, "padding never wins", t(dt, s(1, 3, 1), -1, -2, -3), w3,
                    t(dt, s(1, 3, 1), -1, -1, -2), tol));
            // Windows over positions {0, 1}, {1, 2}, {2, 3} of [1, 3, 3, 2]: maxima at 1, at 1 (the tie goes to the
            // first), and at 2.
            PoolSpec w2s1 = new PoolSpec(new int[] {2}, new int[] {1}, new int[][] {{0, 0}});
            c.add(h.golden("poolBackward MAX " + dt + " ties go to the first", "poolBackward MAX " + w2s1,
                    t(dt, s(1, 4, 1), 0, 11, 100, 0), tol,
                    (b, xs) -> b.poolBackward(PoolMode.MAX, xs.get(0), xs.get(1), w2s1),
                    t(dt, s(1, 4, 1), 1, 3, 3, 2), t(dt, s(1, 3, 1), 1, 10, 100)));
            c.add(h.golden("poolBackward AVG " + dt, "poolBackward AVG " + PoolSpec.of(1, 2),
                    t(dt, s(1, 4, 1), 1, 1, 2, 2), tol,
                    (b, xs) -> b.poolBackward(PoolMode.AVG, xs.get(0), xs.get(1), PoolSpec.of(1, 2)),
                    t(dt, s(1, 4, 1), 5, 6, 7, 8), t(dt, s(1, 2, 1), 2, 4)));
            // Windows cover {0, 1}, {0, 1, 2}, {1, 2}: dx = [1/2 + 1/3, 1/2 + 1/3 + 1/2, 1/3 + 1/2].
            c.add(h.golden("poolBackward AVG " + dt + " padding not counted", "poolBackward AVG " + w3,
                    t(dt, s(1, 3, 1), 5.0 / 6, 4.0 / 3, 5.0 / 6), tol,
                    (b, xs) -> b.poolBackward(PoolMode.AVG, xs.get(0), xs.get(1), w3),
                    t(dt, s(1, 3, 1), 1, 2, 3), t(dt, s(1, 3, 1), 1, 1, 1)));

            // softmax([0, ln 3]) = [1/4, 3/4]; huge equal logits give equal halves; -inf gets 0.
            HostTensor logits = t(dt, s(3, 2), 0, LN3, 1000, 1000, -INF, 0);
            c.add(h.golden("softmax " + dt, "softmax axis 1", t(dt, s(3, 2), 0.25, 0.75, 0.5, 0.5, 0, 1), tol,
                    (b, xs) -> b.softmax(xs.get(0), 1), logits));
            c.add(h.golden("softmax " + dt + " axis 0", "softmax axis 0", t(dt, s(2, 1), 0.25, 0.75), tol,
                    (b, xs) -> b.softmax(xs.get(0), 0), t(dt, s(2, 1), 0, LN3)));
            c.add(h.golden("logSoftmax " + dt, "logSoftmax axis 1", t(dt, s(3, 2), -2 * LN2, Math.log(0.75), -LN2,
                    -LN2, -INF, 0), tol, (b, xs) -> b.logSoftmax(xs.get(0), 1), logits));
            // -log softmax picked by the label: [ln 2, -ln(3/4)]; a soft label mixes: -(0.5 ln 1/4 + 0.5 ln 3/4).
            c.add(h.golden("softmaxCrossEntropy " + dt, "softmaxCrossEntropy axis 1",
                    v(dt, LN2, -Math.log(0.75), -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75))), tol,
                    (b, xs) -> b.softmaxCrossEntropy(xs.get(0), xs.get(1), 1),
                    t(dt, s(3, 2), 0, 0, 0, LN3, 0, LN3), t(dt, s(3, 2), 1, 0, 0, 1, 0.5, 0.5)));
            // Its gradient g * (softmax * sum(labels) - labels): softmax([0, ln 3]) = [1/4, 3/4]; label [0, 1] and
            // g = 2 give [1/2, -1/2]; labels [0.5, 1] (sum 1.5) and g = 1 give [3/8 - 1/2, 9/8 - 1] = [-1/8, 1/8].
            c.add(h.golden("softmaxCrossEntropyBackward " + dt, "softmaxCrossEntropyBackward axis 1",
                    t(dt, s(2, 2), 0.5, -0.5, -0.125, 0.125), tol,
                    (b, xs) -> b.softmaxCrossEntropyBackward(xs.get(0), xs.get(1), xs.get(2), 1),
                    t(dt, s(2, 2), 0, LN3, 0, LN3), t(dt, s(2, 2), 0, 1, 0.5, 1), v(dt, 2, 1)));
            // [1, 2] · [[1, 0, -1], [2, 1, 0]] = [5, 2, -1]; + [0.5, -10, 0] = [5.5, -8, -1]; relu.
            c.add(h.golden("dense " + dt + " bias relu", "dense bias relu", t(dt, s(1, 3), 5.5, 0, 0), tol,
                    (b, xs) -> b.dense(xs.get(0), xs.get(1), xs.get(2), UnaryOp.RELU), t(dt, s(1, 2), 1, 2),
                    t(dt, s(2, 3), 1, 0, -1, 2, 1, 0), v(dt, 0.5, -10, 0)));
            c.add(h.golden("dense " + dt + " linear, no bias", "dense", t(dt, s(1, 3), 5, 2, -1), tol,
                    (b, xs) -> b.dense(xs.get(0), xs.get(1), null, null), t(dt, s(1, 2), 1, 2),
                    t(dt, s(2, 3), 1, 0, -1, 2, 1, 0)));
        }
        return c;
    }

    private static DynamicNode conv(Harness h, String label, HostTensor x, HostTensor k, ConvSpec spec,
                                    HostTensor want, Tolerance tol) {
        return h.golden("conv " + x.dtype + " " + label, "conv " + spec, want, tol,
                (b, xs) -> b.conv(xs.get(0), xs.get(1), spec), x, k);
    }

    private static DynamicNode pool(Harness h, PoolMode mode, String label, HostTensor x, PoolSpec spec,
                                    HostTensor want, Tolerance tol) {
        return h.golden("pool " + mode + " " + x.dtype + " " + label, "pool " + mode + " " + spec, want, tol,
                (b, xs) -> b.pool(mode, xs.get(0), spec), x);
    }
}
