package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/**
 * Float32 arithmetic on oneDNN's binary primitive with numpy broadcasting. oneDNN broadcasts only its second source,
 * so a broadcast first operand is swapped with the second for commutative ops and otherwise left to the caller.
 */
final class Binary {
    private Binary() {
    }

    /** oneDNN's algorithm for {@code op}, or -1. */
    static int alg(BinaryOp op) {
        return switch (op) {
            case ADD -> dnnl_binary_add;
            case SUB -> dnnl_binary_sub;
            case MUL -> dnnl_binary_mul;
            case DIV -> dnnl_binary_div;
            default -> -1;
        };
    }

    static boolean commutative(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.MUL;
    }

    /**
     * {@code a op b} for float32 operands whose broadcast shape {@code out} is non-empty, or null when oneDNN cannot do
     * it directly (the first operand would need broadcasting).
     */
    static CpuTensor run(CpuBackend backend, Dnnl dnnl, BinaryOp op, CpuTensor a, CpuTensor b, Shape out) {
        if (!a.shape().equals(out)) {
            if (commutative(op) && b.shape().equals(out)) {
                return run(backend, dnnl, op, b, a, out);
            }
            return null;
        }
        int r = Math.max(out.rank(), 1);
        if (!Dims.fits(r)) {
            return null;
        }
        long[] d0 = Dims.of(out, r);
        long[] d1 = Dims.of(b.shape(), r);
        int alg = alg(op);
        CpuTensor result = CpuTensor.allocate(backend, out, DType.FLOAT32);
        Key key = Key.of("binary", new long[] {alg}, d0, d1);
        return dnnl.runInto(result, key, () -> {
            dnnl_memory_desc s0 = Dnnl.desc(d0, Dnnl.rowMajor(d0), dnnl_f32);
            dnnl_memory_desc s1 = Dnnl.desc(d1, Dnnl.rowMajor(d1), dnnl_f32);
            try {
                dnnl_primitive_desc pd = new dnnl_primitive_desc();
                Dnnl.created(dnnl_binary_primitive_desc_create(pd, dnnl.engine(), alg, s0, s1, s0, dnnl.attr()), pd,
                        "binary_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC_0, DNNL_ARG_SRC_1, DNNL_ARG_DST);
            } finally {
                Dnnl.destroy(s0, s1);
            }
        }, a.pointer(), b.pointer(), result.pointer());
    }
}
