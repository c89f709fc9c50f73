package dev.sheaf.spi;

import org.apiguardian.api.API;

/**
 * The scalar definitions of the element-wise ops whose meaning {@link java.lang.Math} does not give directly, as the
 * {@link Backend} contract fixes them: C99 {@code pow}, the exact wrapping integer power, {@code erf} and an
 * overflow-free logistic function. A backend computing these in Java calls them, so that it agrees with the reference
 * backend bit for bit; a native backend matches them within the testkit's tolerances.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ScalarMath {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    private ScalarMath() {
    }

    /** C99/IEEE-754 pow: unlike {@code Math.pow}, pow(1, y) = 1 and pow(-1, ±inf) = 1 even for NaN or infinite y. */
    public static double pow(double base, double exponent) {
        if (base == 1.0 || (base == -1.0 && Double.isInfinite(exponent))) {
            return 1.0;
        }
        return Math.pow(base, exponent);
    }

    /**
     * The exact integer power with two's-complement wrap-around (the caller narrows to int32 where it must); a negative
     * exponent gives 0 except for bases 1 and -1.
     */
    public static long pow(long base, long exponent) {
        if (exponent < 0) {
            if (base == 1) {
                return 1;
            }
            if (base == -1) {
                return (exponent & 1) == 0 ? 1 : -1;
            }
            return 0;
        }
        long result = 1;
        long b = base;
        long e = exponent;
        while (e > 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>= 1;
        }
        return result;
    }

    /** The logistic function {@code 1 / (1 + exp(-v))}, written per sign so that neither branch can overflow exp. */
    public static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /**
     * The error function from the everywhere-convergent series {@code erf(x) = 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) /
     * (2n+1)!!}: all terms are positive, so nothing cancels and the result is accurate to a few ulp. Beyond |x| = 6
     * erf is 1 to double precision.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax >= 6) {
            return Math.copySign(1.0, x);
        }
        double x2 = ax * ax;
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 500; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        double r = Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum);
        return Math.copySign(r, x);
    }
}
