package dev.sheaf.spi;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The default recurrent ops of {@link Backend}, composed from its primitives one time step at a time (any float
 * dtype). The input projection {@code x W (+ b)} of every step is one matrix product over {@code batch * time} rows;
 * the recurrence is one {@code h U} product and a few element-wise ops per step. The backward pass is backpropagation
 * through time: per step it turns the state gradients into pre-activation gradients, and at the end three matrix
 * products over all steps give {@code dx}, {@code dKernel} and {@code dRecurrentKernel}.
 *
 * <h2>What the forward pass saves</h2>
 * With {@code training}, the fourth result holds the gate activations the backward pass needs, stacked over time as
 * {@code [batch, time, k * units]} in the inputs' dtype:
 * <ul>
 *   <li>{@link RnnCell#LSTM}: {@code k = 5}, the blocks {@code σ(i), σ(f), tanh(g), σ(o), c_t};</li>
 *   <li>{@link RnnCell#GRU}: {@code k = 4}, the blocks {@code z, r, n} and {@code hh} (the candidate's recurrent
 *       part {@code (h U + b1)} before the reset gate multiplies it);</li>
 *   <li>the simple cells: nothing (null); their derivative comes from the sequence itself.</li>
 * </ul>
 * {@link #backward} recomputes the forward pass when it gets no saved tensor of that shape (a forward call without
 * {@code training}, or a backend that saved something else), so it never depends on the saved tensor for correctness.
 *
 * <p>Every intermediate tensor is closed before returning; the results are new tensors owned by the caller.
 */
final class ComposedRecurrent {
    private ComposedRecurrent() {
    }

    /** Intermediates closed together, last first. */
    private static final class Temps implements AutoCloseable {
        private final ArrayList<Tensor> tensors = new ArrayList<>();

        <T extends Tensor> T add(T t) {
            tensors.add(t);
            return t;
        }

        @Override
        public void close() {
            for (int i = tensors.size() - 1; i >= 0; i--) {
                tensors.get(i).close();
            }
            tensors.clear();
        }
    }

    /** How many {@code units}-wide blocks the forward pass saves per step (0: nothing). */
    static int savedBlocks(RnnCell cell) {
        return switch (cell) {
            case LSTM -> 5;
            case GRU -> 4;
            default -> 0;
        };
    }

    static Tensor[] forward(Backend b, RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel,
                            Tensor recurrentKernel, Tensor bias, boolean training) {
        Shape xs = x.shape();
        int batch = dim(xs, 0);
        int time = dim(xs, 1);
        int input = dim(xs, 2);
        int units = dim(recurrentKernel.shape(), 0);
        int gu = cell.gates() * units;
        boolean save = training && savedBlocks(cell) > 0;
        Tensor sequence = null;
        Tensor lastH = null;
        Tensor lastC = null;
        Tensor saved = null;
        try (Temps all = new Temps()) {
            // x W + b (the input half of the bias for GRU) for every step at once: [batch, time, gates * units].
            Tensor inBias = null;
            Tensor recBias = null;
            if (bias != null && cell == RnnCell.GRU) {
                inBias = all.add(row(b, bias, 0, gu));
                recBias = all.add(row(b, bias, 1, gu));
            } else if (bias != null) {
                inBias = bias;
            }
            Tensor x2 = all.add(b.reshape(x, Shape.of((long) batch * time, input)));
            Tensor xw2 = all.add(b.dense(x2, kernel, inBias, null));
            Tensor xw = all.add(b.reshape(xw2, Shape.of(batch, time, gu)));
            List<Tensor> hs = new ArrayList<>(time);
            List<Tensor> savedSteps = new ArrayList<>(save ? time : 0);
            Tensor h = h0;
            Tensor c = c0;
            for (int t = 0; t < time; t++) {
                try (Temps s = new Temps()) {
                    Tensor xt = s.add(step(b, xw, t, batch, gu));
                    Tensor hu = s.add(b.matmul(h, recurrentKernel, false, false));
                    Tensor hNew;
                    switch (cell) {
                        case SIMPLE_TANH, SIMPLE_RELU -> {
                            Tensor pre = s.add(b.binary(BinaryOp.ADD, xt, hu));
                            hNew = all.add(b.unary(cell == RnnCell.SIMPLE_TANH ? UnaryOp.TANH : UnaryOp.RELU, pre));
                        }
                        case LSTM -> {
                            Tensor z = s.add(b.binary(BinaryOp.ADD, xt, hu));
                            Tensor i = s.add(b.unary(UnaryOp.SIGMOID, s.add(block(b, z, 0, units))));
                            Tensor f = s.add(b.unary(UnaryOp.SIGMOID, s.add(block(b, z, 1, units))));
                            Tensor g = s.add(b.unary(UnaryOp.TANH, s.add(block(b, z, 2, units))));
                            Tensor o = s.add(b.unary(UnaryOp.SIGMOID, s.add(block(b, z, 3, units))));
                            Tensor fc = s.add(b.binary(BinaryOp.MUL, f, c));
                            Tensor ig = s.add(b.binary(BinaryOp.MUL, i, g));
                            Tensor cNew = all.add(b.binary(BinaryOp.ADD, fc, ig));
                            Tensor tc = s.add(b.unary(UnaryOp.TANH, cNew));
                            hNew = all.add(b.binary(BinaryOp.MUL, o, tc));
                            c = cNew;
                            if (save) {
                                Tensor st = s.add(b.concat(List.of(i, f, g, o, cNew), 1));
                                savedSteps.add(all.add(b.reshape(st, Shape.of(batch, 1, 5L * units))));
                            }
                        }
                        case GRU -> {
                            Tensor hub = recBias == null ? hu : s.add(b.binary(BinaryOp.ADD, hu, recBias));
                            Tensor hh = s.add(block(b, hub, 2, units));
                            Tensor zr = s.add(b.binary(BinaryOp.ADD, s.add(b.slice(xt, new int[] {0, 0},
                                    new int[] {batch, 2 * units}, new int[] {1, 1})), s.add(b.slice(hub,
                                    new int[] {0, 0}, new int[] {batch, 2 * units}, new int[] {1, 1}))));
                            Tensor zr2 = s.add(b.unary(UnaryOp.SIGMOID, zr));
                            Tensor z = s.add(block(b, zr2, 0, units));
                            Tensor r = s.add(block(b, zr2, 1, units));
                            Tensor rh = s.add(b.binary(BinaryOp.MUL, r, hh));
                            Tensor n = s.add(b.unary(UnaryOp.TANH,
                                    s.add(b.binary(BinaryOp.ADD, s.add(block(b, xt, 2, units)), rh))));
                            // z h + (1 - z) n = n + z (h - n)
                            Tensor diff = s.add(b.binary(BinaryOp.SUB, h, n));
                            Tensor zd = s.add(b.binary(BinaryOp.MUL, z, diff));
                            hNew = all.add(b.binary(BinaryOp.ADD, n, zd));
                            if (save) {
                                Tensor st = s.add(b.concat(List.of(z, r, n, hh), 1));
                                savedSteps.add(all.add(b.reshape(st, Shape.of(batch, 1, 4L * units))));
                            }
                        }
                        default -> throw new IllegalArgumentException("rnnForward: unknown cell " + cell);
                    }
                    h = hNew;
                    hs.add(all.add(b.reshape(hNew, Shape.of(batch, 1, units))));
                }
            }
            sequence = b.concat(hs, 1);
            lastH = b.copy(h);
            lastC = cell == RnnCell.LSTM ? b.copy(c) : null;
            saved = save ? b.concat(savedSteps, 1) : null;
            return new Tensor[] {sequence, lastH, lastC, saved};
        } catch (RuntimeException | Error e) {
            closeAll(sequence, lastH, lastC, saved);
            throw e;
        }
    }

    static Tensor[] backward(Backend b, RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel,
                             Tensor recurrentKernel, Tensor bias, Tensor[] forward, Tensor dSequence, Tensor dLastH,
                             Tensor dLastC) {
        Shape xs = x.shape();
        int batch = dim(xs, 0);
        int time = dim(xs, 1);
        int input = dim(xs, 2);
        int units = dim(recurrentKernel.shape(), 0);
        int gu = cell.gates() * units;
        DType dt = x.dtype();
        Shape state = Shape.of(batch, units);
        Tensor[] results = new Tensor[6];
        try (Temps all = new Temps()) {
            Tensor sequence = forward == null ? null : forward[0];
            Tensor saved = forward == null || forward.length < 4 ? null : forward[3];
            int k = savedBlocks(cell);
            Shape savedShape = Shape.of(batch, time, (long) k * units);
            boolean seqOk = sequence != null && sequence.dtype() == dt
                    && sequence.shape().equals(Shape.of(batch, time, units));
            boolean savedOk = k == 0 || saved != null && saved.dtype() == dt && saved.shape().equals(savedShape);
            if (!seqOk || !savedOk) {
                // Not what our forward pass keeps: run it again, saving.
                Tensor[] again = forward(b, cell, x, h0, c0, kernel, recurrentKernel, bias, true);
                for (Tensor t : again) {
                    if (t != null) {
                        all.add(t);
                    }
                }
                sequence = again[0];
                saved = again[3];
            }
            Tensor one = all.add(b.full(Shape.scalar(), dt, 1));
            Tensor dh = dLastH != null ? dLastH : all.add(b.full(state, dt, 0));
            Tensor dc = cell != RnnCell.LSTM ? null : dLastC != null ? dLastC : all.add(b.full(state, dt, 0));
            Tensor[] dxGates = new Tensor[time];
            Tensor[] dhGates = cell == RnnCell.GRU ? new Tensor[time] : null;
            for (int t = time - 1; t >= 0; t--) {
                try (Temps s = new Temps()) {
                    Tensor dht = dh;
                    if (dSequence != null) {
                        dht = s.add(b.binary(BinaryOp.ADD, dh, s.add(step(b, dSequence, t, batch, units))));
                    }
                    Tensor da;
                    Tensor daH;
                    Tensor direct = null;
                    switch (cell) {
                        case SIMPLE_TANH -> {
                            Tensor ht = s.add(step(b, sequence, t, batch, units));
                            Tensor d = s.add(b.binary(BinaryOp.SUB, one, s.add(b.unary(UnaryOp.SQUARE, ht))));
                            da = all.add(b.binary(BinaryOp.MUL, dht, d));
                            daH = da;
                        }
                        case SIMPLE_RELU -> {
                            Tensor ht = s.add(step(b, sequence, t, batch, units));
                            da = all.add(b.reluBackward(dht, ht));
                            daH = da;
                        }
                        case LSTM -> {
                            Tensor st = s.add(step(b, saved, t, batch, 5 * units));
                            Tensor i = s.add(block(b, st, 0, units));
                            Tensor f = s.add(block(b, st, 1, units));
                            Tensor g = s.add(block(b, st, 2, units));
                            Tensor o = s.add(block(b, st, 3, units));
                            Tensor ct = s.add(block(b, st, 4, units));
                            Tensor cPrev = t > 0 ? s.add(block(b, s.add(step(b, saved, t - 1, batch, 5 * units)), 4,
                                    units)) : c0;
                            Tensor tc = s.add(b.unary(UnaryOp.TANH, ct));
                            Tensor dO = s.add(b.binary(BinaryOp.MUL, dht, tc));
                            // dc_t = dc + dh o (1 - tanh(c)^2)
                            Tensor dtc = s.add(b.binary(BinaryOp.MUL, s.add(b.binary(BinaryOp.MUL, dht, o)),
                                    s.add(b.binary(BinaryOp.SUB, one, s.add(b.unary(UnaryOp.SQUARE, tc))))));
                            Tensor dct = s.add(b.binary(BinaryOp.ADD, dc, dtc));
                            Tensor dai = s.add(b.binary(BinaryOp.MUL, s.add(b.binary(BinaryOp.MUL, dct, g)),
                                    s.add(sigmoidDerivative(b, i, one))));
                            Tensor daf = s.add(b.binary(BinaryOp.MUL, s.add(b.binary(BinaryOp.MUL, dct, cPrev)),
                                    s.add(sigmoidDerivative(b, f, one))));
                            Tensor dag = s.add(b.binary(BinaryOp.MUL, s.add(b.binary(BinaryOp.MUL, dct, i)),
                                    s.add(b.binary(BinaryOp.SUB, one, s.add(b.unary(UnaryOp.SQUARE, g))))));
                            Tensor dao = s.add(b.binary(BinaryOp.MUL, dO, s.add(sigmoidDerivative(b, o, one))));
                            da = all.add(b.concat(List.of(dai, daf, dag, dao), 1));
                            daH = da;
                            dc = all.add(b.binary(BinaryOp.MUL, dct, f));
                        }
                        case GRU -> {
                            Tensor st = s.add(step(b, saved, t, batch, 4 * units));
                            Tensor z = s.add(block(b, st, 0, units));
                            Tensor r = s.add(block(b, st, 1, units));
                            Tensor n = s.add(block(b, st, 2, units));
                            Tensor hh = s.add(block(b, st, 3, units));
                            Tensor hPrev = t > 0 ? s.add(step(b, sequence, t - 1, batch, units)) : h0;
                            // h' = z h + (1 - z) n
                            Tensor dz = s.add(b.binary(BinaryOp.MUL, dht, s.add(b.binary(BinaryOp.SUB, hPrev, n))));
                            Tensor dn = s.add(b.binary(BinaryOp.MUL, dht, s.add(b.binary(BinaryOp.SUB, one, z))));
                            Tensor dan = s.add(b.binary(BinaryOp.MUL, dn,
                                    s.add(b.binary(BinaryOp.SUB, one, s.add(b.unary(UnaryOp.SQUARE, n))))));
                            Tensor dar = s.add(b.binary(BinaryOp.MUL, s.add(b.binary(BinaryOp.MUL, dan, hh)),
                                    s.add(sigmoidDerivative(b, r, one))));
                            Tensor daz = s.add(b.binary(BinaryOp.MUL, dz, s.add(sigmoidDerivative(b, z, one))));
                            Tensor dhh = s.add(b.binary(BinaryOp.MUL, dan, r));
                            direct = s.add(b.binary(BinaryOp.MUL, dht, z));
                            da = all.add(b.concat(List.of(daz, dar, dan), 1));
                            daH = all.add(b.concat(List.of(daz, dar, dhh), 1));
                            dhGates[t] = all.add(b.reshape(daH, Shape.of(batch, 1, gu)));
                        }
                        default -> throw new IllegalArgumentException("rnnBackward: unknown cell " + cell);
                    }
                    dxGates[t] = all.add(b.reshape(da, Shape.of(batch, 1, gu)));
                    Tensor back = all.add(b.matmul(daH, recurrentKernel, false, true));
                    dh = direct == null ? back : all.add(b.binary(BinaryOp.ADD, back, direct));
                }
            }
            // Every step's pre-activation gradients at once.
            long rows = (long) batch * time;
            Tensor da3 = all.add(b.concat(List.of(dxGates), 1));
            Tensor da2 = all.add(b.reshape(da3, Shape.of(rows, gu)));
            Tensor dh2 = da2;
            if (dhGates != null) {
                dh2 = all.add(b.reshape(all.add(b.concat(List.of(dhGates), 1)), Shape.of(rows, gu)));
            }
            Tensor x2 = all.add(b.reshape(x, Shape.of(rows, input)));
            Tensor dx2 = all.add(b.matmul(da2, kernel, false, true));
            results[0] = b.reshape(dx2, xs);
            results[1] = b.copy(dh);
            results[2] = cell == RnnCell.LSTM ? b.copy(dc) : null;
            results[3] = b.matmul(x2, da2, true, false);
            // The state each step started from: h0, then the sequence without its last step.
            Tensor h03 = all.add(b.reshape(h0, Shape.of(batch, 1, units)));
            Tensor hPrev3 = time == 1 ? h03 : all.add(b.concat(List.of(h03, all.add(b.slice(sequence,
                    new int[] {0, 0, 0}, new int[] {batch, time - 1, units}, new int[] {1, 1, 1}))), 1));
            Tensor hPrev2 = all.add(b.reshape(hPrev3, Shape.of(rows, units)));
            results[4] = b.matmul(hPrev2, dh2, true, false);
            if (bias != null) {
                Tensor dbIn = all.add(b.reduce(ReduceOp.SUM, da2, new int[] {0}, false));
                if (cell == RnnCell.GRU) {
                    Tensor dbRec = all.add(b.reduce(ReduceOp.SUM, dh2, new int[] {0}, false));
                    results[5] = b.concat(List.of(all.add(b.reshape(dbIn, Shape.of(1, gu))),
                            all.add(b.reshape(dbRec, Shape.of(1, gu)))), 0);
                } else {
                    results[5] = b.copy(dbIn);
                }
            }
            return results;
        } catch (RuntimeException | Error e) {
            closeAll(results);
            throw e;
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Step {@code t} of a {@code [batch, time, width]} tensor, as {@code [batch, width]}. */
    private static Tensor step(Backend b, Tensor seq, int t, int batch, int width) {
        try (Tensor s = b.slice(seq, new int[] {0, t, 0}, new int[] {batch, t + 1, width}, new int[] {1, 1, 1})) {
            return b.reshape(s, Shape.of(batch, width));
        }
    }

    /** Column block {@code k} of width {@code units} of a {@code [batch, n * units]} tensor. */
    private static Tensor block(Backend b, Tensor z, int k, int units) {
        int rows = dim(z.shape(), 0);
        return b.slice(z, new int[] {0, k * units}, new int[] {rows, (k + 1) * units}, new int[] {1, 1});
    }

    /** Row {@code r} of a {@code [2, width]} GRU bias, as {@code [width]}. */
    private static Tensor row(Backend b, Tensor bias, int r, int width) {
        try (Tensor s = b.slice(bias, new int[] {r, 0}, new int[] {r + 1, width}, new int[] {1, 1})) {
            return b.reshape(s, Shape.of(width));
        }
    }

    /** {@code s (1 - s)} for a sigmoid output {@code s}. */
    private static Tensor sigmoidDerivative(Backend b, Tensor s, Tensor one) {
        try (Tensor c = b.binary(BinaryOp.SUB, one, s)) {
            return b.binary(BinaryOp.MUL, s, c);
        }
    }

    private static int dim(Shape s, int axis) {
        return Math.toIntExact(s.dim(axis));
    }

    private static void closeAll(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }
}
