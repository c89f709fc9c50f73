package dev.sheaf.tensor;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * An immutable tensor shape: a list of non-negative dimension sizes. A rank-0 shape is a scalar.
 *
 * <p>Also home of the shape arithmetic every backend must agree on (numpy broadcasting, axis
 * normalisation), so that every backend reports the same errors.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Shape {
    private static final Shape SCALAR = new Shape(new long[0]);

    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    /**
     * A shape of the given dimensions.
     *
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static Shape of(long... dims) {
        requireDims(dims);
        if (dims.length == 0) {
            return SCALAR;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("Shape " + Arrays.toString(dims)
                        + " has a negative dimension at axis " + i + "; dimensions must be >= 0");
            }
        }
        return new Shape(dims.clone());
    }

    /** The size of a dimension not known until run time (Keras's {@code None}), in {@link #symbolic} shapes. */
    public static final long UNKNOWN = -1;

    /**
     * A shape whose dimensions may be {@link #UNKNOWN} (-1), as the batch dimension of a model input:
     * {@code Shape.symbolic(-1, 784)} prints {@code (None, 784)}. Tensors always have fully defined shapes.
     *
     * @throws IllegalArgumentException if a dimension is below -1
     */
    public static Shape symbolic(long... dims) {
        requireDims(dims);
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < UNKNOWN) {
                throw new IllegalArgumentException("Shape " + Arrays.toString(dims) + " has an invalid dimension at axis "
                        + i + "; dimensions must be >= 0, or -1 for unknown");
            }
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    private static void requireDims(Object dims) {
        if (dims == null) {
            throw new IllegalArgumentException("Shape: the dimensions are null; give an array (empty for a scalar)");
        }
    }

    /** True if no dimension is {@link #UNKNOWN}. */
    public boolean isFullyDefined() {
        for (long d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /** A shape of the given dimensions, from ints. */
    public static Shape of(int... dims) {
        requireDims(dims);
        long[] l = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            l[i] = dims[i];
        }
        return of(l);
    }

    /** The rank-0 shape {@code ()}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /**
     * Size of dimension {@code axis}; a negative axis counts from the end.
     *
     * @throws IllegalArgumentException if the axis is out of range
     */
    public long dim(int axis) {
        return dims[normalizeAxis(axis, "dim")];
    }

    /** Size of dimension {@code axis} as an int, for array indexing. */
    public int size(int axis) {
        return intDim(dim(axis));
    }

    private int intDim(long d) {
        if (d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Shape " + this + " has a dimension of " + d
                    + ", more than an int index can reach");
        }
        return (int) d;
    }

    /** A copy of the dimensions. */
    public long[] dims() {
        return dims.clone();
    }

    /** A copy of the dimensions as ints. */
    public int[] toIntArray() {
        int[] r = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = intDim(dims[i]);
        }
        return r;
    }

    /** Number of elements (1 for a scalar, 0 if any dimension is 0). */
    public long elementCount() {
        if (!isFullyDefined()) {
            throw new IllegalStateException("Shape " + this + " has unknown dimensions; it has no element count");
        }
        for (long d : dims) {
            if (d == 0) {
                return 0;
            }
        }
        long n = 1;
        for (long d : dims) {
            if (n > Long.MAX_VALUE / d) {
                throw new IllegalArgumentException("Shape " + this + " has more elements than a long can count");
            }
            n *= d;
        }
        return n;
    }

    /** Number of elements as an int; an error if it does not fit in a Java array. */
    public int elementCountAsInt() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Shape " + this + " has " + n
                    + " elements, more than a Java array can hold");
        }
        return (int) n;
    }

    /**
     * Row-major (C order) strides in elements.
     */
    public long[] strides() {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * Normalizes an axis that may be negative to {@code [0, rank)}.
     *
     * @param op the name of the op asking, for the error message
     * @throws IllegalArgumentException if the axis is outside {@code [-rank, rank)}
     */
    public int normalizeAxis(int axis, String op) {
        return normalizeAxis(axis, dims.length, op, this);
    }

    /**
     * Normalizes an axis against a rank.
     *
     * @throws IllegalArgumentException if the axis is outside {@code [-rank, rank)}
     */
    public static int normalizeAxis(int axis, int rank, String op, Object shapeForMessage) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + shapeForMessage + " (rank " + rank + "); expected an axis in [" + (-rank) + ", " + rank + ")");
        }
        return a;
    }

    /** This shape with {@code axis} removed. */
    public Shape remove(int axis) {
        int a = normalizeAxis(axis, "remove");
        long[] r = new long[dims.length - 1];
        System.arraycopy(dims, 0, r, 0, a);
        System.arraycopy(dims, a + 1, r, a, dims.length - a - 1);
        return new Shape(r);
    }

    /** This shape with {@code axis} replaced by {@code size}. */
    public Shape with(int axis, long size) {
        int a = normalizeAxis(axis, "with");
        long[] r = dims.clone();
        r[a] = size;
        return symbolic(r);
    }

    /** This shape with a dimension of {@code size} inserted before position {@code axis} (0..rank). */
    public Shape insert(int axis, long size) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        if (a < 0 || a > dims.length) {
            throw new IllegalArgumentException("insert: axis " + axis + " is out of range for shape " + this);
        }
        long[] r = new long[dims.length + 1];
        System.arraycopy(dims, 0, r, 0, a);
        r[a] = size;
        System.arraycopy(dims, a, r, a + 1, dims.length - a);
        return symbolic(r);
    }

    /** The dimensions from {@code from} (inclusive) to {@code to} (exclusive). */
    public Shape subShape(int from, int to) {
        return symbolic(Arrays.copyOfRange(dims, from, to));
    }

    /**
     * The numpy broadcast of two shapes.
     *
     * @param op the op asking, for the error message
     * @throws IllegalArgumentException naming both shapes when they cannot be broadcast
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        long[] r = new long[rank];
        for (int i = 0; i < rank; i++) {
            int ia = a.rank() - rank + i;
            int ib = b.rank() - rank + i;
            long da = ia >= 0 ? a.dims[ia] : 1;
            long db = ib >= 0 ? b.dims[ib] : 1;
            if (da == db || db == 1) {
                r[i] = da;
            } else if (da == 1) {
                r[i] = db;
            } else {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast together (dimension " + da + " vs " + db
                        + "); each trailing dimension must be equal or 1");
            }
        }
        return new Shape(r);
    }

    /** True if this shape can be broadcast to {@code target} (numpy {@code broadcast_to} rules). */
    public boolean isBroadcastableTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[off + i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras/numpy style: {@code (2, 3)}, {@code (5,)}, {@code ()}. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dimText(dims[0]) + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dimText(dims[i]));
        }
        return sb.append(')').toString();
    }

    private static String dimText(long d) {
        return d == UNKNOWN ? "None" : Long.toString(d);
    }
}
