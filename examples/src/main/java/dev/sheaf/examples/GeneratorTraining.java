package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.data.Dataset;
import dev.sheaf.data.Element;
import dev.sheaf.data.HostArray;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.models.FitOptions;
import dev.sheaf.callbacks.History;
import dev.sheaf.models.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Training from a generator (Keras's {@code fit_generator}, now {@code fit} on a data set): a Java iterator yields
 * batches of host arrays, read lazily, so the training set never has to be one tensor.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.sheaf.examples.GeneratorTraining}.
 */
public final class GeneratorTraining {
    private GeneratorTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("mnist-10k");
        Sheaf.setSeed(3);
        History h = train(DigitData.read(dir, "train"), 3, 1);
        System.out.println("loss per epoch: " + h.history().get("loss"));
    }

    /** A generator of batches of {@code batchSize} digits, one pass over {@code data}. */
    static Iterator<Element> batches(DigitData data, int batchSize) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < data.count();
            }

            @Override
            public Element next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = Math.min(batchSize, data.count() - next);
                float[] x = new float[n * data.features()];
                System.arraycopy(data.images(), next * data.features(), x, 0, x.length);
                int[] y = new int[n];
                System.arraycopy(data.labels(), next, y, 0, n);
                next += n;
                return Element.of(HostArray.of(x, n, data.features()), HostArray.of(y, n));
            }
        };
    }

    /** Trains a small perceptron on batches drawn from the generator. */
    public static History train(DigitData data, int epochs, int verbose) {
        Dataset generated = Dataset.fromGenerator(() -> batches(data, 64), true).prefetch(2);
        Sequential model = new Sequential(List.of(new InputLayer(784), new Dense(64, "relu"), new Dense(10, "softmax")));
        model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        return model.fit(generated, new FitOptions().epochs(epochs).verbose(verbose));
    }
}
