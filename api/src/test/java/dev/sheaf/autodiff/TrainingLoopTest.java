package dev.sheaf.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.ops.Ops;
import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    @Test
    void linearRegressionConverges() {
        // y = x · [2, -3] + 0.5, learned by plain gradient descent on the mean squared error.
        Tensor x = Ops.uniform(Shape.of(64, 2), -1, 1, 11);
        Tensor trueW = Ops.constant(new float[] {2, -3}, 2, 1);
        Tensor y = Ops.add(Ops.matmul(x, trueW), 0.5);
        try (Variable w = new Variable("w", Ops.zeros(2, 1));
             Variable b = new Variable("b", Ops.zeros(1))) {
            long liveBefore = 0;
            float loss = Float.NaN;
            for (int step = 0; step < 300; step++) {
                try (TensorScope scope = TensorScope.open()) {
                    List<Tensor> grads;
                    try (GradientTape tape = new GradientTape()) {
                        Tensor pred = Ops.add(Ops.matmul(x, w.value()), b.value());
                        Tensor l = Ops.mean(Ops.square(Ops.subtract(pred, y)));
                        loss = l.item();
                        grads = tape.gradient(l, w, b);
                    }
                    w.assignSub(Ops.multiply(grads.get(0), 0.3));
                    b.assignSub(Ops.multiply(grads.get(1), 0.3));
                }
                if (step == 10) {
                    liveBefore = AbstractTensor.liveCount();
                }
            }
            assertTrue(loss < 1e-6, "loss " + loss);
            float[] wv = w.value().toFloatArray();
            assertEquals(2, wv[0], 1e-3);
            assertEquals(-3, wv[1], 1e-3);
            assertEquals(0.5, b.value().item(), 1e-3);
            assertTrue(AbstractTensor.liveCount() <= liveBefore, "tensors leak per step");
        }
    }
}
