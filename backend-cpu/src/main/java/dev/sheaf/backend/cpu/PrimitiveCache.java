package dev.sheaf.backend.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The created primitives, keyed by op, shapes, dtypes and attributes, least recently used evicted first. An entry is
 * one {@link Primitive} or a group of them that runs as one op (a convolution with the reorders into and out of its
 * blocked layouts, {@link BlockedPrimitive}). A training step repeats the same ops on the same shapes, so after its
 * first batch it finds every entry here and creates none. Evicted and remaining entries are destroyed, never left to
 * the garbage collector (oneDNN handles have no Java deallocator). Callers hold the {@link Dnnl} lock.
 */
final class PrimitiveCache implements AutoCloseable {
    /** What the cache holds: oneDNN handles that {@link #close()} destroys. */
    interface Entry extends AutoCloseable {
        @Override
        void close();
    }

    private final int capacity;
    private final LinkedHashMap<Object, Entry> entries;
    private long created;

    PrimitiveCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
                if (size() > PrimitiveCache.this.capacity) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    /** The entry under {@code key}, created by {@code factory} on a miss (keys name their op, so types never clash). */
    @SuppressWarnings("unchecked")
    <T extends Entry> T get(Object key, Supplier<T> factory) {
        Entry p = entries.get(key);
        if (p == null) {
            p = factory.get();
            created++;
            entries.put(key, p);
        }
        return (T) p;
    }

    /** How many entries were ever created (a steady training loop stops increasing it). */
    long created() {
        return created;
    }

    /** How many are cached now. */
    int size() {
        return entries.size();
    }

    @Override
    public void close() {
        for (Entry p : entries.values()) {
            p.close();
        }
        entries.clear();
    }
}
