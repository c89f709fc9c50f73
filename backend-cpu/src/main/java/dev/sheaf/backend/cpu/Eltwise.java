package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/** Float32 unary ops on oneDNN's eltwise primitive, for the ops it has an algorithm for. */
final class Eltwise {
    private Eltwise() {
    }

    /** oneDNN's algorithm and its alpha/beta for {@code op}, or null where oneDNN has none. */
    record Alg(int kind, float alpha, float beta) {
    }

    // exp, log and relu are not here: oneDNN's exp(NaN) is inf, relu(NaN) is 0, and its log is only accurate to
    // about 1e-3 near 1 and flushes denormals, all outside the SPI's semantics (testkit checks them).
    static Alg of(UnaryOp op) {
        return switch (op) {
            case NEG -> new Alg(dnnl_eltwise_linear, -1f, 0f);
            case ABS -> new Alg(dnnl_eltwise_abs, 0f, 0f);
            case SQRT -> new Alg(dnnl_eltwise_sqrt, 0f, 0f);
            case SQUARE -> new Alg(dnnl_eltwise_square, 0f, 0f);
            case TANH -> new Alg(dnnl_eltwise_tanh, 0f, 0f);
            case SIGMOID -> new Alg(dnnl_eltwise_logistic, 0f, 0f);
            default -> null;
        };
    }

    /** The activation kinds that {@link MatMul} can fuse, or {@link MatMul#NO_ACTIVATION}. */
    static int fusable(UnaryOp op) {
        if (op == null) {
            return MatMul.NO_ACTIVATION;
        }
        return switch (op) {
            case RELU -> dnnl_eltwise_relu;
            case TANH -> dnnl_eltwise_tanh;
            case SIGMOID -> dnnl_eltwise_logistic;
            default -> MatMul.NO_ACTIVATION;
        };
    }

    /** {@code alg} applied to a non-empty float32 tensor. */
    static CpuTensor run(CpuBackend backend, Dnnl dnnl, Alg alg, CpuTensor x) {
        long[] d = {x.size()};
        CpuTensor out = CpuTensor.allocate(backend, x.shape(), DType.FLOAT32);
        Key key = Key.of("eltwise", new long[] {alg.kind(), Float.floatToIntBits(alg.alpha()),
                Float.floatToIntBits(alg.beta())}, d);
        return dnnl.runInto(out, key, () -> {
            dnnl_memory_desc md = Dnnl.desc(d, new long[] {1}, dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_eltwise_forward_primitive_desc_create(pd, dnnl.engine(), dnnl_forward_inference,
                        alg.kind(), md, md, alg.alpha(), alg.beta(), dnnl.attr()), pd,
                        "eltwise_forward_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DST);
            } finally {
                Dnnl.destroy(md);
            }
        }, x.pointer(), out.pointer());
    }
}
