package dev.sheaf.optimizers.plugin;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.data.IdxData;
import dev.sheaf.data.IdxReader;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.spi.OptimizerProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end: a 784-128-10 perceptron trained with {@code "adam"} (resolved by name) on the full Fashion-MNIST training
 * set reaches at least 87 % on the full test set within 5 epochs of batch 128. Written with Ops, GradientTape and
 * Variable only, so that it checks the optimizer and not a training loop.
 *
 * <p>The learning rate is 0.002 rather than Keras's default 0.001: at 0.001 this network ends epoch 5 between 86.8 %
 * and 87.3 % depending on the seed (measured with seeds 42, 1 and 2), too close to the bar for a stable test; at 0.002
 * it reaches 87.8 % with seed 42. Everything else is the Keras default.
 */
class FashionMnistAdamTest {
    private static final int FEATURES = 784;
    private static final int HIDDEN = 128;
    private static final int CLASSES = 10;
    private static final int BATCH = 128;
    private static final int MAX_EPOCHS = 5;
    private static final double TARGET = 0.87;
    private static final double LEARNING_RATE = 0.002;

    private record Split(float[] images, int[] labels) {
        int count() {
            return labels.length;
        }
    }

    @Test
    void mlpWithAdamReaches87PercentWithinFiveEpochs() throws IOException {
        Path dir = locate();
        Split train = read(dir, "train");
        Split test = read(dir, "t10k");
        Sheaf.setSeed(42);
        Optimizer adam = Registry.global().component(OptimizerProvider.class, "optimizers", "adam")
                .apply(Map.of("learning_rate", LEARNING_RATE));
        List<Variable> params = List.of(
                new Variable("dense/kernel", glorotUniform(FEATURES, HIDDEN)),
                new Variable("dense/bias", Ops.zeros(HIDDEN)),
                new Variable("dense_1/kernel", glorotUniform(HIDDEN, CLASSES)),
                new Variable("dense_1/bias", Ops.zeros(CLASSES)));
        SplittableRandom shuffle = new SplittableRandom(7);
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        StringBuilder history = new StringBuilder();
        double accuracy = 0;
        for (int epoch = 1; epoch <= MAX_EPOCHS && accuracy < TARGET; epoch++) {
            shuffle(order, shuffle);
            for (int from = 0; from < order.length; from += BATCH) {
                int to = Math.min(order.length, from + BATCH);
                try (TensorScope scope = TensorScope.open()) {
                    Tensor x = images(train, order, from, to);
                    Tensor y = Ops.oneHot(labels(train, order, from, to), CLASSES);
                    List<Tensor> grads;
                    try (GradientTape tape = new GradientTape()) {
                        Tensor logits = forward(params, x);
                        Tensor loss = Ops.negative(Ops.mean(Ops.sum(Ops.multiply(y, Ops.logSoftmax(logits)), 1)));
                        grads = tape.gradient(loss, params);
                    }
                    adam.applyGradients(grads, params);
                }
            }
            accuracy = accuracy(params, test);
            history.append(String.format("epoch %d: test accuracy %.4f%n", epoch, accuracy));
        }
        params.forEach(Variable::close);
        assertTrue(accuracy >= TARGET, "Adam did not reach " + TARGET + " within " + MAX_EPOCHS + " epochs:\n"
                + history);
    }

    private static Tensor forward(List<Variable> p, Tensor x) {
        Tensor h = Ops.relu(Ops.add(Ops.matmul(x, p.get(0).value()), p.get(1).value()));
        return Ops.add(Ops.matmul(h, p.get(2).value()), p.get(3).value());
    }

    private static Tensor glorotUniform(int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        return Ops.uniform(Shape.of(fanIn, fanOut), -limit, limit);
    }

    private static double accuracy(List<Variable> params, Split data) {
        int correct = 0;
        int[] all = new int[data.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int from = 0; from < all.length; from += 1000) {
            int to = Math.min(all.length, from + 1000);
            try (TensorScope scope = TensorScope.open()) {
                long[] predicted = Ops.argmax(forward(params, images(data, all, from, to)), 1).toLongArray();
                for (int i = from; i < to; i++) {
                    correct += predicted[i - from] == data.labels()[i] ? 1 : 0;
                }
            }
        }
        return correct / (double) data.count();
    }

    private static Tensor images(Split s, int[] order, int from, int to) {
        float[] batch = new float[(to - from) * FEATURES];
        for (int i = from; i < to; i++) {
            System.arraycopy(s.images(), order[i] * FEATURES, batch, (i - from) * FEATURES, FEATURES);
        }
        return Ops.constant(batch, to - from, FEATURES);
    }

    private static Tensor labels(Split s, int[] order, int from, int to) {
        int[] batch = new int[to - from];
        for (int i = from; i < to; i++) {
            batch[i - from] = s.labels()[order[i]];
        }
        return Ops.constant(batch, to - from);
    }

    private static void shuffle(int[] order, SplittableRandom r) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static Split read(Path dir, String prefix) throws IOException {
        IdxData images = IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        IdxData labels = IdxReader.read(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        return new Split(images.toFloats(1f / 255), labels.toInts());
    }

    /** {@code shared/datasets/fashion-mnist} in the working directory or the nearest parent that has it. */
    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/fashion-mnist");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return fail("shared/datasets/fashion-mnist not found in " + Path.of("").toAbsolutePath()
                + " or any parent; the training test needs the Fashion-MNIST IDX files there");
    }
}
