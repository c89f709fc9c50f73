package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/** Float32 sums and products over axes on oneDNN's reduction primitive. */
final class Reduction {
    private Reduction() {
    }

    static int alg(ReduceOp op) {
        return switch (op) {
            case SUM -> dnnl_reduction_sum;
            case PROD -> dnnl_reduction_mul;
            case MAX -> dnnl_reduction_max;
            case MIN -> dnnl_reduction_min;
        };
    }

    /** Reduces a non-empty float32 tensor over non-empty {@code axes}; the result keeps the reduced axes as 1s. */
    static CpuTensor run(CpuBackend backend, Dnnl dnnl, ReduceOp op, CpuTensor x, int[] axes) {
        long[] src = Dims.of(x.shape());
        long[] dst = src.clone();
        for (int a : axes) {
            dst[a] = 1;
        }
        long[] kept = x.rank() == 0 ? new long[0] : dst;
        CpuTensor out = CpuTensor.allocate(backend, Shape.of(kept), DType.FLOAT32);
        int alg = alg(op);
        Key key = Key.of("reduction", new long[] {alg}, src, dst);
        return dnnl.runInto(out, key, () -> {
            dnnl_memory_desc s = Dnnl.desc(src, Dnnl.rowMajor(src), dnnl_f32);
            dnnl_memory_desc d = Dnnl.desc(dst, Dnnl.rowMajor(dst), dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_reduction_primitive_desc_create(pd, dnnl.engine(), alg, s, d, 0f, 0f, dnnl.attr()), pd,
                        "reduction_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DST);
            } finally {
                Dnnl.destroy(s, d);
            }
        }, x.pointer(), out.pointer());
    }
}
