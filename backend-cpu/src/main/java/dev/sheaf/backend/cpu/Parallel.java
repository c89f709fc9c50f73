package dev.sheaf.backend.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a large element-wise Java loop over the cores that oneDNN's OpenMP team leaves idle meanwhile. The backend
 * runs one op at a time, so while a Java kernel runs the OpenMP threads sleep (passive wait); a fixed set of
 * {@code min(cores, OMP_NUM_THREADS) - 1} daemon workers takes their place without oversubscribing the machine.
 *
 * <p>A loop is cut into a few contiguous chunks per thread, and the caller and the workers take chunks from a shared
 * counter until none is left. The caller never waits for a chunk nobody has started: a worker that the OS has not
 * scheduled yet (the JIT compilers share these cores, and a parked thread takes tens of microseconds to wake) costs the
 * caller nothing but the chunks it runs itself. Chunk boundaries depend only on the loop's length and the thread count,
 * and every element is computed by the same float32 operations whichever thread runs it, so results are bit-identical
 * to the serial loop. Loops below {@code minPerThread} elements a thread stay serial.
 */
final class Parallel {
    /** A loop body over the index range {@code [lo, hi)}. */
    interface Range {
        void run(int lo, int hi);
    }

    private static final Worker[] WORKERS = start(threads() - 1);
    /**
     * One parallel loop at a time; a concurrent or nested caller runs its loop serially rather than waiting. Not a
     * reentrant lock: a loop nested in one of the caller's own chunks must not hand the workers a second job.
     */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** Chunk boundaries are multiples of this (64 bytes of float32), so threads do not share written cache lines. */
    private static final int ALIGN = 16;
    /** Chunks per thread: enough that a late worker leaves the caller little to wait for, few enough to stay cheap. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** How long the caller polls for a running chunk before parking: the chunks are short. */
    private static final int SPINS = 1 << 14;

    private Parallel() {
    }

    /** Number of threads a loop may use: the cores OpenMP was told to use, bounded by the cores Java sees. */
    static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null) {
            try {
                // OMP_NUM_THREADS may list a count per nesting level ("4,2"); the first is the outer team.
                int n = Integer.parseInt(omp.split(",")[0].trim());
                if (n > 0) {
                    cores = Math.min(cores, n);
                }
            } catch (NumberFormatException e) {
                // An unparsable setting: OpenMP ignores it too and uses every core.
            }
        }
        return Math.max(cores, 1);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in contiguous chunks, on several threads when each thread gets
     * {@code minPerThread} indices or more.
     */
    static void forRange(int n, int minPerThread, Range body) {
        int threads = Math.min(WORKERS.length + 1, n / Math.max(minPerThread, 1));
        if (threads <= 1 || !BUSY.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Job job = new Job(body, n, chunkSize(n, threads, minPerThread), Thread.currentThread());
            for (int w = 0; w < threads - 1; w++) {
                WORKERS[w].offer(job);
            }
            job.work();
            job.awaitClaimed();
            Throwable failure = job.failure.get();
            if (failure instanceof RuntimeException r) {
                throw r;
            } else if (failure instanceof Error e) {
                throw e;
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            BUSY.set(false);
        }
    }

    /** {@value #CHUNKS_PER_THREAD} chunks a thread, none shorter than a quarter of {@code minPerThread}, aligned. */
    static int chunkSize(int n, int threads, int minPerThread) {
        int chunks = threads * CHUNKS_PER_THREAD;
        int per = Math.max((n + chunks - 1) / chunks, minPerThread / CHUNKS_PER_THREAD);
        return Math.max((per + ALIGN - 1) / ALIGN * ALIGN, ALIGN);
    }

    private static Worker[] start(int n) {
        Worker[] ws = new Worker[Math.max(n, 0)];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = new Worker("sheaf-cpu-loop-" + (i + 1));
            ws[i].start();
        }
        return ws;
    }

    /** One loop: its chunks, the counter threads claim them from, and how many of the claimed ones have finished. */
    private static final class Job {
        /** Added to the claim counter when the caller closes the loop, so that a late worker claims nothing. */
        private static final int CLOSED = Integer.MAX_VALUE / 2;

        private final Range body;
        private final int n;
        private final int per;
        private final int chunks;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Range body, int n, int per, Thread caller) {
            this.body = body;
            this.n = n;
            this.per = per;
            this.chunks = (n + per - 1) / per;
            this.caller = caller;
        }

        /** Claims and runs chunks until none is left (or one failed); wakes the caller after each. */
        void work() {
            boolean isCaller = Thread.currentThread() == caller;
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.run(c * per, Math.min(n, (c + 1) * per));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                finished.incrementAndGet();
                if (!isCaller) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /**
         * Closes the counter and waits for the chunks other threads claimed: they write into the caller's memory, so
         * even after a failure the caller may not return before they finish.
         */
        void awaitClaimed() {
            int claimed = Math.min(next.getAndAdd(CLOSED), chunks);
            for (int i = 0; finished.get() < claimed; i++) {
                if (i < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }

    /** A daemon thread that parks until offered a loop, then helps with its chunks. */
    private static final class Worker extends Thread {
        private static final VarHandle JOB;

        static {
            try {
                JOB = MethodHandles.lookup().findVarHandle(Worker.class, "job", Job.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile Job job;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void offer(Job j) {
            job = j;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job j = job;
                if (j == null) {
                    // Park at once rather than spin: between loops this core belongs to OpenMP and the JVM.
                    LockSupport.park(this);
                    continue;
                }
                // Dropped before the work, so that a finished loop's body (and what it holds) is not kept alive; a
                // newer loop offered meanwhile is kept.
                JOB.compareAndSet(this, j, null);
                j.work();
            }
        }
    }
}
