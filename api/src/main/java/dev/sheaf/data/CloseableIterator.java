package dev.sheaf.data;

import java.util.Iterator;
import org.apiguardian.api.API;

/**
 * An iterator over a {@link Dataset} that holds resources (the background thread of {@link Dataset#prefetch}) until
 * it is exhausted or closed. Use it in try-with-resources when iteration may stop early.
 *
 * @param <T> the element type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    /** Releases what the iteration holds; further calls to {@link #hasNext()} return false. Idempotent. */
    @Override
    void close();
}
