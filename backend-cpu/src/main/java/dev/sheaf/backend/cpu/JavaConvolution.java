package dev.sheaf.backend.cpu;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.tensor.Shape;

/**
 * N-d channels-last convolution forward, backward-data and backward-filter as direct Java loops, for what oneDNN's
 * CPU convolution cannot take: float64 (it has no f64 convolution on CPU) and the float32 shapes its descriptors refuse
 * (an empty batch, an empty output). Values are widened to {@code double}, accumulated there and rounded once to the
 * tensor's dtype.
 *
 * <p>A window map, computed once per call, gives for each output position and kernel tap the input position it reads
 * (or -1 in the padding); every batch item and group reuses it. The innermost loops run over output channels, which
 * are contiguous both in the kernel {@code [k..., I/g, O]} and in channels-last activations, so they vectorise.
 */
final class JavaConvolution {
    private JavaConvolution() {
    }

    /** The sizes of one convolution and its window map. */
    private record Geometry(int batch, int spatialIn, int spatialOut, int taps, int cin, int cout, int groups,
                            int[] window) {
        int cinG() {
            return cin / groups;
        }

        int coutG() {
            return cout / groups;
        }
    }

    private static Geometry geometry(Shape input, Shape kernel, ConvSpec spec) {
        int n = spec.spatialRank();
        int[] in = new int[n];
        int[] k = new int[n];
        int[] o = new int[n];
        int spatialIn = 1;
        int spatialOut = 1;
        int taps = 1;
        for (int d = 0; d < n; d++) {
            in[d] = (int) input.dim(d + 1);
            k[d] = (int) kernel.dim(d);
            o[d] = (int) spec.outputSize(d, in[d], k[d]);
            spatialIn *= in[d];
            spatialOut *= o[d];
            taps *= k[d];
        }
        int[] strides = spec.strides();
        int[] dilation = spec.dilation();
        int[][] pad = spec.padding();
        // window[o * taps + t] = flat spatial input index read by output position o at kernel tap t, or -1.
        int[] window = new int[spatialOut * taps];
        int[] oi = new int[n];
        int[] ki = new int[n];
        for (int op = 0, pos = 0; op < spatialOut; op++) {
            unravel(op, o, oi);
            for (int t = 0; t < taps; t++, pos++) {
                unravel(t, k, ki);
                int flat = 0;
                boolean inside = true;
                for (int d = 0; d < n && inside; d++) {
                    int c = oi[d] * strides[d] - pad[d][0] + ki[d] * dilation[d];
                    inside = c >= 0 && c < in[d];
                    flat = flat * in[d] + c;
                }
                window[pos] = inside ? flat : -1;
            }
        }
        return new Geometry((int) input.dim(0), spatialIn, spatialOut, taps, (int) input.dim(n + 1),
                (int) kernel.dim(n + 1), spec.groups(), window);
    }

    private static void unravel(int flat, int[] dims, int[] out) {
        for (int d = dims.length - 1; d >= 0; d--) {
            out[d] = flat % dims[d];
            flat /= dims[d];
        }
    }

    /**
     * One (input element, kernel row, output row) triple of the convolution: input element {@code xi} meets the kernel
     * row starting at {@code kBase} and the output row starting at {@code yRow}, both {@code coutG} long.
     */
    private interface Tap {
        void apply(int xi, int kBase, int yRow);
    }

    /** Visits every tap of the convolution, in the same order for all three directions. */
    private static void forEachTap(Geometry g, Tap tap) {
        int cinG = g.cinG();
        int coutG = g.coutG();
        for (int b = 0; b < g.batch(); b++) {
            for (int o = 0; o < g.spatialOut(); o++) {
                int yBase = (b * g.spatialOut() + o) * g.cout();
                for (int t = 0; t < g.taps(); t++) {
                    int s = g.window()[o * g.taps() + t];
                    if (s < 0) {
                        continue;
                    }
                    int xBase = (b * g.spatialIn() + s) * g.cin();
                    for (int grp = 0; grp < g.groups(); grp++) {
                        for (int ci = 0; ci < cinG; ci++) {
                            tap.apply(xBase + grp * cinG + ci, (t * cinG + ci) * g.cout() + grp * coutG,
                                    yBase + grp * coutG);
                        }
                    }
                }
            }
        }
    }

    static CpuTensor forward(CpuBackend backend, CpuTensor x, CpuTensor kernel, ConvSpec spec) {
        Shape outShape = Convolution.outputShape(x.shape(), kernel.shape(), spec);
        CpuTensor out = CpuTensor.allocate(backend, outShape, x.dtype());
        Geometry g = geometry(x.shape(), kernel.shape(), spec);
        WideScratch scratch = WideScratch.get();
        int count = outShape.elementCountAsInt();
        double[] y = scratch.doubles(2, count);
        java.util.Arrays.fill(y, 0, count, 0.0);
        if (count > 0 && x.size() > 0) {
            double[] xv = scratch.loadDoubles(0, x);
            double[] kv = scratch.loadDoubles(1, kernel);
            int coutG = g.coutG();
            forEachTap(g, (xi, kBase, yRow) -> {
                double v = xv[xi];
                for (int co = 0; co < coutG; co++) {
                    y[yRow + co] += v * kv[kBase + co];
                }
            });
        }
        scratch.store(out, y);
        return out;
    }

    static CpuTensor backwardData(CpuBackend backend, CpuTensor gradOut, CpuTensor kernel, Shape inputShape,
                                  ConvSpec spec) {
        CpuTensor out = CpuTensor.allocate(backend, inputShape, gradOut.dtype());
        Geometry g = geometry(inputShape, kernel.shape(), spec);
        WideScratch scratch = WideScratch.get();
        int count = inputShape.elementCountAsInt();
        double[] dx = scratch.doubles(2, count);
        java.util.Arrays.fill(dx, 0, count, 0.0);
        if (count > 0 && gradOut.size() > 0) {
            double[] gv = scratch.loadDoubles(0, gradOut);
            double[] kv = scratch.loadDoubles(1, kernel);
            int coutG = g.coutG();
            forEachTap(g, (xi, kBase, gRow) -> {
                double sum = 0;
                for (int co = 0; co < coutG; co++) {
                    sum += gv[gRow + co] * kv[kBase + co];
                }
                dx[xi] += sum;
            });
        }
        scratch.store(out, dx);
        return out;
    }

    static CpuTensor backwardFilter(CpuBackend backend, CpuTensor x, CpuTensor gradOut, Shape kernelShape,
                                    ConvSpec spec) {
        CpuTensor out = CpuTensor.allocate(backend, kernelShape, x.dtype());
        Geometry g = geometry(x.shape(), kernelShape, spec);
        WideScratch scratch = WideScratch.get();
        int count = kernelShape.elementCountAsInt();
        double[] dk = scratch.doubles(2, count);
        java.util.Arrays.fill(dk, 0, count, 0.0);
        if (count > 0 && x.size() > 0 && gradOut.size() > 0) {
            double[] xv = scratch.loadDoubles(0, x);
            double[] gv = scratch.loadDoubles(1, gradOut);
            int coutG = g.coutG();
            forEachTap(g, (xi, kBase, gRow) -> {
                double v = xv[xi];
                for (int co = 0; co < coutG; co++) {
                    dk[kBase + co] += v * gv[gRow + co];
                }
            });
        }
        scratch.store(out, dk);
        return out;
    }
}
