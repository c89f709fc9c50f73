package dev.sheaf.backend.cpu;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Freed native blocks kept for reuse, by exact size. A training step frees and allocates the same sizes every step;
 * handing the block back to malloc let glibc return it to the kernel (heap trimming, or munmap above 128 KiB), and
 * each fresh allocation then paid a page fault per 4 KiB on first write, which cost more than the small ops that
 * wrote them. The pool is bounded, so resident memory stays flat.
 */
final class BlockPool {
    /** Most bytes kept idle in the pool. */
    static final long CAPACITY = 128L << 20;
    /** Most idle blocks of one size. */
    private static final int PER_SIZE = 32;

    private static final Map<Long, ArrayDeque<Block>> FREE = new HashMap<>();
    private static long idleBytes;

    private BlockPool() {
    }

    /** A malloc'ed block: the base address, the 64-byte aligned data pointer and a byte view of the data. */
    record Block(Pointer base, BytePointer data, ByteBuffer view, long bytes) {
    }

    /** An idle block of exactly {@code bytes}, or null. */
    static synchronized Block take(long bytes) {
        ArrayDeque<Block> q = FREE.get(bytes);
        Block b = q == null ? null : q.pollLast();
        if (b != null) {
            idleBytes -= bytes;
        }
        return b;
    }

    /** Keeps {@code b} for reuse if there is room; otherwise frees it. */
    static void give(Block b) {
        synchronized (BlockPool.class) {
            if (idleBytes + b.bytes() <= CAPACITY) {
                ArrayDeque<Block> q = FREE.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>());
                if (q.size() < PER_SIZE) {
                    q.addLast(b);
                    idleBytes += b.bytes();
                    return;
                }
            }
        }
        Pointer.free(b.base());
    }
}
