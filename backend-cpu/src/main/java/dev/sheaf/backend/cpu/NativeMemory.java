package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;

/**
 * A 64-byte aligned block of native memory, shared by the tensors that view it (a reshape shares its input's block)
 * and freed when the last of them releases it.
 *
 * <p>JavaCPP only guarantees 16-byte alignment, and oneDNN's AVX-512/AVX2 kernels run fastest on cache-line aligned
 * buffers, so the block is over-allocated by 63 bytes and the data starts at the first aligned address.
 */
final class NativeMemory {
    private static final int ALIGNMENT = 64;
    private static final AtomicLong IN_USE = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();

    private final BytePointer block;
    private final BytePointer data;
    private final long bytes;
    private final AtomicInteger refs = new AtomicInteger(1);

    private NativeMemory(long bytes) {
        this.bytes = bytes;
        this.block = new BytePointer(bytes + ALIGNMENT - 1);
        if (block.isNull()) {
            throw new OutOfMemoryError("cpu backend: could not allocate " + bytes + " bytes of native memory");
        }
        long offset = (-block.address()) & (ALIGNMENT - 1);
        this.data = new BytePointer(block);
        data.position(offset).limit(offset + bytes);
        long now = IN_USE.addAndGet(bytes);
        PEAK.accumulateAndGet(now, Math::max);
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
        return data;
    }

    /** A pointer {@code byteOffset} bytes past the aligned start, for strided views of part of the block. */
    BytePointer pointer(long byteOffset) {
        BytePointer p = new BytePointer(block);
        return p.position(data.position() + byteOffset);
    }

    /** A direct buffer over the data, in native byte order, for loops in Java. */
    ByteBuffer buffer() {
        // JavaCPP's buffer may start at the block's base with its position at the offset: slice so that absolute
        // indices count from the aligned start. slice() resets the byte order, so set it afterwards.
        return data.asByteBuffer().slice().order(ByteOrder.nativeOrder());
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
            block.close();
        }
    }
}
