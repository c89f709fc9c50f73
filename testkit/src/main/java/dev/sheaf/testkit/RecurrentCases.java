package dev.sheaf.testkit;

import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.ops.Ops;
import dev.sheaf.ops.RnnResult;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.opentest4j.AssertionFailedError;

/**
 * Cases of the recurrent ops {@link Backend#rnnForward} and {@link Backend#rnnBackward} (every {@link RnnCell}), and
 * the gradient checks of {@code Ops.rnn}:
 * <ul>
 *   <li><b>differential</b>: every result of the forward pass (with and without {@code training}) and of the backward
 *   pass, against the reference backend, over one and several time steps and batch rows, input width different from
 *   the units, with and without bias, float32 and float64, random upstream gradients with each of them null in turn
 *   (the SPI's "zeros");</li>
 *   <li><b>golden</b>: one- and two-step problems whose results are worked out by hand (in the comments), which catch
 *   a wrong gate order or bias row that the reference would share;</li>
 *   <li><b>gradients</b>: finite-difference checks of {@code Ops.rnn} with respect to each of its inputs, through each
 *   of its results.</li>
 * </ul>
 */
final class RecurrentCases {
    private RecurrentCases() {
    }

    /** One problem size: batch, time, input and units, with or without bias, and the layout x arrives in. */
    record Config(String label, int batch, int time, int input, int units, boolean bias, Layout layout) {
        Config(String label, int batch, int time, int input, int units, boolean bias) {
            this(label, batch, time, input, units, bias, Layout.CONTIGUOUS);
        }
    }

    static final List<Config> CONFIGS = List.of(
            new Config("batch 1, time 1, input 3, units 2", 1, 1, 3, 2, true),
            new Config("batch 3, time 4, input 2, units 3", 3, 4, 2, 3, true),
            new Config("batch 2, time 5, input 4, units 4, no bias", 2, 5, 4, 4, false),
            new Config("batch 1, time 6, input 1, units 2", 1, 6, 1, 2, true),
            new Config("batch 4, time 3, input 5, units 1", 4, 3, 5, 1, true),
            new Config("batch 5, time 7, input 6, units 8", 5, 7, 6, 8, true),
            new Config("batch 1, time 2, input 2, units 3, no bias", 1, 2, 2, 3, false),
            new Config("batch 2, time 3, input 3, units 2, transposed x", 2, 3, 3, 2, true, Layout.TRANSPOSED));

