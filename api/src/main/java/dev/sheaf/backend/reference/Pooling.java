package dev.sheaf.backend.reference;

import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.Shape;

/**
 * N-d channels-last max and average pooling and their gradients, computed in double and narrowed to the input
 * dtype.
 *
 * <p>Each output position's window is precomputed as the list of its in-bounds input positions in row-major window
 * order, which gives both rules of {@link PoolMode} for free: padding is never a candidate for the maximum nor
 * counted in the average, and "first maximal position" is the first in that list.
 */
final class Pooling {
    private Pooling() {
    }

    /** Windows in compressed form: the positions of window {@code o} are {@code positions[start[o]..start[o+1])}. */
    private record Windows(int batch, int spatialIn, int spatialOut, int channels, int[] start, int[] positions) {
    }

    static HostArray forward(PoolMode mode, ReferenceTensor x, PoolSpec spec) {
        Windows w = windows(x.shape(), spec);
        double[] v = Storage.toDoubles(x.data());
        int c = w.channels();
        double[] out = new double[w.batch() * w.spatialOut() * c];
        for (int b = 0; b < w.batch(); b++) {
            for (int o = 0; o < w.spatialOut(); o++) {
                int oBase = (b * w.spatialOut() + o) * c;
                for (int ch = 0; ch < c; ch++) {
                    int from = w.start()[o];
                    int to = w.start()[o + 1];
                    if (mode == PoolMode.MAX) {
                        int arg = argMax(v, w, b, from, to, ch);
                        out[oBase + ch] = arg < 0 ? Double.NEGATIVE_INFINITY : v[arg];
                    } else {
                        double sum = 0;
                        for (int p = from; p < to; p++) {
                            sum += v[(b * w.spatialIn() + w.positions()[p]) * c + ch];
                        }
                        // An all-padding window (only with an empty input) averages nothing: NaN, as mean().
                        out[oBase + ch] = sum / (to - from);
                    }
                }
            }
        }
        return new HostArray(outShape(x.shape(), spec), x.dtype(), Storage.fromDoubles(out, x.dtype()));
    }

    static HostArray backward(PoolMode mode, ReferenceTensor x, ReferenceTensor gradOut, PoolSpec spec) {
        Windows w = windows(x.shape(), spec);
        Shape expected = outShape(x.shape(), spec);
        if (!gradOut.shape().equals(expected)) {
            throw new IllegalArgumentException("poolBackward: gradient of shape " + gradOut.shape()
                    + " does not match the pool output shape " + expected);
        }
        double[] v = Storage.toDoubles(x.data());
        double[] g = Storage.toDoubles(gradOut.data());
        int c = w.channels();
        double[] dx = new double[v.length];
        for (int b = 0; b < w.batch(); b++) {
            for (int o = 0; o < w.spatialOut(); o++) {
                int oBase = (b * w.spatialOut() + o) * c;
                int from = w.start()[o];
                int to = w.start()[o + 1];
                for (int ch = 0; ch < c; ch++) {
                    double grad = g[oBase + ch];
                    if (mode == PoolMode.MAX) {
                        int arg = argMax(v, w, b, from, to, ch);
                        if (arg >= 0) {
                            dx[arg] += grad;
                        }
                    } else {
                        double share = grad / (to - from);
                        for (int p = from; p < to; p++) {
                            dx[(b * w.spatialIn() + w.positions()[p]) * c + ch] += share;
                        }
                    }
                }
            }
        }
        return new HostArray(x.shape(), x.dtype(), Storage.fromDoubles(dx, x.dtype()));
    }

    /** Flat input index of the first maximal element of a window (a NaN counts as maximal), or -1 if empty. */
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

    private static Shape outShape(Shape xs, PoolSpec spec) {
        int n = spec.spatialRank();
        long[] d = xs.dims();
        for (int i = 0; i < n; i++) {
            d[i + 1] = spec.outputSize(i, xs.dim(i + 1));
        }
        return Shape.of(d);
    }

    private static Windows windows(Shape xs, PoolSpec spec) {
        int n = spec.spatialRank();
        if (xs.rank() != n + 2) {
            throw new IllegalArgumentException("pool: a " + n + "-d pooling needs an input of rank " + (n + 2)
                    + " [batch, spatial..., channels], got " + xs);
        }
        int[] in = new int[n];
        int[] out = new int[n];
        int[] win = spec.window();
        int[] st = spec.strides();
        int[][] pad = spec.padding();
        for (int i = 0; i < n; i++) {
            in[i] = xs.size(i + 1);
            out[i] = (int) spec.outputSize(i, in[i]);
        }
        int spatialOut = Indexing.product(out, 0, n);
        int wv = Indexing.product(win, 0, n);
        int[] start = new int[spatialOut + 1];
        int[] positions = new int[spatialOut * wv];
        int[] oi = new int[n];
        int[] wi = new int[n];
        int count = 0;
        for (int o = 0; o < spatialOut; o++) {
            start[o] = count;
            Indexing.unravel(o, out, oi);
            for (int wp = 0; wp < wv; wp++) {
                Indexing.unravel(wp, win, wi);
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
        return new Windows(xs.size(0), Indexing.product(in, 0, n), spatialOut, xs.size(n + 1), start, positions);
    }
}
