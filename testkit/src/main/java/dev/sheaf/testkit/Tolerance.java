package dev.sheaf.testkit;

import org.apiguardian.api.API;

/**
 * How far a floating-point result may lie from the expected one: {@code |actual - expected| <= absolute + relative *
 * |expected|}. Infinities must match exactly (same sign) and NaN must appear exactly where NaN is expected, whatever the
 * tolerance.
 *
 * @param relative the allowed error relative to the expected value's magnitude
 * @param absolute the allowed error independent of magnitude; it matters for results near zero
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Tolerance(double relative, double absolute) {

    /** Bit-for-bit equality (any NaN matches any NaN). Used for integer, bool and data-movement results. */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** Validates. */
    public Tolerance {
        if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("Tolerance: relative " + relative + " and absolute " + absolute
                    + " must be non-negative numbers");
        }
    }

    /** True for {@link #EXACT}. */
    public boolean isExact() {
        return relative == 0 && absolute == 0;
    }

    /** Whether {@code actual} is acceptable where {@code expected} was computed. */
    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (isExact()) {
            // Exact also tells -0.0 from 0.0: a copy must not lose the sign bit.
            return Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
    }

    @Override
    public String toString() {
        return isExact() ? "exact" : "relative " + relative + ", absolute " + absolute;
    }
}