    /** The inputs of one problem, as host values: x, h0, c0 (LSTM, else null), kernel, recurrent kernel, bias. */
    static HostTensor[] inputs(RnnCell cell, Config c, DType dt, RandomTensors rnd) {
        int gu = cell.gates() * c.units();
        return new HostTensor[] {
            rnd.normal(dt, Shape.of(c.batch(), c.time(), c.input()), 1),
            rnd.normal(dt, Shape.of(c.batch(), c.units()), 0.5),
            cell == RnnCell.LSTM ? rnd.normal(dt, Shape.of(c.batch(), c.units()), 0.5) : null,
            rnd.uniform(dt, Shape.of(c.input(), gu), -0.6, 0.6),
            rnd.uniform(dt, Shape.of(c.units(), gu), -0.6, 0.6),
            c.bias() ? rnd.uniform(dt, cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu), -0.3, 0.3) : null};
    }

    private static final String[] INPUT_NAMES = {"x", "h0", "c0", "kernel", "recurrentKernel", "bias"};
    private static final String[] FORWARD_NAMES = {"sequence", "lastH", "lastC"};
    private static final String[] BACKWARD_NAMES = {"dx", "dh0", "dc0", "dKernel", "dRecurrentKernel", "dBias"};

    // ------------------------------------------------------------------ differential

    static Stream<DynamicNode> forward(Harness h) {
        return h.floatTypes().stream().map(dt -> dynamicContainer(dt.toString(),
                Arrays.stream(RnnCell.values()).map(cell -> {
                    List<DynamicNode> cases = new ArrayList<>();
                    RandomTensors rnd = RandomTensors.forCase("rnnForward" + cell + dt);
                    for (Config c : CONFIGS) {
                        HostTensor[] in = inputs(cell, c, dt, rnd);
                        for (boolean training : new boolean[] {false, true}) {
                            cases.add(h.test(c.label() + (training ? ", training" : ""),
                                    () -> compareForward(h, cell, c, in, training)));
                        }
                    }
                    return dynamicContainer(cell.toString(), cases);
                })));
    }

    static Stream<DynamicNode> backward(Harness h) {
        return h.floatTypes().stream().map(dt -> dynamicContainer(dt.toString(),
                Arrays.stream(RnnCell.values()).map(cell -> {
                    List<DynamicNode> cases = new ArrayList<>();
                    RandomTensors rnd = RandomTensors.forCase("rnnBackward" + cell + dt);
                    for (Config c : CONFIGS) {
                        HostTensor[] in = inputs(cell, c, dt, rnd);
                        Shape state = Shape.of(c.batch(), c.units());
                        HostTensor dSeq = rnd.normal(dt, Shape.of(c.batch(), c.time(), c.units()), 1);
                        HostTensor dH = rnd.normal(dt, state, 1);
                        HostTensor dC = cell == RnnCell.LSTM ? rnd.normal(dt, state, 1) : null;
                        cases.add(h.test(c.label() + ", every upstream gradient",
                                () -> compareBackward(h, cell, c, in, dSeq, dH, dC)));
                        cases.add(h.test(c.label() + ", dSequence only",
                                () -> compareBackward(h, cell, c, in, dSeq, null, null)));
                        cases.add(h.test(c.label() + ", dLastH only",
                                () -> compareBackward(h, cell, c, in, null, dH, null)));
                        if (cell == RnnCell.LSTM) {
                            cases.add(h.test(c.label() + ", dLastC only",
                                    () -> compareBackward(h, cell, c, in, null, null, dC)));
                        }
                        cases.add(h.test(c.label() + ", no upstream gradient (all null: zeros)",
                                () -> compareBackward(h, cell, c, in, null, null, null)));
                    }
                    return dynamicContainer(cell.toString(), cases);
                })));
    }

    /** Accumulated error scale of a problem: the terms summed through time, bounded by the largest inputs. */
    private static double magnitude(Config c, HostTensor[] in, HostTensor... upstream) {
        double m = 1;
        for (HostTensor t : in) {
            if (t != null) {
                m = Math.max(m, t.maxAbs());
            }
        }
        double u = 1;
        for (HostTensor t : upstream) {
            if (t != null) {
                u = Math.max(u, t.maxAbs());
            }
        }
        return (double) c.time() * (c.batch() + c.input() + c.units() + 1) * m * m * u;
    }

    private static List<Tensor> put(Harness h, Backend b, Config c, HostTensor[] in) {
        List<Tensor> r = new ArrayList<>();
        for (int k = 0; k < in.length; k++) {
            r.add(in[k] == null ? null : k == 0 && b == h.backend ? in[k].on(b, c.layout()) : in[k].on(b));
        }
        return r;
    }

    private static Tensor[] forwardOn(Backend b, RnnCell cell, List<Tensor> t, boolean training) {
        return b.rnnForward(cell, t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5), training);
    }

    private static String context(String op, RnnCell cell, Config c, HostTensor[] in) {
        StringBuilder sb = new StringBuilder(op).append('(').append(cell);
        for (int k = 0; k < in.length; k++) {
            if (in[k] != null) {
                sb.append(", ").append(INPUT_NAMES[k]).append('=').append(in[k].describe());
            }
        }
        return sb.append(c.layout() == Layout.CONTIGUOUS ? "" : ", x " + c.layout().label()).append(')').toString();
    }

    private static void compareForward(Harness h, RnnCell cell, Config c, HostTensor[] in, boolean training) {
        String ctx = context("rnnForward", cell, c, in) + " training=" + training;
        Tensor[] want;
        try {
            want = forwardOn(h.reference, cell, put(h, h.reference, c, in), training);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(ctx + ": the reference backend failed: " + e, e);
        }
        List<Tensor> testIn = put(h, h.backend, c, in);
        Tensor[] got;
        try {
            got = forwardOn(h.backend, cell, testIn, training);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(ctx + ": backend '" + h.backend.name() + "' threw " + e, e);
        }
        check(ctx, got.length == 4, "returned " + got.length + " results, expected 4 {sequence, lastH, lastC, saved}");
        Tolerance tol = h.accumulation(in[0].dtype, magnitude(c, in));
        for (int k = 0; k < 3; k++) {
            compareResult(h, ctx, FORWARD_NAMES[k], want[k], got[k], tol);
        }
        check(ctx, !training || got[3] == null || got[3].backend() == h.backend, "saved must be null or a tensor of "
                + "the backend");
        if (training) {
            // The training pass computes the same values as the inference pass.
            Tensor[] plain = forwardOn(h.backend, cell, testIn, false);
            for (int k = 0; k < 3; k++) {
                compareResult(h, ctx + " vs training=false", FORWARD_NAMES[k], plain[k], got[k], tol);
            }
        }
        closeAll(got);
        inputsIntact(h, ctx, in, testIn);
    }

    private static void compareBackward(Harness h, RnnCell cell, Config c, HostTensor[] in, HostTensor dSeq,
                                        HostTensor dH, HostTensor dC) {
        String ctx = context("rnnBackward", cell, c, in) + " upstream dSequence=" + (dSeq != null) + " dLastH="
                + (dH != null) + " dLastC=" + (dC != null);
        Tensor[] want;
        try {
            want = backwardOn(h.reference, cell, put(h, h.reference, c, in), dSeq, dH, dC);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(ctx + ": the reference backend failed: " + e, e);
        }
        List<Tensor> testIn = put(h, h.backend, c, in);
        Tensor[] got;
        try {
            got = backwardOn(h.backend, cell, testIn, dSeq, dH, dC);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(ctx + ": backend '" + h.backend.name() + "' threw " + e, e);
        }
        check(ctx, got.length == 6, "returned " + got.length + " results, expected 6 {dx, dh0, dc0, dKernel, "
                + "dRecurrentKernel, dBias}");
        Tolerance tol = h.accumulation(in[0].dtype, magnitude(c, in, dSeq, dH, dC));
        for (int k = 0; k < 6; k++) {
            compareResult(h, ctx, BACKWARD_NAMES[k], want[k], got[k], tol);
            if (got[k] != null) {
                for (Tensor t : testIn) {
                    check(ctx, got[k] != t, BACKWARD_NAMES[k] + " is one of the inputs; results must be new tensors");
                }
            }
        }
        closeAll(got);
        inputsIntact(h, ctx, in, testIn);
    }

    private static Tensor[] backwardOn(Backend b, RnnCell cell, List<Tensor> t, HostTensor dSeq, HostTensor dH,
                                       HostTensor dC) {
        Tensor[] f = forwardOn(b, cell, t, true);
        return b.rnnBackward(cell, t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5), f,
                dSeq == null ? null : dSeq.on(b), dH == null ? null : dH.on(b), dC == null ? null : dC.on(b));
    }

    private static void compareResult(Harness h, String ctx, String name, Tensor want, Tensor got, Tolerance tol) {
        if (want == null || got == null) {
            check(ctx, want == got, name + " is " + (got == null ? "null" : got.describe()) + ", expected "
                    + (want == null ? "null" : want.describe()));
            return;
        }
        TensorAssertions.assertMatches(ctx + ": " + name + " on backend '" + h.backend.name() + "' vs reference",
                HostTensor.read(want), HostTensor.read(got), tol);
    }

    private static void inputsIntact(Harness h, String ctx, HostTensor[] in, List<Tensor> testIn) {
        for (int k = 0; k < in.length; k++) {
            Tensor t = testIn.get(k);
            if (t == null) {
                continue;
            }
            check(ctx, !t.isClosed(), "input " + INPUT_NAMES[k] + " was closed by the op");
            TensorAssertions.assertMatches(ctx + ": input " + INPUT_NAMES[k] + " changed by the op", in[k],
                    HostTensor.read(t), Tolerance.EXACT);
        }
    }

    private static void check(String ctx, boolean ok, String message) {
        TensorAssertions.check(ok, ctx + ": " + message);
    }

    private static void closeAll(Tensor[] ts) {
        for (Tensor t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }

    // ------------------------------------------------------------------ golden

    static Stream<DynamicNode> golden(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            List<DynamicNode> cases = new ArrayList<>();
            Tolerance tol = h.accumulation(dt, 10);
            // SIMPLE_RELU, W = 2, U = -0.5, b = 0.5, x = (1, 3), h0 = 0:
            // h1 = relu(2 + 0.5) = 2.5, h2 = relu(6 - 1.25 + 0.5) = 5.25. Upstream ones on the sequence:
            // da2 = 1, dh1 = 1 + da2 U = 0.5, da1 = 0.5; dx = (da1 W, da2 W) = (1, 2), dh0 = da1 U = -0.25,
            // dW = 1 da1 + 3 da2 = 3.5, dU = h0 da1 + h1 da2 = 2.5, db = da1 + da2 = 1.5.
            Problem relu = new Problem(RnnCell.SIMPLE_RELU, v3(dt, 1, 2, 1, 1, 3), v2(dt, 1, 1, 0), null,
                    v2(dt, 1, 1, 2), v2(dt, 1, 1, -0.5), v1(dt, 1, 0.5));
            cases.add(golden(h, "simple relu, two steps: forward", relu, false,
                    new HostTensor[] {v3(dt, 1, 2, 1, 2.5, 5.25), v2(dt, 1, 1, 5.25), null}, tol));
            cases.add(golden(h, "simple relu, two steps: backward of ones on the sequence", relu, true,
                    new HostTensor[] {v3(dt, 1, 2, 1, 1, 2), v2(dt, 1, 1, -0.25), null, v2(dt, 1, 1, 3.5),
                        v2(dt, 1, 1, 2.5), v1(dt, 1, 1.5)}, tol));
            // SIMPLE_TANH, W = 0.5, U = 1, no bias, x = (1, 2), h0 = 0: h1 = tanh(0.5), h2 = tanh(1 + tanh(0.5)).
            double t1 = Math.tanh(0.5);
            double t2 = Math.tanh(1 + t1);
            Problem tanh = new Problem(RnnCell.SIMPLE_TANH, v3(dt, 1, 2, 1, 1, 2), v2(dt, 1, 1, 0), null,
                    v2(dt, 1, 1, 0.5), v2(dt, 1, 1, 1), null);
            cases.add(golden(h, "simple tanh, two steps: forward", tanh, false,
                    new HostTensor[] {v3(dt, 1, 2, 1, t1, t2), v2(dt, 1, 1, t2), null}, tol));
            // LSTM, x = 1, W = (0, 0, ln 2, 0), U = 0, h0 = 0, c0 = 1: pre-activations (0, 0, ln 2, 0), so
            // i = f = o = 1/2 and g = tanh(ln 2) = 0.6; c = 0.5 * 1 + 0.5 * 0.6 = 0.8, h = 0.5 tanh(0.8).
            // Upstream dLastH = 1: dc = o (1 - tanh(0.8)^2), dai = dc g / 4, daf = dc c0 / 4, dag = dc i (1 - g^2),
            // dao = tanh(0.8) / 4; dW = db = (dai, daf, dag, dao) (x = 1), dU = 0 (h0 = 0), dx = dag ln 2 (only W's
            // third entry is not 0), dh0 = 0 (U = 0), dc0 = dc f.
            double ln2 = Math.log(2);
            double tc = Math.tanh(0.8);
            double dc = 0.5 * (1 - tc * tc);
            double[] da = {dc * 0.6 / 4, dc / 4, dc * 0.5 * 0.64, tc / 4};
            Problem lstm = new Problem(RnnCell.LSTM, v3(dt, 1, 1, 1, 1), v2(dt, 1, 1, 0), v2(dt, 1, 1, 1),
                    v2(dt, 1, 4, 0, 0, ln2, 0), v2(dt, 1, 4, 0, 0, 0, 0), null);
            cases.add(golden(h, "LSTM, one step: forward (gate order i, f, c, o)", lstm, false,
                    new HostTensor[] {v3(dt, 1, 1, 1, 0.5 * tc), v2(dt, 1, 1, 0.5 * tc), v2(dt, 1, 1, 0.8)}, tol));
            Problem lstmB = lstm.withBias(v1(dt, 4, 0, 0, 0, 0));
            cases.add(golden(h, "LSTM, one step: backward of dLastH = 1", lstmB.upstream(null, v2(dt, 1, 1, 1), null),
                    true, new HostTensor[] {v3(dt, 1, 1, 1, da[2] * ln2), v2(dt, 1, 1, 0), v2(dt, 1, 1, dc * 0.5),
                        v2(dt, 1, 4, da), v2(dt, 1, 4, 0, 0, 0, 0), v1(dt, 4, da)}, tol));
            // LSTM, the same pre-activation ln 2 in the forget block instead: f = 2/3, i = 1/2, g = tanh(0) = 0, so
            // c = 2/3 and h = tanh(2/3) / 2.
            Problem forget = new Problem(RnnCell.LSTM, v3(dt, 1, 1, 1, 1), v2(dt, 1, 1, 0), v2(dt, 1, 1, 1),
                    v2(dt, 1, 4, 0, ln2, 0, 0), v2(dt, 1, 4, 0, 0, 0, 0), null);
            cases.add(golden(h, "LSTM, one step: the forget gate is the second block", forget, false,
                    new HostTensor[] {v3(dt, 1, 1, 1, Math.tanh(2.0 / 3) / 2), v2(dt, 1, 1, Math.tanh(2.0 / 3) / 2),
                        v2(dt, 1, 1, 2.0 / 3)}, tol));
            // GRU (reset_after), x = 1, W = (0, 0, ln 2), U = (0, 0, 2), bias rows (0, 0, 0) and (0, 0, 0.5), h0 = 1:
            // z = r = 1/2, hh = 1 * 2 + 0.5 = 2.5, n = tanh(ln 2 + 0.5 * 2.5), h = 0.5 * 1 + 0.5 n.
            double n = Math.tanh(ln2 + 1.25);
            Problem gru = new Problem(RnnCell.GRU, v3(dt, 1, 1, 1, 1), v2(dt, 1, 1, 1), null, v2(dt, 1, 3, 0, 0, ln2),
                    v2(dt, 1, 3, 0, 0, 2), v2(dt, 2, 3, 0, 0, 0, 0, 0, 0.5));
            cases.add(golden(h, "GRU, one step: the recurrent bias inside the reset gate", gru, false,
                    new HostTensor[] {v3(dt, 1, 1, 1, 0.5 + 0.5 * n), v2(dt, 1, 1, 0.5 + 0.5 * n), null}, tol));
            // The same 0.5 in bias row 0 adds outside the reset gate: n = tanh(ln 2 + 0.5 + 0.5 * 2).
            double n0 = Math.tanh(ln2 + 1.5);
            Problem gru0 = gru.withBias(v2(dt, 2, 3, 0, 0, 0.5, 0, 0, 0));
            cases.add(golden(h, "GRU, one step: the input bias outside the reset gate", gru0, false,
                    new HostTensor[] {v3(dt, 1, 1, 1, 0.5 + 0.5 * n0), v2(dt, 1, 1, 0.5 + 0.5 * n0), null}, tol));
            // GRU bias gradient, upstream dLastH = 1 on that problem: with da = (daz, dar, dan) the pre-activation
            // gradients, Keras's row 0 gets (daz, dar, dan) and row 1 (daz, dar, r dan): z and r share one sum.
            // daz = (h0 - n0) z (1 - z), dan = (1 - z)(1 - n0^2), dar = dan hh r (1 - r), hh = 2.
            double daz = (1 - n0) * 0.25;
            double dan = 0.5 * (1 - n0 * n0);
            double dar = dan * 2 * 0.25;
            cases.add(golden(h, "GRU, one step: backward of dLastH = 1, bias gradient rows",
                    gru0.upstream(null, v2(dt, 1, 1, 1), null), true, new HostTensor[] {null, null, null, null, null,
                        v2(dt, 2, 3, daz, dar, dan, daz, dar, 0.5 * dan)}, tol));
            return dynamicContainer(dt.toString(), cases);
        });
    }

    /** A hand-worked problem; upstream gradients for the backward pass (ones on the sequence when none given). */
    record Problem(RnnCell cell, HostTensor x, HostTensor h0, HostTensor c0, HostTensor kernel,
                   HostTensor recurrentKernel, HostTensor bias, HostTensor[] upstream) {
        Problem(RnnCell cell, HostTensor x, HostTensor h0, HostTensor c0, HostTensor kernel,
                HostTensor recurrentKernel, HostTensor bias) {
            this(cell, x, h0, c0, kernel, recurrentKernel, bias, null);
        }

        Problem withBias(HostTensor b) {
            return new Problem(cell, x, h0, c0, kernel, recurrentKernel, b, upstream);
        }

        Problem upstream(HostTensor dSeq, HostTensor dH, HostTensor dC) {
            return new Problem(cell, x, h0, c0, kernel, recurrentKernel, bias, new HostTensor[] {dSeq, dH, dC});
        }

        HostTensor[] inputs() {
            return new HostTensor[] {x, h0, c0, kernel, recurrentKernel, bias};
        }
    }

    private static HostTensor v1(DType dt, int d0, double... values) {
        return HostTensor.of(dt, Shape.of(d0), values);
    }

    private static HostTensor v2(DType dt, int d0, int d1, double... values) {
        return HostTensor.of(dt, Shape.of(d0, d1), values);
    }

    private static HostTensor v3(DType dt, int d0, int d1, int d2, double... values) {
        return HostTensor.of(dt, Shape.of(d0, d1, d2), values);
    }

    /** Checks the results of a hand-worked problem; a null expected entry is not checked. */
    private static DynamicNode golden(Harness h, String name, Problem p, boolean backward, HostTensor[] expected,
                                      Tolerance tol) {
        return h.test(name, () -> {
            HostTensor[] in = p.inputs();
            String ctx = (backward ? "rnnBackward(" : "rnnForward(") + p.cell() + ") golden: " + name;
            List<Tensor> t = new ArrayList<>();
            for (HostTensor x : in) {
                t.add(x == null ? null : x.on(h.backend));
            }
            Tensor[] got;
            try {
                got = forwardOn(h.backend, p.cell(), t, backward);
                if (backward) {
                    HostTensor[] u = p.upstream() != null ? p.upstream() : new HostTensor[] {
                        HostTensor.of(p.x().dtype, Shape.of(p.x().shape.dim(0), p.x().shape.dim(1),
                                p.recurrentKernel().shape.dim(0)), ones(p))};
                    got = h.backend.rnnBackward(p.cell(), t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), t.get(5),
                            got, u[0] == null ? null : u[0].on(h.backend),
                            u.length > 1 && u[1] != null ? u[1].on(h.backend) : null,
                            u.length > 2 && u[2] != null ? u[2].on(h.backend) : null);
                }
            } catch (RuntimeException e) {
                throw new AssertionFailedError(ctx + ": backend '" + h.backend.name() + "' threw " + e, e);
            }
            String[] names = backward ? BACKWARD_NAMES : FORWARD_NAMES;
            for (int k = 0; k < expected.length; k++) {
                if (expected[k] == null) {
                    continue;
                }
                check(ctx, got[k] != null, names[k] + " is null");
                TensorAssertions.assertMatches(ctx + ": " + names[k] + " on backend '" + h.backend.name() + "'",
                        expected[k], HostTensor.read(got[k]), tol);
            }
        });
    }

    private static double[] ones(Problem p) {
        double[] d = new double[Math.toIntExact(p.x().shape.dim(0) * p.x().shape.dim(1)
                * p.recurrentKernel().shape.dim(0))];
        Arrays.fill(d, 1);
        return d;
    }

    // ------------------------------------------------------------------ gradient checks of Ops.rnn

    /**
     * Adds the "recurrent" group: for every cell, finite differences of {@code Ops.rnn} with respect to every input,
     * through all three results together and through each alone. Where the builder runs in float64 a second group
     * repeats the checks in float32, the dtype a native backend's fused kernels serve.
     */
    static void gradients(GradientChecks.Builder b) {
        b.group("recurrent: Ops.rnn");
        addRnnChecks(b);
        if (b.dt == DType.FLOAT64) {
            GradientChecks.Builder f = new GradientChecks.Builder(b.backend,
                    new GradientChecks.Precision(DType.FLOAT32, 0x1p-7, 1e-2, 1e-2));
            f.group("recurrent: Ops.rnn in float32");
            addRnnChecks(f);
            b.groups.addAll(f.groups);
        }
    }

    private static void addRnnChecks(GradientChecks.Builder b) {
        int batch = 2;
        int time = 3;
        int input = 2;
        int units = 2;
        for (RnnCell cell : RnnCell.values()) {
            int gu = cell.gates() * units;
            boolean lstm = cell == RnnCell.LSTM;
            List<HostTensor> in = new ArrayList<>();
            in.add(b.rnd.normal(b.dt, Shape.of(batch, time, input), 1));
            in.add(b.rnd.normal(b.dt, Shape.of(batch, units), 0.5));
            if (lstm) {
                in.add(b.rnd.normal(b.dt, Shape.of(batch, units), 0.5));
            }
            in.add(b.rnd.uniform(b.dt, Shape.of(input, gu), -0.8, 0.8));
            in.add(b.rnd.uniform(b.dt, Shape.of(units, gu), -0.8, 0.8));
            // A positive bias keeps relu units alive, so that the recurrent paths carry gradient.
            in.add(cell == RnnCell.SIMPLE_RELU ? b.rnd.uniform(b.dt, Shape.of(gu), 0.2, 0.6)
                    : b.rnd.uniform(b.dt, cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu), -0.5, 0.5));
            HostTensor[] inputs = in.toArray(new HostTensor[0]);
            b.fd("rnn " + cell + ": sequence, lastH and lastC", x -> packed(cell, x, true, true, true), inputs);
            b.fd("rnn " + cell + ": lastH only", x -> result(cell, x).lastH(), inputs);
            b.fd("rnn " + cell + ": sequence only", x -> result(cell, x).sequence(), inputs);
            if (lstm) {
                b.fd("rnn " + cell + ": lastC only", x -> result(cell, x).lastC(), inputs);
            }
            HostTensor[] noBias = Arrays.copyOf(inputs, inputs.length - 1);
            b.fd("rnn " + cell + ": no bias, lastH", x -> resultNoBias(cell, x).lastH(), noBias);
        }
        // The zero-state overload: gradients through x and the kernels only.
        HostTensor x = b.rnd.normal(b.dt, Shape.of(batch, time, input), 1);
        HostTensor w = b.rnd.uniform(b.dt, Shape.of(input, 4 * units), -0.8, 0.8);
        HostTensor u = b.rnd.uniform(b.dt, Shape.of(units, 4 * units), -0.8, 0.8);
        HostTensor bias = b.rnd.uniform(b.dt, Shape.of(4 * units), -0.5, 0.5);
        b.fd("rnn LSTM from zero states: sequence", t -> Ops.rnn(RnnCell.LSTM, t.get(0), t.get(1), t.get(2),
                t.get(3)).sequence(), x, w, u, bias);
    }

    private static RnnResult result(RnnCell cell, List<Tensor> x) {
        return cell == RnnCell.LSTM
                ? Ops.rnn(cell, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5))
                : Ops.rnn(cell, x.get(0), x.get(1), null, x.get(2), x.get(3), x.get(4));
    }

    private static RnnResult resultNoBias(RnnCell cell, List<Tensor> x) {
        return cell == RnnCell.LSTM
                ? Ops.rnn(cell, x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), null)
                : Ops.rnn(cell, x.get(0), x.get(1), null, x.get(2), x.get(3), null);
    }

    /** The chosen results flattened and joined, so that one weighted sum sees them all. */
    private static Tensor packed(RnnCell cell, List<Tensor> x, boolean seq, boolean h, boolean c) {
        RnnResult r = result(cell, x);
        List<Tensor> parts = new ArrayList<>();
        if (seq) {
            parts.add(Ops.reshape(r.sequence(), -1));
        }
        if (h) {
            parts.add(Ops.reshape(r.lastH(), -1));
        }
        if (c && r.lastC() != null) {
            parts.add(Ops.reshape(r.lastC(), -1));
        }
        return Ops.concatenate(parts, 0);
    }
}
