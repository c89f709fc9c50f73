package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A 64-byte aligned block of native memory, shared by the tensors that view it (a reshape shares its input's block)
 * and given back to the {@link BlockPool} (which reuses or frees it) when the last of them releases it.
 *
 * <p>JavaCPP only guarantees 16-byte alignment, and oneDNN's AVX-512/AVX2 kernels run fastest on cache-line aligned
 * buffers, so the block is over-allocated by 63 bytes and the data starts at the first aligned address.
 *
 * <p>Bulk copies to and from Java arrays ({@link #get(long, float[], int, int)} and the like) are JNI memcpys through
 * JavaCPP rather than {@code ByteBuffer} bulk transfers: as fast or faster above a few hundred elements (a 1280-float
 * copy 0.21 us against 0.30 us, 100K floats 17 us against 24 us measured), and, being native calls, they are never
 * inlined. Every Java kernel copies its operands in and its result out; the inlined {@code ByteBuffer} machinery made
 * each kernel a 20-25 KB compilation that kept the JIT's C2 thread busy for the first seconds of training (0.3-0.5 s
 * per kernel, 5 s in all for the MLP workload), while the step ran in slower code waiting for it.
 */
final class NativeMemory {
    private static final int ALIGNMENT = 64;
    private static final AtomicLong IN_USE = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();

    private final BlockPool.Block block;
    /** Byte offset of this memory's first byte from the block's base address. */
    private final long start;
    private final long bytes;
    /** The memory this one is a view into (kept alive by it), or null when it owns its block. */
    private final NativeMemory parent;
    /** A pointer at {@link #start}, the one handed to oneDNN. */
    private final BytePointer data;
    private final AtomicInteger refs = new AtomicInteger(1);

    private NativeMemory(long bytes) {
        this.bytes = bytes;
        BlockPool.Block b = BlockPool.take(bytes);
        this.block = b != null ? b : malloc(bytes);
        this.start = block.data().position();
        this.parent = null;
        this.data = block.data();
        long now = IN_USE.addAndGet(bytes);
        PEAK.accumulateAndGet(now, Math::max);
    }

    private NativeMemory(NativeMemory parent, long byteOffset, long bytes) {
        this.block = parent.block;
        this.start = parent.start + byteOffset;
        this.bytes = bytes;
        this.parent = parent.retain();
        this.data = new BytePointer(block.base()).position(start);
    }

    private static BlockPool.Block malloc(long bytes) {
        // Plain malloc/free, not a BytePointer(size): JavaCPP's own allocations register a deallocator, count against
        // its maxBytes and call System.gc() when that fills up, none of which a block freed by reference count needs.
        Pointer base = Pointer.malloc(bytes + ALIGNMENT - 1);
        if (base == null || base.isNull()) {
            throw new OutOfMemoryError("cpu backend: could not allocate " + bytes + " bytes of native memory");
        }
        long offset = (-base.address()) & (ALIGNMENT - 1);
        if (offset % Long.BYTES != 0) {
            // The typed copies count the offset in elements of up to 8 bytes; glibc's malloc returns 16-byte aligned
            // memory, so this only guards against an allocator that does not.
            Pointer.free(base);
            throw new IllegalStateException("cpu backend: malloc returned " + base.address()
                    + ", which is not 8-byte aligned");
        }
        BytePointer data = new BytePointer(base);
        data.position(offset).limit(offset + bytes);
        // JavaCPP's buffer may start at the block's base with its position at the offset: slice so that absolute
        // indices count from the aligned start. Made once per block: it is a JNI call.
        ByteBuffer view = data.asByteBuffer().slice();
        return new BlockPool.Block(base, data, view, bytes);
    }

    /** A new block of {@code bytes} bytes (contents undefined). */
    static NativeMemory allocate(long bytes) {
        return new NativeMemory(bytes);
    }

    /**
     * Bytes {@code [byteOffset, byteOffset + bytes)} of this memory, shared rather than copied (a contiguous slice, such
     * as a batch of rows of a data set): this memory stays allocated until the view is released too, and neither is
     * ever overwritten in place ({@link #soleOwner()} is false for both while the view lives). {@code byteOffset} must
     * be a multiple of the element size; the view need not be 64-byte aligned.
     */
    NativeMemory view(long byteOffset, long bytes) {
        if (byteOffset < 0 || bytes < 0 || byteOffset + bytes > this.bytes) {
            throw new IllegalArgumentException("cpu backend: a view of bytes [" + byteOffset + ", "
                    + (byteOffset + bytes) + ") does not fit in " + this.bytes + " bytes");
        }
        return new NativeMemory(this, byteOffset, bytes);
    }

    /** Bytes held by all live blocks. */
    static long bytesInUse() {
        return IN_USE.get();
    }

    /** The most bytes held at once. */
    static long peakBytes() {
        return PEAK.get();
    }

    long bytes() {
        return bytes;
    }

    /** The start, as a pointer whose position is the offset into the block (what JavaCPP passes to C). */
    BytePointer pointer() {
        return data;
    }

    /** A new pointer {@code byteOffset} bytes past the start, for strided views of part of the memory. */
    BytePointer pointer(long byteOffset) {
        BytePointer p = new BytePointer(block.base());
        return p.position(start + byteOffset);
    }

    /**
     * The position, in elements of {@code size} bytes from the block's base, of element {@code index} of this memory,
     * after checking that {@code n} elements from there lie inside it and fit the Java array from {@code off}: the
     * native copies check neither, and an overrun would corrupt memory instead of failing.
     */
    private long element(long index, int n, int arrayLength, int off, int size) {
        if (index < 0 || n < 0 || (index + n) * size > bytes || off < 0 || off > arrayLength - n) {
            throw new IndexOutOfBoundsException("cpu backend: copying " + n + " elements of " + size + " bytes at "
                    + "element " + index + " of a " + bytes + "-byte memory, array offset " + off + " of "
                    + arrayLength);
        }
        return start / size + index;
    }

    /** Copies {@code n} floats from element {@code index} (counted in floats from the start) to {@code dst}. */
    void get(long index, float[] dst, int off, int n) {
        new FloatPointer(block.base()).position(element(index, n, dst.length, off, Float.BYTES)).get(dst, off, n);
    }

    /** Copies {@code n} floats from {@code src} to element {@code index} onwards. */
    void put(long index, float[] src, int off, int n) {
        new FloatPointer(block.base()).position(element(index, n, src.length, off, Float.BYTES)).put(src, off, n);
    }

    /** Copies {@code n} doubles from element {@code index} (counted in doubles) to {@code dst}. */
    void get(long index, double[] dst, int off, int n) {
        new DoublePointer(block.base()).position(element(index, n, dst.length, off, Double.BYTES)).get(dst, off, n);
    }

    /** Copies {@code n} doubles from {@code src} to element {@code index} onwards. */
    void put(long index, double[] src, int off, int n) {
        new DoublePointer(block.base()).position(element(index, n, src.length, off, Double.BYTES)).put(src, off, n);
    }

    /** Copies {@code n} ints from element {@code index} (counted in ints) to {@code dst}. */
    void get(long index, int[] dst, int off, int n) {
        new IntPointer(block.base()).position(element(index, n, dst.length, off, Integer.BYTES)).get(dst, off, n);
    }

    /** Copies {@code n} ints from {@code src} to element {@code index} onwards. */
    void put(long index, int[] src, int off, int n) {
        new IntPointer(block.base()).position(element(index, n, src.length, off, Integer.BYTES)).put(src, off, n);
    }

    /** Copies {@code n} longs from element {@code index} (counted in longs) to {@code dst}. */
    void get(long index, long[] dst, int off, int n) {
        new LongPointer(block.base()).position(element(index, n, dst.length, off, Long.BYTES)).get(dst, off, n);
    }

    /** Copies {@code n} longs from {@code src} to element {@code index} onwards. */
    void put(long index, long[] src, int off, int n) {
        new LongPointer(block.base()).position(element(index, n, src.length, off, Long.BYTES)).put(src, off, n);
    }

    /** Copies {@code n} bytes from byte {@code index} to {@code dst}. */
    void get(long index, byte[] dst, int off, int n) {
        new BytePointer(block.base()).position(element(index, n, dst.length, off, 1)).get(dst, off, n);
    }

    /** Copies {@code n} bytes from {@code src} to byte {@code index} onwards. */
    void put(long index, byte[] src, int off, int n) {
        new BytePointer(block.base()).position(element(index, n, src.length, off, 1)).put(src, off, n);
    }

    /** A direct buffer over the data, in native byte order, for loops in Java (absolute indices from the start). */
    ByteBuffer buffer() {
        // Each caller gets its own position and limit; duplicate() and slice() reset the byte order, so set it again.
        if (parent == null) {
            return block.view().duplicate().order(ByteOrder.nativeOrder());
        }
        int from = Math.toIntExact(start - block.data().position());
        return block.view().duplicate().position(from).limit(from + Math.toIntExact(bytes)).slice()
                .order(ByteOrder.nativeOrder());
    }

    /**
     * Whether exactly one tensor holds this memory (no reshape or view shares it, and it is no view itself), so that
     * its owner may overwrite it.
     */
    boolean soleOwner() {
        return parent == null && refs.get() == 1;
    }

    /** One more tensor shares this block. */
    NativeMemory retain() {
        if (refs.getAndIncrement() <= 0) {
            refs.decrementAndGet();
            throw new IllegalStateException("cpu backend: native memory was already freed");
        }
        return this;
    }

    /** One tensor is done with this memory; the last one frees its block, or releases the memory it views. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            if (parent != null) {
                parent.release();
            } else {
                IN_USE.addAndGet(-bytes);
                BlockPool.give(block);
            }
        }
    }
}
