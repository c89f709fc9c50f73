package dev.sheaf.testkit;

import org.opentest4j.AssertionFailedError;

/** Comparisons of host tensors with messages that say what differs and where. */
final class TensorAssertions {
    private TensorAssertions() {
    }

    /**
     * Fails unless {@code actual} has {@code expected}'s dtype and shape and every element is accepted by {@code tol}
     * (integers and bools always exactly).
     *
     * @param context what was computed, from what (op, input shapes and dtypes), for the message
     */
    static void assertMatches(String context, HostTensor expected, HostTensor actual, Tolerance tol) {
        if (expected.dtype != actual.dtype) {
            throw new AssertionFailedError(context + ": result dtype is " + actual.dtype + ", expected "
                    + expected.dtype + " (result shape " + actual.shape + ")");
        }
        if (!expected.shape.equals(actual.shape)) {
            throw new AssertionFailedError(context + ": result shape is " + actual.shape + ", expected "
                    + expected.shape + " (dtype " + expected.dtype + ")");
        }
        int first = -1;
        int count = 0;
        for (int k = 0; k < expected.size(); k++) {
            if (!same(expected, actual, k, tol)) {
                if (first < 0) {
                    first = k;
                }
                count++;
            }
        }
        if (first >= 0) {
            throw new AssertionFailedError(context + ": " + count + " of " + expected.size()
                    + " elements differ; first at index " + expected.indexOf(first) + " (flat " + first
                    + "): expected " + expected.format(first) + " but was " + actual.format(first) + " (tolerance: "
                    + (expected.dtype.isFloating() ? tol : "exact") + ")\n  expected " + expected.preview()
                    + "\n  actual   " + actual.preview());
        }
    }

    private static boolean same(HostTensor e, HostTensor a, int k, Tolerance tol) {
        return switch (e.dtype) {
            case FLOAT32, FLOAT64 -> tol.accepts(e.getDouble(k), a.getDouble(k));
            case INT32, INT64 -> e.getLong(k) == a.getLong(k);
            case BOOL -> e.getBoolean(k) == a.getBoolean(k);
        };
    }

    /** Fails with {@code message} unless {@code condition}. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionFailedError(message);
        }
    }
}
