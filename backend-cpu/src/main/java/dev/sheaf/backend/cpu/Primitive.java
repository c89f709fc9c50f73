package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_attr;
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
    /** Arguments the caller passes buffers for; the scratchpad, when the primitive needs one, is one more. */
    private final int count;
    /** Bytes of scratchpad the primitive needs (0: none, and no scratchpad argument). */
    private final long scratchpadBytes;

    /**
     * Creates the primitive of {@code pd} (taking ownership of it) with the given execution arguments.
     *
     * @param argIds the {@code DNNL_ARG_*} ids, in the order {@link #execute} receives their buffers
     */
    Primitive(dnnl_engine engine, dnnl_primitive_desc pd, int... argIds) {
        this.pd = pd;
        this.count = argIds.length;
        dnnl_memory_desc scratchMd = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, DNNL_ARG_SCRATCHPAD);
        this.scratchpadBytes = scratchMd == null || scratchMd.isNull() ? 0 : dnnl_memory_desc_get_size(scratchMd);
        int all = count + (scratchpadBytes > 0 ? 1 : 0);
        this.memories = new dnnl_memory[all];
        this.args = new dnnl_exec_arg_t(all);
        try {
            requireUserScratchpad(pd);
            Dnnl.check(dnnl_primitive_create(primitive, pd), "primitive_create");
            for (int i = 0; i < all; i++) {
                int id = i < count ? argIds[i] : DNNL_ARG_SCRATCHPAD;
                dnnl_memory_desc md = dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, id);
                dnnl_memory m = new dnnl_memory();
                Dnnl.check(dnnl_memory_create(m, md, engine, (Pointer) null), "memory_create");
                memories[i] = m;
                args.position(i).arg(id).memory(m);
            }
            args.position(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Throws unless {@code pd} was created with {@link Dnnl#attr()}'s user scratchpad: a primitive on oneDNN's
     * per-thread library scratchpad breaks when another thread runs it (see {@link Dnnl}).
     */
    private static void requireUserScratchpad(dnnl_primitive_desc pd) {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        Dnnl.check(dnnl_primitive_desc_get_attr(pd, attr), "primitive_desc_get_attr");
        int[] mode = new int[1];
        Dnnl.check(dnnl_primitive_attr_get_scratchpad_mode(attr, mode), "primitive_attr_get_scratchpad_mode");
        if (mode[0] != dnnl_scratchpad_mode_user) {
            throw new IllegalStateException("cpu backend: a oneDNN primitive was created without Dnnl.attr() (the "
                    + "user scratchpad); it would fail when run on another thread than the one that created it");
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

    /**
     * Runs on the given buffers (one per argument) and {@code dnnl}'s scratchpad, and waits for completion; the caller
     * holds {@code dnnl}'s lock.
     */
    void execute(Dnnl dnnl, Pointer... handles) {
        if (handles.length != count) {
            throw new IllegalArgumentException("cpu backend: a primitive of " + count + " arguments got "
                    + handles.length + " buffers");
        }
        for (int i = 0; i < count; i++) {
            Dnnl.check(dnnl_memory_set_data_handle(memories[i], handles[i]), "memory_set_data_handle");
        }
        if (scratchpadBytes > 0) {
            Dnnl.check(dnnl_memory_set_data_handle(memories[count], dnnl.scratchpad(scratchpadBytes)),
                    "memory_set_data_handle");
        }
        dnnl_stream stream = dnnl.stream();
        Dnnl.check(dnnl_primitive_execute(primitive, stream, memories.length, args), "primitive_execute");
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
