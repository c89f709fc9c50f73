package dev.sheaf.ops;

import dev.sheaf.autodiff.GradientRule;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.Backend;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The recurrent layers' op: a whole sequence through {@link Backend#rnnForward} in one call, with its gradient through
 * one {@link Backend#rnnBackward} call.
 *
 * <h2>Recording</h2>
 * When no tape records, the forward pass runs without keeping anything for a backward pass and its three results are
 * returned as they are. Under a recording tape it runs with {@code training = true} and one node is recorded: the
 * <em>packed</em> output, which is the sequence {@code [batch, time, units]} itself, or for the LSTM the sequence with
 * the last cell state appended as one more step, {@code [batch, time + 1, units]}. The sequence, the last state and the
 * last cell state handed to the caller are recorded {@link Ops} slices (and reshapes) of it, so the gradients arriving
 * from all three meet in the packed output's upstream gradient, and the tape calls the rule once per input with that
 * one upstream tensor. The rule splits it into {@code dSequence} and {@code dLastC} ({@code dLastH} reaches the
 * sequence's last step through its slice), calls {@link Backend#rnnBackward} once, and hands out the six gradients
 * from that call (cached per upstream tensor).
 *
 * <h2>Higher-order gradients</h2>
 * The backend's backward pass is not itself differentiable. When the rule runs while a tape records (the gradient is
 * being differentiated again), it instead recomputes the forward pass step by step with recorded {@code Ops} under an
 * inner tape and takes that composition's gradient, so that the enclosing tapes record a differentiable backward pass.
 * The values agree with the backend's to rounding.
 */
final class Recurrent {
    private Recurrent() {
    }

    static RnnResult rnn(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                         Tensor bias) {
        Geometry g = validate(cell, x, h0, c0, kernel, recurrentKernel, bias);
        Backend be = x.backend();
        if (!GradientTape.isRecording()) {
            Tensor[] r = be.rnnForward(cell, x, h0, c0, kernel, recurrentKernel, bias, false);
            if (r[3] != null) {
                r[3].close();
            }
            return new RnnResult(r[0], r[1], r[2]);
        }
        Tensor[] forward = be.rnnForward(cell, x, h0, c0, kernel, recurrentKernel, bias, true);
        Tensor packed = forward[0];
        if (cell == RnnCell.LSTM) {
            try (Tensor c3 = be.reshape(forward[2], Shape.of(g.batch, 1, g.units))) {
                packed = be.concat(List.of(forward[0], c3), 1);
            }
        }
        List<Tensor> inputs = new ArrayList<>(6);
        int[] roles = new int[6];
        Tensor[] all = {x, h0, c0, kernel, recurrentKernel, bias};
        for (int role = 0; role < all.length; role++) {
            if (all[role] != null) {
                roles[inputs.size()] = role;
                inputs.add(all[role]);
            }
        }
        RnnRule rule = new RnnRule(cell, g, all, forward, roles);
        GradientTape.record(packed, rule, inputs.toArray(new Tensor[0]));
        return unpack(cell, g, packed);
    }

    /** Sequence, last state and last cell state as recorded slices of the packed output. */
    private static RnnResult unpack(RnnCell cell, Geometry g, Tensor packed) {
        int b = g.batch;
        int t = g.time;
        int u = g.units;
        Tensor sequence = cell == RnnCell.LSTM ? Ops.slice(packed, new int[] {0, 0, 0}, new int[] {b, t, u}) : packed;
        Tensor lastH = Ops.reshape(Ops.slice(packed, new int[] {0, t - 1, 0}, new int[] {b, 1, u}), b, u);
        Tensor lastC = cell == RnnCell.LSTM
                ? Ops.reshape(Ops.slice(packed, new int[] {0, t, 0}, new int[] {b, 1, u}), b, u) : null;
        return new RnnResult(sequence, lastH, lastC);
    }

    /** {@link #rnn} with zero initial states (Keras's default). */
    static RnnResult rnn(RnnCell cell, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias) {
        String op = "rnn";
        Check.given(op, "the cell (RnnCell.SIMPLE_TANH, SIMPLE_RELU, LSTM or GRU)", cell);
        String name = op + " (" + cell + ")";
        checkX(name, x);
        Check.given(name, "the recurrent kernel [units, " + cell.gates() + " * units]", recurrentKernel);
        Check.backend(name, x, recurrentKernel);
        checkRecurrentKernel(name, cell, recurrentKernel);
        Shape state = Shape.of(x.shape().dim(0), recurrentKernel.shape().dim(0));
        Tensor h0 = x.backend().full(state, x.dtype(), 0);
        Tensor c0 = cell == RnnCell.LSTM ? x.backend().full(state, x.dtype(), 0) : null;
        return rnn(cell, x, h0, c0, kernel, recurrentKernel, bias);
    }

    // ------------------------------------------------------------------ gradient

    /** One backward pass per upstream tensor, handed out input by input. */
    private static final class RnnRule implements GradientRule {
        private final RnnCell cell;
        private final Geometry g;
        private final Tensor[] args;
        private final Tensor[] forward;
        private final int[] roles;
        private Tensor lastUpstream;
        private boolean lastComposed;
        private Tensor[] grads;

        RnnRule(RnnCell cell, Geometry g, Tensor[] args, Tensor[] forward, int[] roles) {
            this.cell = cell;
            this.g = g;
            this.args = args;
            this.forward = forward;
            this.roles = roles;
        }

        @Override
        public Tensor gradient(Tensor upstream, int input) {
            boolean composed = GradientTape.isRecording();
            if (grads == null || upstream != lastUpstream || composed != lastComposed || anyClosed(grads)) {
                grads = composed ? composedGradients(upstream) : backendGradients(upstream);
                lastUpstream = upstream;
                lastComposed = composed;
            }
            return grads[roles[input]];
        }

        private Tensor[] backendGradients(Tensor upstream) {
            Backend be = args[0].backend();
            Tensor u = upstream.dtype() == g.dtype ? upstream : be.cast(upstream, g.dtype);
            Tensor dSequence = u;
            Tensor dLastC = null;
            if (cell == RnnCell.LSTM) {
                int b = g.batch;
                int t = g.time;
                int n = g.units;
                dSequence = be.slice(u, new int[] {0, 0, 0}, new int[] {b, t, n}, new int[] {1, 1, 1});
                try (Tensor c = be.slice(u, new int[] {0, t, 0}, new int[] {b, t + 1, n}, new int[] {1, 1, 1})) {
                    dLastC = be.reshape(c, Shape.of(b, n));
                }
            }
            try {
                return be.rnnBackward(cell, args[0], args[1], args[2], args[3], args[4], args[5], forward, dSequence,
                        null, dLastC);
            } finally {
                if (dSequence != u) {
                    dSequence.close();
                }
                if (dLastC != null) {
                    dLastC.close();
                }
                if (u != upstream) {
                    u.close();
                }
            }
        }

        /** The gradient of {@code sum(packed * upstream)} through the recorded step-by-step composition. */
        private Tensor[] composedGradients(Tensor upstream) {
            Tensor[] r = new Tensor[6];
            List<Tensor> sources = new ArrayList<>(6);
            List<Integer> which = new ArrayList<>(6);
            try (GradientTape inner = new GradientTape()) {
                for (int role = 0; role < args.length; role++) {
                    if (args[role] != null) {
                        inner.watch(args[role]);
                        sources.add(args[role]);
                        which.add(role);
                    }
                }
                Tensor packed = composedPacked(cell, g, args[0], args[1], args[2], args[3], args[4], args[5]);
                Tensor target = Ops.sum(Ops.multiply(packed, upstream));
                List<Tensor> gs = inner.gradient(target, sources);
                for (int k = 0; k < gs.size(); k++) {
                    r[which.get(k)] = gs.get(k);
                }
            }
            return r;
        }

        private static boolean anyClosed(Tensor[] ts) {
            for (Tensor t : ts) {
                if (t != null && t.isClosed()) {
                    return true;
                }
            }
            return false;
        }
    }

    // ------------------------------------------------------------------ composition with Ops

    /** The packed output (see the class comment) computed step by step with recorded {@link Ops}. */
    static Tensor composedPacked(RnnCell cell, Geometry g, Tensor x, Tensor h0, Tensor c0, Tensor kernel,
                                 Tensor recurrentKernel, Tensor bias) {
        Tensor[] r = composed(cell, g, x, h0, c0, kernel, recurrentKernel, bias);
        if (cell != RnnCell.LSTM) {
            return r[0];
        }
        return Ops.concatenate(List.of(r[0], Ops.reshape(r[2], g.batch, 1, g.units)), 1);
    }

    /**
     * The Keras equations of {@link RnnCell} step by step with recorded {@link Ops}: {@code {sequence, lastH, lastC}}
     * (lastC null but for the LSTM). Differentiable to any order; the reference the fused op is tested against.
     */
    static Tensor[] composed(RnnCell cell, Geometry g, Tensor x, Tensor h0, Tensor c0, Tensor kernel,
                             Tensor recurrentKernel, Tensor bias) {
        int b = g.batch;
        int t = g.time;
        int u = g.units;
        int gu = cell.gates() * u;
        Tensor inBias = bias;
        Tensor recBias = null;
        if (bias != null && cell == RnnCell.GRU) {
            inBias = Ops.reshape(Ops.slice(bias, new int[] {0, 0}, new int[] {1, gu}), gu);
            recBias = Ops.reshape(Ops.slice(bias, new int[] {1, 0}, new int[] {1, gu}), gu);
        }
        Tensor xw = Ops.reshape(Ops.dense(Ops.reshape(x, (long) b * t, g.input), kernel, inBias, null), b, t, gu);
        List<Tensor> hs = new ArrayList<>(t);
        Tensor h = h0;
        Tensor c = c0;
        for (int s = 0; s < t; s++) {
            Tensor xt = Ops.reshape(Ops.slice(xw, new int[] {0, s, 0}, new int[] {b, 1, gu}), b, gu);
            Tensor hu = Ops.matmul(h, recurrentKernel);
            switch (cell) {
                case SIMPLE_TANH -> h = Ops.tanh(Ops.add(xt, hu));
                case SIMPLE_RELU -> h = Ops.relu(Ops.add(xt, hu));
                case LSTM -> {
                    Tensor z = Ops.add(xt, hu);
                    Tensor i = Ops.sigmoid(block(z, 0, u));
                    Tensor f = Ops.sigmoid(block(z, 1, u));
                    Tensor cc = Ops.tanh(block(z, 2, u));
                    Tensor o = Ops.sigmoid(block(z, 3, u));
                    c = Ops.add(Ops.multiply(f, c), Ops.multiply(i, cc));
                    h = Ops.multiply(o, Ops.tanh(c));
                }
                case GRU -> {
                    Tensor hub = recBias == null ? hu : Ops.add(hu, recBias);
                    Tensor z = Ops.sigmoid(Ops.add(block(xt, 0, u), block(hub, 0, u)));
                    Tensor r = Ops.sigmoid(Ops.add(block(xt, 1, u), block(hub, 1, u)));
                    Tensor n = Ops.tanh(Ops.add(block(xt, 2, u), Ops.multiply(r, block(hub, 2, u))));
                    h = Ops.add(Ops.multiply(z, h), Ops.multiply(Ops.subtract(1.0, z), n));
                }
                default -> throw new IllegalArgumentException("rnn: unknown cell " + cell);
            }
            hs.add(Ops.reshape(h, b, 1, u));
        }
        Tensor sequence = t == 1 ? hs.get(0) : Ops.concatenate(hs, 1);
        return new Tensor[] {sequence, h, cell == RnnCell.LSTM ? c : null};
    }

    private static Tensor block(Tensor z, int k, int units) {
        return Ops.slice(z, new int[] {0, k * units}, new int[] {-1, units});
    }

    // ------------------------------------------------------------------ validation

    /** The sizes of one call. */
    record Geometry(int batch, int time, int input, int units, DType dtype) {
    }

    private static void checkX(String name, Tensor x) {
        Check.open(name, x);
        if (x.rank() != 3) {
            throw new IllegalArgumentException(name + ": x must be [batch, time, input] (rank 3, batch-major as "
                    + "Keras), got " + x.describe());
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": x must be float32 or float64, got " + x.describe()
                    + "; cast it first");
        }
        if (x.shape().dim(1) < 1) {
            throw new IllegalArgumentException(name + ": x " + x.shape() + " has no time steps; needs time >= 1");
        }
    }

    private static void checkRecurrentKernel(String name, RnnCell cell, Tensor recurrentKernel) {
        Shape s = recurrentKernel.shape();
        if (s.rank() != 2 || s.dim(0) < 1 || s.dim(1) != cell.gates() * s.dim(0)) {
            throw new IllegalArgumentException(name + ": the recurrent kernel must be [units, " + cell.gates()
                    + " * units] (" + cell.gates() + " gate block(s) of width units, units >= 1), got " + s);
        }
    }

    static Geometry validate(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                             Tensor bias) {
        String op = "rnn";
        Check.given(op, "the cell (RnnCell.SIMPLE_TANH, SIMPLE_RELU, LSTM or GRU)", cell);
        String name = op + " (" + cell + ")";
        checkX(name, x);
        Check.given(name, "the kernel [input, " + cell.gates() + " * units]", kernel);
        Check.given(name, "the recurrent kernel [units, " + cell.gates() + " * units]", recurrentKernel);
        Check.backend(name, x, kernel);
        Check.backend(name, x, recurrentKernel);
        checkRecurrentKernel(name, cell, recurrentKernel);
        long units = recurrentKernel.shape().dim(0);
        long gu = cell.gates() * units;
        long input = x.shape().dim(2);
        Shape wantKernel = Shape.of(input, gu);
        if (!kernel.shape().equals(wantKernel)) {
            throw new IllegalArgumentException(name + ": the kernel must be [input, " + cell.gates()
                    + " * units] = " + wantKernel + " for x " + x.shape() + " and the recurrent kernel "
                    + recurrentKernel.shape() + ", got " + kernel.shape());
        }
        Shape state = Shape.of(x.shape().dim(0), units);
        Check.given(name, "the initial state h0 " + state, h0);
        Check.backend(name, x, h0);
        if (!h0.shape().equals(state)) {
            throw new IllegalArgumentException(name + ": the initial state h0 must be [batch, units] = " + state
                    + ", got " + h0.shape());
        }
        if (cell == RnnCell.LSTM) {
            if (c0 == null) {
                throw new IllegalArgumentException(name + ": the LSTM needs an initial cell state c0 " + state
                        + " (zeros for Keras's default)");
            }
            Check.backend(name, x, c0);
            if (!c0.shape().equals(state)) {
                throw new IllegalArgumentException(name + ": the initial cell state c0 must be [batch, units] = "
                        + state + ", got " + c0.shape());
            }
        } else if (c0 != null) {
            throw new IllegalArgumentException(name + ": only the LSTM has a cell state; give c0 = null, got "
                    + c0.describe());
        }
        if (bias != null) {
            Check.backend(name, x, bias);
            Shape wantBias = cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu);
            if (!bias.shape().equals(wantBias)) {
                throw new IllegalArgumentException(name + ": the bias must be " + wantBias
                        + (cell == RnnCell.GRU ? " (row 0 for x W, row 1 for h U, as Keras's reset_after GRU)"
                        : "") + " for " + units + " units, got " + bias.shape());
            }
        }
        DType dt = x.dtype();
        String[] names = {"h0", "c0", "kernel", "recurrent kernel", "bias"};
        Tensor[] others = {h0, c0, kernel, recurrentKernel, bias};
        for (int k = 0; k < others.length; k++) {
            if (others[k] != null && others[k].dtype() != dt) {
                throw new IllegalArgumentException(name + ": the " + names[k] + " " + others[k].describe()
                        + " must have x's dtype " + dt + "; cast it first");
            }
        }
        return new Geometry(Math.toIntExact(x.shape().dim(0)), Math.toIntExact(x.shape().dim(1)),
                Math.toIntExact(input), Math.toIntExact(units), dt);
    }
}
