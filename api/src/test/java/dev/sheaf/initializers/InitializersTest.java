package dev.sheaf.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializersTest {
    /** A conv kernel: 3x3 receptive field, 16 in, 32 out → fan_in 144, fan_out 288. */
    private static final Shape CONV = Shape.of(3, 3, 16, 32);

    private static double[] values(Initializer init, Shape shape) {
        Tensor t = init.initialize(shape, DType.FLOAT32);
        assertEquals(shape, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        return t.toDoubleArray();
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElseThrow();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    private static void assertUniformWithin(double limit, double[] v) {
        assertTrue(maxAbs(v) <= limit, "max |x| " + maxAbs(v) + " exceeds the limit " + limit);
        assertTrue(maxAbs(v) > 0.95 * limit, "max |x| " + maxAbs(v) + " is far below the limit " + limit);
        assertEquals(limit / Math.sqrt(3), std(v), 0.05 * limit / Math.sqrt(3));
    }

    private static void assertTruncatedNormal(double stddev, double[] v) {
        // Keras divides by 0.8796… so that the samples truncated at 2 sigma of the scaled normal have this stddev.
        double bound = 2 * stddev / 0.87962566103423978;
        assertTrue(maxAbs(v) <= bound * (1 + 1e-6), "max |x| " + maxAbs(v) + " exceeds 2 sigma " + bound);
        assertEquals(stddev, std(v), 0.05 * stddev);
        assertEquals(0, mean(v), 0.1 * stddev);
    }

    @Test
    void fanRulesFollowKeras() {
        assertEquals(new Fans(144, 288), Fans.of(CONV));
        assertEquals(new Fans(20, 30), Fans.of(Shape.of(20, 30)));
        assertEquals(new Fans(5, 5), Fans.of(Shape.of(5)));
        assertEquals(new Fans(1, 1), Fans.of(Shape.scalar()));
        assertEquals(1.0 / 216, new GlorotUniform().variance(CONV), 1e-15);
        assertEquals(2.0 / 144, new HeNormal().variance(CONV), 1e-15);
        assertEquals(1.0 / 288, new VarianceScaling(1, "fan_out", "uniform", null).variance(CONV), 1e-15);
        // Fans below 1 count as 1.
        assertEquals(2.0, new VarianceScaling(2, "fan_in", "uniform", null).variance(Shape.of(0, 3)), 1e-15);
    }

    @Test
    void uniformVarianceScalingBounds() {
        assertUniformWithin(Math.sqrt(6.0 / (144 + 288)), values(new GlorotUniform(1L), CONV));
        assertUniformWithin(Math.sqrt(6.0 / 144), values(new HeUniform(2L), CONV));
        assertUniformWithin(Math.sqrt(3.0 / 144), values(new LecunUniform(3L), CONV));
    }

    @Test
    void truncatedNormalVarianceScalingStddev() {
        assertTruncatedNormal(Math.sqrt(2.0 / (144 + 288)), values(new GlorotNormal(4L), CONV));
        assertTruncatedNormal(Math.sqrt(2.0 / 144), values(new HeNormal(5L), CONV));
        assertTruncatedNormal(Math.sqrt(1.0 / 144), values(new LecunNormal(6L), CONV));
        assertTruncatedNormal(Math.sqrt(1.0 / 144), values(new VarianceScaling(), CONV));
    }

    @Test
    void untruncatedNormalVarianceScaling() {
        double[] v = values(new VarianceScaling(2.0, "fan_avg", "untruncated_normal", 7L), Shape.of(100, 50));
        double stddev = Math.sqrt(2.0 / 75);
        assertEquals(stddev, std(v), 0.05 * stddev);
        assertTrue(maxAbs(v) > 2.5 * stddev, "an untruncated normal reaches beyond 2 sigma");
    }

    @Test
    void randomDistributionsHaveKerasDefaults() {
        double[] u = values(new RandomUniform(), Shape.of(4000));
        assertTrue(Arrays.stream(u).allMatch(x -> x >= -0.05 && x < 0.05));
        assertTrue(maxAbs(u) > 0.049);
        double[] n = values(new RandomNormal(), Shape.of(4000));
        assertEquals(0.05, std(n), 0.0025);
        assertEquals(0, mean(n), 0.005);
        double[] t = values(new TruncatedNormal(), Shape.of(4000));
        assertTrue(maxAbs(t) <= 0.1 + 1e-7);
        double[] shifted = values(new RandomNormal(3, 0.5, 8L), Shape.of(4000));
        assertEquals(3, mean(shifted), 0.05);
    }

    @Test
    void constantInitializers() {
        assertArrayEquals(new double[6], values(new Zeros(), Shape.of(2, 3)), 0);
        assertArrayEquals(new double[] {1, 1, 1}, values(new Ones(), Shape.of(3)), 0);
        assertArrayEquals(new double[] {0.5, 0.5}, values(new Constant(0.5), Shape.of(2)), 0);
        assertArrayEquals(new double[] {2, 0, 0, 0, 2, 0}, values(new Identity(2), Shape.of(2, 3)), 0);
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0}, values(new Identity(), Shape.of(3, 2)), 0);
        assertThrows(IllegalArgumentException.class, () -> new Identity().initialize(CONV, DType.FLOAT32));
    }

    /** The Gram matrix of the columns of a rows × cols matrix (cols × cols). */
    private static double[][] columnGram(double[] m, int rows, int cols) {
        double[][] g = new double[cols][cols];
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                for (int k = 0; k < rows; k++) {
                    g[i][j] += m[k * cols + i] * m[k * cols + j];
                }
            }
        }
        return g;
    }

    private static void assertScaledIdentity(double scale, double[][] g) {
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < g.length; j++) {
                assertEquals(i == j ? scale : 0, g[i][j], 1e-5, "Gram matrix entry " + i + "," + j);
            }
        }
    }

    @Test
    void orthogonalHasOrthonormalRowsOrColumns() {
        // Tall: 18 x 8 (3*3*2 rows): the columns are orthonormal.
        assertScaledIdentity(1, columnGram(values(new Orthogonal(1, 9L), Shape.of(3, 3, 2, 8)), 18, 8));
        // Wide: 4 x 6: the rows are orthonormal, i.e. the columns of the transpose.
        double[] wide = values(new Orthogonal(1, 10L), Shape.of(4, 6));
        double[] transposed = new double[24];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 6; c++) {
                transposed[c * 4 + r] = wide[r * 6 + c];
            }
        }
        assertScaledIdentity(1, columnGram(transposed, 6, 4));
        // Gain scales: W^T W = gain^2 I.
        assertScaledIdentity(4, columnGram(values(new Orthogonal(2, 11L), Shape.of(5, 5)), 5, 5));
        assertThrows(IllegalArgumentException.class, () -> new Orthogonal().initialize(Shape.of(4), DType.FLOAT32));
    }

    @Test
    void seedsMakeValuesReproducible() {
        Initializer seeded = new GlorotUniform(42L);
        double[] a = values(seeded, Shape.of(10, 10));
        assertArrayEquals(a, values(seeded, Shape.of(10, 10)), 0, "an explicit seed gives the same values each call");
        assertArrayEquals(a, values(new GlorotUniform(42L), Shape.of(10, 10)), 0);
        assertFalse(Arrays.equals(a, values(new GlorotUniform(43L), Shape.of(10, 10))));

        Initializer unseeded = new HeNormal();
        Sheaf.setSeed(5);
        double[] first = values(unseeded, Shape.of(10, 10));
        double[] second = values(unseeded, Shape.of(10, 10));
        assertFalse(Arrays.equals(first, second), "without a seed each call draws new values");
        Sheaf.setSeed(5);
        assertArrayEquals(first, values(unseeded, Shape.of(10, 10)), 0, "the global seed makes them reproducible");
        assertArrayEquals(values(new Orthogonal(1, 3L), Shape.of(4, 4)), values(new Orthogonal(1, 3L), Shape.of(4, 4)),
                0);
    }

    @Test
    void namesResolveAsKeras() {
        assertInstanceOf(GlorotUniform.class, Initializers.get("glorot_uniform"));
        assertInstanceOf(HeNormal.class, Initializers.get("he_normal"));
        assertInstanceOf(HeNormal.class, Initializers.get("HeNormal"));
        assertInstanceOf(Zeros.class, Initializers.get("zeros"));
        assertInstanceOf(Ones.class, Initializers.get("ones"));
        assertInstanceOf(RandomUniform.class, Initializers.get("uniform"));
        assertInstanceOf(Orthogonal.class, Initializers.get("orthogonal"));
        assertInstanceOf(Identity.class, Initializers.get("identity"));
        assertInstanceOf(TruncatedNormal.class, Initializers.get("truncated_normal"));
        assertInstanceOf(LecunNormal.class, Initializers.get("lecun_normal"));
        VarianceScaling vs = (VarianceScaling) Initializers.get("variance_scaling",
                Map.of("scale", 2, "mode", "fan_out", "distribution", "normal"));
        assertEquals("truncated_normal", vs.distribution());
        assertEquals("fan_out", vs.mode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.get("glorot"));
        assertTrue(e.getMessage().contains("'glorot'") && e.getMessage().contains("glorot_uniform"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("zeros", Map.of("value", 1)));
        assertTrue(e.getMessage().contains("no arguments"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new VarianceScaling(1, "fan_mid", "uniform", null));
        assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(0, "fan_in", "uniform", null));
    }

    @Test
    void configsRoundTrip() {
        Map<String, Object> seedNull = new HashMap<>();
        seedNull.put("seed", null);
        assertEquals(seedNull, new GlorotUniform().getConfig());
        assertEquals(Map.of("seed", 3L), new HeUniform(3L).getConfig());
        Map<String, Object> vs = new HashMap<>(Map.of("scale", 1.0, "mode", "fan_in", "distribution",
                "truncated_normal"));
        vs.put("seed", null);
        assertEquals(vs, new VarianceScaling().getConfig());
        for (Initializer init : new Initializer[] {new GlorotUniform(1L), new RandomUniform(-1, 2, 3L),
                new TruncatedNormal(0.5, 2, null), new Constant(4), new Orthogonal(2, 5L), new Identity(3),
                new VarianceScaling(3, "fan_avg", "uniform", 9L), new Zeros()}) {
            Map<String, Object> ser = Initializers.serialize(init);
            assertEquals(init.getClass().getSimpleName(), ser.get("class_name"));
            Initializer back = Initializers.deserialize(ser);
            assertEquals(init.getClass(), back.getClass());
            assertEquals(init.getConfig(), back.getConfig());
        }
        assertThrows(IllegalArgumentException.class, () -> Initializers.serialize((s, d) -> null));
    }
}
