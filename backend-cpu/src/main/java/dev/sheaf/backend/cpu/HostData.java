package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.DType;

/**
 * Moves elements between native tensors and Java arrays with the conversion rules of {@code Backend.cast}: float
 * sources widen through {@code double}, integer and bool sources through {@code long}, and the narrowing back follows
 * Java's casts (truncation toward zero, NaN to 0, saturation; int64 to int32 wraps; anything to bool is {@code != 0}).
 * Widening lets one loop serve every pair of dtypes; the float32 paths that training uses are bulk copies.
 */
final class HostData {
    private HostData() {
    }

    static int count(CpuTensor t) {
        return t.shape().elementCountAsInt();
    }

    /** The elements of a float tensor as doubles. */
    static double[] floating(CpuTensor t) {
        int n = count(t);
        double[] r = new double[n];
        if (t.dtype() == DType.FLOAT64) {
            t.memory().get(0, r, 0, n);
        } else {
            float[] f = new float[n];
            t.memory().get(0, f, 0, n);
            for (int i = 0; i < n; i++) {
                r[i] = f[i];
            }
        }
        return r;
    }

    /** The elements of an integer or bool tensor as longs. */
    static long[] integral(CpuTensor t) {
        int n = count(t);
        long[] r = new long[n];
        switch (t.dtype()) {
            case INT64 -> t.memory().get(0, r, 0, n);
            case INT32 -> {
                int[] v = new int[n];
                t.memory().get(0, v, 0, n);
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
            }
            case BOOL -> {
                byte[] v = new byte[n];
                t.memory().get(0, v, 0, n);
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
            }
            default -> throw new IllegalArgumentException("not an integral dtype: " + t.dtype());
        }
        return r;
    }

    /** Any tensor's elements as doubles (integers converted exactly where a double can hold them). */
    static double[] doubles(CpuTensor t) {
        if (t.dtype().isFloating()) {
            return floating(t);
        }
        long[] l = integral(t);
        double[] r = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            r[i] = l[i];
        }
        return r;
    }

    static float[] toFloats(CpuTensor t) {
        int n = count(t);
        if (t.dtype() == DType.FLOAT32) {
            float[] r = new float[n];
            t.memory().get(0, r, 0, n);
            return r;
        }
        float[] r = new float[n];
        if (t.dtype().isFloating()) {
            double[] d = floating(t);
            for (int i = 0; i < n; i++) {
                r[i] = (float) d[i];
            }
        } else {
            long[] l = integral(t);
            for (int i = 0; i < n; i++) {
                r[i] = l[i];
            }
        }
        return r;
    }

    static double[] toDoubles(CpuTensor t) {
        return doubles(t);
    }

    static int[] toInts(CpuTensor t) {
        int n = count(t);
        int[] r = new int[n];
        if (t.dtype() == DType.INT32) {
            t.memory().get(0, r, 0, n);
        } else if (t.dtype().isFloating()) {
            double[] d = floating(t);
            for (int i = 0; i < n; i++) {
                r[i] = (int) d[i];
            }
        } else {
            long[] l = integral(t);
            for (int i = 0; i < n; i++) {
                r[i] = (int) l[i];
            }
        }
        return r;
    }

    static long[] toLongs(CpuTensor t) {
        if (!t.dtype().isFloating()) {
            return integral(t);
        }
        double[] d = floating(t);
        long[] r = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (long) d[i];
        }
        return r;
    }

    static boolean[] toBooleans(CpuTensor t) {
        int n = count(t);
        boolean[] r = new boolean[n];
        if (t.dtype().isFloating()) {
            double[] d = floating(t);
            for (int i = 0; i < n; i++) {
                r[i] = d[i] != 0;
            }
        } else {
            long[] l = integral(t);
            for (int i = 0; i < n; i++) {
                r[i] = l[i] != 0;
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ writing

    static void write(CpuTensor t, float[] v) {
        t.memory().put(0, v, 0, v.length);
    }

    static void write(CpuTensor t, int[] v) {
        t.memory().put(0, v, 0, v.length);
    }

    static void write(CpuTensor t, boolean[] v) {
        t.memory().put(0, bools(v), 0, v.length);
    }

    private static byte[] bools(boolean[] v) {
        byte[] r = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] ? (byte) 1 : 0;
        }
        return r;
    }

    /** Stores doubles into a tensor of any dtype, narrowing as {@code cast} does. */
    static void write(CpuTensor t, double[] v) {
        NativeMemory m = t.memory();
        int n = v.length;
        switch (t.dtype()) {
            case FLOAT64 -> m.put(0, v, 0, n);
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) v[i];
                }
                m.put(0, f, 0, n);
            }
            case INT32 -> {
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (int) v[i];
                }
                m.put(0, r, 0, n);
            }
            case INT64 -> {
                long[] r = new long[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (long) v[i];
                }
                m.put(0, r, 0, n);
            }
            case BOOL -> {
                byte[] r = new byte[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i] != 0 ? (byte) 1 : 0;
                }
                m.put(0, r, 0, n);
            }
        }
    }

    /** Stores longs into a tensor of any dtype, narrowing as {@code cast} does (int32 wraps). */
    static void write(CpuTensor t, long[] v) {
        NativeMemory m = t.memory();
        int n = v.length;
        switch (t.dtype()) {
            case INT64 -> m.put(0, v, 0, n);
            case INT32 -> {
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (int) v[i];
                }
                m.put(0, r, 0, n);
            }
            case FLOAT32 -> {
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
                m.put(0, r, 0, n);
            }
            case FLOAT64 -> {
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
                m.put(0, r, 0, n);
            }
            case BOOL -> {
                byte[] r = new byte[n];
                for (int i = 0; i < n; i++) {
                    r[i] = v[i] != 0 ? (byte) 1 : 0;
                }
                m.put(0, r, 0, n);
            }
        }
    }
}
