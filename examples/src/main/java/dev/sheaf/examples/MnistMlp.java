package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.data.Labels;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.EvaluateOptions;
import dev.sheaf.models.FitOptions;
import dev.sheaf.models.PredictOptions;
import dev.sheaf.models.Sequential;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The seed program: Keras's MNIST perceptron. A Sequential model (Dense 64 relu, Dense 10 softmax) trained with
 * RMSprop on categorical cross-entropy, batch 32, then evaluated and used to predict.
 *
 * <p>Run (the README's main job): {@code mvn -B -q -pl examples exec:java}. Arguments: an IDX folder (default: the
 * shipped {@code datasets/mnist-10k}) and the number of epochs (default 10).
 */
public final class MnistMlp {
    private MnistMlp() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("mnist-10k");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Sheaf.setSeed(1337);
        System.out.println("Sheaf " + Sheaf.version() + " on backend '" + Sheaf.backend().name() + "'; data: " + dir);
        try (MnistData data = MnistData.load(dir)) {
            Map<String, Double> score = run(data, epochs, 1);
            System.out.printf("Test loss: %.4f%nTest accuracy: %.4f%n", score.get("loss"), score.get("accuracy"));
        }
    }

    /** Builds, trains and evaluates the model; returns the test results. */
    public static Map<String, Double> run(MnistData data, int epochs, int verbose) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor yTrain = Labels.toCategorical(data.yTrain(), 10);
            Tensor yTest = Labels.toCategorical(data.yTest(), 10);

            Sequential model = new Sequential(List.of(
                    new InputLayer(784),
                    new Dense(64, "relu"),
                    new Dense(10, "softmax")));
            model.compile("rmsprop", "categorical_crossentropy", "accuracy");
            if (verbose > 0) {
                model.summary();
            }
            model.fit(data.xTrain(), yTrain, new FitOptions().epochs(epochs).batchSize(32).verbose(verbose));
            Map<String, Double> score = model.evaluate(data.xTest(), yTest, new EvaluateOptions().verbose(verbose));

            Tensor firstFive = Ops.slice(data.xTest(), new int[] {0, 0}, new int[] {5, 784});
            int[] predicted = Ops.argmax(model.predict(firstFive, new PredictOptions().verbose(verbose)), 1).toIntArray();
            if (verbose > 0) {
                int[] actual = Arrays.copyOf(data.yTest().toIntArray(), 5);
                System.out.println("Predicted " + Arrays.toString(predicted) + ", actual " + Arrays.toString(actual));
            }
            return score;
        }
    }
}
