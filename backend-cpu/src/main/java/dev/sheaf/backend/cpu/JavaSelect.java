package dev.sheaf.backend.cpu;

import dev.sheaf.tensor.Shape;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Broadcast copies, gathers and selects for every dtype, moving elements as bit patterns of their byte size, so they
 * are exact for any type.
 */
final class JavaSelect {
    /** Gathers of at least this many bytes are split over the loop workers, each thread taking half as many or more. */
    static final long PARALLEL_BYTES = 1 << 17;

    private JavaSelect() {
    }

    /** {@code x} repeated along its size-1 and missing leading dimensions to {@code shape}. */
    static CpuTensor broadcastTo(CpuBackend backend, CpuTensor x, Shape shape) {
        CpuTensor r = CpuTensor.allocate(backend, shape, x.dtype());
        int[] map = Broadcasting.index(x.shape(), shape);
        copyElements(x.buffer(), map, r.buffer(), x.dtype().byteSize(), shape.elementCountAsInt());
        return r;
    }

    /**
     * {@code numpy.take(x, indices, axis)} for any dtype, copying whole rows of the inner axes as bytes, straight from
     * the source rows: the training loop gathers each shuffled batch from the whole data set, so anything that copied
     * all of {@code x} first would cost O(data set) per batch.
     */
    static CpuTensor gather(CpuBackend backend, CpuTensor x, CpuTensor indices, int axis) {
        if (!indices.dtype().isInteger()) {
            throw new IllegalArgumentException("gather: indices must be int32 or int64, got " + indices.dtype());
        }
        Shape s = x.shape();
        int rank = s.rank();
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= s.dim(d);
        }
        long len = s.dim(axis);
        long inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= s.dim(d);
        }
        long[] idx = normalizedIndices(indices, len, axis);
        long[] out = new long[rank - 1 + indices.rank()];
        long[] dims = s.dims();
        System.arraycopy(dims, 0, out, 0, axis);
        System.arraycopy(indices.shape().dims(), 0, out, axis, indices.rank());
        System.arraycopy(dims, axis + 1, out, axis + indices.rank(), rank - axis - 1);
        CpuTensor r = CpuTensor.allocate(backend, Shape.of(out), x.dtype());
        try {
            copyRows(x.memory().pointer(0), r.memory().pointer(0), idx, outer, len, inner * x.dtype().byteSize());
            return r;
        } catch (RuntimeException | Error e) {
            r.close(); // a failed chunk of the loop workers must not leave the result behind
            throw e;
        }
    }

    /** The indices as longs, negative ones counted from the end, after checking that each is in range. */
    private static long[] normalizedIndices(CpuTensor indices, long len, int axis) {
        long[] idx = HostData.integral(indices);
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v < -len || v >= len) {
                throw new IllegalArgumentException("gather: index " + v + " (at flat position " + i
                        + " of the indices) is out of range for axis " + axis + " of size " + len
                        + "; valid indices are in [" + (-len) + ", " + len + ")");
            }
            idx[i] = v < 0 ? v + len : v;
        }
        return idx;
    }

    /**
     * Row {@code idx[j]} of each of the {@code outer} blocks of {@code from} to row {@code j} of that block of
     * {@code to}: one memcpy per row through JavaCPP (a JNI call). Large gathers (a training batch drawn from a data
     * set held as a tensor) are split over the loop workers: rows picked at random from a large tensor are bound by
     * memory latency, which a second thread hides.
     */
    private static void copyRows(BytePointer from, BytePointer to, long[] idx, long outer, long len, long row) {
        long rows = outer * idx.length;
        if (rows * row < PARALLEL_BYTES || rows > Integer.MAX_VALUE) {
            copyRowRange(from, to, idx, len, row, 0, rows);
            return;
        }
        int minRows = (int) Math.max(1, PARALLEL_BYTES / 2 / row);
        // Each chunk moves pointers of its own: a JavaCPP pointer's position is per object.
        Parallel.forRange((int) rows, minRows,
                (lo, hi) -> copyRowRange(new BytePointer(from), new BytePointer(to), idx, len, row, lo, hi));
    }

    /**
     * Rows {@code [lo, hi)} of the gather's output (row {@code r} is index {@code r % idx.length} of block
     * {@code r / idx.length}), moving the two pointers' positions. A method of its own so that the JIT compiles this
     * loop by itself, not all of gather at each of its loops.
     */
    private static void copyRowRange(BytePointer from, BytePointer to, long[] idx, long len, long row, long lo,
                                     long hi) {
        long fromStart = from.position();
        long toStart = to.position();
        int ni = idx.length;
        for (long r = lo; r < hi; r++) {
            long o = r / ni;
            int j = (int) (r - o * ni);
            to.position(toStart + r * row);
            from.position(fromStart + (o * len + idx[j]) * row);
            Pointer.memcpy(to, from, row);
        }
    }

    /** {@code cond ? a : b} for operands of any equal dtype, broadcast to {@code out}. */
    static CpuTensor where(CpuBackend backend, CpuTensor cond, CpuTensor a, CpuTensor b, Shape out) {
        CpuTensor r = CpuTensor.allocate(backend, out, a.dtype());
        int n = out.elementCountAsInt();
        int[] ic = Broadcasting.index(cond.shape(), out);
        int[] ia = Broadcasting.index(a.shape(), out);
        int[] ib = Broadcasting.index(b.shape(), out);
        ByteBuffer c = cond.buffer();
        ByteBuffer fa = a.buffer();
        ByteBuffer fb = b.buffer();
        ByteBuffer to = r.buffer();
        int size = a.dtype().byteSize();
        for (int i = 0; i < n; i++) {
            boolean t = c.get(ic == null ? i : ic[i]) != 0;
            int j = t ? (ia == null ? i : ia[i]) : (ib == null ? i : ib[i]);
            copyOne(t ? fa : fb, j, to, i, size);
        }
        return r;
    }

    private static void copyElements(ByteBuffer from, int[] map, ByteBuffer to, int size, int n) {
        for (int i = 0; i < n; i++) {
            copyOne(from, map == null ? i : map[i], to, i, size);
        }
    }

    private static void copyOne(ByteBuffer from, int j, ByteBuffer to, int i, int size) {
        switch (size) {
            case 1 -> to.put(i, from.get(j));
            case 4 -> to.putInt(i << 2, from.getInt(j << 2));
            default -> to.putLong(i << 3, from.getLong(j << 3));
        }
    }
}
