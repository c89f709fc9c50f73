package dev.sheaf.testkit;

import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;

/**
 * A tensor's value held on the host, independent of any backend: the kit's inputs and expected outputs, and what a
 * backend's result is read back into. Float values are held as doubles (float32 values already rounded to float),
 * integers as longs, bools as booleans.
 */
final class HostTensor {
    /** What fills the positions of a strided layout's parent that the view must never read. */
    private static final double FILL = -987654;

    final DType dtype;
    final Shape shape;
    private final double[] f;
    private final long[] i;
    private final boolean[] b;

    private HostTensor(DType dtype, Shape shape, double[] f, long[] i, boolean[] b) {
        this.dtype = dtype;
        this.shape = shape;
        this.f = f;
        this.i = i;
        this.b = b;
        int n = shape.elementCountAsInt();
        int len = f != null ? f.length : i != null ? i.length : b.length;
        if (len != n) {
            throw new IllegalArgumentException("HostTensor: " + len + " values for shape " + shape + " (" + n + ")");
        }
    }

    // ------------------------------------------------------------------ construction

    /** A float tensor; for float32 the values are rounded to float, as the backend will hold them. */
    static HostTensor floats(DType dtype, Shape shape, double... values) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("floats: " + dtype);
        }
        double[] v = values.clone();
        if (dtype == DType.FLOAT32) {
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) v[k];
            }
        }
        return new HostTensor(dtype, shape, v, null, null);
    }

    static HostTensor ints(DType dtype, Shape shape, long... values) {
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException("ints: " + dtype);
        }
        long[] v = values.clone();
        if (dtype == DType.INT32) {
            for (long x : v) {
                if (x != (int) x) {
                    throw new IllegalArgumentException("ints: " + x + " does not fit in int32");
                }
            }
        }
        return new HostTensor(dtype, shape, null, v, null);
    }

    static HostTensor bools(Shape shape, boolean... values) {
        return new HostTensor(DType.BOOL, shape, null, null, values.clone());
    }

    /** Any dtype from numbers: floats as given, integers truncated, bool as {@code != 0}. */
    static HostTensor of(DType dtype, Shape shape, double... values) {
        return switch (dtype) {
            case FLOAT32, FLOAT64 -> floats(dtype, shape, values);
            case INT32, INT64 -> {
                long[] l = new long[values.length];
                for (int k = 0; k < l.length; k++) {
                    l[k] = (long) values[k];
                }
                yield ints(dtype, shape, l);
            }
            case BOOL -> {
                boolean[] z = new boolean[values.length];
                for (int k = 0; k < z.length; k++) {
                    z[k] = values[k] != 0;
                }
                yield bools(shape, z);
            }
        };
    }

    /** Reads a backend tensor back to the host in its own dtype. */
    static HostTensor read(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32, FLOAT64 -> new HostTensor(t.dtype(), t.shape(), t.toDoubleArray(), null, null);
            case INT32, INT64 -> new HostTensor(t.dtype(), t.shape(), null, t.toLongArray(), null);
            case BOOL -> new HostTensor(t.dtype(), t.shape(), null, null, t.toBooleanArray());
        };
    }

    /** The same values under another shape of equal element count. */
    HostTensor reshape(Shape s) {
        return new HostTensor(dtype, s, f, i, b);
    }

    // ------------------------------------------------------------------ element access

    int size() {
        return shape.elementCountAsInt();
    }

    double getDouble(int k) {
        return f != null ? f[k] : i != null ? i[k] : (b[k] ? 1 : 0);
    }

    long getLong(int k) {
        return f != null ? (long) f[k] : i != null ? i[k] : (b[k] ? 1 : 0);
    }

    boolean getBoolean(int k) {
        return f != null ? f[k] != 0 : i != null ? i[k] != 0 : b[k];
    }

    /** Element {@code k} as text, exactly (floats with all their digits). */
    String format(int k) {
        if (f != null) {
            return dtype == DType.FLOAT32 ? Float.toString((float) f[k]) : Double.toString(f[k]);
        }
        return i != null ? Long.toString(i[k]) : Boolean.toString(b[k]);
    }

    double[] doubles() {
        double[] r = new double[size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = getDouble(k);
        }
        return r;
    }

    /** Largest finite magnitude, at least 1: the scale accumulated rounding errors are measured against. */
    double maxAbs() {
        double m = 1;
        for (int k = 0; k < size(); k++) {
            double v = Math.abs(getDouble(k));
            if (Double.isFinite(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** {@code float32 (3, 4)}. */
    String describe() {
        return dtype + " " + shape;
    }

    /** The values, abbreviated, for messages. */
    String preview() {
        int n = Math.min(size(), 12);
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "" : ", ").append(format(k));
        }
        return sb.append(size() > n ? ", …]" : "]").toString();
    }

    // ------------------------------------------------------------------ putting on a backend

    /** A contiguous tensor of these values on {@code backend}. */
    Tensor on(Backend backend) {
        return create(backend, shape);
    }

    /**
     * A tensor of these values on {@code backend}, reached through {@code layout}. The intermediate tensors are left
     * to the enclosing {@code TensorScope}.
     */
    Tensor on(Backend backend, Layout layout) {
        int n = shape.rank();
        if (!layout.fits(n)) {
            throw new IllegalArgumentException(layout + " layout needs a higher rank than " + shape);
        }
        switch (layout) {
            case CONTIGUOUS:
                return on(backend);
            case TRANSPOSED: {
                // Hold the values in reversed axis order; reversing the axes again gives them back as a view.
                long[] d = shape.dims();
                long[] rd = new long[n];
                int[] perm = new int[n];
                for (int a = 0; a < n; a++) {
                    rd[a] = d[n - 1 - a];
                    perm[a] = n - 1 - a;
                }
                Shape rs = Shape.of(rd);
                long[] xStrides = shape.strides();
                int[] src = new int[rs.elementCountAsInt()];
                int[] idx = new int[n];
                for (int k = 0; k < src.length; k++) {
                    unravel(k, rd, idx);
                    long s = 0;
                    for (int a = 0; a < n; a++) {
                        s += idx[a] * xStrides[n - 1 - a];
                    }
                    src[k] = (int) s;
                }
                return backend.transpose(remap(rs, src).on(backend), perm);
            }
            case STRIDED: {
                // Offset 1 along the first axis (rank >= 2) and stride 2 along the last, in a parent filled elsewhere.
                long[] d = shape.dims();
                long[] pd = d.clone();
                int[] begin = new int[n];
                int[] end = new int[n];
                int[] strides = new int[n];
                for (int a = 0; a < n; a++) {
                    strides[a] = 1;
                    end[a] = (int) d[a];
                }
                if (n >= 2) {
                    pd[0] = d[0] + 1;
                    begin[0] = 1;
                    end[0] = (int) pd[0];
                }
                pd[n - 1] = 2 * d[n - 1] + 1;
                begin[n - 1] = 1;
                end[n - 1] = (int) pd[n - 1];
                strides[n - 1] = 2;
                Shape ps = Shape.of(pd);
                long[] xStrides = shape.strides();
                int[] src = new int[ps.elementCountAsInt()];
                int[] idx = new int[n];
                for (int k = 0; k < src.length; k++) {
                    unravel(k, pd, idx);
                    long s = 0;
                    boolean inside = true;
                    for (int a = 0; a < n; a++) {
                        int j = idx[a];
                        if (a == n - 1) {
                            if (j < 1 || (j - 1) % 2 != 0) {
                                inside = false;
                                break;
                            }
                            j = (j - 1) / 2;
                        } else if (a == 0 && n >= 2) {
                            j -= 1;
                            if (j < 0) {
                                inside = false;
                                break;
                            }
                        }
                        s += j * xStrides[a];
                    }
                    src[k] = inside ? (int) s : -1;
                }
                return backend.slice(remap(ps, src).on(backend), begin, end, strides);
            }
            default:
                throw new AssertionError(layout);
        }
    }

    private Tensor create(Backend backend, Shape s) {
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[f.length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) f[k];
                }
                yield backend.fromFloats(v, s);
            }
            case FLOAT64 -> backend.fromDoubles(f.clone(), s);
            case INT32 -> {
                int[] v = new int[i.length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (int) i[k];
                }
                yield backend.fromInts(v, s);
            }
            case INT64 -> backend.fromLongs(i.clone(), s);
            case BOOL -> backend.fromBooleans(b.clone(), s);
        };
    }

    /** A tensor of {@code s} whose element k is this tensor's element {@code src[k]}, or a filler where it is -1. */
    HostTensor remap(Shape s, int[] src) {
        double[] nf = f == null ? null : new double[src.length];
        long[] ni = i == null ? null : new long[src.length];
        boolean[] nb = b == null ? null : new boolean[src.length];
        for (int k = 0; k < src.length; k++) {
            int j = src[k];
            if (nf != null) {
                nf[k] = j < 0 ? FILL : f[j];
            } else if (ni != null) {
                ni[k] = j < 0 ? (long) FILL : i[j];
            } else {
                nb[k] = j < 0 || b[j];
            }
        }
        return new HostTensor(dtype, s, nf, ni, nb);
    }

    static void unravel(int flat, long[] dims, int[] out) {
        for (int a = dims.length - 1; a >= 0; a--) {
            int d = (int) dims[a];
            out[a] = d == 0 ? 0 : flat % d;
            flat = d == 0 ? 0 : flat / d;
        }
    }

    /** The multi-index of flat position {@code k}, as {@code [1, 2]}. */
    String indexOf(int k) {
        int[] idx = new int[shape.rank()];
        unravel(k, shape.dims(), idx);
        return Arrays.toString(idx);
    }
}
