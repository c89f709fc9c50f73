package dev.sheaf.data;

import dev.sheaf.tensor.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apiguardian.api.API;

/**
 * Reads files in the IDX format of the MNIST distribution (optionally gzip-compressed, detected by content).
 *
 * <p>Header: two zero bytes, a type code (0x08 unsigned byte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float,
 * 0x0E double), the number of dimensions, then each dimension as a big-endian int; then the values, big-endian,
 * row-major. The header is checked before anything is allocated, so a corrupt or hostile file is a clear
 * {@link IOException}, never an {@link OutOfMemoryError}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class IdxReader {
    /** The largest element count accepted (what one Java array can hold). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * Reads a whole IDX file.
     *
     * @throws IOException naming the file when it is missing, not IDX, truncated, or too large
     */
    public static IdxData read(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("IdxReader.read: the file is null");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("IDX file not found: " + file.toAbsolutePath());
        }
        try (InputStream in = open(file)) {
            return read(in, file.toString());
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /**
     * Reads IDX data from a stream.
     *
     * @param source names the source in error messages
     */
    public static IdxData read(InputStream stream, String source) throws IOException {
        if (stream == null) {
            throw new IllegalArgumentException("IdxReader.read: the stream of " + source + " is null");
        }
        DataInputStream in = new DataInputStream(stream);
        try {
            int zero = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
            IdxData.Type t = IdxData.Type.of(type);
            if (zero != 0 || t == null || rank == 0) {
                throw new IOException(source + " is not an IDX file (header bytes " + Integer.toHexString(zero)
                        + " " + Integer.toHexString(type) + " " + rank + "; expected 00 00, a type code in "
                        + "{08, 09, 0B, 0C, 0D, 0E} and at least one dimension)");
            }
            long[] dims = new long[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                int d = in.readInt();
                if (d < 0) {
                    throw new IOException(source + ": dimension " + i + " is negative (" + d + ")");
                }
                dims[i] = d;
                count *= d;
                if (count * t.bytes > MAX_ELEMENTS) {
                    throw new IOException(source + ": the header declares more data than Sheaf reads into memory ("
                            + "dimensions so far " + java.util.Arrays.toString(java.util.Arrays.copyOf(dims, i + 1))
                            + ")");
                }
            }
            byte[] data = new byte[(int) (count * t.bytes)];
            in.readFully(data);
            return new IdxData(Shape.of(dims), t, data);
        } catch (EOFException e) {
            throw new IOException(source + " is truncated: it ends before the data its header declares", e);
        }
    }
}
