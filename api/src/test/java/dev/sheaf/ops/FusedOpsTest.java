package dev.sheaf.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Ops#dense} and {@link Ops#softmaxCrossEntropy} against the ops they fuse: values and gradients. */
class FusedOpsTest {

    private static Tensor composed(Tensor x, Tensor k, Tensor b, UnaryOp act) {
        Tensor y = Ops.matmul(x, k);
        if (b != null) {
            y = Ops.add(y, b);
        }
        if (act == null) {
            return y;
        }
        return switch (act) {
            case RELU -> Ops.relu(y);
            case SIGMOID -> Ops.sigmoid(y);
            case TANH -> Ops.tanh(y);
            default -> throw new IllegalArgumentException(act.toString());
        };
    }

    /** Value, then the gradients of sum(w * y) for x, kernel, bias (w fixed weights so that they differ). */
    private static List<double[]> run(boolean fused, UnaryOp act, long[] xShape) {
        try (TensorScope scope = TensorScope.open();
             Variable x = new Variable("x", Ops.normal(Shape.of(xShape), 0, 1, 11));
             Variable k = new Variable("k", Ops.normal(Shape.of(xShape[xShape.length - 1], 5), 0, 1, 12));
             Variable b = new Variable("b", Ops.normal(Shape.of(5), 0, 1, 13))) {
            try (GradientTape tape = new GradientTape()) {
                Tensor y = fused ? Ops.dense(x.value(), k.value(), b.value(), act)
                        : composed(x.value(), k.value(), b.value(), act);
                Tensor w = Ops.uniform(y.shape(), -1, 1, 14);
                List<Tensor> g = tape.gradient(Ops.sum(Ops.multiply(y, w)), x, k, b);
                List<double[]> r = new ArrayList<>();
                r.add(y.toDoubleArray());
                for (Tensor t : g) {
                    r.add(t.toDoubleArray());
                }
                return r;
            }
        }
    }

    @Test
    void denseMatchesMatmulAddActivation() {
        for (UnaryOp act : Arrays.asList(null, UnaryOp.RELU, UnaryOp.SIGMOID, UnaryOp.TANH)) {
            for (long[] shape : new long[][] {{7, 4}, {2, 3, 4}}) {
                List<double[]> f = run(true, act, shape);
                List<double[]> c = run(false, act, shape);
                for (int i = 0; i < f.size(); i++) {
                    assertArrayEquals(c.get(i), f.get(i), 1e-5, act + " " + Arrays.toString(shape) + " part " + i);
                }
            }
        }
    }

    @Test
    void denseRefusesActivationsWhoseGradientNeedsThePreActivation() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.ones(2, 3);
            Tensor k = Ops.ones(3, 4);
            assertThrows(IllegalArgumentException.class, () -> Ops.dense(x, k, null, UnaryOp.EXP));
            assertThrows(IllegalArgumentException.class, () -> Ops.dense(x, Ops.ones(2, 4), null, null));
            assertThrows(IllegalArgumentException.class, () -> Ops.dense(x, k, Ops.ones(3), null));
        }
    }

    @Test
    void denseOfIntegerInputsPromotesAsMatmulDoes() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.constant(new int[] {1, -2, 3, 4}, 2, 2);
            Tensor k = Ops.constant(new float[] {1, 0.5f, -1, 2}, 2, 2);
            Tensor y = Ops.dense(x, k, Ops.constant(new float[] {0.25f, 0}), UnaryOp.RELU);
            assertEquals(DType.FLOAT32, y.dtype());
            assertArrayEquals(new float[] {3.25f, 0, 0, 9.5f}, y.toFloatArray());
        }
    }

    @Test
    void softmaxCrossEntropyMatchesTheComposition() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor z = Ops.normal(Shape.of(4, 6), 0, 3, 21);
            Tensor t = Ops.softmax(Ops.normal(Shape.of(4, 6), 0, 1, 22));
            float[] expected = Ops.negative(Ops.sum(Ops.multiply(t, Ops.logSoftmax(z)), -1)).toFloatArray();
            assertArrayEquals(expected, Ops.softmaxCrossEntropy(z, t, -1).toFloatArray(), 1e-5f);
            assertThrows(IllegalArgumentException.class, () -> Ops.softmaxCrossEntropy(z, Ops.ones(4, 5), -1));
        }
    }
}
