package dev.sheaf.ops;

import dev.sheaf.Sheaf;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;

/** Tensors from host data, constant fills, ranges and random draws, on the active backend. */
final class Creation {
    private Creation() {
    }

    /** The shape of a constant: {@code dims}, or 1-D of the data's length when none are given; checked against it. */
    static Shape shapeOf(String op, int length, long[] dims) {
        Shape s = dims == null || dims.length == 0 ? Shape.of(length) : Shape.of(dims);
        if (s.elementCount() != length) {
            throw new IllegalArgumentException(op + ": " + length + " values given for shape " + s + ", which holds "
                    + s.elementCount() + "; the data length must equal the product of the dimensions");
        }
        return s;
    }

    static Tensor full(Shape shape, DType dtype, double value) {
        if (shape == null || dtype == null) {
            throw new IllegalArgumentException("full: shape and dtype must not be null");
        }
        if (!shape.isFullyDefined()) {
            throw new IllegalArgumentException("full: shape " + shape + " has unknown (None) dimensions; a tensor "
                    + "needs every dimension known");
        }
        return Sheaf.backend().full(shape, dtype, value);
    }

    static Tensor fullLike(Tensor x, double value) {
        Check.open("fullLike", x);
        return x.backend().full(x.shape(), x.dtype(), value);
    }

    /** Integer range {@code start, start + step, …} below {@code stop} (above it for a negative step). */
    static Tensor arange(int start, int stop, int step) {
        int n = count(start, stop, step);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return Sheaf.backend().fromInts(v, Shape.of(n));
    }

    /** Float range, as numpy: {@code ceil((stop - start) / step)} values. */
    static Tensor arange(double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (start + i * step);
        }
        return Sheaf.backend().fromFloats(v, Shape.of(n));
    }

    private static int count(long start, long stop, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be non-zero");
        }
        long n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        return (int) Math.max(0, n);
    }

    /** An {@code n x m} matrix with ones on the main diagonal. */
    static Tensor eye(int n, int m, DType dtype) {
        if (n < 0 || m < 0) {
            throw new IllegalArgumentException("eye: sizes must be >= 0, got " + n + " x " + m);
        }
        if ((long) n * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("eye: " + n + " x " + m + " is more than one array can hold");
        }
        float[] v = new float[n * m];
        for (int i = 0; i < Math.min(n, m); i++) {
            v[i * m + i] = 1f;
        }
        Tensor t = Sheaf.backend().fromFloats(v, Shape.of(n, m));
        if (dtype == DType.FLOAT32) {
            return t;
        }
        try (t) {
            return t.backend().cast(t, dtype);
        }
    }

    static Tensor uniform(Shape shape, DType dtype, double min, double max, long seed) {
        checkRandom("uniform", shape, dtype);
        if (!(min <= max)) {
            throw new IllegalArgumentException("uniform: min " + min + " must not exceed max " + max);
        }
        return Sheaf.backend().randomUniform(shape, dtype, min, max, seed);
    }

    static Tensor normal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        checkRandom("normal", shape, dtype);
        checkStddev("normal", stddev);
        return Sheaf.backend().randomNormal(shape, dtype, mean, stddev, seed);
    }

    static Tensor truncatedNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        checkRandom("truncatedNormal", shape, dtype);
        checkStddev("truncatedNormal", stddev);
        return Sheaf.backend().truncatedNormal(shape, dtype, mean, stddev, seed);
    }

    static Tensor bernoulli(Shape shape, double p, long seed) {
        if (shape == null) {
            throw new IllegalArgumentException("bernoulli: the shape is null");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("bernoulli: probability " + p + " is outside [0, 1]");
        }
        return Sheaf.backend().bernoulli(shape, p, seed);
    }

    private static void checkRandom(String op, Shape shape, DType dtype) {
        if (shape == null || dtype == null) {
            throw new IllegalArgumentException(op + ": shape and dtype must not be null");
        }
        Check.floating(op, dtype);
    }

    private static void checkStddev(String op, double stddev) {
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException(op + ": stddev must be >= 0, got " + stddev);
        }
    }
}
