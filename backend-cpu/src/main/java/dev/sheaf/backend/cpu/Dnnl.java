package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.tensor.DType;
import java.util.function.Supplier;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The oneDNN session of one {@link CpuBackend}: the CPU engine, one stream, the primitive cache, the scratchpad, and
 * the lock that serialises execution. One stream is not thread-safe, and oneDNN already uses every core through
 * OpenMP, so running two primitives at once from Java threads would only oversubscribe the cores.
 *
 * <p>Every primitive is created with {@link #attr()}, whose scratchpad mode is {@code user}, and runs on this session's
 * scratchpad buffer. oneDNN's default ({@code library}) scratchpad is, in builds without
 * {@code DNNL_ENABLE_CONCURRENT_EXEC} (JavaCPP's), one buffer per thread shared by the primitives created on that
 * thread, so a primitive must run on the thread that created it. Cached primitives run on whichever thread calls the
 * op (a web server's request threads): a convolution created on one thread and run on another failed with "invalid
 * arguments", or could write into another thread's smaller buffer. The lock makes one shared buffer enough.
 */
final class Dnnl implements AutoCloseable {
    private static final int SCRATCHPAD_ALIGNMENT = 64;

    private final dnnl_engine engine = new dnnl_engine();
    private final dnnl_stream stream = new dnnl_stream();
    private final dnnl_primitive_attr attr = new dnnl_primitive_attr();
    private final PrimitiveCache cache;
    /** The scratchpad: a malloc'ed block and its aligned start; grown to the largest a primitive asked for. */
    private Pointer scratchBase;
    private Pointer scratch;
    private long scratchBytes;
    private boolean closed;

    Dnnl(int cacheCapacity) {
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine_create");
        int s = dnnl_stream_create(stream, engine, dnnl_stream_default_flags);
        if (s != dnnl_success) {
            dnnl_engine_destroy(engine);
            check(s, "stream_create");
        }
        s = dnnl_primitive_attr_create(attr);
        if (s == dnnl_success) {
            s = dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user);
        }
        if (s != dnnl_success) {
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
            dnnl_stream_destroy(stream);
            dnnl_engine_destroy(engine);
            check(s, "primitive_attr_create");
        }
        cache = new PrimitiveCache(cacheCapacity);
    }

    /** The attributes every primitive is created with (user scratchpad); owned by this session. */
    dnnl_primitive_attr attr() {
        return attr;
    }

    /** Sets the user scratchpad mode on attributes a primitive creates for itself (with post-ops). */
    static void userScratchpad(dnnl_primitive_attr attr) {
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user),
                "primitive_attr_set_scratchpad_mode");
    }

    /** A scratchpad of at least {@code bytes}, valid until the next call; callers hold this session's lock. */
    Pointer scratchpad(long bytes) {
        if (bytes > scratchBytes) {
            Pointer base = Pointer.malloc(bytes + SCRATCHPAD_ALIGNMENT - 1);
            if (base == null || base.isNull()) {
                throw new OutOfMemoryError("cpu backend: could not allocate a oneDNN scratchpad of " + bytes
                        + " bytes");
            }
            if (scratchBase != null) {
                Pointer.free(scratchBase);
            }
            scratchBase = base;
            scratch = new BytePointer(base).position((-base.address()) & (SCRATCHPAD_ALIGNMENT - 1));
            scratchBytes = bytes;
        }
        return scratch;
    }

    dnnl_stream stream() {
        return stream;
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
            requireOpen();
            Primitive p = cache.get(key, factory);
            p.execute(this, handles);
        }
    }

    /**
     * {@link #run} for an op whose new {@code result} the primitive writes: returns it, or closes it and rethrows when
     * the primitive cannot be created or run, so that a failed op leaves no tensor behind (outside a scope nothing but
     * the garbage collector would free it).
     */
    CpuTensor runInto(CpuTensor result, Object key, Supplier<Primitive> factory, Pointer... handles) {
        try {
            run(key, factory, handles);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    /** {@link #runBlocked} for an op whose new {@code result} the primitive writes; see {@link #runInto}. */
    CpuTensor runBlockedInto(CpuTensor result, Object key, Supplier<BlockedPrimitive> factory, Pointer... handles) {
        try {
            runBlocked(key, factory, handles);
            return result;
        } catch (RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    /**
     * Runs the {@link BlockedPrimitive} cached under {@code key} (built by {@code factory} on a miss) on the given plain
     * data handles, one per argument, reordering into and out of its blocked layouts as it needs.
     */
    void runBlocked(Object key, Supplier<BlockedPrimitive> factory, Pointer... handles) {
        synchronized (this) {
            requireOpen();
            BlockedPrimitive p = cache.get(key, factory);
            p.execute(this, handles);
        }
    }

    /** Bytes the primitive cached under {@code key} expects for argument {@code argId}, such as its workspace. */
    long argBytes(Object key, Supplier<Primitive> factory, int argId) {
        synchronized (this) {
            requireOpen();
            Primitive p = cache.get(key, factory);
            return p.bytesOf(argId);
        }
    }

    /** Throws once the backend is closed (its engine and handles are gone); called holding this object's lock. */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("cpu backend: the backend was closed; its oneDNN engine is gone");
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
        if (scratchBase != null) {
            Pointer.free(scratchBase);
            scratchBase = null;
            scratchBytes = 0;
        }
        dnnl_primitive_attr_destroy(attr);
        dnnl_stream_destroy(stream);
        dnnl_engine_destroy(engine);
    }
}
