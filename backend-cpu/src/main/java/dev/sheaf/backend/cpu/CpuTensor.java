package dev.sheaf.backend.cpu;

import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;

/**
 * A tensor of the {@link CpuBackend}: a contiguous row-major array in 64-byte aligned native memory (bool as one byte
 * 0 or 1 per element). The memory is freed deterministically by {@link #close()} (or its {@code TensorScope}); a reshape
 * shares its input's memory, which lives until the last tensor viewing it is closed.
 */
final class CpuTensor extends AbstractTensor {
    private final NativeMemory memory;

    /** Wraps {@code memory}, taking over one reference to it. */
    CpuTensor(Backend backend, Shape shape, DType dtype, NativeMemory memory) {
        super(shape, dtype, backend, memory::release);
        this.memory = memory;
    }

    /** A new tensor with uninitialised memory, for an op to fill. */
    static CpuTensor allocate(Backend backend, Shape shape, DType dtype) {
        long bytes = Checks.bytes(shape, dtype);
        return new CpuTensor(backend, shape, dtype, NativeMemory.allocate(bytes));
    }

    /**
     * The result tensor of an op whose input {@code donated} was given up by the caller: a new tensor over the same
     * memory when this tensor is its only holder and the memory is not also read through {@code other} operands
     * (the op may then overwrite it element by element as it reads), else a new allocation.
     */
    static CpuTensor reuseOrAllocate(Backend backend, CpuTensor donated, CpuTensor... others) {
        NativeMemory m = donated.memory();
        boolean reuse = m.soleOwner();
        for (CpuTensor o : others) {
            reuse &= o == null || o.memory() != m;
        }
        return reuse ? new CpuTensor(backend, donated.shape(), donated.dtype(), m.retain())
                : allocate(backend, donated.shape(), donated.dtype());
    }

    /** The memory, after checking that the tensor is open. */
    NativeMemory memory() {
        checkOpen();
        return memory;
    }

    /** The data pointer, after checking that the tensor is open. */
    BytePointer pointer() {
        return memory().pointer();
    }

    /** A native-order buffer over the data, after checking that the tensor is open. */
    ByteBuffer buffer() {
        return memory().buffer();
    }

    @Override
    public float[] toFloatArray() {
        return HostData.toFloats(this);
    }

    @Override
    public double[] toDoubleArray() {
        return HostData.toDoubles(this);
    }

    @Override
    public int[] toIntArray() {
        return HostData.toInts(this);
    }

    @Override
    public long[] toLongArray() {
        return HostData.toLongs(this);
    }

    @Override
    public boolean[] toBooleanArray() {
        return HostData.toBooleans(this);
    }
}
