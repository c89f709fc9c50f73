package dev.sheaf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static Path mnist10k() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("datasets/mnist-10k");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("datasets/mnist-10k not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void readsTheShippedDigits() throws IOException {
        IdxData images = IdxReader.read(mnist10k().resolve("train-images-idx3-ubyte.gz"));
        IdxData labels = IdxReader.read(mnist10k().resolve("train-labels-idx1-ubyte.gz"));
        assertEquals(Shape.of(8000, 28, 28), images.shape());
        assertEquals(Shape.of(8000), labels.shape());
        IdxData testLabels = IdxReader.read(mnist10k().resolve("t10k-labels-idx1-ubyte.gz"));
        int[] counts = new int[10];
        for (int y : labels.toInts()) {
            counts[y]++;
        }
        assertEquals(Shape.of(2000), testLabels.shape());
        for (int c : counts) {
            assertTrue(c > 600 && c < 1000, "every class is well represented, got " + c);
        }
        float[] px = images.toFloats(1f / 255);
        float max = 0;
        for (float v : px) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }

    @Test
    void readsUncompressedBigEndianValues() throws IOException {
        byte[] file = {0, 0, 0x0B, 1, 0, 0, 0, 3, 0x01, 0x00, (byte) 0xff, (byte) 0xff, 0x00, 0x07};
        IdxData d = IdxReader.read(new ByteArrayInputStream(file), "mem");
        assertEquals(Shape.of(3), d.shape());
        assertArrayEquals(new int[] {256, -1, 7}, d.toInts());
    }

    @Test
    void rejectsWhatIsNotIdx(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.idx");
        Files.writeString(f, "hello world, not idx");
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("is not an IDX file"), e.getMessage());
    }

    @Test
    void rejectsTruncatedData() {
        byte[] file = {0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2};
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(new ByteArrayInputStream(file), "t"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesHostileSizesBeforeAllocating() {
        byte[] file = {0, 0, 0x0E, 3, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0};
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(new ByteArrayInputStream(file), "h"));
        assertTrue(e.getMessage().contains("more data than Sheaf reads"), e.getMessage());
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(dir.resolve("nope.gz")));
        assertTrue(e.getMessage().contains("nope.gz"), e.getMessage());
    }
}
