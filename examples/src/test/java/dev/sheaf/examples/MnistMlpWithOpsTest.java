package dev.sheaf.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.spi.AbstractTensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end: the core engine alone trains a perceptron on real digits. */
class MnistMlpWithOpsTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static DigitData train;
    private static DigitData test;

    @BeforeAll
    static void load() throws IOException {
        Path dir = DigitData.locate("mnist-10k");
        train = DigitData.read(dir, "train");
        test = DigitData.read(dir, "t10k");
    }

    @Test
    void reachesNinetyPercentOnHeldOutDigits() {
        Sheaf.setSeed(1234);
        MnistMlpWithOps.Result r = MnistMlpWithOps.train(train, test, 5, 64, 0.1f, QUIET);
        assertTrue(r.testAccuracy() >= 0.90, "test accuracy " + r.testAccuracy());
    }

    @Test
    void seededTrainingIsBitIdentical() {
        float[][] first = trainAndRead();
        float[][] second = trainAndRead();
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], "variable " + i);
        }
    }

    private static float[][] trainAndRead() {
        Sheaf.setSeed(99);
        try (OpsMlp model = new OpsMlp(784, 32, 10)) {
            int[] order = train.naturalOrder();
            for (int from = 0; from < 640; from += 64) {
                try (TensorScope scope = TensorScope.open()) {
                    model.trainStep(train.imageBatch(order, from, from + 64), train.labelBatch(order, from, from + 64),
                            0.1f);
                }
            }
            return model.variables().stream().map(Variable::value).map(t -> t.toFloatArray()).toArray(float[][]::new);
        }
    }

    @Test
    void trainingStepsLeaveNoTensorBehind() {
        Sheaf.setSeed(5);
        try (OpsMlp model = new OpsMlp(784, 32, 10)) {
            int[] order = train.naturalOrder();
            long afterWarmUp = 0;
            for (int step = 0; step < 50; step++) {
                try (TensorScope scope = TensorScope.open()) {
                    model.trainStep(train.imageBatch(order, 0, 32), train.labelBatch(order, 0, 32), 0.05f);
                }
                if (step == 4) {
                    afterWarmUp = AbstractTensor.liveCount();
                }
            }
            assertEquals(afterWarmUp, AbstractTensor.liveCount(), "live tensors after 5 vs 50 steps");
        }
    }
}
