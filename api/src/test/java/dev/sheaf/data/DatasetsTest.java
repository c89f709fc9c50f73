package dev.sheaf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    private static final List<String> FILES = List.of(Datasets.TRAIN_IMAGES, Datasets.TRAIN_LABELS,
            Datasets.TEST_IMAGES, Datasets.TEST_LABELS);

    @TempDir
    Path root;
    private String savedRoot;
    private String savedOffline;

    @BeforeEach
    void useTempCacheOffline() {
        savedRoot = System.getProperty(Datasets.ROOT_PROPERTY);
        savedOffline = System.getProperty(Datasets.OFFLINE_PROPERTY);
        System.setProperty(Datasets.ROOT_PROPERTY, root.toString());
        // No test may reach the network.
        System.setProperty(Datasets.OFFLINE_PROPERTY, "true");
    }

    @AfterEach
    void restoreProperties() {
        restore(Datasets.ROOT_PROPERTY, savedRoot);
        restore(Datasets.OFFLINE_PROPERTY, savedOffline);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    static Path shared(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("shared/datasets").resolve(name);
            if (Files.isDirectory(d)) {
                return d;
            }
            Path sibling = p.resolveSibling("shared").resolve("datasets").resolve(name);
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        return null;
    }

    private Path copyFashionIntoCache() throws IOException {
        Path src = shared("fashion-mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(src != null, "../shared/datasets/fashion-mnist is not present");
        Path dir = Files.createDirectories(root.resolve("fashion-mnist"));
        for (String f : FILES) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    @Test
    void cacheRootFollowsThePropertyThenTheEnvironmentThenHome() {
        assertEquals(root, Datasets.cacheRoot());
        System.clearProperty(Datasets.ROOT_PROPERTY);
        String env = System.getenv(Datasets.ROOT_ENV);
        Path expected = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".sheaf", "datasets");
        assertEquals(expected, Datasets.cacheRoot());
    }

    @Test
    void fashionMnistLoadsFromTheCacheInKerasShapes() throws IOException {
        copyFashionIntoCache();
        try (Datasets.TrainTest data = Datasets.fashionMnist()) {
            assertEquals(Shape.of(60000, 28, 28), data.train().x().shape());
            assertEquals(Shape.of(60000), data.train().y().shape());
            assertEquals(Shape.of(10000, 28, 28), data.test().x().shape());
            assertEquals(Shape.of(10000), data.test().y().shape());
            assertEquals(DType.FLOAT32, data.train().x().dtype());
            assertEquals(DType.INT32, data.train().y().dtype());
            int[] counts = new int[10];
            for (int y : data.test().y().toIntArray()) {
                counts[y]++;
            }
            assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
            try (Tensor max = data.test().x().max()) {
                assertEquals(255.0, max.itemAsDouble(), "raw pixel values, as Keras's uint8");
            }
        }
        try (Stream<Path> files = Files.list(root.resolve("fashion-mnist"))) {
            assertEquals(4, files.count(), "nothing was added to the cache");
        }
    }

    @Test
    void offlineWithoutFilesNamesTheFolderAndTheFiles() {
        IOException e = assertThrows(IOException.class, Datasets::mnist);
        String m = e.getMessage();
        assertTrue(m.contains(root.resolve("mnist").toAbsolutePath().toString()), m);
        for (String f : FILES) {
            assertTrue(m.contains(f), "names " + f + ": " + m);
        }
        assertTrue(m.contains("https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz"), m);
        assertTrue(m.contains("sheaf.datasets.offline=true"), m);
        assertFalse(Files.exists(root.resolve("mnist")), "nothing is created offline");
    }

    @Test
    void onlyTheMissingFilesAreListed() throws IOException {
        Path dir = copyFashionIntoCache();
        Files.delete(dir.resolve(Datasets.TEST_LABELS));
        IOException e = assertThrows(IOException.class, Datasets::fashionMnist);
        assertTrue(e.getMessage().contains(Datasets.TEST_LABELS), e.getMessage());
        assertFalse(e.getMessage().contains(Datasets.TRAIN_IMAGES), e.getMessage());
    }

    @Test
    void aCorruptCachedFileIsAChecksumErrorNamingIt() throws IOException {
        Path dir = copyFashionIntoCache();
        byte[] bytes = Files.readAllBytes(dir.resolve(Datasets.TRAIN_LABELS));
        bytes[100] ^= 1;
        Files.write(dir.resolve(Datasets.TRAIN_LABELS), bytes);
        IOException e = assertThrows(IOException.class, Datasets::fashionMnist);
        String m = e.getMessage();
        assertTrue(m.startsWith("Checksum mismatch for train-labels-idx1-ubyte.gz of dataset 'fashion-mnist'"), m);
        assertTrue(m.contains(DatasetFiles.sha256(dir.resolve(Datasets.TRAIN_LABELS))), m);
        assertTrue(m.contains("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"), m);
    }

    @Test
    void theShippedMnistSubsetLoadsThroughLoad() throws IOException {
        try (Datasets.TrainTest data = Datasets.load(IdxReaderTest.mnist10k())) {
            assertEquals(Shape.of(8000, 28, 28), data.train().x().shape());
            assertEquals(Shape.of(8000), data.train().y().shape());
            assertEquals(Shape.of(2000, 28, 28), data.test().x().shape());
            assertEquals(Shape.of(2000), data.test().y().shape());
            for (int y : data.train().y().toIntArray()) {
                assertTrue(y >= 0 && y <= 9);
            }
        }
    }

    @Test
    void loadNamesMissingFilesAndMismatchedCounts() throws IOException {
        Files.copy(IdxReaderTest.mnist10k().resolve(Datasets.TRAIN_IMAGES), root.resolve(Datasets.TRAIN_IMAGES));
        IOException e = assertThrows(IOException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("lacks train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                + "t10k-labels-idx1-ubyte.gz"), e.getMessage());
        Path mnist = IdxReaderTest.mnist10k();
        // The test labels (2,000) paired with the training images (8,000).
        Files.copy(mnist.resolve(Datasets.TEST_LABELS), root.resolve(Datasets.TRAIN_LABELS));
        Files.copy(mnist.resolve(Datasets.TEST_IMAGES), root.resolve(Datasets.TEST_IMAGES));
        Files.copy(mnist.resolve(Datasets.TEST_LABELS), root.resolve(Datasets.TEST_LABELS));
        e = assertThrows(IOException.class, () -> Datasets.load(root));
        assertTrue(e.getMessage().contains("holds 8000 images but") && e.getMessage().contains("2000 labels"),
                e.getMessage());
    }

    // ------------------------------------------------------------------ downloads, from a server on this machine

    private static HttpServer serve(Map<String, byte[]> files) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static URI url(HttpServer server, String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    @Test
    void aDownloadIsVerifiedAndMovedIntoPlace() throws IOException {
        byte[] body = "verified bytes".getBytes(StandardCharsets.UTF_8);
        Path tmp = Files.write(root.resolve("reference"), body);
        String sha = DatasetFiles.sha256(tmp);
        HttpServer server = serve(Map.of("a.gz", body));
        try {
            Path dir = root.resolve("ds");
            DatasetFiles.ensure("ds", dir, List.of(new DatasetFiles.Remote("a.gz", url(server, "a.gz"),
                    List.of(sha))), false);
            assertArrayEquals(body, Files.readAllBytes(dir.resolve("a.gz")));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(1, files.count(), "no temporary file is left");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCorruptDownloadIsDiscardedWithAClearError() throws IOException {
        HttpServer server = serve(Map.of("a.gz", "tampered".getBytes(StandardCharsets.UTF_8)));
        try {
            Path dir = root.resolve("ds");
            String expected = "0".repeat(64);
            IOException e = assertThrows(IOException.class, () -> DatasetFiles.ensure("ds", dir,
                    List.of(new DatasetFiles.Remote("a.gz", url(server, "a.gz"), List.of(expected))), false));
            String m = e.getMessage();
            assertTrue(m.contains("Checksum mismatch for a.gz") && m.contains(expected), m);
            assertTrue(m.contains("place these files in " + dir.toAbsolutePath()), m);
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count(), "nothing half-written or unverified remains");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailedDownloadNamesTheFilesToPlace() throws IOException {
        HttpServer server = serve(Map.of());
        try {
            Path dir = root.resolve("ds");
            IOException e = assertThrows(IOException.class, () -> DatasetFiles.ensure("ds", dir,
                    List.of(new DatasetFiles.Remote("a.gz", url(server, "a.gz"), List.of("00")),
                            new DatasetFiles.Remote("b.gz", url(server, "b.gz"), List.of("00"))), false));
            String m = e.getMessage();
            assertTrue(m.contains("HTTP status 404") && m.contains("a.gz") && m.contains("b.gz"), m);
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count());
            }
        } finally {
            server.stop(0);
        }
    }
}
