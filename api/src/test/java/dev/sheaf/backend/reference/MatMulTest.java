package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertClose;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.assertInts;
import static dev.sheaf.backend.reference.Fixtures.assertLongs;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.i32;
import static dev.sheaf.backend.reference.Fixtures.i64;
import static dev.sheaf.backend.reference.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatMulTest {

    @Test
    void smallProductByHand() {
        Tensor a = f32(s(2, 2), 1, 2, 3, 4);
        Tensor b = f32(s(2, 2), 5, 6, 7, 8);
        assertFloats(B.matmul(a, b, false, false), s(2, 2), 19, 22, 43, 50);
        // a^T b = [[1,3],[2,4]] b
        assertFloats(B.matmul(a, b, true, false), s(2, 2), 26, 30, 38, 44);
        // a b^T = a [[5,7],[6,8]]
        assertFloats(B.matmul(a, b, false, true), s(2, 2), 17, 23, 39, 53);
        assertFloats(B.matmul(a, b, true, true), s(2, 2), 23, 31, 34, 46);
    }

    @Test
    void emptyInnerDimensionGivesZerosAndEmptyOuterGivesEmpty() {
        assertFloats(B.matmul(f32(s(2, 0)), f32(s(0, 3)), false, false), s(2, 3), 0, 0, 0, 0, 0, 0);
        assertFloats(B.matmul(f32(s(0, 4)), f32(s(4, 3), new float[12]), false, false), s(0, 3));
        assertLongs(B.matmul(i64(s(0, 1)), i64(s(1, 0)), true, true), s(1, 1), 0);
    }

    @Test
    void integerProductsWrap() {
        assertInts(B.matmul(i32(s(1, 1), 65536), i32(s(1, 1), 65536), false, false), s(1, 1), 0);
        assertInts(B.matmul(i32(s(1, 2), 2, 3), i32(s(2, 1), 4, 5), false, false), s(1, 1), 23);
    }

    @Test
    void mismatchedInnerDimensionIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> B.matmul(f32(s(2, 3), new float[6]), f32(s(2, 3), new float[6]), false, false));
    }

    /** Sizes straddle the kernel's blocks (64 rows, 256 depth, 512 columns) and the parallel threshold. */
    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,7", "17,33,9", "65,257,13", "70,600,530", "128,784,128", "5,1,300"})
    void agreesWithANaiveTripleLoop(int m, int k, int n) {
        SplittableRandom r = new SplittableRandom(m * 1000L + k * 10L + n);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}) {
            if (dt.isInteger() && (long) m * n * k > 1_000_000) {
                continue;
            }
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                double[] a = random(r, m * k, dt);
                double[] b = random(r, k * n, dt);
                Tensor ta1 = make(a, ta ? s(k, m) : s(m, k), dt);
                Tensor tb1 = make(b, tb ? s(n, k) : s(k, n), dt);
                Tensor c = B.matmul(ta1, tb1, ta, tb);
                assertEquals(s(m, n), c.shape());
                assertEquals(dt, c.dtype());
                double[] expected = naive(a, b, m, k, n, ta, tb, 0, 0);
                String what = dt + " " + m + "x" + k + "x" + n + " ta=" + ta + " tb=" + tb;
                if (dt.isInteger()) {
                    assertArrayEquals(toLongs(expected), c.toLongArray(), what);
                } else {
                    assertClose(expected, c.toDoubleArray(), dt == DType.FLOAT32 ? 1e-5 : 1e-12, what);
                }
            }
        }
    }

    @Test
    void batchDimensionsBroadcast() {
        SplittableRandom r = new SplittableRandom(7);
        int m = 3;
        int k = 4;
        int n = 5;
        // a: (2, 1, 3, 4) ; b transposed: (3, 5, 4) ; result (2, 3, 3, 5)
        double[] a = random(r, 2 * m * k, DType.FLOAT32);
        double[] b = random(r, 3 * n * k, DType.FLOAT32);
        Tensor c = B.matmul(make(a, s(2, 1, m, k), DType.FLOAT32), make(b, s(3, n, k), DType.FLOAT32), false, true);
        assertEquals(s(2, 3, m, n), c.shape());
        double[] got = c.toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double[] expected = naive(a, b, m, k, n, false, true, i * m * k, j * n * k);
                double[] slice = java.util.Arrays.copyOfRange(got, (i * 3 + j) * m * n, (i * 3 + j + 1) * m * n);
                assertClose(expected, slice, 1e-6, "batch " + i + "," + j);
            }
        }
        // Many batches of a large-enough product take the parallel path.
        double[] x = random(r, 16 * 40 * 50, DType.FLOAT64);
        double[] y = random(r, 50 * 30, DType.FLOAT64);
        Tensor z = B.matmul(make(x, s(16, 40, 50), DType.FLOAT64), make(y, s(50, 30), DType.FLOAT64), false, false);
        double[] zv = z.toDoubleArray();
        for (int i = 0; i < 16; i++) {
            double[] expected = naive(x, y, 40, 50, 30, false, false, i * 2000, 0);
            assertClose(expected, java.util.Arrays.copyOfRange(zv, i * 1200, (i + 1) * 1200), 1e-12, "batch " + i);
        }
    }

    @Test
    void denseDefaultAddsBiasAndActivation() {
        Tensor x = f32(s(1, 2), 1, -1);
        Tensor w = f32(s(2, 2), 1, 2, 3, 4);
        Tensor bias = f32(s(2), 0.5f, 0);
        // x w = [-2, -2]; + bias = [-1.5, -2]; relu -> 0
        assertFloats(B.dense(x, w, bias, dev.sheaf.spi.UnaryOp.RELU), s(1, 2), 0, 0);
        assertFloats(B.dense(x, w, bias, null), s(1, 2), -1.5f, -2);
    }

    static double[] naive(double[] a, double[] b, int m, int k, int n, boolean ta, boolean tb, int aOff, int bOff) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double y = tb ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    sum += x * y;
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    /** Small integers for integer dtypes (exact in double), floats exactly representable in float32. */
    private static double[] random(SplittableRandom r, int n, DType dt) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = dt.isInteger() ? r.nextInt(-9, 10) : (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static Tensor make(double[] v, Shape shape, DType dt) {
        try (Tensor d = B.fromDoubles(v, shape)) {
            return B.cast(d, dt);
        }
    }

    private static long[] toLongs(double[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (long) v[i];
        }
        return r;
    }
}
