package dev.sheaf.data;

import dev.sheaf.Sheaf;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * An immutable n-dimensional array in Java heap memory, of dtype float32 or int32: the form data takes inside a
 * {@link Dataset} pipeline before it becomes {@link Tensor}s. Keeping pipeline data on the host means it can be
 * produced on a background thread ({@link Dataset#prefetch}) without touching any backend or {@code TensorScope}.
 *
 * <pre>{@code
 * HostArray images = HostArray.of(pixels, 60000, 28, 28);   // float[] pixels, copied
 * HostArray labels = HostArray.of(classIds);                 // int[] of length 60000, shape (60000)
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HostArray {
    private final float[] floats;
    private final int[] ints;
    private final Shape shape;

    private HostArray(float[] floats, int[] ints, Shape shape) {
        this.floats = floats;
        this.ints = ints;
        this.shape = shape;
    }

    /**
     * A float32 array holding a copy of {@code data}; no shape means 1-D of the data's length.
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length} elements
     */
    public static HostArray of(float[] data, long... shape) {
        requireData(data);
        return new HostArray(data.clone(), null, shapeFor(data.length, shape));
    }

    /**
     * An int32 array (class ids, token ids) holding a copy of {@code data}; no shape means 1-D.
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length} elements
     */
    public static HostArray of(int[] data, long... shape) {
        requireData(data);
        return new HostArray(null, data.clone(), shapeFor(data.length, shape));
    }

    /**
     * A float32 array of {@code shape} (which may be a scalar) holding a copy of {@code data}.
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length} elements
     */
    public static HostArray of(float[] data, Shape shape) {
        requireData(data);
        return new HostArray(data.clone(), null, checked(data.length, shape));
    }

    /**
     * An int32 array of {@code shape} (which may be a scalar) holding a copy of {@code data}.
     *
     * @throws IllegalArgumentException if the shape does not hold exactly {@code data.length} elements
     */
    public static HostArray of(int[] data, Shape shape) {
        requireData(data);
        return new HostArray(null, data.clone(), checked(data.length, shape));
    }

    private static Shape checked(int length, Shape shape) {
        if (shape == null || !shape.isFullyDefined()) {
            throw new IllegalArgumentException("HostArray.of: the shape must be fully defined, got " + shape);
        }
        if (shape.elementCount() != length) {
            throw new IllegalArgumentException("HostArray.of: shape " + shape + " holds " + shape.elementCount()
                    + " elements but the data has " + length);
        }
        return shape;
    }

    /**
     * A copy of a tensor's elements: floating tensors become float32, integer and bool tensors int32.
     *
     * @throws IllegalArgumentException if {@code tensor} is null
     */
    public static HostArray of(Tensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("HostArray.of: the tensor is null");
        }
        return tensor.dtype().isFloating()
                ? new HostArray(tensor.toFloatArray(), null, tensor.shape())
                : new HostArray(null, tensor.toIntArray(), tensor.shape());
    }

    /**
     * A float32 array of shape {@code (rows.length, rows[0].length)} from equally long rows.
     *
     * @throws IllegalArgumentException if a row is null or its length differs from the first row's
     */
    public static HostArray ofRows(float[][] rows) {
        if (rows == null) {
            throw new IllegalArgumentException("HostArray.ofRows: the rows array is null");
        }
        int width = rows.length == 0 ? 0 : lengthOf(rows[0], 0);
        float[] data = new float[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            if (lengthOf(rows[i], i) != width) {
                throw new IllegalArgumentException("HostArray.ofRows: row " + i + " has " + rows[i].length
                        + " values but row 0 has " + width + "; every row must have the same length");
            }
            System.arraycopy(rows[i], 0, data, i * width, width);
        }
        return new HostArray(data, null, Shape.of((long) rows.length, width));
    }

    private static int lengthOf(float[] row, int index) {
        if (row == null) {
            throw new IllegalArgumentException("HostArray.ofRows: row " + index + " is null");
        }
        return row.length;
    }

    private static void requireData(Object data) {
        if (data == null) {
            throw new IllegalArgumentException("HostArray.of: the data array is null");
        }
    }

    private static Shape shapeFor(int length, long[] dims) {
        if (dims == null || dims.length == 0) {
            return Shape.of((long) length);
        }
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("HostArray.of: shape " + Arrays.toString(dims)
                        + " has a negative dimension");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("HostArray.of: shape " + Arrays.toString(dims) + " holds " + n
                    + " elements but the data has " + length);
        }
        return Shape.of(dims);
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** {@link DType#FLOAT32} or {@link DType#INT32}. */
    public DType dtype() {
        return floats != null ? DType.FLOAT32 : DType.INT32;
    }

    /** Number of elements. */
    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    /** A copy of the elements, row-major, as floats (int32 values converted). */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] r = new float[ints.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = ints[i];
        }
        return r;
    }

    /** A copy of the elements, row-major, as ints (float32 values truncated). */
    public int[] toIntArray() {
        if (ints != null) {
            return ints.clone();
        }
        int[] r = new int[floats.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (int) floats[i];
        }
        return r;
    }

    /**
     * A new tensor with these elements on the active backend, created on the calling thread: it belongs to that
     * thread's innermost open {@code TensorScope}, or to the caller when none is open.
     */
    public Tensor toTensor() {
        // Through the backend with the Shape itself: Ops.constant cannot express a rank-0 shape.
        return floats != null ? Sheaf.backend().fromFloats(floats, shape) : Sheaf.backend().fromInts(ints, shape);
    }

    /** Number of entries along axis 0 (the samples); a scalar has none. */
    int length() {
        return shape.rank() == 0 ? 0 : (int) shape.dim(0);
    }

    /** Entry {@code index} along axis 0, with the remaining axes as its shape. */
    HostArray slice(int index) {
        Shape sample = shape.subShape(1, shape.rank());
        int n = (int) sample.elementCount();
        int from = index * n;
        return floats != null
                ? new HostArray(Arrays.copyOfRange(floats, from, from + n), null, sample)
                : new HostArray(null, Arrays.copyOfRange(ints, from, from + n), sample);
    }

    /**
     * Stacks equally shaped arrays along a new axis 0.
     *
     * @param what names the component in error messages ("x", "y"…)
     * @throws IllegalArgumentException if shapes or dtypes differ, naming the first that does
     */
    static HostArray stack(List<HostArray> parts, String what) {
        HostArray first = parts.get(0);
        int n = first.size();
        for (int i = 1; i < parts.size(); i++) {
            HostArray p = parts.get(i);
            if (!p.shape.equals(first.shape) || p.dtype() != first.dtype()) {
                throw new IllegalArgumentException("Dataset.batch: cannot stack " + what + " of element " + i
                        + " (" + p.dtype() + " " + p.shape + ") with element 0 (" + first.dtype() + " " + first.shape
                        + "); every element of a batch needs the same shape and dtype");
            }
        }
        Shape stacked = first.shape.insert(0, parts.size());
        if (first.floats != null) {
            float[] r = new float[Math.multiplyExact(n, parts.size())];
            for (int i = 0; i < parts.size(); i++) {
                System.arraycopy(parts.get(i).floats, 0, r, i * n, n);
            }
            return new HostArray(r, null, stacked);
        }
        int[] r = new int[Math.multiplyExact(n, parts.size())];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i).ints, 0, r, i * n, n);
        }
        return new HostArray(null, r, stacked);
    }

    @Override
    public String toString() {
        return "HostArray " + dtype() + " " + shape;
    }
}
