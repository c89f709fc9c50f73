package dev.sheaf.backend.cpu;

import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.Shape;

/**
 * N-d channels-last max and average pooling and their gradients as Java loops, for what oneDNN's CPU pooling cannot
 * take: float64 and the empty float32 shapes its descriptors refuse. Values are widened to {@code double} and rounded
 * once to the tensor's dtype.
 *
 * <p>Each output position's window is listed once per call as its in-bounds input positions in row-major window
 * order, which gives the SPI's rules directly: padding is never a candidate for the maximum nor counted in the
 * average, and the "first maximal position" that max pooling's gradient goes to is the first in that list (a NaN
 * counts as maximal). The innermost loops run over the contiguous channels.
 */
final class JavaPooling {
    private JavaPooling() {
    }

    /** The windows: those of output position {@code o} are {@code positions[start[o] .. start[o+1])}. */
    private record Windows(int batch, int spatialIn, int spatialOut, int channels, int[] start, int[] positions) {
    }

    private static Windows windows(Shape x, PoolSpec spec) {
        int n = spec.spatialRank();
        int[] in = new int[n];
        int[] out = new int[n];
        int[] win = spec.window();
        int[] st = spec.strides();
        int[][] pad = spec.padding();
        int spatialIn = 1;
        int spatialOut = 1;
        int volume = 1;
        for (int d = 0; d < n; d++) {
            in[d] = (int) x.dim(d + 1);
            out[d] = (int) spec.outputSize(d, in[d]);
            spatialIn *= in[d];
            spatialOut *= out[d];
            volume *= win[d];
        }
        int[] start = new int[spatialOut + 1];
        int[] positions = new int[spatialOut * volume];
        int[] oi = new int[n];
        int[] wi = new int[n];
        int count = 0;
        for (int o = 0; o < spatialOut; o++) {
            start[o] = count;
            unravel(o, out, oi);
            for (int w = 0; w < volume; w++) {
                unravel(w, win, wi);
                int flat = 0;
                boolean inside = true;
                for (int d = 0; d < n && inside; d++) {
                    int c = oi[d] * st[d] - pad[d][0] + wi[d];
                    inside = c >= 0 && c < in[d];
                    flat = flat * in[d] + c;
                }
                if (inside) {
                    positions[count++] = flat;
                }
            }
        }
        start[spatialOut] = count;
        return new Windows((int) x.dim(0), spatialIn, spatialOut, (int) x.dim(n + 1), start, positions);
    }

    private static void unravel(int flat, int[] dims, int[] out) {
        for (int d = dims.length - 1; d >= 0; d--) {
            out[d] = flat % dims[d];
            flat /= dims[d];
        }
    }

    static CpuTensor forward(CpuBackend backend, PoolMode mode, CpuTensor x, PoolSpec spec) {
        Shape outShape = Pooling.outputShape(x.shape(), spec);
        CpuTensor r = CpuTensor.allocate(backend, outShape, x.dtype());
        WideScratch scratch = WideScratch.get();
        int total = outShape.elementCountAsInt();
        double[] out = scratch.doubles(2, total);
        java.util.Arrays.fill(out, 0, total, 0.0);
        if (total > 0) {
            Windows w = windows(x.shape(), spec);
            double[] v = scratch.loadDoubles(0, x);
            int c = w.channels();
            for (int b = 0; b < w.batch(); b++) {
                for (int o = 0; o < w.spatialOut(); o++) {
                    int oBase = (b * w.spatialOut() + o) * c;
                    int from = w.start()[o];
                    int to = w.start()[o + 1];
                    if (mode == PoolMode.MAX) {
                        for (int ch = 0; ch < c; ch++) {
                            int arg = argMax(v, w, b, from, to, ch);
                            out[oBase + ch] = arg < 0 ? Double.NEGATIVE_INFINITY : v[arg];
                        }
                    } else {
                        for (int p = from; p < to; p++) {
                            int iBase = (b * w.spatialIn() + w.positions()[p]) * c;
                            for (int ch = 0; ch < c; ch++) {
                                out[oBase + ch] += v[iBase + ch];
                            }
                        }
                        // An all-padding window averages nothing: NaN, as mean().
                        int count = to - from;
                        for (int ch = 0; ch < c; ch++) {
                            out[oBase + ch] /= count;
                        }
                    }
                }
            }
        }
        scratch.store(r, out);
        return r;
    }

    static CpuTensor backward(CpuBackend backend, PoolMode mode, CpuTensor x, CpuTensor gradOut, PoolSpec spec) {
        CpuTensor r = CpuTensor.allocate(backend, x.shape(), x.dtype());
        WideScratch scratch = WideScratch.get();
        int total = x.shape().elementCountAsInt();
        double[] dx = scratch.doubles(2, total);
        java.util.Arrays.fill(dx, 0, total, 0.0);
        if (total > 0 && gradOut.size() > 0) {
            Windows w = windows(x.shape(), spec);
            double[] v = scratch.loadDoubles(0, x);
            double[] g = scratch.loadDoubles(1, gradOut);
            int c = w.channels();
            for (int b = 0; b < w.batch(); b++) {
                for (int o = 0; o < w.spatialOut(); o++) {
                    int oBase = (b * w.spatialOut() + o) * c;
                    int from = w.start()[o];
                    int to = w.start()[o + 1];
                    if (mode == PoolMode.MAX) {
                        for (int ch = 0; ch < c; ch++) {
                            int arg = argMax(v, w, b, from, to, ch);
                            if (arg >= 0) {
                                dx[arg] += g[oBase + ch];
                            }
                        }
                    } else {
                        int count = to - from;
                        for (int p = from; p < to; p++) {
                            int iBase = (b * w.spatialIn() + w.positions()[p]) * c;
                            for (int ch = 0; ch < c; ch++) {
                                dx[iBase + ch] += g[oBase + ch] / count;
                            }
                        }
                    }
                }
            }
        }
        scratch.store(r, dx);
        return r;
    }

    /** Flat input index of the first maximal element of a window (a NaN counts as maximal), or -1 if it is empty. */
    private static int argMax(double[] v, Windows w, int b, int from, int to, int ch) {
        int arg = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int p = from; p < to && !Double.isNaN(best); p++) {
            int idx = (b * w.spatialIn() + w.positions()[p]) * w.channels() + ch;
            double e = v[idx];
            if (arg < 0 || e > best || Double.isNaN(e)) {
                arg = idx;
                best = e;
            }
        }
        return arg;
    }
}
