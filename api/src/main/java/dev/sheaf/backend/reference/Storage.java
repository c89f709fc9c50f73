package dev.sheaf.backend.reference;

import dev.sheaf.tensor.DType;

/**
 * The typed Java arrays behind reference tensors: allocation, widening to {@code double}/{@code long} for the generic
 * kernels, narrowing back with the cast rules of the SPI, and index-map gathers that work for every dtype.
 *
 * <p>Widening lets one generic kernel serve two dtypes (float32/float64 through double, int32/int64/bool through
 * long) at the cost of a copy; the hot float32 paths of training bypass it.
 */
final class Storage {
    private Storage() {
    }

    static DType dtypeOf(Object data) {
        if (data instanceof float[]) {
            return DType.FLOAT32;
        } else if (data instanceof double[]) {
            return DType.FLOAT64;
        } else if (data instanceof int[]) {
            return DType.INT32;
        } else if (data instanceof long[]) {
            return DType.INT64;
        } else if (data instanceof boolean[]) {
            return DType.BOOL;
        }
        throw new IllegalArgumentException("reference backend: unsupported storage "
                + (data == null ? "null" : data.getClass().getSimpleName()));
    }

    static int length(Object data) {
        return switch (dtypeOf(data)) {
            case FLOAT32 -> ((float[]) data).length;
            case FLOAT64 -> ((double[]) data).length;
            case INT32 -> ((int[]) data).length;
            case INT64 -> ((long[]) data).length;
            case BOOL -> ((boolean[]) data).length;
        };
    }

    static Object allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
        };
    }

    static Object copy(Object data) {
        return switch (dtypeOf(data)) {
            case FLOAT32 -> ((float[]) data).clone();
            case FLOAT64 -> ((double[]) data).clone();
            case INT32 -> ((int[]) data).clone();
            case INT64 -> ((long[]) data).clone();
            case BOOL -> ((boolean[]) data).clone();
        };
    }

    /** {@code n} elements of {@code value} converted as {@code cast} converts. */
    static Object filled(DType dtype, int n, double value) {
        Object r = allocate(dtype, n);
        switch (dtype) {
            case FLOAT32 -> java.util.Arrays.fill((float[]) r, (float) value);
            case FLOAT64 -> java.util.Arrays.fill((double[]) r, value);
            case INT32 -> java.util.Arrays.fill((int[]) r, (int) value);
            case INT64 -> java.util.Arrays.fill((long[]) r, (long) value);
            case BOOL -> java.util.Arrays.fill((boolean[]) r, value != 0);
        }
        return r;
    }

    /** The elements as doubles; a {@code double[]} is returned itself, so the result must not be modified. */
    static double[] toDoubles(Object data) {
        if (data instanceof double[] d) {
            return d;
        }
        int n = length(data);
        double[] r = new double[n];
        if (data instanceof float[] f) {
            for (int i = 0; i < n; i++) {
                r[i] = f[i];
            }
        } else if (data instanceof int[] a) {
            for (int i = 0; i < n; i++) {
                r[i] = a[i];
            }
        } else if (data instanceof long[] a) {
            for (int i = 0; i < n; i++) {
                r[i] = a[i];
            }
        } else {
            boolean[] b = (boolean[]) data;
            for (int i = 0; i < n; i++) {
                r[i] = b[i] ? 1 : 0;
            }
        }
        return r;
    }

    /**
     * The elements as longs (floats truncated, NaN 0, saturating); a {@code long[]} is returned itself, so the result
     * must not be modified.
     */
    static long[] toLongs(Object data) {
        if (data instanceof long[] l) {
            return l;
        }
        int n = length(data);
        long[] r = new long[n];
        if (data instanceof float[] f) {
            for (int i = 0; i < n; i++) {
                r[i] = (long) f[i];
            }
        } else if (data instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                r[i] = (long) d[i];
            }
        } else if (data instanceof int[] a) {
            for (int i = 0; i < n; i++) {
                r[i] = a[i];
            }
        } else {
            boolean[] b = (boolean[]) data;
            for (int i = 0; i < n; i++) {
                r[i] = b[i] ? 1 : 0;
            }
        }
        return r;
    }

    /** Narrows doubles to {@code dtype}; a float64 result is {@code v} itself. */
    static Object fromDoubles(double[] v, DType dtype) {
        int n = v.length;
        switch (dtype) {
            case FLOAT64:
                return v;
            case FLOAT32: {
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (float) v[i];
                }
                return r;
            }
            case INT32: {
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (int) v[i];
                }
                return r;
            }
            case INT64: {
                long[] r = new long[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (long) v[i];
                }
                return r;
            }
            default: {
                boolean[] r = new boolean[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i] != 0;
                }
                return r;
            }
        }
    }

    /** Narrows longs to {@code dtype} (int32 wraps, as Java's narrowing); an int64 result is {@code v} itself. */
    static Object fromLongs(long[] v, DType dtype) {
        int n = v.length;
        switch (dtype) {
            case INT64:
                return v;
            case FLOAT32: {
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
                return r;
            }
            case FLOAT64: {
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
                return r;
            }
            case INT32: {
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (int) v[i];
                }
                return r;
            }
            default: {
                boolean[] r = new boolean[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i] != 0;
                }
                return r;
            }
        }
    }

    /** A new array of {@code to} holding the converted elements, following {@code Backend.cast}. */
    static Object cast(Object data, DType to) {
        DType from = dtypeOf(data);
        if (from == to) {
            return copy(data);
        }
        if (from.isFloating()) {
            return fromDoubles(toDoubles(data), to);
        }
        // Integers go through long so that int64 -> float32 rounds once.
        return fromLongs(toLongs(data), to);
    }

    /** {@code out[i] = src[index[i]]}, or {@code fill} (converted to the dtype) where {@code index[i] < 0}. */
    static Object take(Object src, int[] index, double fill) {
        int n = index.length;
        switch (dtypeOf(src)) {
            case FLOAT32: {
                float[] s = (float[]) src;
                float[] r = new float[n];
                float f = (float) fill;
                for (int i = 0; i < n; i++) {
                    int j = index[i];
                    r[i] = j < 0 ? f : s[j];
                }
                return r;
            }
            case FLOAT64: {
                double[] s = (double[]) src;
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    int j = index[i];
                    r[i] = j < 0 ? fill : s[j];
                }
                return r;
            }
            case INT32: {
                int[] s = (int[]) src;
                int[] r = new int[n];
                int f = (int) fill;
                for (int i = 0; i < n; i++) {
                    int j = index[i];
                    r[i] = j < 0 ? f : s[j];
                }
                return r;
            }
            case INT64: {
                long[] s = (long[]) src;
                long[] r = new long[n];
                long f = (long) fill;
                for (int i = 0; i < n; i++) {
                    int j = index[i];
                    r[i] = j < 0 ? f : s[j];
                }
                return r;
            }
            default: {
                boolean[] s = (boolean[]) src;
                boolean[] r = new boolean[n];
                boolean f = fill != 0;
                for (int i = 0; i < n; i++) {
                    int j = index[i];
                    r[i] = j < 0 ? f : s[j];
                }
                return r;
            }
        }
    }
}
