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
 *
 * <h2>Layouts</h2>
 * Described by their strides alone, channels-last tensors and {@code [k..., I, O]} weights get oneDNN's gemm-based
 * convolution ({@code x64:gemm:jit}). Its direct and brgemm kernels ({@code jit:avx2}, {@code brg_conv_*}) are faster
 * but want layouts of their own: a primitive created with {@code format_tag any} for some arguments picks them, and
 * {@link BlockedPrimitive} reorders the plain buffers into them and the results back, only where they differ. Which
 * arguments get {@code any} is decided per primitive ({@link #choose}), from interleaved measurements of three
 * choices, {@code any} for the weights only, {@code any} for all three, and plain ({@code ConvLayoutTiming} in the
 * tests; AMD EPYC, AVX2, 2 cores shared with other builds, {@code OMP_WAIT_POLICY=passive}; medians of 21-31
 * alternating training-step sequences, time relative to plain, the range over five runs with 2 OpenMP threads and one
 * with 1). Shapes are batch x size, channels in -> out, 3x3 kernels:
 * <pre>
 *                          W2 conv 1      W2 conv 2       32x56, 64->64   12 more shapes (3 input channels,
 *                          128x28, 1->32  128x13, 32->64  same padding    depthwise, stride 2, batch 1, ...)
 * forward      weights any 0.64 - 1.05    0.60 - 0.72     0.72 - 0.76     0.14 - 0.75
 *              all any     0.64 - 0.99    0.60 - 0.69     0.71 - 0.77     0.14 - 0.75
 * bwd data     weights any 0.84 - 1.73    0.68 - 0.93     0.73 - 0.76     0.02 - 1.34 (3 input channels: 0.85 - 1.34)
 *              all any     0.75 - 1.47    0.74 - 0.95     0.78 - 0.81     0.04 - 1.18
 * bwd weights  weights any 0.31 - 1.03    0.92 - 1.18     0.90 - 0.98     0.01 - 1.19
 *              all any     1.31 - 4.83    0.94 - 1.15     0.77 - 0.79     0.02 - 1.15
 * </pre>
 * Plain's gemm-based backward weights also stalls when another process holds one of the two cores: 128x32, 3->32
 * took 450-510 ms with 2 OpenMP threads (11 ms with 1), against 11-12 ms with either {@code any}. Hence the rule:
 * forward always with {@code any} weights (all-{@code any} is no faster and reorders the activations too); backward
 * data likewise, except with fewer than 8 input channels and no groups (a first layer), where the blocked kernels pad
 * the channels to 8 and plain is as fast or faster; backward weights never plain (it lost by about 10% only on W2's
 * 32->64 layer, not worth the stalls), all-{@code any} from 64 input channels per group, weights-only {@code any}
 * below (all-{@code any} pads a first layer's channels and was 1.3-4.8 times slower there). The primitive and its
 * reorders are cached together, so a training step creates nothing after warm-up.
 */
final class Convolution {
    private Convolution() {
    }

    private enum Kind { FORWARD, BACKWARD_DATA, BACKWARD_WEIGHTS }

    /** Which layouts the primitives are created with. */
    enum Layouts {
        /** Per primitive, by the measured rule of {@link #choose}. */
        AUTO,
        /** Always {@code format_tag any}, with reorders where oneDNN picks a blocked layout. */
        ANY,
        /** {@code format_tag any} for the weights only; activations stay channels-last (oneDNN's brgemm kernels). */
        WEIGHTS,
        /** Always Sheaf's channels-last strides, no reorders. */
        PLAIN
    }

    /**
     * The layout policy: the system property {@code sheaf.cpu.convLayout} ({@code auto}, {@code any}, {@code weights}
     * or {@code plain}; auto by default) sets it at start-up, for measuring one policy against another; tests may
     * change it.
     */
    static volatile Layouts layouts = policyFromProperty();

    private static Layouts policyFromProperty() {
        String p = System.getProperty("sheaf.cpu.convLayout", "auto");
        for (Layouts l : Layouts.values()) {
            if (l.name().equalsIgnoreCase(p.trim())) {
                return l;
            }
        }
        return Layouts.AUTO;
    }

    /** The layouts a convolution primitive of {@code kind} on {@code g} is created with (never AUTO); see above. */
    private static Layouts choose(Kind kind, Geometry g) {
        Layouts l = layouts;
        if (l != Layouts.AUTO) {
            return l;
        }
        long groups = g.wei().length > g.src().length ? g.wei()[0] : 1;
        long inPerGroup = g.src()[1] / groups;
        return switch (kind) {
            case FORWARD -> Layouts.WEIGHTS;
            case BACKWARD_DATA -> groups == 1 && inPerGroup < 8 ? Layouts.PLAIN : Layouts.WEIGHTS;
            case BACKWARD_WEIGHTS -> inPerGroup >= 64 ? Layouts.ANY : Layouts.WEIGHTS;
        };
    }

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
        Layouts l = choose(Kind.FORWARD, g);
        return dnnl.runBlockedInto(out, key(Kind.FORWARD, g, l), () -> create(dnnl, g, Kind.FORWARD, l),
                x.pointer(), kernel.pointer(), out.pointer());
    }

    static CpuTensor backwardData(CpuBackend backend, Dnnl dnnl, CpuTensor gradOut, CpuTensor kernel,
                                  Shape inputShape, ConvSpec spec) {
        Geometry g = geometry(inputShape, kernel.shape(), gradOut.shape(), spec);
        CpuTensor out = CpuTensor.allocate(backend, inputShape, DType.FLOAT32);
        Layouts l = choose(Kind.BACKWARD_DATA, g);
        return dnnl.runBlockedInto(out, key(Kind.BACKWARD_DATA, g, l), () -> create(dnnl, g, Kind.BACKWARD_DATA, l),
                gradOut.pointer(), kernel.pointer(), out.pointer());
    }

    static CpuTensor backwardWeights(CpuBackend backend, Dnnl dnnl, CpuTensor x, CpuTensor gradOut,
                                     Shape kernelShape, ConvSpec spec) {
        Geometry g = geometry(x.shape(), kernelShape, gradOut.shape(), spec);
        CpuTensor out = CpuTensor.allocate(backend, kernelShape, DType.FLOAT32);
        Layouts l = choose(Kind.BACKWARD_WEIGHTS, g);
        return dnnl.runBlockedInto(out, key(Kind.BACKWARD_WEIGHTS, g, l),
                () -> create(dnnl, g, Kind.BACKWARD_WEIGHTS, l), x.pointer(), gradOut.pointer(), out.pointer());
    }

    private static String key(Kind kind, Geometry g, Layouts layouts) {
        return "conv " + kind + " " + layouts + " " + g.key();
    }

    /**
     * The primitive of {@code kind}, with its source, weights and destination described as {@code format_tag any}
     * (oneDNN picks its layouts; {@link BlockedPrimitive} adds the reorders from and to Sheaf's channels-last buffers)
     * or as those buffers' own strides (no reorders).
     */
    private static BlockedPrimitive create(Dnnl dnnl, Geometry g, Kind kind, Layouts layouts) {
        boolean any = layouts == Layouts.ANY;
        boolean anyWeights = any || layouts == Layouts.WEIGHTS;
        dnnl_memory_desc src = Dnnl.desc(g.src(), g.srcStrides(), dnnl_f32);
        dnnl_memory_desc wei = Dnnl.desc(g.wei(), g.weiStrides(), dnnl_f32);
        dnnl_memory_desc dst = Dnnl.desc(g.dst(), g.dstStrides(), dnnl_f32);
        dnnl_memory_desc anySrc = any ? Dnnl.any(g.src(), dnnl_f32) : null;
        dnnl_memory_desc anyWei = anyWeights ? Dnnl.any(g.wei(), dnnl_f32) : null;
        dnnl_memory_desc anyDst = any ? Dnnl.any(g.dst(), dnnl_f32) : null;
        dnnl_memory_desc s = any ? anySrc : src;
        dnnl_memory_desc w = anyWeights ? anyWei : wei;
        dnnl_memory_desc d = any ? anyDst : dst;
        dnnl_primitive_desc hint = new dnnl_primitive_desc();
        try {
            int prop = kind == Kind.FORWARD ? dnnl_forward_inference : dnnl_forward_training;
            Dnnl.created(dnnl_convolution_forward_primitive_desc_create(hint, dnnl.engine(), prop,
                    dnnl_convolution_direct, s, w, null, d, g.strides(), g.dilation(), g.padL(), g.padR(),
                    dnnl.attr()), hint, "convolution_forward_primitive_desc_create");
            if (kind == Kind.FORWARD) {
                dnnl_primitive_desc pd = hint;
                hint = null;
                Primitive p = new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST);
                return new BlockedPrimitive(dnnl, p, new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS,
                    DNNL_ARG_DST}, new dnnl_memory_desc[] {src, wei, dst}, 1);
            }
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            if (kind == Kind.BACKWARD_DATA) {
                Dnnl.created(dnnl_convolution_backward_data_primitive_desc_create(pd, dnnl.engine(),
                        dnnl_convolution_direct, s, w, d, g.strides(), g.dilation(), g.padL(), g.padR(), hint,
                        dnnl.attr()), pd, "convolution_backward_data_primitive_desc_create");
                Primitive p = new Primitive(dnnl.engine(), pd, DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS,
                        DNNL_ARG_DIFF_SRC);
                return new BlockedPrimitive(dnnl, p, new int[] {DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS,
                    DNNL_ARG_DIFF_SRC}, new dnnl_memory_desc[] {dst, wei, src}, 1);
            }
            Dnnl.created(dnnl_convolution_backward_weights_primitive_desc_create(pd, dnnl.engine(),
                    dnnl_convolution_direct, s, w, null, d, g.strides(), g.dilation(), g.padL(), g.padR(),
                    hint, dnnl.attr()), pd, "convolution_backward_weights_primitive_desc_create");
            Primitive p = new Primitive(dnnl.engine(), pd, DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS);
            return new BlockedPrimitive(dnnl, p, new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST,
                DNNL_ARG_DIFF_WEIGHTS}, new dnnl_memory_desc[] {src, dst, wei}, 1);
        } finally {
            if (hint != null && !hint.isNull()) {
                dnnl_primitive_desc_destroy(hint);
            }
            Dnnl.destroy(src, wei, dst, anySrc, anyWei, anyDst);
        }
    }
}
