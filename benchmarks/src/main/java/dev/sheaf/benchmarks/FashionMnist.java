package dev.sheaf.benchmarks;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST held on the host as the workloads prescribe: pixels scaled to [0, 1] float32, one flat row of 784 per
 * image, labels as ints. Read with a few lines of IDX parsing so the harness does not depend on the api's data
 * package, which is still changing.
 */
final class FashionMnist {
    static final int PIXELS = 28 * 28;

    final float[] images;
    final int[] labels;
    final int count;

    private FashionMnist(float[] images, int[] labels) {
        this.images = images;
        this.labels = labels;
        this.count = labels.length;
    }

    /** {@code prefix} is {@code train} or {@code t10k}. */
    static FashionMnist read(Path dir, String prefix) throws IOException {
        byte[] img = idx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 2051);
        byte[] lab = idx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 2049);
        float[] x = new float[img.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (img[i] & 0xff) / 255f;
        }
        int[] y = new int[lab.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = lab[i] & 0xff;
        }
        if (x.length != (long) y.length * PIXELS) {
            throw new IOException(prefix + ": " + y.length + " labels for " + x.length / PIXELS + " images");
        }
        return new FashionMnist(x, y);
    }

    private static byte[] idx(Path file, int magic) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream d = new DataInputStream(in)) {
            int m = d.readInt();
            if (m != magic) {
                throw new IOException(file + ": magic " + m + ", expected " + magic);
            }
            int n = d.readInt();
            long size = n;
            for (int i = 0; i < (magic & 0xff) - 1; i++) {
                size *= d.readInt();
            }
            byte[] b = new byte[Math.toIntExact(size)];
            d.readFully(b);
            return b;
        }
    }
}
