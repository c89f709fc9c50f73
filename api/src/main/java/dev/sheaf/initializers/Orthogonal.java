package dev.sheaf.initializers;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Keras's {@code Orthogonal}: for a shape {@code [..., cols]} viewed as a {@code rows × cols} matrix (rows = product of
 * the leading dimensions), a random matrix with orthonormal rows or columns (whichever are fewer), times {@code gain}
 * (default 1). As Keras, it takes the Q of the QR decomposition of a standard normal matrix of shape
 * {@code (max(rows, cols), min(rows, cols))}, with the signs that make R's diagonal positive, transposed when
 * {@code rows < cols}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Orthogonal extends RandomInitializer {
    private final double gain;

    /** Keras's defaults: gain 1, no seed. */
    public Orthogonal() {
        this(1.0, null);
    }

    /** @param gain multiplies the orthogonal matrix */
    public Orthogonal(double gain, Long seed) {
        super(seed);
        this.gain = gain;
    }

    /**
     * @throws IllegalArgumentException if {@code shape} has rank below 2
     */
    @Override
    public Tensor initialize(Shape shape, DType dtype) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Orthogonal: the tensor to initialize must be at least two-dimensional; "
                    + "got shape " + shape + " of rank " + shape.rank());
        }
        long rowsL = 1;
        for (int i = 0; i < shape.rank() - 1; i++) {
            rowsL *= shape.dim(i);
        }
        long colsL = shape.dim(-1);
        if (rowsL * colsL > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Orthogonal: shape " + shape + " is too large to initialize");
        }
        int rows = (int) rowsL;
        int cols = (int) colsL;
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[] a;
        try (Tensor normal = Ops.normal(Shape.of(m, n), dtype, 0.0, 1.0, seedForCall())) {
            a = normal.toDoubleArray();
        }
        double[] q = orthonormalColumns(a, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = gain * q[i * n + j];
                if (rows < cols) {
                    out[j * cols + i] = v; // transposed: the n = rows orthonormal vectors become rows
                } else {
                    out[i * cols + j] = v;
                }
            }
        }
        Tensor flat = Ops.constant(out, shape.dims());
        if (flat.dtype() == dtype) {
            return flat;
        }
        Tensor result = Ops.cast(flat, dtype);
        flat.close();
        return result;
    }

    /**
     * The Q of the thin QR decomposition of the {@code m × n} row-major matrix {@code a} (m >= n) with R's diagonal
     * positive — the same Q as LAPACK's QR after Keras's sign correction. Modified Gram-Schmidt, run twice per column
     * so that the result is orthonormal to double precision.
     */
    private static double[] orthonormalColumns(double[] a, int m, int n) {
        double[] q = a.clone();
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += q[i * n + k] * q[i * n + j];
                    }
                    for (int i = 0; i < m; i++) {
                        q[i * n + j] -= dot * q[i * n + k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[i * n + j] * q[i * n + j];
            }
            norm = Math.sqrt(norm);
            // A zero column (probability zero for normal samples) stays zero, as sign(0) = 0 zeroes it in Keras.
            double inv = norm == 0 ? 0 : 1 / norm;
            for (int i = 0; i < m; i++) {
                q[i * n + j] *= inv;
            }
        }
        return q;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gain", gain);
        c.putAll(super.getConfig());
        return c;
    }
}
