package dev.sheaf.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sheaf.backend.reference.ReferenceBackend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The composed {@link Backend#rnnForward} / {@link Backend#rnnBackward} defaults (through the reference backend, which
 * inherits them) against an independent plain-double implementation of the Keras equations of {@link RnnCell}: the
 * forward values directly, the gradients against central differences of that implementation. Plus tiny cases worked
 * out by hand, and the bookkeeping (every intermediate closed, the saved tensor optional).
 */
class ComposedRecurrentTest {
    private static final Backend B = new ReferenceBackend();

    // ------------------------------------------------------------------ the plain-double oracle

    /** One problem: sizes and row-major values. */
    record Problem(RnnCell cell, int batch, int time, int input, int units, double[] x, double[] h0, double[] c0,
                   double[] w, double[] u, double[] bias) {
        int gu() {
            return cell.gates() * units;
        }

        Problem with(int which, double[] v) {
            return new Problem(cell, batch, time, input, units, which == 0 ? v : x, which == 1 ? v : h0,
                    which == 2 ? v : c0, which == 3 ? v : w, which == 4 ? v : u, which == 5 ? v : bias);
        }

        double[] get(int which) {
            return switch (which) {
                case 0 -> x;
                case 1 -> h0;
                case 2 -> c0;
                case 3 -> w;
                case 4 -> u;
                default -> bias;
            };
        }

        Shape shape(int which) {
            return switch (which) {
                case 0 -> Shape.of(batch, time, input);
                case 1, 2 -> Shape.of(batch, units);
                case 3 -> Shape.of(input, gu());
                case 4 -> Shape.of(units, gu());
                default -> cell == RnnCell.GRU ? Shape.of(2, gu()) : Shape.of(gu());
            };
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** {sequence [b, t, u], lastH [b, u], lastC [b, u] or null}, straight from the Keras equations. */
    static double[][] oracle(Problem p) {
        int n = p.units;
        int gu = p.gu();
        double[] seq = new double[p.batch * p.time * n];
        double[] lastH = new double[p.batch * n];
        double[] lastC = p.cell == RnnCell.LSTM ? new double[p.batch * n] : null;
        for (int b = 0; b < p.batch; b++) {
            double[] h = new double[n];
            double[] c = new double[n];
            for (int j = 0; j < n; j++) {
                h[j] = p.h0[b * n + j];
                c[j] = p.c0 == null ? 0 : p.c0[b * n + j];
            }
            for (int t = 0; t < p.time; t++) {
                double[] xw = new double[gu];
                double[] hu = new double[gu];
                for (int k = 0; k < gu; k++) {
                    double s = 0;
                    for (int i = 0; i < p.input; i++) {
                        s += p.x[(b * p.time + t) * p.input + i] * p.w[i * gu + k];
                    }
                    double r = 0;
                    for (int j = 0; j < n; j++) {
                        r += h[j] * p.u[j * gu + k];
                    }
                    if (p.bias != null) {
                        s += p.bias[k];
                        r += p.cell == RnnCell.GRU ? p.bias[gu + k] : 0;
                    }
                    xw[k] = s;
                    hu[k] = r;
                }
                double[] hn = new double[n];
                for (int j = 0; j < n; j++) {
                    switch (p.cell) {
                        case SIMPLE_TANH -> hn[j] = Math.tanh(xw[j] + hu[j]);
                        case SIMPLE_RELU -> hn[j] = Math.max(0, xw[j] + hu[j]);
                        case LSTM -> {
                            double i = sigmoid(xw[j] + hu[j]);
                            double f = sigmoid(xw[n + j] + hu[n + j]);
                            double g = Math.tanh(xw[2 * n + j] + hu[2 * n + j]);
                            double o = sigmoid(xw[3 * n + j] + hu[3 * n + j]);
                            c[j] = f * c[j] + i * g;
                            hn[j] = o * Math.tanh(c[j]);
                        }
                        case GRU -> {
                            double z = sigmoid(xw[j] + hu[j]);
                            double r = sigmoid(xw[n + j] + hu[n + j]);
                            double nn = Math.tanh(xw[2 * n + j] + r * hu[2 * n + j]);
                            hn[j] = z * h[j] + (1 - z) * nn;
                        }
                    }
                }
                h = hn;
                System.arraycopy(h, 0, seq, (b * p.time + t) * n, n);
            }
            System.arraycopy(h, 0, lastH, b * n, n);
            if (lastC != null) {
                System.arraycopy(c, 0, lastC, b * n, n);
            }
        }
        return new double[][] {seq, lastH, lastC};
    }

    /** {@code sum(wSeq * seq) + sum(wH * lastH) + sum(wC * lastC)} (a null weight counts as zeros). */
    private static double loss(Problem p, double[][] w) {
        double[][] y = oracle(p);
        double s = 0;
        for (int k = 0; k < 3; k++) {
            if (w[k] != null && y[k] != null) {
                for (int i = 0; i < y[k].length; i++) {
                    s += w[k][i] * y[k][i];
                }
            }
        }
        return s;
    }

    /** Central differences of {@link #loss} for every element of input {@code which}. */
    private static double[] numericGradient(Problem p, int which, double[][] w) {
        double[] v = p.get(which).clone();
        double[] g = new double[v.length];
        double eps = 1e-6;
        for (int k = 0; k < v.length; k++) {
            double saved = v[k];
            v[k] = saved + eps;
            double up = loss(p.with(which, v), w);
            v[k] = saved - eps;
            double down = loss(p.with(which, v), w);
            v[k] = saved;
            g[k] = (up - down) / (2 * eps);
        }
        return g;
    }

    private static Problem random(RnnCell cell, int batch, int time, int input, int units, boolean bias, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int gu = cell.gates() * units;
        return new Problem(cell, batch, time, input, units, values(r, batch * time * input, 1),
                values(r, batch * units, 0.5), cell == RnnCell.LSTM ? values(r, batch * units, 0.5) : null,
                values(r, input * gu, 0.6), values(r, units * gu, 0.6),
                bias ? values(r, cell == RnnCell.GRU ? 2 * gu : gu, 0.3) : null);
    }

    private static double[] values(SplittableRandom r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (2 * r.nextDouble() - 1);
            if (Math.abs(v[i]) < 0.05) {
                v[i] += 0.1; // keep relu pre-activations off the kink more often than not
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ running the composed ops

    private static Tensor t(DType dt, Shape s, double[] v) {
        if (v == null) {
            return null;
        }
        if (dt == DType.FLOAT64) {
            return B.fromDoubles(v, s);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return B.fromFloats(f, s);
    }

    private static Tensor[] inputs(Problem p, DType dt) {
        Tensor[] in = new Tensor[6];
        for (int k = 0; k < 6; k++) {
            in[k] = t(dt, p.shape(k), p.get(k));
        }
        return in;
    }

    private static Tensor[] forward(Tensor[] in, RnnCell cell, boolean training) {
        return B.rnnForward(cell, in[0], in[1], in[2], in[3], in[4], in[5], training);
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (!(Math.abs(actual[i] - e) <= tol * (1 + Math.abs(e)))) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + e + " (tolerance " + tol + ")");
            }
        }
    }

    private static final RnnCell[] CELLS = RnnCell.values();
    private static final int[][] SIZES = {{1, 1, 1, 1}, {1, 3, 2, 2}, {3, 4, 2, 3}, {2, 2, 5, 1}, {2, 6, 3, 4}};

    @Test
    void forwardMatchesTheKerasEquations() {
        long seed = 1;
        for (RnnCell cell : CELLS) {
            for (int[] s : SIZES) {
                for (boolean bias : new boolean[] {true, false}) {
                    for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                        Problem p = random(cell, s[0], s[1], s[2], s[3], bias, seed++);
                        double[][] want = oracle(p);
                        String what = cell + " " + java.util.Arrays.toString(s) + " bias " + bias + " " + dt;
                        double tol = dt == DType.FLOAT64 ? 1e-12 : 2e-6;
                        try (TensorScope scope = TensorScope.open()) {
                            for (boolean training : new boolean[] {false, true}) {
                                Tensor[] r = forward(inputs(p, dt), cell, training);
                                assertEquals(Shape.of(s[0], s[1], s[3]), r[0].shape(), what);
                                assertEquals(dt, r[0].dtype(), what);
                                assertClose(what + " sequence", want[0], r[0].toDoubleArray(), tol);
                                assertClose(what + " lastH", want[1], r[1].toDoubleArray(), tol);
                                if (cell == RnnCell.LSTM) {
                                    assertClose(what + " lastC", want[2], r[2].toDoubleArray(), tol);
                                } else {
                                    assertNull(r[2], what + " lastC");
                                }
                                int k = ComposedRecurrent.savedBlocks(cell);
                                if (training && k > 0) {
                                    assertEquals(Shape.of(s[0], s[1], (long) k * s[3]), r[3].shape(), what);
                                } else {
                                    assertNull(r[3], what + " saved");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesCentralDifferencesOfTheKerasEquations() {
        long seed = 100;
        for (RnnCell cell : CELLS) {
            for (int[] s : SIZES) {
                for (boolean bias : new boolean[] {true, false}) {
                    // Upstream gradients: all three, then each one alone (the others null).
                    for (int upstream = 0; upstream < 4; upstream++) {
                        if (upstream == 3 && cell != RnnCell.LSTM) {
                            continue;
                        }
                        Problem p = random(cell, s[0], s[1], s[2], s[3], bias, seed++);
                        SplittableRandom r = new SplittableRandom(seed);
                        int n = s[0] * s[3];
                        double[][] w = {
                            upstream == 0 || upstream == 1 ? values(r, n * s[1], 1) : null,
                            upstream == 0 || upstream == 2 ? values(r, n, 1) : null,
                            cell == RnnCell.LSTM && (upstream == 0 || upstream == 3) ? values(r, n, 1) : null};
                        String what = cell + " " + java.util.Arrays.toString(s) + " bias " + bias + " upstream "
                                + upstream;
                        try (TensorScope scope = TensorScope.open()) {
                            Tensor[] in = inputs(p, DType.FLOAT64);
                            Tensor[] f = forward(in, cell, true);
                            Shape state = Shape.of(s[0], s[3]);
                            Tensor[] g = B.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], f,
                                    t(DType.FLOAT64, Shape.of(s[0], s[1], s[3]), w[0]),
                                    t(DType.FLOAT64, state, w[1]), t(DType.FLOAT64, state, w[2]));
                            assertEquals(6, g.length, what);
                            for (int k = 0; k < 6; k++) {
                                if (p.get(k) == null) {
                                    assertNull(g[k], what + " gradient " + k);
                                    continue;
                                }
                                assertNotNull(g[k], what + " gradient " + k);
                                assertEquals(p.shape(k), g[k].shape(), what + " gradient " + k);
                                assertClose(what + " gradient " + k, numericGradient(p, k, w),
                                        g[k].toDoubleArray(), 1e-6);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardWithoutSavedTensorRecomputesTheForwardPass() {
        for (RnnCell cell : CELLS) {
            Problem p = random(cell, 2, 3, 2, 2, true, 7);
            try (TensorScope scope = TensorScope.open()) {
                Tensor[] in = inputs(p, DType.FLOAT64);
                Tensor[] saving = forward(in, cell, true);
                Tensor[] plain = forward(in, cell, false);
                Tensor dSeq = B.full(Shape.of(2, 3, 2), DType.FLOAT64, 0.5);
                Tensor[] a = B.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], saving, dSeq, null, null);
                Tensor[] b = B.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], plain, dSeq, null, null);
                for (int k = 0; k < 6; k++) {
                    if (a[k] != null) {
                        assertClose(cell + " gradient " + k, a[k].toDoubleArray(), b[k].toDoubleArray(), 1e-14);
                    }
                }
            }
        }
    }

    @Test
    void everyIntermediateIsClosed() {
        for (RnnCell cell : CELLS) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Problem p = random(cell, 2, 4, 3, 2, true, 11);
                try (TensorScope scope = TensorScope.open()) {
                    Tensor[] in = inputs(p, dt);
                    Tensor dSeq = B.full(Shape.of(2, 4, 2), dt, 0.25);
                    Tensor dH = B.full(Shape.of(2, 2), dt, -1);
                    int before = scope.trackedCount();
                    Tensor[] f = forward(in, cell, true);
                    int results = count(f);
                    assertEquals(before + results, scope.trackedCount(), cell + " " + dt + " forward leaks");
                    Tensor[] g = B.rnnBackward(cell, in[0], in[1], in[2], in[3], in[4], in[5], f, dSeq, dH, null);
                    assertEquals(before + results + count(g), scope.trackedCount(),
                            cell + " " + dt + " backward leaks");
                    for (Tensor t : g) {
                        if (t != null) {
                            for (Tensor other : f) {
                                assertTrue(t != other, "a gradient must be a new tensor");
                            }
                        }
                    }
                }
            }
        }
    }

    private static int count(Tensor[] ts) {
        int n = 0;
        for (Tensor t : ts) {
            n += t == null ? 0 : 1;
        }
        return n;
    }

    // ------------------------------------------------------------------ worked out by hand

    private static double[] run(RnnCell cell, double[] x, Shape xs, double[] h0, double[] c0, double[] w, double[] u,
                                double[] bias, Shape biasShape, int output) {
        try (TensorScope scope = TensorScope.open()) {
            // The recurrent kernel is [units, gates * units].
            int units = (int) Math.round(Math.sqrt(u.length / (double) cell.gates()));
            int gu = cell.gates() * units;
            Shape state = Shape.of(xs.dim(0), units);
            Tensor[] f = B.rnnForward(cell, t(DType.FLOAT64, xs, x), t(DType.FLOAT64, state, h0),
                    t(DType.FLOAT64, state, c0), t(DType.FLOAT64, Shape.of(xs.dim(2), gu), w),
                    t(DType.FLOAT64, Shape.of(units, gu), u), t(DType.FLOAT64, biasShape, bias), false);
            return f[output].toDoubleArray();
        }
    }

    @Test
    void simpleReluByHand() {
        // W = 2, U = -0.5, b = 0.5, x = (1, 3), h0 = 0: h1 = relu(2 + 0.5) = 2.5, h2 = relu(6 - 1.25 + 0.5) = 5.25.
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = B.fromDoubles(new double[] {1, 3}, Shape.of(1, 2, 1));
            Tensor h0 = B.fromDoubles(new double[] {0}, Shape.of(1, 1));
            Tensor w = B.fromDoubles(new double[] {2}, Shape.of(1, 1));
            Tensor u = B.fromDoubles(new double[] {-0.5}, Shape.of(1, 1));
            Tensor b = B.fromDoubles(new double[] {0.5}, Shape.of(1));
            Tensor[] f = B.rnnForward(RnnCell.SIMPLE_RELU, x, h0, null, w, u, b, true);
            assertClose("sequence", new double[] {2.5, 5.25}, f[0].toDoubleArray(), 0);
            assertClose("lastH", new double[] {5.25}, f[1].toDoubleArray(), 0);
            // Upstream ones on the sequence: da2 = 1, dh1 = 1 + da2 U = 0.5, da1 = 0.5; dx = (da1 W, da2 W) = (1, 2),
            // dh0 = da1 U = -0.25, dW = 1 da1 + 3 da2 = 3.5, dU = h0 da1 + h1 da2 = 2.5, db = 1.5.
            Tensor[] g = B.rnnBackward(RnnCell.SIMPLE_RELU, x, h0, null, w, u, b, f,
                    B.full(Shape.of(1, 2, 1), DType.FLOAT64, 1), null, null);
            assertClose("dx", new double[] {1, 2}, g[0].toDoubleArray(), 0);
            assertClose("dh0", new double[] {-0.25}, g[1].toDoubleArray(), 0);
            assertNull(g[2]);
            assertClose("dW", new double[] {3.5}, g[3].toDoubleArray(), 0);
            assertClose("dU", new double[] {2.5}, g[4].toDoubleArray(), 0);
            assertClose("db", new double[] {1.5}, g[5].toDoubleArray(), 0);
        }
    }

    @Test
    void simpleTanhByHand() {
        // W = 0.5, U = 1, no bias, x = (1, 2), h0 = 0: h1 = tanh(0.5), h2 = tanh(1 + tanh(0.5)).
        double h1 = Math.tanh(0.5);
        double h2 = Math.tanh(1 + h1);
        double[] seq = run(RnnCell.SIMPLE_TANH, new double[] {1, 2}, Shape.of(1, 2, 1), new double[] {0}, null,
                new double[] {0.5}, new double[] {1}, null, null, 0);
        assertClose("sequence", new double[] {h1, h2}, seq, 1e-15);
    }

    @Test
    void lstmByHand() {
        // Pre-activations (0, 0, ln 2, 0): i = f = o = 1/2 and tanh(g) = tanh(ln 2) = 0.6; with c0 = 1:
        // c = 0.5 * 1 + 0.5 * 0.6 = 0.8 and h = 0.5 * tanh(0.8).
        double[] w = {0, 0, Math.log(2), 0};
        double[] u = {0, 0, 0, 0};
        double[] c = run(RnnCell.LSTM, new double[] {1}, Shape.of(1, 1, 1), new double[] {0}, new double[] {1}, w, u,
                null, null, 2);
        assertClose("lastC", new double[] {0.8}, c, 1e-15);
        double[] h = run(RnnCell.LSTM, new double[] {1}, Shape.of(1, 1, 1), new double[] {0}, new double[] {1}, w, u,
                null, null, 1);
        assertClose("lastH", new double[] {0.5 * Math.tanh(0.8)}, h, 1e-15);
        // The gate order is i, f, c, o: the same pre-activation ln 2 in the forget block instead gives
        // f = 2/3, i = 1/2, tanh(g) = 0, so c = 2/3 and h = tanh(2/3) / 2.
        double[] wf = {0, Math.log(2), 0, 0};
        double[] cf = run(RnnCell.LSTM, new double[] {1}, Shape.of(1, 1, 1), new double[] {0}, new double[] {1}, wf,
                u, null, null, 2);
        assertClose("lastC with the forget gate", new double[] {2.0 / 3}, cf, 1e-15);
    }

    @Test
    void gruByHand() {
        // xz = xr = 0, xh = ln 2 (kernel), U = (0, 0, 2), bias row 1 = (0, 0, 0.5), h0 = 1:
        // z = r = 1/2, hh = 1 * 2 + 0.5 = 2.5, n = tanh(ln 2 + 0.5 * 2.5), h = 0.5 * 1 + 0.5 * n.
        double n = Math.tanh(Math.log(2) + 1.25);
        double[] h = run(RnnCell.GRU, new double[] {1}, Shape.of(1, 1, 1), new double[] {1}, null,
                new double[] {0, 0, Math.log(2)}, new double[] {0, 0, 2}, new double[] {0, 0, 0, 0, 0, 0.5},
                Shape.of(2, 3), 1);
        assertClose("lastH", new double[] {0.5 + 0.5 * n}, h, 1e-15);
        // Bias row 0 adds to x W before the reset gate, row 1 to h U inside it: moving 0.5 to row 0 gives
        // n = tanh(ln 2 + 0.5 + 0.5 * 2).
        double n0 = Math.tanh(Math.log(2) + 0.5 + 1);
        double[] h0 = run(RnnCell.GRU, new double[] {1}, Shape.of(1, 1, 1), new double[] {1}, null,
                new double[] {0, 0, Math.log(2)}, new double[] {0, 0, 2}, new double[] {0, 0, 0.5, 0, 0, 0},
                Shape.of(2, 3), 1);
        assertClose("lastH, input bias", new double[] {0.5 + 0.5 * n0}, h0, 1e-15);
    }
}
