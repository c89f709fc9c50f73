package dev.sheaf.data;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Ready-made datasets, as {@code keras.datasets}: {@code Datasets.mnist()} is Keras's
 * {@code mnist.load_data()}.
 *
 * <pre>{@code
 * Datasets.TrainTest data = Datasets.mnist();
 * Tensor xTrain = data.train().x().reshape(60000, 784).div(255);   // (60000, 28, 28) pixels 0-255 -> [0, 1]
 * Tensor yTrain = Labels.toCategorical(data.train().y(), 10);
 * }</pre>
 *
 * <h2>Where the files come from</h2>
 * Each dataset is a folder of four IDX files ({@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz}) under the cache root: the system property
 * {@code sheaf.datasets}, else the environment variable {@code SHEAF_DATASETS}, else {@code ~/.sheaf/datasets}.
 * Files present are checked against the published SHA-256 sums. Missing files are downloaded (only then) from the
 * mirrors Keras and TFDS use, verified, and moved into place atomically; with the system property
 * {@code sheaf.datasets.offline=true}, or without network, the {@link IOException} names the folder and the exact
 * files to place there.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Datasets {
    /** The system property naming the cache root. */
    public static final String ROOT_PROPERTY = "sheaf.datasets";
    /** The environment variable naming the cache root when the property is not set. */
    public static final String ROOT_ENV = "SHEAF_DATASETS";
    /** The system property that, when {@code true}, forbids downloads. */
    public static final String OFFLINE_PROPERTY = "sheaf.datasets.offline";

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    /** TFDS's MNIST mirror (Keras itself ships MNIST as an .npz; these are the original IDX files). */
    private static final String MNIST_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/";
    /** The mirror {@code keras.datasets.fashion_mnist} downloads from. */
    private static final String FASHION_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /** The SHA-256 sums of the original MNIST files (yann.lecun.com, mirrored by TFDS and torchvision). */
    static final List<DatasetFiles.Remote> MNIST = List.of(
            remote(MNIST_URL, TRAIN_IMAGES, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            remote(MNIST_URL, TRAIN_LABELS, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            remote(MNIST_URL, TEST_IMAGES, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            remote(MNIST_URL, TEST_LABELS, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"));

    /**
     * Fashion-MNIST: first the upstream release's sums (Zalando, also Keras's {@code FILE_HASHES}), then those of
     * the Debian package {@code dataset-fashion-mnist}, which holds the same data recompressed.
     */
    static final List<DatasetFiles.Remote> FASHION_MNIST = List.of(
            remote(FASHION_URL, TRAIN_IMAGES, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                    "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
            remote(FASHION_URL, TRAIN_LABELS, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                    "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
            remote(FASHION_URL, TEST_IMAGES, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                    "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
            remote(FASHION_URL, TEST_LABELS, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                    "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"));

    private Datasets() {
    }

    private static DatasetFiles.Remote remote(String base, String name, String... sha256) {
        return new DatasetFiles.Remote(name, URI.create(base + name), List.of(sha256));
    }

    /**
     * Inputs and targets of one split.
     *
     * @param x images, float32 of shape {@code (n, 28, 28)} holding the pixel values 0-255
     * @param y class ids, int32 of shape {@code (n)}
     */
    public record Split(Tensor x, Tensor y) implements AutoCloseable {
        /** Closes both tensors. */
        @Override
        public void close() {
            x.close();
            y.close();
        }
    }

    /**
     * Keras's {@code ((x_train, y_train), (x_test, y_test))}.
     *
     * @param train the training split
     * @param test  the test split
     */
    public record TrainTest(Split train, Split test) implements AutoCloseable {
        /** Closes the four tensors. */
        @Override
        public void close() {
            train.close();
            test.close();
        }
    }

    /**
     * MNIST handwritten digits: 60,000 training and 10,000 test images of 28×28 pixels, labels 0-9, from
     * {@code <cache root>/mnist/}. Keras returns uint8 arrays; Sheaf has no uint8 tensors, so {@code x} is float32
     * holding the same values 0-255 and {@code y} is int32. The tensors belong to the current {@code TensorScope},
     * or to the caller ({@link TrainTest#close()}).
     *
     * @throws IOException when the files are missing and cannot be downloaded (naming the folder and the files to
     *                     place there), a checksum does not match, or a file is not valid IDX
     */
    public static TrainTest mnist() throws IOException {
        return fetch("mnist", MNIST);
    }

    /**
     * Fashion-MNIST (Zalando): 60,000 training and 10,000 test 28×28 images of 10 clothing classes, from
     * {@code <cache root>/fashion-mnist/}, in the same form as {@link #mnist()}.
     *
     * @throws IOException as {@link #mnist()}
     */
    public static TrainTest fashionMnist() throws IOException {
        return fetch("fashion-mnist", FASHION_MNIST);
    }

    private static TrainTest fetch(String name, List<DatasetFiles.Remote> files) throws IOException {
        Path dir = cacheRoot().resolve(name);
        DatasetFiles.ensure(name, dir, files, Boolean.getBoolean(OFFLINE_PROPERTY));
        return load(dir);
    }

    /**
     * The cache root: the system property {@value #ROOT_PROPERTY}, else the environment variable
     * {@value #ROOT_ENV}, else {@code ~/.sheaf/datasets}.
     */
    public static Path cacheRoot() {
        String p = System.getProperty(ROOT_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String e = System.getenv(ROOT_ENV);
        if (e != null && !e.isBlank()) {
            return Path.of(e);
        }
        return Path.of(System.getProperty("user.home"), ".sheaf", "datasets");
    }

    /**
     * Reads any folder in the MNIST layout: {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
     * {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz} (each may also be uncompressed,
     * without {@code .gz}). Images of shape {@code (n, h, w)} become float32 with their raw values, labels int32.
     * No checksum is checked and nothing is downloaded.
     *
     * @throws IOException naming the folder and the missing files, or a file that is not valid IDX or whose sample
     *                     count disagrees with its partner's
     */
    public static TrainTest load(Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("Datasets.load: the folder is null");
        }
        List<String> missing = new ArrayList<>();
        Path trainImages = find(dir, TRAIN_IMAGES, missing);
        Path trainLabels = find(dir, TRAIN_LABELS, missing);
        Path testImages = find(dir, TEST_IMAGES, missing);
        Path testLabels = find(dir, TEST_LABELS, missing);
        if (!missing.isEmpty()) {
            throw new IOException("Datasets.load: " + dir.toAbsolutePath() + " lacks " + String.join(", ", missing)
                    + "; a dataset folder holds " + String.join(", ", TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES,
                    TEST_LABELS) + " (gzip-compressed or not)");
        }
        // Read everything first, so that an invalid file leaves no tensors behind.
        IdxData[] train = readPair(trainImages, trainLabels);
        IdxData[] test = readPair(testImages, testLabels);
        Split trainSplit = toSplit(train);
        try {
            return new TrainTest(trainSplit, toSplit(test));
        } catch (RuntimeException e) {
            trainSplit.close();
            throw e;
        }
    }

    private static Path find(Path dir, String gzName, List<String> missing) {
        Path gz = dir.resolve(gzName);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        missing.add(gzName);
        return gz;
    }

    private static IdxData[] readPair(Path imagesFile, Path labelsFile) throws IOException {
        IdxData images = IdxReader.read(imagesFile);
        IdxData labels = IdxReader.read(labelsFile);
        if (images.shape().rank() != 3) {
            throw new IOException(imagesFile + " holds an array of shape " + images.shape()
                    + "; expected images of shape (n, height, width)");
        }
        if (labels.shape().rank() != 1) {
            throw new IOException(labelsFile + " holds an array of shape " + labels.shape()
                    + "; expected labels of shape (n)");
        }
        if (images.shape().dim(0) != labels.shape().dim(0)) {
            throw new IOException(imagesFile + " holds " + images.shape().dim(0) + " images but " + labelsFile
                    + " holds " + labels.shape().dim(0) + " labels; they must match");
        }
        return new IdxData[] {images, labels};
    }

    private static Split toSplit(IdxData[] pair) {
        Shape s = pair[0].shape();
        Tensor x = Ops.constant(pair[0].toFloats(1f), s.dims());
        try {
            return new Split(x, Ops.constant(pair[1].toInts()));
        } catch (RuntimeException e) {
            x.close();
            throw e;
        }
    }
}
