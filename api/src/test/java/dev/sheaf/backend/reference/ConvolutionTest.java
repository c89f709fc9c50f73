package dev.sheaf.backend.reference;

import static dev.sheaf.backend.reference.Fixtures.B;
import static dev.sheaf.backend.reference.Fixtures.assertClose;
import static dev.sheaf.backend.reference.Fixtures.assertFloats;
import static dev.sheaf.backend.reference.Fixtures.f32;
import static dev.sheaf.backend.reference.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConvolutionTest {

    @Test
    void oneDimensionalByHand() {
        Tensor x = f32(s(1, 4, 1), 1, 2, 3, 4);
        Tensor k = f32(s(2, 1, 1), 1, -1);
        assertFloats(B.conv(x, k, ConvSpec.simple(1)), s(1, 3, 1), -1, -1, -1);
        // padded input 0 1 2 3 4 0, windows at 0, 2, 4
        ConvSpec strided = new ConvSpec(new int[] {2}, new int[][] {{1, 1}}, new int[] {1}, 1);
        assertFloats(B.conv(x, k, strided), s(1, 3, 1), -1, -1, 4);
        // dilation 2: taps x[i] and x[i + 2]
        ConvSpec dilated = new ConvSpec(new int[] {1}, new int[][] {{0, 0}}, new int[] {2}, 1);
        assertFloats(B.conv(x, k, dilated), s(1, 2, 1), -2, -2);
        // gradient of the strided conv w.r.t. x for dY = [1, 10, 100]:
        // out0 = 0*1 - x0, out1 = x1 - x2, out2 = x3 - 0  =>  dx = [-1, 10, -10, 100]
        assertFloats(B.convBackwardData(f32(s(1, 3, 1), 1, 10, 100), k, s(1, 4, 1), strided), s(1, 4, 1),
                -1, 10, -10, 100);
        // w.r.t. the kernel: dk0 = 0*1 + x1*10 + x3*100 = 420, dk1 = x0*1 + x2*10 + 0 = 31
        assertFloats(B.convBackwardFilter(x, f32(s(1, 3, 1), 1, 10, 100), s(2, 1, 1), strided), s(2, 1, 1), 420, 31);
    }

    @Test
    void twoDimensionalWithStridePaddingDilationAndGroups() {
        checkAgainstDirectLoops(new int[] {2, 5, 6, 4}, new int[] {3, 2, 2, 6},
                new ConvSpec(new int[] {2, 1}, new int[][] {{1, 2}, {0, 1}}, new int[] {1, 2}, 2), DType.FLOAT32, 1);
        checkAgainstDirectLoops(new int[] {3, 7, 7, 3}, new int[] {3, 3, 3, 5},
                new ConvSpec(new int[] {2, 2}, new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1}, 1), DType.FLOAT64, 2);
        // depthwise: groups = channels
        checkAgainstDirectLoops(new int[] {1, 4, 4, 3}, new int[] {2, 2, 1, 3},
                new ConvSpec(new int[] {1, 1}, new int[][] {{0, 1}, {1, 0}}, new int[] {2, 1}, 3), DType.FLOAT32, 3);
    }

    @Test
    void oneAndThreeDimensional() {
        checkAgainstDirectLoops(new int[] {2, 9, 4}, new int[] {3, 2, 4},
                new ConvSpec(new int[] {2}, new int[][] {{2, 0}}, new int[] {3}, 2), DType.FLOAT64, 4);
        checkAgainstDirectLoops(new int[] {2, 3, 4, 5, 2}, new int[] {2, 2, 3, 2, 3},
                new ConvSpec(new int[] {1, 2, 1}, new int[][] {{1, 0}, {0, 1}, {1, 1}}, new int[] {1, 1, 2}, 1),
                DType.FLOAT32, 5);
    }

    @Test
    void aKernelLargerThanThePaddedInputGivesAnEmptyOutput() {
        Tensor y = B.conv(f32(s(1, 2, 1), 1, 2), f32(s(3, 1, 1), 1, 1, 1), ConvSpec.simple(1));
        assertFloats(y, s(1, 0, 1));
    }

    @Test
    void mismatchedChannelsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> B.conv(f32(s(1, 3, 2), new float[6]), f32(s(1, 3, 1), new float[3]), ConvSpec.simple(1)));
        assertThrows(IllegalArgumentException.class,
                () -> B.conv(Fixtures.i32(s(1, 3, 1), 1, 2, 3), Fixtures.i32(s(1, 1, 1), 1), ConvSpec.simple(1)));
    }

    /**
     * Compares the three conv ops with a direct loop over every (batch, output position, kernel tap, input channel,
     * output channel) of the definition: forward sums x * k into y; the gradients distribute dy back along the same
     * terms.
     */
    private static void checkAgainstDirectLoops(int[] xDims, int[] kDims, ConvSpec spec, DType dt, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = spec.spatialRank();
        int batch = xDims[0];
        int cin = xDims[n + 1];
        int cinG = kDims[n];
        int cout = kDims[n + 1];
        int groups = spec.groups();
        int coutG = cout / groups;
        int[] in = java.util.Arrays.copyOfRange(xDims, 1, n + 1);
        int[] kk = java.util.Arrays.copyOfRange(kDims, 0, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) spec.outputSize(i, in[i], kk[i]);
        }
        double[] x = random(r, prod(xDims));
        double[] k = random(r, prod(kDims));
        int[] yDims = new int[n + 2];
        yDims[0] = batch;
        System.arraycopy(out, 0, yDims, 1, n);
        yDims[n + 1] = cout;
        double[] dy = random(r, prod(yDims));
        double[] y = new double[dy.length];
        double[] dx = new double[x.length];
        double[] dk = new double[k.length];
        int[] o = new int[n];
        int[] t = new int[n];
        for (int b = 0; b < batch; b++) {
            for (int op = 0; op < prod(out); op++) {
                unravel(op, out, o);
                for (int tp = 0; tp < prod(kk); tp++) {
                    unravel(tp, kk, t);
                    int flat = 0;
                    boolean inside = true;
                    for (int d = 0; d < n; d++) {
                        int c = o[d] * spec.strides()[d] - spec.padding()[d][0] + t[d] * spec.dilation()[d];
                        inside &= c >= 0 && c < in[d];
                        flat = flat * in[d] + c;
                    }
                    if (!inside) {
                        continue;
                    }
                    for (int co = 0; co < cout; co++) {
                        int g = co / coutG;
                        for (int ci = 0; ci < cinG; ci++) {
                            int xi = (b * prod(in) + flat) * cin + g * cinG + ci;
                            int ki = (tp * cinG + ci) * cout + co;
                            int yi = (b * prod(out) + op) * cout + co;
                            y[yi] += x[xi] * k[ki];
                            dx[xi] += dy[yi] * k[ki];
                            dk[ki] += dy[yi] * x[xi];
                        }
                    }
                }
            }
        }
        Tensor tx = make(x, xDims, dt);
        Tensor tk = make(k, kDims, dt);
        Tensor tdy = make(dy, yDims, dt);
        double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
        Tensor fy = B.conv(tx, tk, spec);
        assertEquals(Shape.of(yDims), fy.shape());
        assertEquals(dt, fy.dtype());
        assertClose(y, fy.toDoubleArray(), tol, "conv " + spec);
        assertClose(dx, B.convBackwardData(tdy, tk, Shape.of(xDims), spec).toDoubleArray(), tol,
                "convBackwardData " + spec);
        assertClose(dk, B.convBackwardFilter(tx, tdy, Shape.of(kDims), spec).toDoubleArray(), tol,
                "convBackwardFilter " + spec);
    }

    private static Tensor make(double[] v, int[] dims, DType dt) {
        try (Tensor d = B.fromDoubles(v, Shape.of(dims))) {
            return B.cast(d, dt);
        }
    }

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static int prod(int[] d) {
        int p = 1;
        for (int x : d) {
            p *= x;
        }
        return p;
    }

    private static void unravel(int flat, int[] dims, int[] idx) {
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
    }
}
