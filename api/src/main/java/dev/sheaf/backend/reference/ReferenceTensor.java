package dev.sheaf.backend.reference;

import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import org.apiguardian.api.API;

/**
 * A tensor of the {@link ReferenceBackend}: a contiguous row-major Java array ({@code float[]} for float32,
 * {@code double[]} float64, {@code int[]} int32, {@code long[]} int64, {@code boolean[]} bool).
 *
 * <p>The array is never written after construction, so reshapes may share it. Memory is reclaimed by the garbage
 * collector; {@link #close()} only marks the tensor unusable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReferenceTensor extends AbstractTensor {
    private final Object data;

    ReferenceTensor(Backend backend, Shape shape, DType dtype, Object data) {
        super(shape, dtype, backend, null);
        if (Storage.length(data) != shape.elementCountAsInt() || Storage.dtypeOf(data) != dtype) {
            throw new IllegalArgumentException("reference backend: a " + dtype + " tensor of shape " + shape
                    + " cannot hold a " + Storage.dtypeOf(data) + " array of length " + Storage.length(data));
        }
        this.data = data;
    }

    /** The backing array; callers must not modify it. */
    Object data() {
        checkOpen();
        return data;
    }

    @Override
    public float[] toFloatArray() {
        checkOpen();
        return (float[]) Storage.cast(data, DType.FLOAT32);
    }

    @Override
    public double[] toDoubleArray() {
        checkOpen();
        return (double[]) Storage.cast(data, DType.FLOAT64);
    }

    @Override
    public int[] toIntArray() {
        checkOpen();
        return (int[]) Storage.cast(data, DType.INT32);
    }

    @Override
    public long[] toLongArray() {
        checkOpen();
        return (long[]) Storage.cast(data, DType.INT64);
    }

    @Override
    public boolean[] toBooleanArray() {
        checkOpen();
        return (boolean[]) Storage.cast(data, DType.BOOL);
    }
}
