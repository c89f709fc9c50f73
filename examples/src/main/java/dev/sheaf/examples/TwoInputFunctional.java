package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.layers.Concatenate;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Input;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.models.FitOptions;
import dev.sheaf.callbacks.History;
import dev.sheaf.models.Model;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A functional model with two inputs joined by {@code Concatenate}: the digit's pixels, and a summary of it (the mean
 * intensity of each of its 28 rows), each through its own Dense branch, then a softmax classifier.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.sheaf.examples.TwoInputFunctional}.
 */
public final class TwoInputFunctional {
    private TwoInputFunctional() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("mnist-10k");
        Sheaf.setSeed(7);
        try (MnistData data = MnistData.load(dir)) {
            History h = train(data, 3, 1);
            System.out.println("loss per epoch: " + h.history().get("loss"));
        }
    }

    /** The model: pixels (784) and row means (28) in, class probabilities out. */
    public static Model build() {
        SymbolicTensor pixels = Input.of("pixels", 784);
        SymbolicTensor rows = Input.of("row_means", 28);
        SymbolicTensor a = new Dense(64, "relu").apply(pixels);
        SymbolicTensor b = new Dense(16, "relu").apply(rows);
        SymbolicTensor joined = new Concatenate().apply(a, b);
        SymbolicTensor out = new Dense(10, "softmax").apply(joined);
        return Model.of(List.of(pixels, rows), List.of(out));
    }

    /** Trains on the first 2,000 training digits. */
    public static History train(MnistData data, int epochs, int verbose) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.slice(data.xTrain(), new int[] {0, 0}, new int[] {2000, 784});
            Tensor y = Ops.slice(data.yTrain(), new int[] {0}, new int[] {2000});
            Tensor rowMeans = Ops.mean(Ops.reshape(x, 2000, 28, 28), 2);
            Model model = build();
            model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
            if (verbose > 0) {
                model.summary();
            }
            return model.fit(List.of(x, rowMeans), List.of(y), new FitOptions().epochs(epochs).verbose(verbose));
        }
    }
}
