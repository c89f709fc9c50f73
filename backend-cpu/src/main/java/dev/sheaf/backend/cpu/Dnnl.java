package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.tensor.DType;
import java.util.function.Supplier;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Pointer;

/**
 * The oneDNN session of one {@link CpuBackend}: the CPU engine, one stream, the primitive cache, and the lock that
 * serialises execution. One stream is not thread-safe, and oneDNN already uses every core through OpenMP, so running
 * two primitives at once from Java threads would only oversubscribe the cores.
 */
final class Dnnl implements AutoCloseable {
    private final dnnl_engine engine = new dnnl_engine();
    private final dnnl_stream stream = new dnnl_stream();
    private final PrimitiveCache cache;
    private boolean closed;

    Dnnl(int cacheCapacity) {
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine_create");
        int s = dnnl_stream_create(stream, engine, dnnl_stream_default_flags);
        if (s != dnnl_success) {
            dnnl_engine_destroy(engine);
            check(s, "stream_create");
        }
        cache = new PrimitiveCache(cacheCapacity);
    }

    dnnl_engine engine() {
        return engine;
    }

    PrimitiveCache cache() {
        return cache;
    }

    /**
     * Runs the primitive cached under {@code key} (built by {@code factory} on a miss) on the given data handles, one
     * per argument the primitive was created with, in that order.
     */
    void run(Object key, Supplier<Primitive> factory, Pointer... handles) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("cpu backend: the backend was closed; its oneDNN engine is gone");
            }
            Primitive p = cache.get(key, factory);
            p.execute(stream, handles);
        }
    }

    /**
     * Runs the {@link BlockedPrimitive} cached under {@code key} (built by {@code factory} on a miss) on the given plain
     * data handles, one per argument, reordering into and out of its blocked layouts as it needs.
     */
    void runBlocked(Object key, Supplier<BlockedPrimitive> factory, Pointer... handles) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("cpu backend: the backend was closed; its oneDNN engine is gone");
            }
            BlockedPrimitive p = cache.get(key, factory);
            p.execute(stream, handles);
        }
    }

    /** Bytes the primitive cached under {@code key} expects for argument {@code argId}, such as its workspace. */
    long argBytes(Object key, Supplier<Primitive> factory, int argId) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("cpu backend: the backend was closed; its oneDNN engine is gone");
            }
            Primitive p = cache.get(key, factory);
            return p.bytesOf(argId);
        }
    }

    /** Throws unless {@code status} is success. oneDNN reports bad arguments this way, never by crashing. */
    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("cpu backend: oneDNN " + what + " failed with status " + status
                    + " (" + statusName(status) + ")");
        }
    }

    private static String statusName(int s) {
        if (s == dnnl_out_of_memory) {
            return "out of memory";
        } else if (s == dnnl_invalid_arguments) {
            return "invalid arguments";
        } else if (s == dnnl_unimplemented) {
            return "unimplemented";
        }
        return "error";
    }

    static int dataType(DType t) {
        return switch (t) {
            case FLOAT32 -> dnnl_f32;
            case INT32 -> dnnl_s32;
            case BOOL -> dnnl_u8;
            case FLOAT64 -> dnnl_f64;
            case INT64 -> dnnl_s64;
        };
    }

    /** A plain (strided) memory descriptor; the caller destroys it. */
    static dnnl_memory_desc desc(long[] dims, long[] strides, int dataType) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        check(dnnl_memory_desc_create_with_strides(md, dims.length, dims, dataType, strides), "memory_desc_create");
        return md;
    }

    /** A descriptor that lets the primitive choose the layout ({@code format_tag any}); the caller destroys it. */
    static dnnl_memory_desc any(long[] dims, int dataType) {
        dnnl_memory_desc md = new dnnl_memory_desc();
        check(dnnl_memory_desc_create_with_tag(md, dims.length, dims, dataType, dnnl_format_tag_any),
                "memory_desc_create");
        return md;
    }

    /** Row-major strides of {@code dims}. */
    static long[] rowMajor(long[] dims) {
        long[] s = new long[dims.length];
        long acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 1);
        }
        return s;
    }

    /** Destroys descriptors (null entries are skipped). */
    static void destroy(dnnl_memory_desc... mds) {
        for (dnnl_memory_desc md : mds) {
            if (md != null && !md.isNull()) {
                dnnl_memory_desc_destroy(md);
            }
        }
    }

    /** Checks a primitive-descriptor creation; on failure frees what was passed in and throws. */
    static dnnl_primitive_desc created(int status, dnnl_primitive_desc pd, String what) {
        if (status != dnnl_success) {
            if (!pd.isNull()) {
                dnnl_primitive_desc_destroy(pd);
            }
            check(status, what);
        }
        return pd;
    }

    /** Destroys every cached primitive, the stream and the engine; later runs throw. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.close();
        dnnl_stream_destroy(stream);
        dnnl_engine_destroy(engine);
    }
}
