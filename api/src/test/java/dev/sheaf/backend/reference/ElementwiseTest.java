package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertBools;
import static dev.sheaf.backend.reference.Fixtures.assertDoubles;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.assertInts;
import static dev.sheaf.backend.reference.Fixtures.assertLongs;
import static dev.sheaf.backend.reference.Fixtures.bool;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.f64;
import static dev.sheaf.backend.reference.Fixtures.i32;
import static dev.sheaf.backend.reference.Fixtures.i64;
import static dev.sheaf.backend.reference.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    private static Tensor u(UnaryOp op, Tensor x) {
        return B.unary(op, x);
    }

    private static Tensor b(BinaryOp op, Tensor x, Tensor y) {
        return B.binary(op, x, y);
    }

    // ------------------------------------------------------------------ unary

    @Test
    void signAndMagnitude() {
        Tensor x = f32(s(5), -2f, 0f, 3f, NAN, -0f);
        assertFloats(u(UnaryOp.NEG, x), s(5), 2f, -0f, -3f, NAN, 0f);
        assertFloats(u(UnaryOp.ABS, x), s(5), 2f, 0f, 3f, NAN, 0f);
        assertFloats(u(UnaryOp.SIGN, x), s(5), -1f, 0f, 1f, NAN, -0f);
        assertFloats(u(UnaryOp.SQUARE, x), s(5), 4f, 0f, 9f, NAN, 0f);
        assertFloats(u(UnaryOp.RELU, x), s(5), 0f, 0f, 3f, NAN, 0f);
    }

    @Test
    void exponentialsAndLogarithms() {
        assertFloats(u(UnaryOp.EXP, f32(s(3), 0f, Float.NEGATIVE_INFINITY, NAN)), s(3), 1f, 0f, NAN);
        assertFloats(u(UnaryOp.LOG, f32(s(4), 1f, 0f, -1f, INF)), s(4), 0f, -INF, NAN, INF);
        assertFloats(u(UnaryOp.SQRT, f32(s(3), 4f, -1f, 0f)), s(3), 2f, NAN, 0f);
        assertFloats(u(UnaryOp.RSQRT, f32(s(2), 4f, 0f)), s(2), 0.5f, INF);
        assertFloats(u(UnaryOp.RECIPROCAL, f32(s(3), 4f, 0f, -0f)), s(3), 0.25f, INF, -INF);
        // Accurate near zero, where exp(x) - 1 would give 0.
        assertDoubles(u(UnaryOp.EXPM1, f64(s(1), 1e-20)), s(1), 0, 1e-20);
        assertDoubles(u(UnaryOp.LOG1P, f64(s(1), 1e-20)), s(1), 0, 1e-20);
        assertDoubles(u(UnaryOp.EXP, f64(s(1), 1)), s(1), 1e-15, Math.E);
    }

    @Test
    void squashingFunctionsSaturateWithoutNaN() {
        assertFloats(u(UnaryOp.SIGMOID, f32(s(4), 0f, -1000f, 1000f, NAN)), s(4), 0.5f, 0f, 1f, NAN);
        assertDoubles(u(UnaryOp.SIGMOID, f64(s(1), 2)), s(1), 1e-15, 0.8807970779778823);
        assertFloats(u(UnaryOp.TANH, f32(s(3), 0f, 100f, -100f)), s(3), 0f, 1f, -1f);
        assertDoubles(u(UnaryOp.SIN, f64(s(2), 0, Math.PI / 2)), s(2), 1e-15, 0, 1);
        assertDoubles(u(UnaryOp.COS, f64(s(2), 0, Math.PI)), s(2), 1e-15, 1, -1);
    }

    @Test
    void errorFunctionMatchesTabulatedValues() {
        // Values from Abramowitz & Stegun / high-precision tables.
        assertDoubles(u(UnaryOp.ERF, f64(s(8), 0, 0.1, 0.5, 1, -2, 3, 7, Double.NEGATIVE_INFINITY)), s(8), 1e-15,
                0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, -0.9953222650189527,
                0.9999779095030014, 1, -1);
        assertFloats(u(UnaryOp.ERF, f32(s(2), NAN, 0.5f)), s(2), NAN, (float) 0.5204998778130465);
    }

    @Test
    void roundingFunctionsRoundHalfToEven() {
        Tensor x = f32(s(8), 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.4f, -2.6f, NAN);
        assertFloats(u(UnaryOp.ROUND, x), s(8), 0f, 2f, 2f, -0f, -2f, 2f, -3f, NAN);
        assertFloats(u(UnaryOp.FLOOR, x), s(8), 0f, 1f, 2f, -1f, -2f, 2f, -3f, NAN);
        assertFloats(u(UnaryOp.CEIL, x), s(8), 1f, 2f, 3f, -0f, -1f, 3f, -2f, NAN);
        assertInts(u(UnaryOp.ROUND, i32(s(2), 3, -3)), s(2), 3, -3);
        assertLongs(u(UnaryOp.FLOOR, i64(s(1), -7)), s(1), -7);
    }

    @Test
    void predicatesAndNot() {
        Tensor x = f64(s(4), 1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertBools(u(UnaryOp.ISNAN, x), s(4), false, true, false, false);
        assertBools(u(UnaryOp.ISINF, x), s(4), false, false, true, true);
        assertBools(u(UnaryOp.ISNAN, i32(s(2), 0, 1)), s(2), false, false);
        assertBools(u(UnaryOp.ISINF, i64(s(1), Long.MAX_VALUE)), s(1), false);
        assertBools(u(UnaryOp.NOT, bool(s(2), true, false)), s(2), false, true);
    }

    @Test
    void integerUnaryOpsWrapAsJavaIntegers() {
        Tensor x = i32(s(4), Integer.MIN_VALUE, -5, 46341, 0);
        assertInts(u(UnaryOp.NEG, x), s(4), Integer.MIN_VALUE, 5, -46341, 0);
        assertInts(u(UnaryOp.ABS, x), s(4), Integer.MIN_VALUE, 5, 46341, 0);
        // 46341^2 = 2147488281 = 2^31 + 4633, which wraps to -2147479015.
        assertInts(u(UnaryOp.SQUARE, x), s(4), 0, 25, -2147479015, 0);
        assertInts(u(UnaryOp.SIGN, x), s(4), -1, -1, 1, 0);
        assertInts(u(UnaryOp.RELU, x), s(4), 0, 0, 46341, 0);
        assertLongs(u(UnaryOp.SQUARE, i64(s(1), 3_000_000_000L)), s(1), 9_000_000_000_000_000_000L);
        assertThrows(IllegalArgumentException.class, () -> u(UnaryOp.EXP, i32(s(1), 1)));
        assertThrows(IllegalArgumentException.class, () -> u(UnaryOp.NEG, bool(s(1), true)));
    }

    // ------------------------------------------------------------------ binary

    @Test
    void floatArithmeticFollowsIeee() {
        Tensor x = f32(s(4), 1f, -1f, 0f, 6f);
        Tensor y = f32(s(4), 0f, 0f, 0f, 4f);
        assertFloats(b(BinaryOp.DIV, x, y), s(4), INF, -INF, NAN, 1.5f);
        assertFloats(b(BinaryOp.ADD, x, y), s(4), 1f, -1f, 0f, 10f);
        assertFloats(b(BinaryOp.SUB, x, y), s(4), 1f, -1f, 0f, 2f);
        assertFloats(b(BinaryOp.MUL, x, y), s(4), 0f, -0f, 0f, 24f);
        assertDoubles(b(BinaryOp.POW, f64(s(3), 2, -8, 0), f64(s(3), 0.5, 1.0 / 3, 0)), s(3), 1e-15,
                Math.sqrt(2), Double.NaN, 1);
        // float32 sums are rounded to float32, not kept in double: 1 + 2^-30 is 1.
        assertFloats(b(BinaryOp.ADD, f32(s(1), 1f), f32(s(1), 0x1p-30f)), s(1), 1f);
    }

    @Test
    void maxAndMinPropagateNaN() {
        Tensor x = f32(s(4), 1f, NAN, 5f, -0f);
        Tensor y = f32(s(4), NAN, 2f, 3f, 2f);
        assertFloats(b(BinaryOp.MAX, x, y), s(4), NAN, NAN, 5f, 2f);
        assertFloats(b(BinaryOp.MIN, x, y), s(4), NAN, NAN, 3f, -0f);
        assertDoubles(b(BinaryOp.MAX, f64(s(2), Double.NaN, 1), f64(s(1), 0)), s(2), 0, Double.NaN, 1);
        assertInts(b(BinaryOp.MIN, i32(s(2), 4, -9), i32(s(2), 3, 7)), s(2), 3, -9);
    }

    @Test
    void integerDivisionTruncatesAndGivesZeroForAZeroDivisor() {
        Tensor x = i32(s(6), 7, -7, 7, -7, 5, Integer.MIN_VALUE);
        Tensor y = i32(s(6), 2, 2, -2, -2, 0, -1);
        assertInts(b(BinaryOp.DIV, x, y), s(6), 3, -3, -3, 3, 0, Integer.MIN_VALUE);
        Tensor lx = i64(s(3), -9, Long.MIN_VALUE, 0);
        Tensor ly = i64(s(3), 4, -1, 0);
        assertLongs(b(BinaryOp.DIV, lx, ly), s(3), -2, Long.MIN_VALUE, 0);
    }

    @Test
    void integerArithmeticWraps() {
        assertInts(b(BinaryOp.ADD, i32(s(1), Integer.MAX_VALUE), i32(s(1), 1)), s(1), Integer.MIN_VALUE);
        assertInts(b(BinaryOp.MUL, i32(s(1), 65536), i32(s(1), 65536)), s(1), 0);
        assertLongs(b(BinaryOp.SUB, i64(s(1), Long.MIN_VALUE), i64(s(1), 1)), s(1), Long.MAX_VALUE);
    }

    @Test
    void integerPowerIsExact() {
        Tensor base = i32(s(9), 2, 2, 1, -1, -1, 3, 0, 2, -2);
        Tensor exp = i32(s(9), 10, -1, -5, -3, -2, 0, 0, 31, 3);
        assertInts(b(BinaryOp.POW, base, exp), s(9), 1024, 0, 1, -1, 1, 1, 1, Integer.MIN_VALUE, -8);
        assertLongs(b(BinaryOp.POW, i64(s(2), 3, 2), i64(s(2), 39, 62)), s(2), 4052555153018976267L, 1L << 62);
    }

    @Test
    void comparisonsTreatNaNAsUnordered() {
        Tensor x = f32(s(3), 1f, NAN, 2f);
        Tensor y = f32(s(3), 1f, NAN, 1f);
        assertBools(b(BinaryOp.EQ, x, y), s(3), true, false, false);
        assertBools(b(BinaryOp.NE, x, y), s(3), false, true, true);
        assertBools(b(BinaryOp.LT, x, y), s(3), false, false, false);
        assertBools(b(BinaryOp.LE, x, y), s(3), true, false, false);
        assertBools(b(BinaryOp.GT, x, y), s(3), false, false, true);
        assertBools(b(BinaryOp.GE, x, y), s(3), true, false, true);
        assertBools(b(BinaryOp.LT, i64(s(2), -1, Long.MAX_VALUE), i64(s(2), 0, Long.MIN_VALUE)), s(2), true, false);
        assertBools(b(BinaryOp.GT, bool(s(2), true, false), bool(s(2), false, false)), s(2), true, false);
    }

    @Test
    void logicalOps() {
        Tensor p = bool(s(4), true, true, false, false);
        Tensor q = bool(s(4), true, false, true, false);
        assertBools(b(BinaryOp.AND, p, q), s(4), true, false, false, false);
        assertBools(b(BinaryOp.OR, p, q), s(4), true, true, true, false);
        assertBools(b(BinaryOp.EQ, p, q), s(4), true, false, false, true);
        assertThrows(IllegalArgumentException.class, () -> b(BinaryOp.ADD, p, q));
    }

    @Test
    void broadcastRowsColumnsScalarsAndOuterProducts() {
        Tensor m = f32(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertFloats(b(BinaryOp.ADD, m, f32(s(3), 10, 20, 30)), s(2, 3), 11, 22, 33, 14, 25, 36);
        assertFloats(b(BinaryOp.SUB, f32(s(3), 10, 20, 30), m), s(2, 3), 9, 18, 27, 6, 15, 24);
        assertFloats(b(BinaryOp.DIV, m, f32(s(2, 1), 1, 2)), s(2, 3), 1, 2, 3, 2, 2.5f, 3);
        assertFloats(b(BinaryOp.MUL, f32(Shape.scalar(), 2), m), s(2, 3), 2, 4, 6, 8, 10, 12);
        assertFloats(b(BinaryOp.MUL, f32(s(2, 1), 1, 2), f32(s(1, 3), 1, 10, 100)), s(2, 3),
                1, 10, 100, 2, 20, 200);
        // Rank extension: (2, 1, 3) with (2, 3) gives (2, 2, 3).
        assertFloats(b(BinaryOp.ADD, f32(s(2, 1, 3), 0, 0, 0, 100, 100, 100), m), s(2, 2, 3),
                1, 2, 3, 4, 5, 6, 101, 102, 103, 104, 105, 106);
        assertDoubles(b(BinaryOp.POW, f64(s(2, 1), 2, 3), f64(s(2), 1, 2)), s(2, 2), 0, 2, 4, 3, 9);
        assertLongs(b(BinaryOp.SUB, i64(s(2, 1), 10, 20), i64(s(3), 1, 2, 3)), s(2, 3), 9, 8, 7, 19, 18, 17);
        assertBools(b(BinaryOp.GT, m, f32(s(1), 3.5f)), s(2, 3), false, false, false, true, true, true);
    }

    @Test
    void broadcastWithEmptyDimensions() {
        assertFloats(b(BinaryOp.ADD, f32(s(0, 3)), f32(s(3), 1, 2, 3)), s(0, 3));
        assertFloats(b(BinaryOp.MUL, f32(s(2, 1), 1, 2), f32(s(0))), s(2, 0));
        assertThrows(IllegalArgumentException.class,
                () -> b(BinaryOp.ADD, f32(s(2), 1, 2), f32(s(3), 1, 2, 3)));
    }

    // ------------------------------------------------------------------ where and defaults built on these

    @Test
    void whereBroadcastsAllThreeOperands() {
        Tensor cond = bool(s(2, 1), true, false);
        assertFloats(B.where(cond, f32(s(1, 3), 1, 2, 3), f32(Shape.scalar(), -1)), s(2, 3), 1, 2, 3, -1, -1, -1);
        assertLongs(B.where(bool(s(3), true, false, true), i64(s(3), 1, 2, 3), i64(s(3), 7, 8, 9)), s(3), 1, 8, 3);
        assertBools(B.where(bool(s(2), false, true), bool(s(1), true), bool(s(1), false)), s(2), false, true);
        assertThrows(IllegalArgumentException.class,
                () -> B.where(f32(s(1), 1), f32(s(1), 1), f32(s(1), 1)));
    }

    @Test
    void clipSoftmaxAndOneHotDefaultsWork() {
        assertFloats(B.clip(f32(s(4), -5, 0.5f, 9, NAN), 0, 1), s(4), 0, 0.5f, 1, NAN);
        Tensor sm = B.softmax(f64(s(2, 2), 0, 0, 1000, 1000 + Math.log(3)), 1);
        assertDoubles(sm, s(2, 2), 1e-12, 0.5, 0.5, 0.25, 0.75);
        assertFloats(B.oneHot(i32(s(3), 2, 0, 5), 3, DType.FLOAT32), s(3, 3), 0, 0, 1, 1, 0, 0, 0, 0, 0);
    }
}
