package dev.sheaf.data;

import java.lang.ref.Cleaner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the upstream pipeline on a daemon thread that fills a bounded queue with host {@link Element}s. Only host
 * data crosses threads: tensors are made later by the consumer, so TensorScope ownership stays per thread.
 *
 * <p>The producer thread ends when upstream is exhausted, when upstream throws (the error is rethrown to the
 * consumer), when this iterator is closed, or when it becomes unreachable (a {@link Cleaner} stops it, so an
 * abandoned for-each loop does not leak a blocked thread).
 */
final class PrefetchIterator extends LookaheadIterator<Element> {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How long close() waits for the producer to finish the element it is computing. */
    private static final long JOIN_MILLIS = 5_000;

    private final Pipe pipe;
    private final Cleaner.Cleanable cleanable;

    PrefetchIterator(Supplier<CloseableIterator<Element>> upstream, int capacity) {
        this.pipe = new Pipe(capacity);
        Thread t = new Thread(() -> pipe.produce(upstream), "sheaf-prefetch-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        pipe.thread = t;
        // The cleaning action references only the pipe, never this iterator, so it can become unreachable.
        this.cleanable = CLEANER.register(this, pipe::stop);
        t.start();
    }

    @Override
    protected Element advance() {
        Object o;
        try {
            o = pipe.queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the prefetch thread", e);
        }
        if (o instanceof Element e) {
            return e;
        }
        if (o instanceof Failure f) {
            if (f.error instanceof RuntimeException re) {
                throw re;
            }
            if (f.error instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("The dataset pipeline failed on the prefetch thread", f.error);
        }
        return null;
    }

    @Override
    protected void release() {
        cleanable.clean();
        pipe.join();
    }

    /** What the producer reports: an error it hit upstream. */
    private record Failure(Throwable error) {
    }

    /** The state shared by the producer thread and the consumer. */
    private static final class Pipe {
        private static final Object END = new Object();
        final BlockingQueue<Object> queue;
        volatile boolean stopped;
        volatile Thread thread;

        Pipe(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        void produce(Supplier<CloseableIterator<Element>> source) {
            Object last = END;
            try (CloseableIterator<Element> it = source.get()) {
                while (!stopped && it.hasNext()) {
                    queue.put(it.next());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                last = new Failure(t);
            }
            if (!stopped) {
                try {
                    queue.put(last);
                } catch (InterruptedException e) {
                    // Stopped while handing over the end marker: nobody is listening any more.
                }
            }
        }

        void stop() {
            stopped = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
            queue.clear();
        }

        void join() {
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
