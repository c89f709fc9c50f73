package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A 64-byte aligned block of native memory, shared by the tensors that view it (a reshape shares its input's block)
 * and given back to the {@link BlockPool} (which reuses or frees it) when the last of them releases it.
 *
 * <p>JavaCPP only guarantees 16-byte alignment, and oneDNN's AVX-512/AVX2 kernels run fastest on cache-line aligned
 * buffers, so the block is over-allocated by 63 bytes and the data starts at the first aligned address.
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
