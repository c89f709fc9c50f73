package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A created oneDNN primitive with everything a call needs: its descriptor, one memory object per argument (created
 * once, pointed at the caller's buffers before each run) and the argument array. Creating these is the expensive part
 * of a oneDNN call, which is why they live in the {@link PrimitiveCache}. oneDNN handles have no Java deallocator, so
 * {@link #close()} destroys them explicitly.
 */
final class Primitive implements PrimitiveCache.Entry {
    private final dnnl_primitive_desc pd;
    private final dnnl_primitive primitive = new dnnl_primitive();
    private final dnnl_memory[] memories;
    private final dnnl_exec_arg_t args;
    private final int count;

    /**
     * Creates the primitive of {@code pd} (taking ownership of it) with the given execution arguments.
     *
     * @param argIds the {@code DNNL_ARG_*} ids, in the order {@link #execute} receives their buffers
     */
    Primitive(dnnl_engine engine, dnnl_primitive_desc pd, int... argIds) {
        this.pd = pd;
        this.count = argIds.length;
        this.memories = new dnnl_memory[count];
        this.args = new dnnl_exec_arg_t(count);
        try {
            Dnnl.check(dnnl_primitive_create(primitive, pd), "primitive_create");
            for (int i = 0; i < count; i++) {
                dnnl_memory_desc md = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, argIds[i]);
                dnnl_memory m = new dnnl_memory();
                Dnnl.check(dnnl_memory_create(m, md, engine, (Pointer) null), "memory_create");
                memories[i] = m;
                args.position(i).arg(argIds[i]).memory(m);
            }
            args.position(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Bytes of the memory the primitive expects for argument {@code argId} (e.g. a workspace). */
    long bytesOf(int argId) {
        return dnnl_memory_desc_get_size(md(argId));
    }

    /** The memory descriptor (layout) of argument {@code argId}; owned by this primitive, valid until it closes. */
    dnnl_memory_desc md(int argId) {
        return dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, argId);
    }

    /** oneDNN's name of the implementation it chose, such as {@code jit:avx2} or {@code x64:gemm:jit}. */
    String implementation() {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1)) {
            Dnnl.check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, name), "primitive_desc_query");
            return name.get(BytePointer.class, 0).getString();
        }
    }

    /** Runs on the given buffers (one per argument) and waits for completion. */
    void execute(dnnl_stream stream, Pointer... handles) {
        if (handles.length != count) {
            throw new IllegalArgumentException("cpu backend: a primitive of " + count + " arguments got "
                    + handles.length + " buffers");
        }
        for (int i = 0; i < count; i++) {
            Dnnl.check(dnnl_memory_set_data_handle(memories[i], handles[i]), "memory_set_data_handle");
        }
        Dnnl.check(dnnl_primitive_execute(primitive, stream, count, args), "primitive_execute");
        Dnnl.check(dnnl_stream_wait(stream), "stream_wait");
    }

    @Override
    public void close() {
        for (dnnl_memory m : memories) {
            if (m != null && !m.isNull()) {
                dnnl_memory_destroy(m);
            }
        }
        if (!primitive.isNull()) {
            dnnl_primitive_destroy(primitive);
        }
        if (!pd.isNull()) {
            dnnl_primitive_desc_destroy(pd);
        }
        args.close();
    }
}
