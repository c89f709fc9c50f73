package dev.sheaf.backend.cpu;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a large element-wise Java loop over the cores that oneDNN's OpenMP team leaves idle meanwhile. The backend
 * runs one op at a time, so while a Java kernel runs the OpenMP threads sleep (passive wait); a fixed set of
 * {@code min(cores, OMP_NUM_THREADS) - 1} daemon workers takes their place without oversubscribing the machine.
 * Chunks are contiguous index ranges, and every element is computed by the same float32 operations whichever thread
 * runs it, so results are bit-identical to the serial loop. Loops below {@code minPerThread} elements a thread stay
 * serial: waking a parked worker costs tens of microseconds.
 */
final class Parallel {
    /** A loop body over the index range {@code [lo, hi)}. */
    interface Range {
        void run(int lo, int hi);
    }

    private static final Worker[] WORKERS = start(threads() - 1);
    /** One parallel loop at a time; a concurrent or nested caller runs its loop serially rather than waiting. */
    private static final ReentrantLock BUSY = new ReentrantLock();
    /** Chunk boundaries are multiples of this (64 bytes of float32), so threads do not share written cache lines. */
    private static final int ALIGN = 16;
    /** How long the caller polls for the workers before parking: a chunk is worth that much only when it is short. */
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

    /** Runs {@code body} over {@code [0, n)}, in contiguous chunks of at least {@code minPerThread} on several threads. */
    static void forRange(int n, int minPerThread, Range body) {
        int chunks = Math.min(WORKERS.length + 1, n / Math.max(minPerThread, 1));
        if (chunks <= 1 || !BUSY.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            int per = (n / chunks + ALIGN - 1) / ALIGN * ALIGN;
            Thread caller = Thread.currentThread();
            int used = 0;
            for (int c = 1; c < chunks && c * per < n; c++) {
                WORKERS[c - 1].submit(body, c * per, Math.min(n, (c + 1) * per), caller);
                used++;
            }
            Throwable failure = null;
            try {
                body.run(0, Math.min(n, per));
            } catch (Throwable t) {
                failure = t;
            }
            // Always wait for every worker, even after a failure: they write into the caller's arrays.
            for (int w = 0; w < used; w++) {
                Throwable t = WORKERS[w].await();
                if (failure == null) {
                    failure = t;
                }
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            } else if (failure instanceof Error e) {
                throw e;
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            BUSY.unlock();
        }
    }

    private static Worker[] start(int n) {
        Worker[] ws = new Worker[Math.max(n, 0)];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = new Worker("sheaf-cpu-loop-" + (i + 1));
            ws[i].start();
        }
        return ws;
    }

    /** A daemon thread that parks until handed a chunk, runs it, and wakes the caller. */
    private static final class Worker extends Thread {
        private volatile Range task;
        private volatile boolean done;
        private int lo;
        private int hi;
        private Thread caller;
        private Throwable failure;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Hands over a chunk; the volatile write of {@code task} publishes the plain fields. */
        void submit(Range body, int from, int to, Thread waiting) {
            lo = from;
            hi = to;
            caller = waiting;
            failure = null;
            done = false;
            task = body;
            LockSupport.unpark(this);
        }

        /** Waits for the chunk and returns what it threw, or null. */
        Throwable await() {
            for (int i = 0; !done; i++) {
                if (i < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            return failure;
        }

        @Override
        public void run() {
            while (true) {
                Range t = task;
                if (t == null) {
                    // Park at once rather than spin: between loops this core belongs to OpenMP and the JVM.
                    LockSupport.park(this);
                    continue;
                }
                try {
                    t.run(lo, hi);
                } catch (Throwable e) {
                    failure = e;
                }
                Thread waiting = caller;
                task = null;
                caller = null;
                done = true;
                LockSupport.unpark(waiting);
            }
        }
    }
}
