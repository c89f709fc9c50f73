package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;

/**
 * Per-thread heap arrays for the widening Java kernels ({@link WideUnary}, {@link WideBinary}, {@link WideReductions},
 * {@link JavaMatMul}, {@link JavaConvolution}, {@link JavaPooling}): an operand of any dtype is loaded into a
 * {@code double[]} (float32, float64) or a {@code long[]} (int32, int64, bool) with one bulk copy, so that one loop
 * per op serves every dtype of a family and C2 can vectorise it (it does not vectorise loops over direct buffers), and
 * the result is stored back narrowed to its dtype with the rules of {@code Backend.cast} (floats round once, int32
 * keeps the low 32 bits). The arrays are reused across calls, as {@link Scratch}'s are: allocating and zeroing fresh
 * ones of a few megabytes cost more than the loops (G1 places them outside the young generation). Arrays above
 * {@link #RETAINED} elements are not kept, so a single huge op does not pin its memory to the thread. Kernels never
 * nest, so one set per thread is enough; every array may be longer than asked for, so loops run to the element count,
 * never to {@code length}.
 */
final class WideScratch {
    /** Largest array kept for reuse (32 MiB of doubles). */
    static final int RETAINED = 1 << 22;
    private static final int SLOTS = 3;
    private static final ThreadLocal<WideScratch> LOCAL = ThreadLocal.withInitial(WideScratch::new);

    private final double[][] doubles = new double[SLOTS][];
    private final long[][] longs = new long[SLOTS][];
    private float[] floats = new float[0];
    private int[] ints = new int[0];

    static WideScratch get() {
        return LOCAL.get();
    }

    /** Array {@code slot} (0..2) of at least {@code n} doubles; contents undefined. */
    double[] doubles(int slot, int n) {
        double[] a = doubles[slot];
        if (a != null && a.length >= n) {
            return a;
        }
        a = new double[Math.max(n, 64)];
        if (n <= RETAINED) {
            doubles[slot] = a;
        }
        return a;
    }

    /** Array {@code slot} (0..2) of at least {@code n} longs; contents undefined. */
    long[] longs(int slot, int n) {
        long[] a = longs[slot];
        if (a != null && a.length >= n) {
            return a;
        }
        a = new long[Math.max(n, 64)];
        if (n <= RETAINED) {
            longs[slot] = a;
        }
        return a;
    }

    private float[] floats(int n) {
        if (floats.length >= n) {
            return floats;
        }
        float[] a = new float[Math.max(n, 64)];
        if (n <= RETAINED) {
            floats = a;
        }
        return a;
    }

    private int[] ints(int n) {
        if (ints.length >= n) {
            return ints;
        }
        int[] a = new int[Math.max(n, 64)];
        if (n <= RETAINED) {
            ints = a;
        }
        return a;
    }

    /** The elements of float tensor {@code t} as doubles in slot {@code slot} (exact: every float is a double). */
    double[] loadDoubles(int slot, CpuTensor t) {
        int n = HostData.count(t);
        double[] r = doubles(slot, n);
        ByteBuffer b = t.buffer();
        switch (t.dtype()) {
            case FLOAT64 -> b.asDoubleBuffer().get(r, 0, n);
            case FLOAT32 -> {
                float[] f = floats(n);
                b.asFloatBuffer().get(f, 0, n);
                for (int i = 0; i < n; i++) {
                    r[i] = f[i];
                }
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + t.dtype());
        }
        return r;
    }

    /** The elements of integer or bool tensor {@code t} as longs in slot {@code slot}. */
    long[] loadLongs(int slot, CpuTensor t) {
        int n = HostData.count(t);
        long[] r = longs(slot, n);
        ByteBuffer b = t.buffer();
        switch (t.dtype()) {
            case INT64 -> b.asLongBuffer().get(r, 0, n);
            case INT32 -> {
                int[] v = ints(n);
                b.asIntBuffer().get(v, 0, n);
                for (int i = 0; i < n; i++) {
                    r[i] = v[i];
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    r[i] = b.get(i);
                }
            }
            default -> throw new IllegalArgumentException("not an integer or bool dtype: " + t.dtype());
        }
        return r;
    }

    /** Stores the first {@code t.size()} of {@code v} into float tensor {@code t}, rounding once for float32. */
    void store(CpuTensor t, double[] v) {
        int n = HostData.count(t);
        ByteBuffer b = t.buffer();
        switch (t.dtype()) {
            case FLOAT64 -> b.asDoubleBuffer().put(v, 0, n);
            case FLOAT32 -> {
                float[] f = floats(n);
                for (int i = 0; i < n; i++) {
                    f[i] = (float) v[i];
                }
                b.asFloatBuffer().put(f, 0, n);
            }
            default -> throw new IllegalArgumentException("not a float dtype: " + t.dtype());
        }
    }

    /** Stores the first {@code t.size()} of {@code v} into integer or bool tensor {@code t} (int32 wraps). */
    void store(CpuTensor t, long[] v) {
        int n = HostData.count(t);
        ByteBuffer b = t.buffer();
        switch (t.dtype()) {
            case INT64 -> b.asLongBuffer().put(v, 0, n);
            case INT32 -> {
                int[] r = ints(n);
                for (int i = 0; i < n; i++) {
                    r[i] = (int) v[i];
                }
                b.asIntBuffer().put(r, 0, n);
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    b.put(i, v[i] != 0 ? (byte) 1 : 0);
                }
            }
            default -> throw new IllegalArgumentException("not an integer or bool dtype: " + t.dtype());
        }
    }
}
