package dev.sheaf.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops#rnn} (one backend call forward, one backward) against the same equations composed step by step with
 * recorded {@link Ops} ({@link Recurrent#composed}): values, first-order gradients through each result, second-order
 * gradients, and the argument checks.
 */
class RecurrentOpsTest {
    private static final int B = 2;
    private static final int T = 3;
    private static final int I = 3;
    private static final int U = 2;

    /** x, h0, c0 (LSTM), kernel, recurrent kernel, bias: float64, seeded. */
    private static Tensor[] inputs(RnnCell cell, boolean bias, long seed) {
        int gu = cell.gates() * U;
        return new Tensor[] {
            Ops.normal(Shape.of(B, T, I), DType.FLOAT64, 0, 1, seed),
            Ops.normal(Shape.of(B, U), DType.FLOAT64, 0, 0.5, seed + 1),
            cell == RnnCell.LSTM ? Ops.normal(Shape.of(B, U), DType.FLOAT64, 0, 0.5, seed + 2) : null,
            Ops.normal(Shape.of(I, gu), DType.FLOAT64, 0, 0.5, seed + 3),
            Ops.normal(Shape.of(U, gu), DType.FLOAT64, 0, 0.5, seed + 4),
            bias ? Ops.normal(cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu), DType.FLOAT64, 0, 0.3, seed + 5)
                    : null};
    }

    private static Tensor[] run(boolean fused, RnnCell cell, Tensor[] in) {
        if (fused) {
            RnnResult r = Ops.rnn(cell, in[0], in[1], in[2], in[3], in[4], in[5]);
            return new Tensor[] {r.sequence(), r.lastH(), r.lastC()};
        }
        Recurrent.Geometry g = Recurrent.validate(cell, in[0], in[1], in[2], in[3], in[4], in[5]);
        return Recurrent.composed(cell, g, in[0], in[1], in[2], in[3], in[4], in[5]);
    }

    /** The loss weights every result with fixed random values; {@code outputs} picks which results count. */
    private static Tensor loss(Tensor[] y, boolean[] outputs) {
        Tensor total = null;
        for (int k = 0; k < 3; k++) {
            if (outputs[k] && y[k] != null) {
                Tensor w = Ops.uniform(y[k].shape(), DType.FLOAT64, -1, 1, 40 + k);
                Tensor term = Ops.sum(Ops.multiply(y[k], w));
                total = total == null ? term : Ops.add(total, term);
            }
        }
        return total;
    }

    private static List<double[]> valuesAndGradients(boolean fused, RnnCell cell, boolean bias, boolean[] outputs) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor[] in = inputs(cell, bias, 5);
            List<Tensor> sources = new ArrayList<>();
            List<double[]> r = new ArrayList<>();
            try (GradientTape tape = new GradientTape()) {
                for (Tensor t : in) {
                    if (t != null) {
                        tape.watch(t);
                        sources.add(t);
                    }
                }
                Tensor[] y = run(fused, cell, in);
                for (Tensor t : y) {
                    if (t != null) {
                        r.add(t.toDoubleArray());
                    }
                }
                for (Tensor g : tape.gradient(loss(y, outputs), sources)) {
                    r.add(g.toDoubleArray());
                }
            }
            return r;
        }
    }

    @Test
    void valuesAndGradientsMatchTheComposition() {
        boolean[][] outputSets = {{true, true, true}, {false, true, false}, {true, false, false},
            {false, false, true}};
        for (RnnCell cell : RnnCell.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean[] outputs : outputSets) {
                    if (!outputs[0] && !outputs[1] && cell != RnnCell.LSTM) {
                        continue;
                    }
                    List<double[]> fused = valuesAndGradients(true, cell, bias, outputs);
                    List<double[]> composed = valuesAndGradients(false, cell, bias, outputs);
                    assertEquals(composed.size(), fused.size());
                    for (int k = 0; k < fused.size(); k++) {
                        assertArrayEquals(composed.get(k), fused.get(k), 1e-12,
                                cell + " bias " + bias + " outputs " + java.util.Arrays.toString(outputs) + " part "
                                        + k);
                    }
                }
            }
        }
    }

    @Test
    void withoutATapeTheResultsAreTheSame() {
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor[] in = inputs(cell, true, 9);
                RnnResult plain = Ops.rnn(cell, in[0], in[1], in[2], in[3], in[4], in[5]);
                RnnResult taped;
                try (GradientTape tape = new GradientTape()) {
                    tape.watch(in[0]);
                    taped = Ops.rnn(cell, in[0], in[1], in[2], in[3], in[4], in[5]);
                }
                assertArrayEquals(plain.sequence().toDoubleArray(), taped.sequence().toDoubleArray(), 0);
                assertArrayEquals(plain.lastH().toDoubleArray(), taped.lastH().toDoubleArray(), 0);
                assertEquals(Shape.of(B, U), taped.lastH().shape());
                if (cell == RnnCell.LSTM) {
                    assertArrayEquals(plain.lastC().toDoubleArray(), taped.lastC().toDoubleArray(), 0);
                    assertEquals(Shape.of(B, U), taped.lastC().shape());
                } else {
                    assertNull(plain.lastC());
                    assertNull(taped.lastC());
                }
            }
        }
    }

    @Test
    void zeroStatesByDefault() {
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor[] in = inputs(cell, true, 13);
                Tensor zeros = Ops.zeros(Shape.of(B, U), DType.FLOAT64);
                RnnResult a = Ops.rnn(cell, in[0], in[3], in[4], in[5]);
                RnnResult b = Ops.rnn(cell, in[0], zeros, cell == RnnCell.LSTM ? zeros : null, in[3], in[4], in[5]);
                assertArrayEquals(b.sequence().toDoubleArray(), a.sequence().toDoubleArray(), 0);
            }
        }
    }

    @Test
    void anEmptyBatchGivesEmptyResultsAndGradients() {
        for (RnnCell cell : RnnCell.values()) {
            try (TensorScope scope = TensorScope.open()) {
                int gu = cell.gates() * U;
                Tensor x = Ops.zeros(Shape.of(0, T, I), DType.FLOAT64);
                Tensor k = Ops.ones(Shape.of(I, gu), DType.FLOAT64);
                Tensor rk = Ops.ones(Shape.of(U, gu), DType.FLOAT64);
                try (GradientTape tape = new GradientTape()) {
                    tape.watch(k);
                    RnnResult r = Ops.rnn(cell, x, k, rk, null);
                    assertEquals(Shape.of(0, T, U), r.sequence().shape());
                    assertEquals(Shape.of(0, U), r.lastH().shape());
                    Tensor g = tape.gradient(Ops.sum(r.lastH()), k);
                    assertArrayEquals(new double[I * gu], g.toDoubleArray(), 0);
                }
            }
        }
    }

    /** The gradient of {@code sum(dL/dx ^ 2)} with respect to the kernels: differentiates the backward pass. */
    private static List<double[]> secondOrder(boolean fused, RnnCell cell) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor[] in = inputs(cell, true, 21);
            if (cell == RnnCell.SIMPLE_RELU) {
                // Keep most units active, else the relu masks cut every path through the recurrent kernel.
                in[5] = Ops.add(in[5], 1.0);
            }
            List<double[]> r = new ArrayList<>();
            try (GradientTape outer = new GradientTape()) {
                outer.watch(in[3]);
                outer.watch(in[4]);
                outer.watch(in[5]);
                Tensor gx;
                try (GradientTape inner = new GradientTape()) {
                    inner.watch(in[0]);
                    Tensor[] y = run(fused, cell, in);
                    gx = inner.gradient(loss(y, new boolean[] {true, true, true}), in[0]);
                }
                Tensor penalty = Ops.sum(Ops.square(gx));
                for (Tensor g : outer.gradient(penalty, List.of(in[3], in[4], in[5]))) {
                    r.add(g.toDoubleArray());
                }
            }
            return r;
        }
    }

    @Test
    void secondOrderGradientsMatchTheComposition() {
        for (RnnCell cell : RnnCell.values()) {
            List<double[]> fused = secondOrder(true, cell);
            List<double[]> composed = secondOrder(false, cell);
            for (int k = 0; k < fused.size(); k++) {
                assertArrayEquals(composed.get(k), fused.get(k), 1e-12, cell + " part " + k);
                double max = 0;
                for (double v : fused.get(k)) {
                    max = Math.max(max, Math.abs(v));
                }
                // The relu backward pass depends on the bias only through its masks: that gradient is zero.
                assertTrue(max > 1e-6 || cell == RnnCell.SIMPLE_RELU && k == 2, cell + " part " + k + " should not vanish: " + java.util.Arrays.toString(fused.get(k)));
            }
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor[] in = inputs(RnnCell.LSTM, true, 1);
            Tensor x = in[0];
            Tensor h0 = in[1];
            Tensor c0 = in[2];
            Tensor k = in[3];
            Tensor rk = in[4];
            Tensor b = in[5];
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, Ops.reshape(x, B, T * I), h0, c0, k, rk, b), "[batch, time, input]");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, null, k, rk, b), "needs an initial cell state c0");
            assertMessage(() -> Ops.rnn(RnnCell.GRU, x, h0, c0, Ops.zeros(Shape.of(I, 3 * U), DType.FLOAT64),
                    Ops.zeros(Shape.of(U, 3 * U), DType.FLOAT64), null), "only the LSTM has a cell state");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, c0, Ops.zeros(Shape.of(I + 1, 4 * U), DType.FLOAT64),
                    rk, b), "the kernel must be [input, 4 * units] = (3, 8)");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, c0, k, Ops.zeros(Shape.of(U, 3 * U), DType.FLOAT64),
                    b), "the recurrent kernel must be [units, 4 * units]");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, Ops.zeros(Shape.of(B + 1, U), DType.FLOAT64), c0, k, rk,
                    b), "h0 must be [batch, units] = (2, 2)");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, Ops.zeros(Shape.of(B, U + 1), DType.FLOAT64), k, rk,
                    b), "c0 must be [batch, units] = (2, 2)");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, c0, k, rk, Ops.zeros(Shape.of(2, 4 * U),
                    DType.FLOAT64)), "the bias must be (8,)");
            assertMessage(() -> Ops.rnn(RnnCell.GRU, x, h0, null, Ops.zeros(Shape.of(I, 3 * U), DType.FLOAT64),
                    Ops.zeros(Shape.of(U, 3 * U), DType.FLOAT64), Ops.zeros(Shape.of(3 * U), DType.FLOAT64)),
                    "the bias must be (2, 6)");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, c0, Ops.cast(k, DType.FLOAT32), rk, b),
                    "must have x's dtype float64");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, Ops.cast(x, DType.INT32), h0, c0, k, rk, b),
                    "must be float32 or float64");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, Ops.zeros(Shape.of(B, 0, I), DType.FLOAT64), h0, c0, k, rk,
                    b), "needs time >= 1");
            assertMessage(() -> Ops.rnn(null, x, h0, c0, k, rk, b), "the cell");
            assertMessage(() -> Ops.rnn(RnnCell.LSTM, x, h0, c0, null, rk, b), "the kernel");
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part
                + "\"");
    }
}
