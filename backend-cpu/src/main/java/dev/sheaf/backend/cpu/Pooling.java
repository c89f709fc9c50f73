package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.function.Supplier;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/**
 * Float32 max and average pooling, forward and backward, on oneDNN's pooling primitives over channels-last tensors.
 * Average pooling excludes padding (the SPI's rule); max pooling's backward replays the forward pass in training mode
 * to get the workspace that records each window's winner.
 */
final class Pooling {
    private Pooling() {
    }

    private record Geometry(int alg, long[] src, long[] srcStrides, long[] dst, long[] dstStrides, long[] strides,
                            long[] kernel, long[] dilation, long[] padL, long[] padR) {
        String key() {
            return alg + Dims.key(src) + Dims.key(srcStrides) + Dims.key(dst) + Dims.key(strides) + Dims.key(kernel)
                    + Dims.key(padL) + Dims.key(padR);
        }
    }

    static Shape outputShape(Shape x, PoolSpec spec) {
        int n = spec.spatialRank();
        long[] d = x.dims();
        for (int i = 0; i < n; i++) {
            d[i + 1] = spec.outputSize(i, x.dim(i + 1));
        }
        return Shape.of(d);
    }

    private static Geometry geometry(PoolMode mode, Shape x, Shape out, PoolSpec spec) {
        int n = spec.spatialRank();
        long[] st = new long[n];
        long[] k = new long[n];
        long[] pl = new long[n];
        long[] pr = new long[n];
        int[][] pad = spec.padding();
        for (int i = 0; i < n; i++) {
            st[i] = spec.strides()[i];
            k[i] = spec.window()[i];
            pl[i] = pad[i][0];
            pr[i] = pad[i][1];
        }
        int alg = mode == PoolMode.MAX ? dnnl_pooling_max : dnnl_pooling_avg_exclude_padding;
        return new Geometry(alg, ChannelsLast.dims(x), ChannelsLast.strides(x), ChannelsLast.dims(out),
                ChannelsLast.strides(out), st, k, new long[n], pl, pr);
    }

    static CpuTensor forward(CpuBackend backend, Dnnl dnnl, PoolMode mode, CpuTensor x, PoolSpec spec) {
        Shape outShape = outputShape(x.shape(), spec);
        Geometry g = geometry(mode, x.shape(), outShape, spec);
        CpuTensor out = CpuTensor.allocate(backend, outShape, DType.FLOAT32);
        return dnnl.runInto(out, "pool fwd " + g.key(), () -> forwardPrimitive(dnnl, g, false), x.pointer(),
                out.pointer());
    }

    static CpuTensor backward(CpuBackend backend, Dnnl dnnl, PoolMode mode, CpuTensor x, CpuTensor gradOut,
                              PoolSpec spec) {
        Geometry g = geometry(mode, x.shape(), gradOut.shape(), spec);
        CpuTensor gradIn = CpuTensor.allocate(backend, x.shape(), DType.FLOAT32);
        if (mode == PoolMode.AVG) {
            return dnnl.runInto(gradIn, "pool bwd " + g.key(), () -> backwardPrimitive(dnnl, g), gradOut.pointer(),
                    gradIn.pointer());
        }
        String fwdKey = "pool fwd training " + g.key();
        Supplier<Primitive> fwd = () -> forwardPrimitive(dnnl, g, true);
        NativeMemory workspace = null;
        try {
            workspace = NativeMemory.allocate(dnnl.argBytes(fwdKey, fwd, DNNL_ARG_WORKSPACE));
            try (CpuTensor scratchOut = CpuTensor.allocate(backend, gradOut.shape(), DType.FLOAT32)) {
                dnnl.run(fwdKey, fwd, x.pointer(), scratchOut.pointer(), workspace.pointer());
                dnnl.run("pool bwd " + g.key(), () -> backwardPrimitive(dnnl, g), gradOut.pointer(),
                        workspace.pointer(), gradIn.pointer());
            }
            return gradIn;
        } catch (RuntimeException | Error e) {
            gradIn.close(); // a failed primitive creation must not leave the result behind
            throw e;
        } finally {
            if (workspace != null) {
                workspace.release();
            }
        }
    }

    private static dnnl_primitive_desc forwardDesc(Dnnl dnnl, Geometry g, boolean training) {
        dnnl_memory_desc src = Dnnl.desc(g.src(), g.srcStrides(), dnnl_f32);
        dnnl_memory_desc dst = Dnnl.desc(g.dst(), g.dstStrides(), dnnl_f32);
        try {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            return Dnnl.created(dnnl_pooling_forward_primitive_desc_create(pd, dnnl.engine(),
                    training ? dnnl_forward_training : dnnl_forward_inference, g.alg(), src, dst, g.strides(),
                    g.kernel(), g.dilation(), g.padL(), g.padR(), dnnl.attr()), pd,
                    "pooling_forward_primitive_desc_create");
        } finally {
            Dnnl.destroy(src, dst);
        }
    }

    private static Primitive forwardPrimitive(Dnnl dnnl, Geometry g, boolean training) {
        dnnl_primitive_desc pd = forwardDesc(dnnl, g, training);
        return training
                ? new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_WORKSPACE)
                : new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DST);
    }

    private static Primitive backwardPrimitive(Dnnl dnnl, Geometry g) {
        dnnl_primitive_desc hint = forwardDesc(dnnl, g, true);
        dnnl_memory_desc diffSrc = Dnnl.desc(g.src(), g.srcStrides(), dnnl_f32);
        dnnl_memory_desc diffDst = Dnnl.desc(g.dst(), g.dstStrides(), dnnl_f32);
        try {
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            Dnnl.created(dnnl_pooling_backward_primitive_desc_create(pd, dnnl.engine(), g.alg(), diffSrc, diffDst,
                    g.strides(), g.kernel(), g.dilation(), g.padL(), g.padR(), hint, dnnl.attr()), pd,
                    "pooling_backward_primitive_desc_create");
            return g.alg() == dnnl_pooling_max
                    ? new Primitive(dnnl.engine(), pd, DNNL_ARG_DIFF_DST, DNNL_ARG_WORKSPACE, DNNL_ARG_DIFF_SRC)
                    : new Primitive(dnnl.engine(), pd, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC);
        } finally {
            dnnl_primitive_desc_destroy(hint);
            Dnnl.destroy(diffSrc, diffDst);
        }
    }
}
