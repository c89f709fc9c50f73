package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel}'s loop splitting: every index runs exactly once whoever claims its chunk, the caller never returns
 * before a chunk another thread started, failures reach the caller, and a nested loop runs serially.
 */
class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[] {0, 1, 15, 16, 17, 1000, 4097, 65_536, 100_003}) {
            for (int min : new int[] {1, 16, 1000, 1 << 14}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                Parallel.forRange(n, min, (lo, hi) -> {
                    assertTrue(0 <= lo && lo <= hi && hi <= n, "chunk [" + lo + ", " + hi + ") outside [0, " + n + ")");
                    for (int i = lo; i < hi; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "index " + i + " of " + n + " (min " + min + ")");
                }
            }
        }
    }

    @Test
    void chunksAreAlignedAndFewPerThread() {
        assertEquals(12_512, Parallel.chunkSize(100_000, 2, 1 << 14));
        assertEquals(4_096, Parallel.chunkSize(20_000, 2, 1 << 14)); // a quarter of minPerThread, not n / 8
        assertEquals(16, Parallel.chunkSize(128, 2, 64));
        assertEquals(16, Parallel.chunkSize(3, 2, 1));
        for (int n = 1; n < 5000; n += 37) {
            assertEquals(0, Parallel.chunkSize(n, 2, 1) % 16, "chunk size for " + n);
        }
    }

    @Test
    void returnsOnlyAfterEveryStartedChunkFinished() {
        // Chunks that sleep: a caller that returned while another thread still ran one would see fewer than n.
        for (int rep = 0; rep < 20; rep++) {
            int n = 64 * 16;
            AtomicInteger done = new AtomicInteger();
            Parallel.forRange(n, 16, (lo, hi) -> {
                sleepMillis(1);
                done.addAndGet(hi - lo);
            });
            assertEquals(n, done.get());
        }
    }

    @Test
    void theCallerRunsEveryChunkAStalledWorkerHasNotClaimed() {
        // A worker's first chunk stalls (as a worker the OS has not scheduled would) until the caller has run all the
        // other chunks; with fixed per-thread shares the caller would wait for the worker's share instead.
        int n = 1024;
        int chunks = (n + Parallel.chunkSize(n, 2, 16) - 1) / Parallel.chunkSize(n, 2, 16);
        Thread caller = Thread.currentThread();
        AtomicInteger callerChunks = new AtomicInteger();
        CountDownLatch othersDone = new CountDownLatch(1);
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicInteger covered = new AtomicInteger();
        Parallel.forRange(n, 16, (lo, hi) -> {
            if (Thread.currentThread() != caller) {
                try {
                    if (!othersDone.await(10, TimeUnit.SECONDS)) {
                        stalled.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (callerChunks.incrementAndGet() == chunks - 1) {
                othersDone.countDown();
            }
            covered.addAndGet(hi - lo);
        });
        assertTrue(chunks > 2, "the loop should have several chunks a thread, has " + chunks);
        assertFalse(stalled.get(), "the caller left chunks to a stalled worker instead of running them");
        assertEquals(n, covered.get());
    }

    @Test
    void aFailingChunkReachesTheCallerAfterTheOthersStopped() {
        for (int rep = 0; rep < 20; rep++) {
            AtomicInteger running = new AtomicInteger();
            IllegalStateException boom = new IllegalStateException("chunk failed");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> Parallel.forRange(1 << 12, 16, (lo, hi) -> {
                        running.incrementAndGet();
                        try {
                            sleepMillis(1);
                            if (lo <= 2048 && 2048 < hi) {
                                throw boom;
                            }
                        } finally {
                            running.decrementAndGet();
                        }
                    }));
            assertSame(boom, thrown);
            assertEquals(0, running.get(), "a chunk still ran after forRange returned");
        }
    }

    @Test
    void checkedThrowablesAreWrapped() {
        AssertionError e = assertThrows(AssertionError.class, () -> Parallel.forRange(1 << 12, 16, (lo, hi) -> {
            throw new AssertionError("from a chunk");
        }));
        assertEquals("from a chunk", e.getMessage());
    }

    @Test
    void aNestedLoopRunsSeriallyOnItsCallersThread() {
        // The inner chunks sleep, so a worker done with the outer loop would take some of them if the nested call
        // handed it a job.
        for (int rep = 0; rep < 5; rep++) {
            Set<Thread> nestedThreads = ConcurrentHashMap.newKeySet();
            AtomicInteger inner = new AtomicInteger();
            AtomicInteger outerChunks = new AtomicInteger();
            Parallel.forRange(32, 16, (lo, hi) -> {
                outerChunks.incrementAndGet();
                Thread outer = Thread.currentThread();
                Parallel.forRange(1 << 10, 16, (a, b) -> {
                    if (Thread.currentThread() != outer) {
                        nestedThreads.add(Thread.currentThread());
                    }
                    sleepMillis(1);
                    inner.addAndGet(b - a);
                });
            });
            assertTrue(nestedThreads.isEmpty(), "nested loop ran on " + nestedThreads);
            assertEquals(outerChunks.get() * (1 << 10), inner.get());
        }
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
