package dev.sheaf.backend.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The created primitives, keyed by op, shapes, dtypes and attributes, least recently used evicted first. A training
 * step repeats the same ops on the same shapes, so after its first batch it finds every primitive here and creates
 * none. Evicted and remaining entries are destroyed, never left to the garbage collector (oneDNN handles have no Java
 * deallocator). Callers hold the {@link Dnnl} lock.
 */
final class PrimitiveCache implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<Object, Primitive> entries;
    private long created;

    PrimitiveCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Primitive> eldest) {
                if (size() > PrimitiveCache.this.capacity) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    Primitive get(Object key, Supplier<Primitive> factory) {
        Primitive p = entries.get(key);
        if (p == null) {
            p = factory.get();
            created++;
            entries.put(key, p);
        }
        return p;
    }

    /** How many primitives were ever created (a steady training loop stops increasing it). */
    long created() {
        return created;
    }

    /** How many are cached now. */
    int size() {
        return entries.size();
    }

    @Override
    public void close() {
        for (Primitive p : entries.values()) {
            p.close();
        }
        entries.clear();
    }
}
