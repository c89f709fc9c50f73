package dev.sheaf.examples;

import dev.sheaf.Sheaf;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Dropout;
import dev.sheaf.models.FitOptions;
import dev.sheaf.callbacks.History;
import dev.sheaf.models.Model;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A subclassed model, as Keras's {@code class MyModel(keras.Model)}: the layers are fields (tracked automatically)
 * and {@code call} says how they connect.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.sheaf.examples.SubclassedModel}.
 */
public final class SubclassedModel {
    private SubclassedModel() {
    }

    /** Dense 128 relu → Dropout 0.2 → Dense 10 softmax. */
    public static final class DigitClassifier extends Model {
        private final Dense hidden = new Dense(128, "relu");
        private final Dropout dropout = new Dropout(0.2);
        private final Dense classifier = new Dense(10, "softmax");

        @Override
        protected Tensor call(Tensor x, boolean training) {
            return classifier.apply(dropout.apply(hidden.apply(x), training));
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DigitData.locate("mnist-10k");
        Sheaf.setSeed(11);
        try (MnistData data = MnistData.load(dir)) {
            History h = train(data, 3, 1);
            System.out.println("loss per epoch: " + h.history().get("loss"));
        }
    }

    /** Trains on the first 2,000 training digits. */
    public static History train(MnistData data, int epochs, int verbose) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Ops.slice(data.xTrain(), new int[] {0, 0}, new int[] {2000, 784});
            Tensor y = Ops.slice(data.yTrain(), new int[] {0}, new int[] {2000});
            DigitClassifier model = new DigitClassifier();
            model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
            return model.fit(x, y, new FitOptions().epochs(epochs).verbose(verbose));
        }
    }
}
