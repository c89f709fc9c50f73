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
    private final long bytes;
    private final AtomicInteger refs = new AtomicInteger(1);

    private NativeMemory(long bytes) {
        this.bytes = bytes;
        BlockPool.Block b = BlockPool.take(bytes);
        this.block = b != null ? b : malloc(bytes);
        long now = IN_USE.addAndGet(bytes);
        PEAK.accumulateAndGet(now, Math::max);
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

    /** The aligned start, as a pointer whose position is the offset into the block (what JavaCPP passes to C). */
    BytePointer pointer() {
        return block.data();
    }

    /** A pointer {@code byteOffset} bytes past the aligned start, for strided views of part of the block. */
    BytePointer pointer(long byteOffset) {
        BytePointer p = new BytePointer(block.base());
        return p.position(block.data().position() + byteOffset);
    }

    /** Copies {@code n} floats from element {@code index} (counted in floats from the aligned start) to {@code dst}. */
    void get(long index, float[] dst, int off, int n) {
        new FloatPointer(block.base()).position(block.data().position() / Float.BYTES + index).get(dst, off, n);
    }

    /** Copies {@code n} floats from {@code src} to element {@code index} onwards. */
    void put(long index, float[] src, int off, int n) {
        new FloatPointer(block.base()).position(block.data().position() / Float.BYTES + index).put(src, off, n);
    }

    /** Copies {@code n} doubles from element {@code index} (counted in doubles) to {@code dst}. */
    void get(long index, double[] dst, int off, int n) {
        new DoublePointer(block.base()).position(block.data().position() / Double.BYTES + index).get(dst, off, n);
    }

    /** Copies {@code n} doubles from {@code src} to element {@code index} onwards. */
    void put(long index, double[] src, int off, int n) {
        new DoublePointer(block.base()).position(block.data().position() / Double.BYTES + index).put(src, off, n);
    }

    /** Copies {@code n} ints from element {@code index} (counted in ints) to {@code dst}. */
    void get(long index, int[] dst, int off, int n) {
        new IntPointer(block.base()).position(block.data().position() / Integer.BYTES + index).get(dst, off, n);
    }

    /** Copies {@code n} ints from {@code src} to element {@code index} onwards. */
    void put(long index, int[] src, int off, int n) {
        new IntPointer(block.base()).position(block.data().position() / Integer.BYTES + index).put(src, off, n);
    }

    /** Copies {@code n} longs from element {@code index} (counted in longs) to {@code dst}. */
    void get(long index, long[] dst, int off, int n) {
        new LongPointer(block.base()).position(block.data().position() / Long.BYTES + index).get(dst, off, n);
    }

    /** Copies {@code n} longs from {@code src} to element {@code index} onwards. */
    void put(long index, long[] src, int off, int n) {
        new LongPointer(block.base()).position(block.data().position() / Long.BYTES + index).put(src, off, n);
    }

    /** Copies {@code n} bytes from byte {@code index} to {@code dst}. */
    void get(long index, byte[] dst, int off, int n) {
        new BytePointer(block.base()).position(block.data().position() + index).get(dst, off, n);
    }

    /** Copies {@code n} bytes from {@code src} to byte {@code index} onwards. */
    void put(long index, byte[] src, int off, int n) {
        new BytePointer(block.base()).position(block.data().position() + index).put(src, off, n);
    }

    /** A direct buffer over the data, in native byte order, for loops in Java (absolute indices from the start). */
    ByteBuffer buffer() {
        // Each caller gets its own position and limit; duplicate() resets the byte order, so set it again.
        return block.view().duplicate().order(ByteOrder.nativeOrder());
    }

    /** Whether exactly one tensor holds this block (no reshape shares it), so that its owner may overwrite it. */
    boolean soleOwner() {
        return refs.get() == 1;
    }

    /** One more tensor shares this block. */
    NativeMemory retain() {
        if (refs.getAndIncrement() <= 0) {
            refs.decrementAndGet();
            throw new IllegalStateException("cpu backend: native memory was already freed");
        }
        return this;
    }

    /** One tensor is done with this block; the last one frees it. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            IN_USE.addAndGet(-bytes);
            BlockPool.give(block);
        }
    }
}
