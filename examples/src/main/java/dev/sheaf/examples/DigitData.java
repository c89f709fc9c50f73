package dev.sheaf.examples;

import dev.sheaf.data.IdxReader;
import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Images and labels of an MNIST-style IDX data set held on the host, flattened to {@code [n, 784]} floats in [0, 1],
 * from which batches are copied into tensors.
 *
 * @param images row-major {@code [count, features]}
 * @param labels class indices
 */
public record DigitData(float[] images, int[] labels, int count, int features) {

    /** Reads {@code <prefix>-images-idx3-ubyte.gz} and {@code <prefix>-labels-idx1-ubyte.gz} from {@code dir}. */
    public static DigitData read(Path dir, String prefix) throws IOException {
        var images = IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        var labels = IdxReader.read(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int n = (int) images.shape().dim(0);
        if (labels.shape().dim(0) != n) {
            throw new IOException(dir + ": " + n + " images but " + labels.shape().dim(0) + " labels");
        }
        return new DigitData(images.toFloats(1f / 255), labels.toInts(), n, images.size() / Math.max(n, 1));
    }

    /**
     * Finds a data folder by walking up from the working directory: the project's {@code datasets/<name>} or the
     * workspace's {@code shared/datasets/<name>}.
     */
    public static Path locate(String name) throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path c : new Path[] {p.resolve("datasets").resolve(name), p.resolve("shared/datasets").resolve(name)}) {
                if (Files.isDirectory(c)) {
                    return c;
                }
            }
        }
        throw new IOException("Data folder '" + name + "' not found in datasets/ or shared/datasets/ above "
                + Path.of("").toAbsolutePath() + "; pass its path as the first argument");
    }

    /** The images at {@code order[from..to)} as a {@code [to - from, features]} tensor. */
    public Tensor imageBatch(int[] order, int from, int to) {
        float[] b = new float[(to - from) * features];
        for (int i = from; i < to; i++) {
            System.arraycopy(images, order[i] * features, b, (i - from) * features, features);
        }
        return Ops.constant(b, to - from, features);
    }

    /** The labels at {@code order[from..to)} as an int32 tensor. */
    public Tensor labelBatch(int[] order, int from, int to) {
        int[] b = new int[to - from];
        for (int i = from; i < to; i++) {
            b[i - from] = labels[order[i]];
        }
        return Ops.constant(b, to - from);
    }

    /** The identity order {@code 0..count-1}. */
    public int[] naturalOrder() {
        int[] o = new int[count];
        for (int i = 0; i < count; i++) {
            o[i] = i;
        }
        return o;
    }
}
