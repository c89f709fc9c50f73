package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.Pointer;

/**
 * Float32 batched matrix products on oneDNN's matmul primitive. Transposes are strides in the source descriptors (no
 * copy); batch dimensions broadcast as the primitive allows; a bias and an activation are fused as a bias argument and
 * an eltwise post-op, so the dense layer is one pass over its output.
 */
final class MatMul {
    private MatMul() {
    }

    /** Eltwise algorithm kinds of the activations fused into {@link #run}; 0 means none. */
    static final int NO_ACTIVATION = -1;

    /**
     * {@code activation(a · b + bias)} for float32 operands of rank >= 2 with K > 0 and a non-empty result.
     *
     * @param bias       {@code [N]} or null
     * @param activation a {@code dnnl_eltwise_*} kind or {@link #NO_ACTIVATION}
     */
    static CpuTensor run(CpuBackend backend, Dnnl dnnl, CpuTensor a, CpuTensor b, boolean transposeA,
                         boolean transposeB, CpuTensor bias, int activation) {
        int r = Math.max(a.rank(), b.rank());
        long[] da = Dims.of(a.shape(), r);
        long[] db = Dims.of(b.shape(), r);
        long[] sa = Dnnl.rowMajor(da);
        long[] sb = Dnnl.rowMajor(db);
        long m = transposeA ? da[r - 1] : da[r - 2];
        long n = transposeB ? db[r - 2] : db[r - 1];
        long[] la = da.clone();
        long[] lb = db.clone();
        if (transposeA) {
            swapLast(la, sa);
        }
        if (transposeB) {
            swapLast(lb, sb);
        }
        long[] dc = new long[r];
        for (int i = 0; i < r - 2; i++) {
            dc[i] = Math.max(da[i], db[i]);
        }
        dc[r - 2] = m;
        dc[r - 1] = n;
        long[] biasDims = new long[r];
        java.util.Arrays.fill(biasDims, 1);
        biasDims[r - 1] = n;
        CpuTensor out = CpuTensor.allocate(backend, Shape.of(dc), DType.FLOAT32);
        Key key = Key.of("matmul", la, sa, lb, sb, dc, new long[] {bias != null ? 1 : 0, activation});
        Pointer[] handles = bias == null
                ? new Pointer[] {a.pointer(), b.pointer(), out.pointer()}
                : new Pointer[] {a.pointer(), b.pointer(), bias.pointer(), out.pointer()};
        return dnnl.runInto(out, key,
                () -> create(dnnl, la, sa, lb, sb, dc, bias != null ? biasDims : null, activation), handles);
    }

    private static void swapLast(long[] dims, long[] strides) {
        int r = dims.length;
        long t = dims[r - 1];
        dims[r - 1] = dims[r - 2];
        dims[r - 2] = t;
        t = strides[r - 1];
        strides[r - 1] = strides[r - 2];
        strides[r - 2] = t;
    }

    private static Primitive create(Dnnl dnnl, long[] la, long[] sa, long[] lb, long[] sb, long[] dc,
                                    long[] biasDims, int activation) {
        dnnl_memory_desc src = Dnnl.desc(la, sa, dnnl_f32);
        dnnl_memory_desc wei = Dnnl.desc(lb, sb, dnnl_f32);
        dnnl_memory_desc dst = Dnnl.desc(dc, Dnnl.rowMajor(dc), dnnl_f32);
        dnnl_memory_desc bia = biasDims == null ? null : Dnnl.desc(biasDims, Dnnl.rowMajor(biasDims), dnnl_f32);
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_post_ops ops = new dnnl_post_ops();
        try {
            Dnnl.check(dnnl_primitive_attr_create(attr), "primitive_attr_create");
            Dnnl.userScratchpad(attr);
            if (activation != NO_ACTIVATION) {
                Dnnl.check(dnnl_post_ops_create(ops), "post_ops_create");
                Dnnl.check(dnnl_post_ops_append_eltwise(ops, activation, 0f, 0f), "post_ops_append_eltwise");
                Dnnl.check(dnnl_primitive_attr_set_post_ops(attr, ops), "primitive_attr_set_post_ops");
            }
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            Dnnl.created(dnnl_matmul_primitive_desc_create(pd, dnnl.engine(), src, wei, bia, dst, attr), pd,
                    "matmul_primitive_desc_create");
            return biasDims == null
                    ? new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST)
                    : new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST);
        } finally {
            Dnnl.destroy(src, wei, dst, bia);
            if (!ops.isNull()) {
                dnnl_post_ops_destroy(ops);
            }
            if (!attr.isNull()) {
                dnnl_primitive_attr_destroy(attr);
            }
        }
    }
}
