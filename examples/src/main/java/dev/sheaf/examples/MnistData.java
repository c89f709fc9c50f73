package dev.sheaf.examples;

import dev.sheaf.data.Datasets;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An MNIST-style data set prepared as the Keras examples prepare it: images flattened to 784 floats in [0, 1],
 * labels as int32 class indices. The tensors live outside every scope; {@link #close()} frees them.
 *
 * @param xTrain {@code [n, 784]} float32
 * @param yTrain {@code [n]} int32
 * @param xTest  {@code [m, 784]} float32
 * @param yTest  {@code [m]} int32
 */
public record MnistData(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) implements AutoCloseable {

    /**
     * Reads the IDX files of {@code dir} ({@code train-*} and {@code t10k-*}).
     *
     * @throws IOException naming the folder or file when something is missing or corrupt
     */
    public static MnistData load(Path dir) throws IOException {
        try (Datasets.TrainTest raw = Datasets.load(dir)) {
            return new MnistData(flatten(raw.train().x()), Ops.copy(raw.train().y()),
                    flatten(raw.test().x()), Ops.copy(raw.test().y()));
        }
    }

    private static Tensor flatten(Tensor images) {
        return Ops.divide(Ops.reshape(images, images.shape().dim(0), 784), 255.0);
    }

    @Override
    public void close() {
        xTrain.close();
        yTrain.close();
        xTest.close();
        yTest.close();
    }
}
