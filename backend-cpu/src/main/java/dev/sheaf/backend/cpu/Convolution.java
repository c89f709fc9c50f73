package dev.sheaf.backend.cpu;

import static org.bytedeco.dnnl.global.dnnl.*;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc;

/**
 * Float32 N-d convolution forward, backward-data and backward-weights on oneDNN's convolution primitives, over
 * channels-last tensors described by strides ({@link ChannelsLast}).
 */
final class Convolution {
    private Convolution() {
    }

    private enum Kind { FORWARD, BACKWARD_DATA, BACKWARD_WEIGHTS }

    /** The geometry of one convolution, in oneDNN's terms. */
    private record Geometry(long[] src, long[] srcStrides, long[] wei, long[] weiStrides, long[] dst,
                            long[] dstStrides, long[] strides, long[] dilation, long[] padL, long[] padR) {
        String key() {
            return Dims.key(src) + Dims.key(srcStrides) + Dims.key(wei) + Dims.key(weiStrides) + Dims.key(dst)
                    + Dims.key(dstStrides) + Dims.key(strides) + Dims.key(dilation) + Dims.key(padL)
                    + Dims.key(padR);
        }
    }

    private static Geometry geometry(Shape input, Shape kernel, Shape output, ConvSpec spec) {
        int n = spec.spatialRank();
        long[] st = new long[n];
        long[] dl = new long[n];
        long[] pl = new long[n];
        long[] pr = new long[n];
        int[][] pad = spec.padding();
        for (int i = 0; i < n; i++) {
            st[i] = spec.strides()[i];
            dl[i] = spec.dilation()[i] - 1;
            pl[i] = pad[i][0];
            pr[i] = pad[i][1];
        }
        return new Geometry(ChannelsLast.dims(input), ChannelsLast.strides(input),
                ChannelsLast.weightDims(kernel, spec.groups()), ChannelsLast.weightStrides(kernel, spec.groups()),
                ChannelsLast.dims(output), ChannelsLast.strides(output), st, dl, pl, pr);
    }

    /** The output shape of {@code conv(x, kernel)}. */
    static Shape outputShape(Shape x, Shape kernel, ConvSpec spec) {
        int n = spec.spatialRank();
        long[] d = new long[n + 2];
        d[0] = x.dim(0);
        for (int i = 0; i < n; i++) {
            d[i + 1] = spec.outputSize(i, x.dim(i + 1), kernel.dim(i));
        }
        d[n + 1] = kernel.dim(-1);
        return Shape.of(d);
    }

    static CpuTensor forward(CpuBackend backend, Dnnl dnnl, CpuTensor x, CpuTensor kernel, ConvSpec spec) {
        Shape outShape = outputShape(x.shape(), kernel.shape(), spec);
        Geometry g = geometry(x.shape(), kernel.shape(), outShape, spec);
        CpuTensor out = CpuTensor.allocate(backend, outShape, DType.FLOAT32);
        dnnl.run("conv fwd " + g.key(), () -> create(dnnl, g, Kind.FORWARD),
                x.pointer(), kernel.pointer(), out.pointer());
        return out;
    }

    static CpuTensor backwardData(CpuBackend backend, Dnnl dnnl, CpuTensor gradOut, CpuTensor kernel,
                                  Shape inputShape, ConvSpec spec) {
        Geometry g = geometry(inputShape, kernel.shape(), gradOut.shape(), spec);
        CpuTensor out = CpuTensor.allocate(backend, inputShape, DType.FLOAT32);
        dnnl.run("conv bwd data " + g.key(), () -> create(dnnl, g, Kind.BACKWARD_DATA),
                gradOut.pointer(), kernel.pointer(), out.pointer());
        return out;
    }

    static CpuTensor backwardWeights(CpuBackend backend, Dnnl dnnl, CpuTensor x, CpuTensor gradOut,
                                     Shape kernelShape, ConvSpec spec) {
        Geometry g = geometry(x.shape(), kernelShape, gradOut.shape(), spec);
        CpuTensor out = CpuTensor.allocate(backend, kernelShape, DType.FLOAT32);
        dnnl.run("conv bwd weights " + g.key(), () -> create(dnnl, g, Kind.BACKWARD_WEIGHTS),
                x.pointer(), gradOut.pointer(), out.pointer());
        return out;
    }

    private static Primitive create(Dnnl dnnl, Geometry g, Kind kind) {
        dnnl_memory_desc src = Dnnl.desc(g.src(), g.srcStrides(), dnnl_f32);
        dnnl_memory_desc wei = Dnnl.desc(g.wei(), g.weiStrides(), dnnl_f32);
        dnnl_memory_desc dst = Dnnl.desc(g.dst(), g.dstStrides(), dnnl_f32);
        dnnl_primitive_desc hint = new dnnl_primitive_desc();
        try {
            int prop = kind == Kind.FORWARD ? dnnl_forward_inference : dnnl_forward_training;
            Dnnl.created(dnnl_convolution_forward_primitive_desc_create(hint, dnnl.engine(), prop,
                    dnnl_convolution_direct, src, wei, null, dst, g.strides(), g.dilation(), g.padL(), g.padR(),
                    null), hint, "convolution_forward_primitive_desc_create");
            if (kind == Kind.FORWARD) {
                dnnl_primitive_desc pd = hint;
                hint = null;
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST);
            }
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            if (kind == Kind.BACKWARD_DATA) {
                Dnnl.created(dnnl_convolution_backward_data_primitive_desc_create(pd, dnnl.engine(),
                        dnnl_convolution_direct, src, wei, dst, g.strides(), g.dilation(), g.padL(), g.padR(), hint,
                        null), pd, "convolution_backward_data_primitive_desc_create");
                return new Primitive(dnnl.engine(), pd, DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC);
            }
            Dnnl.created(dnnl_convolution_backward_weights_primitive_desc_create(pd, dnnl.engine(),
                    dnnl_convolution_direct, src, wei, null, dst, g.strides(), g.dilation(), g.padL(), g.padR(),
                    hint, null), pd, "convolution_backward_weights_primitive_desc_create");
            return new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS);
        } finally {
            if (hint != null && !hint.isNull()) {
                dnnl_primitive_desc_destroy(hint);
            }
            Dnnl.destroy(src, wei, dst);
        }
    }
}
