package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.EvaluateOptions;
import dev.sheaf.models.FitOptions;
import dev.sheaf.models.Sequential;
import dev.sheaf.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A 784-128-10 perceptron on Fashion-MNIST trained with SGD (learning rate 0.01, momentum 0.9) on sparse categorical
 * cross-entropy, with the test set as validation data.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.sheaf.examples.FashionMnistSgd} (the data
 * folder defaults to {@code shared/datasets/fashion-mnist} above the working directory).
 */
public final class FashionMnistSgd {
    private FashionMnistSgd() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("fashion-mnist");
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Sheaf.setSeed(2024);
        try (MnistData data = MnistData.load(dir)) {
            Map<String, Double> score = run(data, epochs, 1);
            System.out.printf("Test loss: %.4f%nTest accuracy: %.4f%n", score.get("loss"), score.get("accuracy"));
        }
    }

    /** Trains with the test set as validation data; returns the final evaluation on it. */
    public static Map<String, Double> run(MnistData data, int epochs, int verbose) {
        Sequential model = new Sequential(List.of(new InputLayer(784), new Dense(128, "relu"), new Dense(10, "softmax")));
        model.compile(new SGD(0.01, 0.9), "sparse_categorical_crossentropy", "accuracy");
        model.fit(data.xTrain(), data.yTrain(), new FitOptions().epochs(epochs).batchSize(32)
                .validationData(data.xTest(), data.yTest()).verbose(verbose));
        return model.evaluate(data.xTest(), data.yTest(), new EvaluateOptions().verbose(verbose));
    }
}
