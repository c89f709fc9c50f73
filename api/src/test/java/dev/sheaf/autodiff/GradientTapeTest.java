package dev.sheaf.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientTapeTest {
    private static final float EPS = 1e-5f;

    private static void near(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), EPS);
    }

    private static Tensor c(float... v) {
        return Ops.constant(v);
    }

    @Test
    void sumOfSquaresGivesTwoX() {
        Tensor x = c(1, -2, 3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.sum(Ops.multiply(x, x));
            near(new float[] {2, -4, 6}, tape.gradient(y, x));
        }
    }

    @Test
    void softmaxCrossEntropyGradientIsPMinusY() {
        Tensor logits = Ops.constant(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
        Tensor labels = Ops.constant(new float[] {0, 0, 1, 1, 0, 0}, 2, 3);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(logits);
            Tensor loss = Ops.negative(Ops.sum(Ops.multiply(labels, Ops.logSoftmax(logits))));
            Tensor lossViaSoftmax = Ops.negative(Ops.sum(Ops.multiply(labels, Ops.log(Ops.softmax(logits)))));
            float[] p = Ops.softmax(logits).toFloatArray();
            float[] y = labels.toFloatArray();
            float[] expected = new float[6];
            for (int i = 0; i < 6; i++) {
                expected[i] = p[i] - y[i];
            }
            near(expected, tape.gradient(loss, logits));
            near(expected, tape.gradient(lossViaSoftmax, logits));
        }
    }

    @Test
    void matmulGradients() {
        Tensor a = Ops.constant(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Ops.constant(new float[] {1, 0, 2, 1, 0, 3}, 3, 2);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(a);
            tape.watch(b);
            Tensor y = Ops.sum(Ops.matmul(a, b));
            List<Tensor> g = tape.gradient(y, List.of(a, b));
            // d/dA sum(AB) = 1 B^T: each row is the row sums of B; d/dB = A^T 1: each column is the column sums of A.
            near(new float[] {1, 3, 3, 1, 3, 3}, g.get(0));
            near(new float[] {5, 5, 7, 7, 9, 9}, g.get(1));
            // The same through the transposed forms.
            Tensor yt = Ops.sum(Ops.matmul(Ops.transpose(b), Ops.transpose(a), false, false));
            Tensor yt2 = Ops.sum(Ops.matmul(b, a, true, true));
            near(g.get(0).toFloatArray(), tape.gradient(yt, a));
            near(g.get(1).toFloatArray(), tape.gradient(yt2, b));
            near(g.get(0).toFloatArray(), tape.gradient(Ops.sum(Ops.matmul(Ops.transpose(a), b, true, false)), a));
            near(g.get(1).toFloatArray(), tape.gradient(Ops.sum(Ops.matmul(a, Ops.transpose(b), false, true)), b));
        }
    }

    @Test
    void batchedMatmulSumsBroadcastBatchAxes() {
        Tensor a = Ops.ones(4, 2, 3);
        Tensor w = Ops.ones(3, 5);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(w);
            Tensor gw = tape.gradient(Ops.sum(Ops.matmul(a, w)), w);
            assertEquals(Shape.of(3, 5), gw.shape());
            assertEquals(8f, Ops.max(gw).item());
        }
    }

    @Test
    void vectorMatmulGradients() {
        Tensor v = c(1, 2);
        Tensor m = Ops.constant(new float[] {1, 2, 3, 4}, 2, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(v);
            near(new float[] {3, 7}, tape.gradient(Ops.sum(Ops.matmul(v, m)), v));
        }
    }

    @Test
    void broadcastGradientsAreReducedToOperandShapes() {
        Tensor x = Ops.ones(2, 3);
        Tensor b = c(1, 2, 3);
        Tensor col = Ops.constant(new float[] {2, 5}, 2, 1);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(b);
            tape.watch(col);
            Tensor y = Ops.sum(Ops.multiply(Ops.add(x, b), col));
            List<Tensor> g = tape.gradient(y, List.of(b, col));
            near(new float[] {7, 7, 7}, g.get(0));
            assertEquals(Shape.of(2, 1), g.get(1).shape());
            near(new float[] {9, 9}, g.get(1));
        }
    }

    @Test
    void scalarWatchedBroadcastIntoMatrix() {
        Tensor s = Ops.scalar(3);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(s);
            Tensor g = tape.gradient(Ops.mean(Ops.multiply(Ops.ones(2, 2), s)), s);
            assertEquals(Shape.scalar(), g.shape());
            assertEquals(1f, g.item(), EPS);
        }
    }

    @Test
    void secondDerivativeOfCubeWithNestedTapes() {
        Tensor x = Ops.scalar(2);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(x);
            Tensor dy;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(x);
                Tensor y = Ops.multiply(Ops.multiply(x, x), x);
                dy = inner.gradient(y, x);
            }
            assertEquals(12f, dy.item(), EPS);
            assertEquals(12f, outer.gradient(dy, x).item(), EPS);
        }
        Tensor z = Ops.scalar(0.5);
        try (GradientTape outer = new GradientTape()) {
            outer.watch(z);
            Tensor d;
            try (GradientTape inner = new GradientTape()) {
                inner.watch(z);
                d = inner.gradient(Ops.tanh(z), z);
            }
            double t = Math.tanh(0.5);
            assertEquals(-2 * t * (1 - t * t), outer.gradient(d, z).item(), EPS);
        }
    }

    @Test
    void unconnectedSourceGetsZeros() {
        Tensor x = c(1, 2);
        Tensor unused = Ops.ones(3, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            tape.watch(unused);
            List<Tensor> g = tape.gradient(Ops.sum(x), List.of(x, unused));
            near(new float[] {1, 1}, g.get(0));
            assertEquals(Shape.of(3, 2), g.get(1).shape());
            near(new float[6], g.get(1));
        }
    }

    @Test
    void nonDifferentiableOpsPassNoGradient() {
        Tensor x = c(1.4f, -2.6f);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.sum(Ops.add(Ops.floor(x), Ops.multiply(Ops.cast(Ops.greater(x, 0.0), x.dtype()), x)));
            near(new float[] {1, 0}, tape.gradient(y, x));
        }
    }

    @Test
    void nonPersistentTapeAnswersOnce() {
        Tensor x = c(1);
        GradientTape tape = new GradientTape();
        tape.watch(x);
        Tensor y = Ops.exp(x);
        tape.close();
        near(new float[] {(float) Math.E}, tape.gradient(y, x));
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    }

    @Test
    void closedTapeStopsRecording() {
        Tensor x = c(2);
        GradientTape tape = new GradientTape(true);
        tape.watch(x);
        Tensor y = Ops.square(x);
        tape.close();
        Tensor z = Ops.square(y);
        near(new float[] {4}, tape.gradient(y, x));
        near(new float[] {0}, tape.gradient(z, x));
        assertThrows(IllegalArgumentException.class, () -> tape.watch(Ops.constant(new int[] {1})));
    }

    @Test
    void repeatedSourcesGetDistinctTensors() {
        Tensor x = c(1, 2);
        try (GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor y = Ops.add(x, x);
            List<Tensor> g = tape.gradient(y, List.of(y, y));
            assertNotSame(g.get(0), g.get(1));
            g.get(0).close();
            near(new float[] {1, 1}, g.get(1));
        }
    }

    @Test
    void reductionGradients() {
        Tensor x = c(1, 3, 3, 0);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(x);
            near(new float[] {0, 0.5f, 0.5f, 0}, tape.gradient(Ops.max(x), x));
            near(new float[] {0, 0, 0, 1}, tape.gradient(Ops.min(x), x));
            near(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, tape.gradient(Ops.mean(x), x));
            near(new float[] {0, 0, 0, 9}, tape.gradient(Ops.prod(x), x));
            Tensor p = c(2, 5, 3);
            tape.watch(p);
            near(new float[] {15, 6, 10}, tape.gradient(Ops.prod(p), p));
            Tensor m = Ops.constant(new float[] {1, 2, 4, 3}, 2, 2);
            tape.watch(m);
            near(new float[] {0, 1, 1, 0}, tape.gradient(Ops.sum(Ops.max(m, 1)), m));
            near(new float[] {0, 1, 1, 0}, tape.gradient(Ops.sum(Ops.max(m, new int[] {1}, true)), m));
            float[] sm = Ops.softmax(m, 0).toFloatArray();
            near(sm, tape.gradient(Ops.sum(Ops.logsumexp(m, 0)), m));
        }
    }

    @Test
    void movementGradients() {
        Tensor x = Ops.reshape(Ops.arange(0.0, 6.0, 1.0), 2, 3);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(x);
            Tensor w = Ops.constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
            near(new float[] {1, 3, 5, 2, 4, 6}, tape.gradient(Ops.sum(Ops.multiply(Ops.transpose(x), w)), x));
            near(new float[] {0, 1, 1, 0, 1, 1},
                    tape.gradient(Ops.sum(Ops.slice(x, new int[] {0, 1}, new int[] {-1, -1})), x));
            near(new float[] {1, 0, 1, 0, 0, 0},
                    tape.gradient(Ops.sum(Ops.stridedSlice(x, new int[] {0, 0}, new int[] {1, 3}, new int[] {1, 2})),
                            x));
            near(new float[] {2, 0, 1, 2, 0, 1},
                    tape.gradient(Ops.sum(Ops.gather(x, Ops.constant(new int[] {0, 2, 0}), 1)), x));
            near(new float[] {3, 3, 3, 3, 3, 3}, tape.gradient(Ops.sum(Ops.tile(x, 3, 1)), x));
            near(new float[] {1, 1, 1, 1, 1, 1}, tape.gradient(Ops.sum(Ops.pad(x, new int[][] {{1, 1}, {0, 2}})), x));
            near(new float[] {2, 2, 2, 2, 2, 2}, tape.gradient(Ops.sum(Ops.concatenate(List.of(x, x), 1)), x));
            near(new float[] {2, 2, 2, 2, 2, 2}, tape.gradient(Ops.sum(Ops.stack(List.of(x, x))), x));
            List<Tensor> parts = Ops.split(x, 3, 1);
            near(new float[] {0, 1, 0, 0, 1, 0}, tape.gradient(Ops.sum(parts.get(1)), x));
            near(new float[] {4, 4, 4, 4, 4, 4}, tape.gradient(Ops.sum(Ops.broadcastTo(x, 4, 2, 3)), x));
            near(new float[] {1, 1, 1, 1, 1, 1}, tape.gradient(Ops.sum(Ops.squeeze(Ops.expandDims(x, 0))), x));
            Tensor d = Ops.cast(x, dev.sheaf.tensor.DType.FLOAT64);
            Tensor gd = tape.gradient(Ops.sum(Ops.multiply(d, 2.0)), x);
            assertEquals(dev.sheaf.tensor.DType.FLOAT32, gd.dtype());
            near(new float[] {2, 2, 2, 2, 2, 2}, gd);
        }
    }

    @Test
    void elementwiseGradients() {
        Tensor x = c(-1, 0.5f, 2);
        Tensor y = c(2, 1, -1);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(x);
            tape.watch(y);
            near(new float[] {0, 1, 1}, tape.gradient(Ops.sum(Ops.relu(x)), x));
            List<Tensor> g = tape.gradient(Ops.sum(Ops.divide(x, y)), List.of(x, y));
            near(new float[] {0.5f, 1, -1}, g.get(0));
            near(new float[] {0.25f, -0.5f, -2}, g.get(1));
            List<Tensor> mx = tape.gradient(Ops.sum(Ops.maximum(x, y)), List.of(x, y));
            near(new float[] {0, 0, 1}, mx.get(0));
            near(new float[] {1, 1, 0}, mx.get(1));
            near(new float[] {0, 1, 0}, tape.gradient(Ops.sum(Ops.clip(x, 0, 1)), x));
            Tensor cond = Ops.constant(new boolean[] {true, false, true});
            near(new float[] {1, 0, 1}, tape.gradient(Ops.sum(Ops.where(cond, x, y)), x));
            Tensor s = Ops.sigmoid(x);
            float[] sv = s.toFloatArray();
            near(new float[] {sv[0] * (1 - sv[0]), sv[1] * (1 - sv[1]), sv[2] * (1 - sv[2])},
                    tape.gradient(Ops.sum(s), x));
            near(new float[] {(float) Math.log(2) * 4, 0, 0},
                    tape.gradient(Ops.sum(Ops.power(Ops.constant(new float[] {2, 0, -3}), y)), y));
        }
    }

    @Test
    void convAndPoolGradients() {
        Tensor x = Ops.constant(new float[] {1, 2, 3}, 1, 3, 1);
        Tensor k = Ops.constant(new float[] {1, 1}, 2, 1, 1);
        try (GradientTape tape = new GradientTape(true)) {
            tape.watch(x);
            tape.watch(k);
            List<Tensor> g = tape.gradient(Ops.sum(Ops.conv(x, k, ConvSpec.simple(1))), List.of(x, k));
            near(new float[] {1, 2, 1}, g.get(0));
            near(new float[] {3, 5}, g.get(1));
            Tensor p = Ops.constant(new float[] {1, 3, 2, 4}, 1, 4, 1);
            tape.watch(p);
            near(new float[] {0, 1, 0, 1}, tape.gradient(Ops.sum(Ops.maxPool(p, PoolSpec.of(1, 2))), p));
            near(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, tape.gradient(Ops.sum(Ops.avgPool(p, PoolSpec.of(1, 2))), p));
        }
    }

    @Test
    void intermediateTensorsOfAScopeAreFreedWithIt() {
        Tensor x = c(1, 2, 3);
        Tensor kept;
        try (TensorScope scope = TensorScope.open(); GradientTape tape = new GradientTape()) {
            tape.watch(x);
            Tensor loss = Ops.sum(Ops.exp(Ops.multiply(x, 2.0)));
            kept = scope.keep(tape.gradient(loss, x));
        }
        assertTrue(!kept.isClosed() && !x.isClosed());
        near(new float[] {2 * (float) Math.exp(2), 2 * (float) Math.exp(4), 2 * (float) Math.exp(6)}, kept);
    }
}
