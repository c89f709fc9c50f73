package dev.sheaf.testkit;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.SplittableRandom;

/**
 * Seeded random and hand-picked host tensors. Every case seeds its own generator from its name, so a failing case
 * reproduces alone and adding a case does not change the others' data.
 */
final class RandomTensors {
    private final SplittableRandom r;

    RandomTensors(long seed) {
        this.r = new SplittableRandom(seed);
    }

    /** A generator seeded from a case name. */
    static RandomTensors forCase(String name) {
        return new RandomTensors(0x5eaf_0000_0000L ^ name.hashCode());
    }

    /**
     * Typical values of {@code dtype}: floats normal with standard deviation {@code scale}; integers uniform in
     * {@code [-scale, scale]}; bools fair coins.
     */
    HostTensor normal(DType dtype, Shape shape, double scale) {
        int n = shape.elementCountAsInt();
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = switch (dtype) {
                case FLOAT32, FLOAT64 -> scale * gaussian();
                case INT32, INT64 -> r.nextLong(-(long) scale, (long) scale + 1);
                case BOOL -> r.nextBoolean() ? 1 : 0;
            };
        }
        return HostTensor.of(dtype, shape, v);
    }

    /** Values of {@code dtype} with standard spread: floats N(0, 2), integers in [-20, 20], bools fair. */
    HostTensor of(DType dtype, Shape shape) {
        return normal(dtype, shape, dtype.isFloating() ? 2 : 20);
    }

    /** Uniform values in {@code [lo, hi)} (floats) or {@code [lo, hi]} (integers). */
    HostTensor uniform(DType dtype, Shape shape, double lo, double hi) {
        int n = shape.elementCountAsInt();
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = dtype.isFloating() ? lo + (hi - lo) * r.nextDouble() : r.nextLong((long) lo, (long) hi + 1);
        }
        return HostTensor.of(dtype, shape, v);
    }

    /** Values of {@code dtype} whose magnitude is in {@code [lo, hi)}, with random signs: kept away from zero. */
    HostTensor awayFromZero(DType dtype, Shape shape, double lo, double hi) {
        int n = shape.elementCountAsInt();
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            double m = lo + (hi - lo) * r.nextDouble();
            v[k] = r.nextBoolean() ? m : -m;
        }
        return HostTensor.of(dtype, shape, v);
    }

    /** Values drawn from {@code choices}: for tie-rich or overflow-safe data. */
    HostTensor choose(DType dtype, Shape shape, double... choices) {
        int n = shape.elementCountAsInt();
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = choices[r.nextInt(choices.length)];
        }
        return HostTensor.of(dtype, shape, v);
    }

    /** A random permutation of {@code 0..n-1}. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int k = 0; k < n; k++) {
            p[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = r.nextInt(k + 1);
            int t = p[k];
            p[k] = p[j];
            p[j] = t;
        }
        return p;
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }

    private double gaussian() {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    // ------------------------------------------------------------------ hand-picked values

    /**
     * The edge values of a float dtype, 1-d: signed zeros, the rounding ties, magnitudes 1e30 and 1e-30, denormals,
     * values near the exp overflow threshold, NaN and both infinities (and 1e300/1e-300 for float64). An even count,
     * so they pair up into rows.
     */
    static double[] floatSpecials(DType dtype) {
        double denormal = dtype == DType.FLOAT32 ? 1e-40 : 1e-310;
        double[] common = {0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3.7, -3.7, 1e30, -1e30, 1e-30, -1e-30,
            denormal, -denormal, 20, -20, 88.5, -104, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        if (dtype == DType.FLOAT64) {
            double[] more = java.util.Arrays.copyOf(common, common.length + 4);
            more[common.length] = 1e300;
            more[common.length + 1] = 1e-300;
            more[common.length + 2] = 710;
            more[common.length + 3] = -745.5;
            return more;
        }
        return common;
    }

    /**
     * Edge values of an integer dtype that no arithmetic op of the kit overflows on: zero, ±1, small values and
     * ±46340 (whose square still fits in int32). An even count, so they pair up into rows.
     */
    static double[] intSpecials() {
        return new double[] {0, 1, -1, 2, -2, 3, -3, 7, -7, 100, -100, 46340, -46340, 5};
    }

    /** {@link #intSpecials} plus the extremes of {@code dtype}, for comparisons, selection and data movement. */
    static double[] intExtremes(DType dtype) {
        double[] s = intSpecials();
        double[] r = java.util.Arrays.copyOf(s, s.length + 2);
        if (dtype == DType.INT32) {
            r[s.length] = Integer.MAX_VALUE;
            r[s.length + 1] = Integer.MIN_VALUE;
        } else {
            // Exactly representable as double, so the host path is lossless; the real extremes are in the cast cases.
            r[s.length] = 0x1p62;
            r[s.length + 1] = -0x1p62;
        }
        return r;
    }

    /** The edge values of {@code dtype} as a 1-d tensor. */
    static HostTensor specials(DType dtype) {
        double[] v = switch (dtype) {
            case FLOAT32, FLOAT64 -> floatSpecials(dtype);
            case INT32, INT64 -> intSpecials();
            case BOOL -> new double[] {0, 1};
        };
        return HostTensor.of(dtype, Shape.of(v.length), v);
    }
}
