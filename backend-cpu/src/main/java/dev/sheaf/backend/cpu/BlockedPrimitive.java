package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * A primitive created with {@code format_tag any}, whose arguments may be in layouts oneDNN chose for speed (blocked
 * ones such as {@code nChw8c} or {@code OIhw8i8o}), run on the backend's plain buffers: each input is reordered into
 * the chosen layout before the primitive runs and each output out of it afterwards, only where the chosen layout
 * differs from the plain one. The reorder primitives are created with it and cached with it, so a warm training step
 * creates nothing; the blocked copies live in pooled native memory ({@link BlockPool}) for the duration of one call.
 * {@link #close()} destroys every handle.
 */
final class BlockedPrimitive implements PrimitiveCache.Entry {
    private final Primitive main;
    /** Per argument: the reorder between the plain and the chosen layout, or null where they are the same. */
    private final Primitive[] reorders;
    /** Per argument: bytes of the chosen layout. */
    private final long[] bytes;
    private final int inputs;

    /**
     * Wraps {@code main} (taking ownership of it) and creates the reorders its layouts need.
     *
     * @param argIds  its {@code DNNL_ARG_*} ids, in {@link #execute} order: inputs first, then outputs
     * @param plain   the layout of each argument as the caller's buffers hold it (not taken over)
     * @param outputs how many of the arguments, at the end, are written by the primitive
     */
    BlockedPrimitive(Dnnl dnnl, Primitive main, int[] argIds, dnnl_memory_desc[] plain, int outputs) {
        this.main = main;
        this.reorders = new Primitive[argIds.length];
        this.bytes = new long[argIds.length];
        this.inputs = argIds.length - outputs;
        try {
            for (int i = 0; i < argIds.length; i++) {
                dnnl_memory_desc chosen = main.md(argIds[i]);
                bytes[i] = dnnl_memory_desc_get_size(chosen);
                if (dnnl_memory_desc_equal(chosen, plain[i]) == 0) {
                    reorders[i] = i < inputs ? reorder(dnnl, plain[i], chosen) : reorder(dnnl, chosen, plain[i]);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static Primitive reorder(Dnnl dnnl, dnnl_memory_desc from, dnnl_memory_desc to) {
        dnnl_engine engine = dnnl.engine();
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        Dnnl.created(dnnl_reorder_primitive_desc_create(pd, from, engine, to, engine, dnnl.attr()), pd,
                "reorder_primitive_desc_create");
        return new Primitive(engine, pd, DNNL_ARG_FROM, DNNL_ARG_TO);
    }

    /** Whether argument {@code i} runs in a layout of the primitive's own (and is reordered). */
    boolean reorders(int i) {
        return reorders[i] != null;
    }

    /** oneDNN's name of the main primitive's implementation. */
    String implementation() {
        return main.implementation();
    }

    /** Runs on plain buffers, one per argument, and waits for completion. */
    void execute(Dnnl dnnl, Pointer... handles) {
        NativeMemory[] blocked = new NativeMemory[handles.length];
        Pointer[] used = handles.clone();
        try {
            for (int i = 0; i < handles.length; i++) {
                if (reorders[i] != null) {
                    blocked[i] = NativeMemory.allocate(bytes[i]);
                    used[i] = blocked[i].pointer();
                }
            }
            for (int i = 0; i < inputs; i++) {
                if (reorders[i] != null) {
                    reorders[i].execute(dnnl, handles[i], used[i]);
                }
            }
            main.execute(dnnl, used);
            for (int i = inputs; i < handles.length; i++) {
                if (reorders[i] != null) {
                    reorders[i].execute(dnnl, used[i], handles[i]);
                }
            }
        } finally {
            for (NativeMemory m : blocked) {
                if (m != null) {
                    m.release();
                }
            }
        }
    }

    @Override
    public void close() {
        for (Primitive r : reorders) {
            if (r != null) {
                r.close();
            }
        }
        main.close();
    }
}
