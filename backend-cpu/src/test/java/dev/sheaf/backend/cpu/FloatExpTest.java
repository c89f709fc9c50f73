package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link FloatExp} against {@code Math.exp} (correctly rounded to double, then to float): within 1 ulp over a sweep of
 * float bit patterns covering every exponent, and exact on the special values and at the ends of its range.
 */
class FloatExpTest {
    /** Ulps between two non-negative floats (their bit patterns are ordered like their values, +inf included). */
    private static long ulps(float a, float b) {
        return Math.abs((long) Float.floatToRawIntBits(a) - Float.floatToRawIntBits(b));
    }

    @Test
    void withinOneUlpOfTheCorrectlyRoundedExponentialAcrossTheFloats() {
        long worst = 0;
        float worstAt = 0;
        // A stride coprime to 2^32 visits about a million patterns spread over every exponent and sign.
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 4099) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.isNaN(x)) {
                continue;
            }
            long u = ulps(FloatExp.exp(x), (float) Math.exp(x));
            if (u > worst) {
                worst = u;
                worstAt = x;
            }
        }
        assertTrue(worst <= 1, "FloatExp.exp(" + worstAt + ") is " + worst + " ulp from Math.exp");
    }

    @Test
    void denseAroundTheRangeEndsAndZero() {
        float[][] ranges = {{85f, 89.5f}, {-105f, -85f}, {-1e-3f, 1e-3f}, {-12f, 12f}};
        for (float[] r : ranges) {
            for (float x = r[0]; x <= r[1]; x = Math.nextUp(x + (r[1] - r[0]) / 200_000f)) {
                float want = (float) Math.exp(x);
                assertTrue(ulps(FloatExp.exp(x), want) <= 1, "exp(" + x + ") = " + FloatExp.exp(x) + ", want " + want);
            }
        }
    }

    @Test
    void specialValues() {
        assertTrue(Float.isNaN(FloatExp.exp(Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(1f, FloatExp.exp(0f));
        assertEquals(1f, FloatExp.exp(-0f));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(88.73f));
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(1e30f));
        assertEquals(0f, FloatExp.exp(-104f));
        assertEquals(0f, FloatExp.exp(-1e30f));
        // ln(Float.MAX_VALUE) = 88.7228391...: the largest float below it has the largest finite exponential, the
        // next float overflows (as Math.exp rounded to float does).
        float lnMax = Math.nextDown(88.72284f);
        assertTrue(Float.isFinite(FloatExp.exp(lnMax)) && FloatExp.exp(lnMax) > 3.4e38f);
        assertEquals(Float.POSITIVE_INFINITY, FloatExp.exp(Math.nextUp(lnMax)));
        assertEquals(Float.MIN_VALUE, FloatExp.exp(-103.5f));
        assertEquals((float) Math.E, FloatExp.exp(1f), Math.ulp((float) Math.E));
    }
}
