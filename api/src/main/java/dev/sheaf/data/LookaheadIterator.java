package dev.sheaf.data;

import java.util.NoSuchElementException;

/**
 * The skeleton of every pipeline stage's iterator: {@link #advance()} computes the next element or null at the end;
 * hasNext/next/close bookkeeping lives here once.
 */
abstract class LookaheadIterator<T> implements CloseableIterator<T> {
    private T next;
    private boolean done;

    /** The next element, or {@code null} when there is none. */
    protected abstract T advance();

    /** Releases the stage's resources (its upstream iterators); called once. */
    protected void release() {
    }

    @Override
    public final boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        next = advance();
        if (next == null) {
            close();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The dataset has no more elements");
        }
        T r = next;
        next = null;
        return r;
    }

    @Override
    public final void close() {
        if (!done) {
            done = true;
            next = null;
            release();
        }
    }
}
