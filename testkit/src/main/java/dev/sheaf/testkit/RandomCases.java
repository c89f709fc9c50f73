package dev.sheaf.testkit;

import static dev.sheaf.testkit.TensorAssertions.check;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * The seeded random ops. A backend may generate on its device with its own documented stream, so the kit checks
 * shape, dtype, range, determinism and statistics; where the backend keeps a default method, its numbers must also be
 * exactly those the SPI's Javadoc fixes ({@link SplittableRandom} with Box-Muller), recomputed here.
 */
final class RandomCases {
    private RandomCases() {
    }

    private static final int N = 20_000;

    /** One of the four random ops. */
    private interface Gen {
        Tensor make(Backend b, Shape s, DType dt, long seed);
    }

    static Stream<DynamicNode> all(Harness h) {
        List<DynamicNode> out = new ArrayList<>();
        for (DType dt : h.floatTypes()) {
            List<DynamicNode> cases = new ArrayList<>();
            Gen uniform = (b, s, t, seed) -> b.randomUniform(s, t, -2, 3, seed);
            Gen normal = (b, s, t, seed) -> b.randomNormal(s, t, 1.5, 2, seed);
            Gen truncated = (b, s, t, seed) -> b.truncatedNormal(s, t, -1, 0.5, seed);
            cases.add(dynamicContainer("randomUniform [-2, 3)", common(h, dt, uniform, "randomUniform",
                    new Class<?>[] {Shape.class, DType.class, double.class, double.class, long.class}, v -> {
                        double sum = 0;
                        for (double x : v) {
                            check(x >= -2 && x < 3, "randomUniform(-2, 3) produced " + x);
                            sum += x;
                        }
                        checkMean("randomUniform(-2, 3)", sum / v.length, 0.5, 5 / Math.sqrt(12));
                    }, r -> -2 + 5 * r.nextDouble())));
            cases.add(dynamicContainer("randomNormal mean 1.5 stddev 2", common(h, dt, normal, "randomNormal",
                    new Class<?>[] {Shape.class, DType.class, double.class, double.class, long.class}, v -> {
                        checkMean("randomNormal(1.5, 2)", mean(v), 1.5, 2);
                        checkStd("randomNormal(1.5, 2)", v, 2);
                    }, r -> 1.5 + 2 * gaussian(r))));
            cases.add(dynamicContainer("truncatedNormal mean -1 stddev 0.5", common(h, dt, truncated,
                    "truncatedNormal", new Class<?>[] {Shape.class, DType.class, double.class, double.class,
                        long.class}, v -> {
                        for (double x : v) {
                            check(x >= -2 - 1e-6 && x <= 1e-6, "truncatedNormal(-1, 0.5) produced " + x
                                    + ", more than two standard deviations from the mean");
                        }
                        checkMean("truncatedNormal(-1, 0.5)", mean(v), -1, 0.5);
                        // The standard deviation of a normal truncated at two sigma is 0.8796 sigma.
                        checkStd("truncatedNormal(-1, 0.5)", v, 0.5 * 0.8796);
                    }, r -> {
                        double g;
                        do {
                            g = gaussian(r);
                        } while (g < -2 || g > 2);
                        return -1 + 0.5 * g;
                    })));
            out.add(dynamicContainer(dt.toString(), cases));
        }
        Gen bern = (b, s, t, seed) -> b.bernoulli(s, 0.3, seed);
        out.add(dynamicContainer("bernoulli p=0.3", common(h, DType.BOOL, bern, "bernoulli",
                new Class<?>[] {Shape.class, double.class, long.class}, v -> {
                    checkMean("bernoulli(0.3)", mean(v), 0.3, Math.sqrt(0.3 * 0.7));
                }, r -> r.nextDouble() < 0.3 ? 1 : 0)));
        return out.stream();
    }

    private interface Stats {
        void check(double[] v);
    }

    private interface Draw {
        double next(SplittableRandom r);
    }

    private static List<DynamicNode> common(Harness h, DType dt, Gen gen, String method, Class<?>[] params,
                                            Stats stats, Draw contractStream) {
        Backend b = h.backend;
        List<DynamicNode> cases = new ArrayList<>();
        cases.add(h.test("dtype and shape", () -> {
            for (Shape s : new Shape[] {Shape.scalar(), Shape.of(0), Shape.of(2, 0), Shape.of(3, 4)}) {
                Tensor t = gen.make(b, s, dt, 7);
                check(t.dtype() == dt && t.shape().equals(s), method + "(" + s + ", " + dt + ") gave "
                        + t.dtype() + " " + t.shape());
            }
        }));
        cases.add(h.test("same seed, same numbers; other seed, other numbers", () -> {
            double[] a = gen.make(b, Shape.of(100), dt, 42).toDoubleArray();
            double[] c = gen.make(b, Shape.of(100), dt, 42).toDoubleArray();
            double[] d = gen.make(b, Shape.of(100), dt, 43).toDoubleArray();
            check(java.util.Arrays.equals(a, c), method + ": two calls with seed 42 differ");
            check(!java.util.Arrays.equals(a, d), method + ": seeds 42 and 43 give the same numbers");
        }));
        cases.add(h.test("statistics of " + N + " draws", () -> stats.check(gen.make(b, Shape.of(N), dt, 2024)
                .toDoubleArray())));
        if (keepsDefault(b, method, params)) {
            cases.add(h.test("the stream fixed by the SPI (default method kept)", () -> {
                SplittableRandom r = new SplittableRandom(99);
                double[] got = gen.make(b, Shape.of(2, 50), dt, 99).toDoubleArray();
                for (int k = 0; k < got.length; k++) {
                    double want = contractStream.next(r);
                    if (dt == DType.FLOAT32) {
                        want = (float) want;
                    }
                    check(Tolerance.EXACT.accepts(want, got[k]), method + " with seed 99 at " + k + ": expected "
                            + want + " (SplittableRandom stream of the SPI default) but was " + got[k]);
                }
            }));
        }
        return cases;
    }

    /** Whether {@code b}'s class inherits {@code method} from {@link Backend} rather than overriding it. */
    private static boolean keepsDefault(Backend b, String method, Class<?>[] params) {
        try {
            return b.getClass().getMethod(method, params).getDeclaringClass() == Backend.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Six standard errors: a correct generator fails this about once in 500 million runs, and runs are seeded. */
    private static void checkMean(String what, double mean, double expected, double stddev) {
        double se = stddev / Math.sqrt(N);
        check(Math.abs(mean - expected) <= 6 * se, what + ": mean of " + N + " draws is " + mean + ", expected "
                + expected + " ± " + 6 * se);
    }

    private static void checkStd(String what, double[] v, double expected) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        double std = Math.sqrt(s / (v.length - 1));
        check(Math.abs(std - expected) <= 0.05 * expected, what + ": standard deviation of " + N + " draws is " + std
                + ", expected " + expected + " ± 5%");
    }
}
