package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.tensor.DType;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/** Float32 softmax and log-softmax along one axis on oneDNN's softmax primitive (max-subtracted, one pass). */
final class Softmax {
    private Softmax() {
    }

    static CpuTensor run(CpuBackend backend, Dnnl dnnl, CpuTensor x, int axis, boolean log) {
        long[] d = Dims.of(x.shape());
        int ax = x.rank() == 0 ? 0 : axis;
        int alg = log ? dnnl_softmax_log : dnnl_softmax_accurate;
        CpuTensor out = CpuTensor.allocate(backend, x.shape(), DType.FLOAT32);
        Key key = Key.of("softmax", new long[] {alg, ax}, d);
        return dnnl.runInto(out, key, () -> {
            dnnl_memory_desc md = Dnnl.desc(d, Dnnl.rowMajor(d), dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_softmax_forward_primitive_desc_create(pd, dnnl.engine(), dnnl_forward_inference,
                        alg, md, md, ax, dnnl.attr()), pd, "softmax_forward_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DST);
            } finally {
                Dnnl.destroy(md);
            }
        }, x.pointer(), out.pointer());
    }
}
