package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Trains a 784-128-10 perceptron on the 10,000 real MNIST digits shipped in {@code datasets/mnist-10k} with the core
 * engine only (Ops, Variable, GradientTape, a hand-written SGD step), then reports the test accuracy.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java} (after {@code mvn -B -q install -DskipTests}); an optional
 * argument names another IDX folder with {@code train-*} and {@code t10k-*} files.
 */
public final class MnistMlpWithOps {
    private MnistMlpWithOps() {
    }

    /** Test accuracy and timing of one run. */
    public record Result(double testAccuracy, float lastLoss, double secondsPerEpoch) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("mnist-10k");
        Sheaf.setSeed(1234);
        System.out.println("Sheaf " + Sheaf.version() + " on backend '" + Sheaf.backend().name() + "', data " + dir);
        Result r = train(DigitData.read(dir, "train"), DigitData.read(dir, "t10k"), 5, 64, 0.1f, System.out);
        System.out.printf("test accuracy: %.4f%n", r.testAccuracy());
    }

    /** Trains for {@code epochs} epochs of shuffled mini-batches and evaluates on {@code test}. */
    public static Result train(DigitData train, DigitData test, int epochs, int batchSize, float learningRate,
                               PrintStream out) {
        SplittableRandom shuffle = new SplittableRandom(Sheaf.nextSeed());
        long start = System.nanoTime();
        float loss = Float.NaN;
        try (OpsMlp model = new OpsMlp(train.features(), 128, 10)) {
            int[] order = train.naturalOrder();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                shuffle(order, shuffle);
                double sum = 0;
                int steps = 0;
                for (int from = 0; from < train.count(); from += batchSize) {
                    int to = Math.min(train.count(), from + batchSize);
                    try (TensorScope scope = TensorScope.open()) {
                        loss = model.trainStep(train.imageBatch(order, from, to), train.labelBatch(order, from, to),
                                learningRate);
                    }
                    sum += loss;
                    steps++;
                }
                out.printf("epoch %d/%d - loss: %.4f%n", epoch, epochs, sum / steps);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / epochs;
            return new Result(accuracy(model, test), loss, seconds);
        }
    }

    /** Fraction of {@code data} the model classifies correctly. */
    public static double accuracy(OpsMlp model, DigitData data) {
        int[] order = data.naturalOrder();
        int correct = 0;
        for (int from = 0; from < data.count(); from += 500) {
            int to = Math.min(data.count(), from + 500);
            try (TensorScope scope = TensorScope.open()) {
                Tensor x = data.imageBatch(order, from, to);
                int[] predicted = model.predict(x);
                for (int i = from; i < to; i++) {
                    correct += predicted[i - from] == data.labels()[i] ? 1 : 0;
                }
            }
        }
        return correct / (double) data.count();
    }

    static void shuffle(int[] order, SplittableRandom r) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
