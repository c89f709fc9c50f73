package dev.sheaf.backend.cpu;

import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.Arrays;

/**
 * The argument checks the cpu backend makes itself, before any native call or Java loop over native memory. The engine
 * ({@code Ops}) validates every call first, but the SPI is public: a direct call with shapes that do not fit together
 * would otherwise make oneDNN read or write past a buffer (a wrong result or a crash), or a Java loop fail with an
 * index error. Each check is a few comparisons of shapes, never a pass over the data, and builds its message only
 * when it fails. Errors are {@link IllegalArgumentException}s that name the op, what was given and what was expected.
 */
final class Checks {
    private Checks() {
    }

    /** Throws unless a non-tensor argument ({@code what}: "the shape", "the permutation"…) is given. */
    static <T> T given(String op, String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(op + ": " + what + " is null");
        }
        return value;
    }

    /** Normalises {@code axis} against {@code shape} (negative counts from the end). */
    static int axis(String op, int axis, Shape shape) {
        return Shape.normalizeAxis(axis, shape.rank(), op, shape);
    }

    /** Throws unless {@code axes} are distinct, sorted and in {@code [0, rank)}, as the SPI's reductions take them. */
    static void reductionAxes(String op, int[] axes, Shape shape) {
        given(op, "the axes", axes);
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= shape.rank() || i > 0 && axes[i] <= axes[i - 1]) {
                throw new IllegalArgumentException(op + ": axes " + Arrays.toString(axes) + " for shape " + shape
                        + " must be distinct, sorted and in [0, " + shape.rank() + ")");
            }
        }
    }

    /** Throws unless the two dtypes are equal. */
    static void sameDType(String op, String what, DType expected, DType got) {
        if (expected != got) {
            throw new IllegalArgumentException(op + ": " + what + " is " + got + " but must be " + expected
                    + ", the dtype of the other operands; cast it first");
        }
    }

    /** Throws unless {@code got} equals {@code expected}. */
    static void shape(String op, String what, Shape expected, Shape got) {
        if (!expected.equals(got)) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + got + " but must be " + expected);
        }
    }

    /**
     * Throws unless unary {@code op} takes {@code dtype} (the rules of {@code UnaryOp}: NOT takes bool, the float ops
     * float32/float64, the others any numeric type). Checked before the result is allocated: the Java loops found a
     * float-only op on an integer tensor only after allocating it, and read a float tensor given to NOT as bytes.
     */
    static void unary(UnaryOp op, DType dtype) {
        boolean ok = switch (op) {
            case NOT -> dtype == DType.BOOL;
            case EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, RECIPROCAL, TANH, SIGMOID, ERF, SIN, COS -> dtype.isFloating();
            default -> dtype.isNumeric();
        };
        if (!ok) {
            String wants = op == UnaryOp.NOT ? "a bool tensor" : dtype.isNumeric() ? "a float tensor"
                    : "a numeric tensor";
            throw new IllegalArgumentException("unary " + op + " takes " + wants + ", got " + dtype + "; cast it first");
        }
    }

    /** Throws unless {@code dtype} is float32 or float64. */
    static void floating(String op, String what, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32 or float64, got " + dtype);
        }
    }

    /** The byte count of {@code shape} elements of {@code dtype}, or an error naming the shape when it overflows. */
    static long bytes(Shape shape, DType dtype) {
        long n = shape.elementCount();
        if (n > Long.MAX_VALUE / dtype.byteSize()) {
            throw new IllegalArgumentException("cpu backend: a " + dtype + " tensor of shape " + shape + " would need "
                    + "more than " + Long.MAX_VALUE + " bytes");
        }
        return n * dtype.byteSize();
    }

    // ------------------------------------------------------------------ linear algebra

    /** Checks a matmul's operands: ranks, equal numeric dtypes, the inner dimension and the batch dimensions. */
    static void matmul(String op, Shape a, Shape b, DType da, DType db, boolean transposeA, boolean transposeB) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException(op + ": both operands need rank >= 2 ([..., M, K] and [..., K, N]); "
                    + "got " + a + " and " + b);
        }
        sameDType(op, "the second operand", da, db);
        if (!da.isNumeric()) {
            throw new IllegalArgumentException(op + ": needs numeric operands, got " + da + "; cast them first");
        }
        long ka = transposeA ? a.dim(-2) : a.dim(-1);
        long kb = transposeB ? b.dim(-1) : b.dim(-2);
        if (ka != kb) {
            throw new IllegalArgumentException(op + ": shapes " + a + (transposeA ? " (transposed)" : "") + " and " + b
                    + (transposeB ? " (transposed)" : "") + " are not aligned: the inner dimensions " + ka + " and "
                    + kb + " differ");
        }
        Shape.broadcast(a.subShape(0, a.rank() - 2), b.subShape(0, b.rank() - 2), op + " (batch dimensions)");
    }

    // ------------------------------------------------------------------ movement

    /** Throws unless {@code permutation} is a permutation of {@code 0..rank-1}. */
    static void permutation(String op, int[] permutation, Shape s) {
        given(op, "the permutation", permutation);
        boolean ok = permutation.length == s.rank();
        boolean[] seen = new boolean[s.rank()];
        for (int i = 0; ok && i < permutation.length; i++) {
            int p = permutation[i];
            ok = p >= 0 && p < seen.length && !seen[p];
            if (ok) {
                seen[p] = true;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": " + Arrays.toString(permutation) + " is not a permutation of "
                    + "the " + s.rank() + " axes of shape " + s + "; expected each of 0.." + (s.rank() - 1) + " once");
        }
    }

    /** Throws unless the slice bounds fit: one entry per axis, {@code 0 <= begin <= end <= dim}, strides positive. */
    static void slice(String op, Shape s, int[] begin, int[] end, int[] strides) {
        given(op, "begin", begin);
        given(op, "end", end);
        given(op, "the strides", strides);
        int r = s.rank();
        if (begin.length != r || end.length != r || strides.length != r) {
            throw new IllegalArgumentException(op + ": begin " + Arrays.toString(begin) + ", end "
                    + Arrays.toString(end) + " and strides " + Arrays.toString(strides) + " need one entry per axis of "
                    + "shape " + s + " (rank " + r + ")");
        }
        for (int d = 0; d < r; d++) {
            if (begin[d] < 0 || begin[d] > end[d] || end[d] > s.dim(d) || strides[d] < 1) {
                throw new IllegalArgumentException(op + ": on axis " + d + " of shape " + s + " begin " + begin[d]
                        + ", end " + end[d] + " and stride " + strides[d] + " do not fit; expected "
                        + "0 <= begin <= end <= " + s.dim(d) + " and a stride >= 1");
            }
        }
    }

    /** Throws unless {@code padding} has one non-null pair per axis. */
    static void padding(String op, int[][] padding, Shape s) {
        given(op, "the padding", padding);
        for (int d = 0; d < padding.length; d++) {
            if (padding[d] == null) {
                throw new IllegalArgumentException(op + ": the padding for axis " + d + " is null; give {before, after}"
                        + " for each of the " + s.rank() + " axes of " + s);
            }
        }
    }

    // ------------------------------------------------------------------ convolution and pooling

    /** Checks a convolution's input and kernel: ranks, dtypes, channels and groups. */
    static void conv(String op, ConvSpec spec, Shape x, DType dx, Shape kernel, DType dk) {
        given(op, "the ConvSpec", spec);
        int n = spec.spatialRank();
        if (x.rank() != n + 2 || kernel.rank() != n + 2) {
            throw new IllegalArgumentException(op + ": a " + n + "-d convolution needs an input of rank " + (n + 2)
                    + " [batch, spatial..., channels] and a kernel of rank " + (n + 2)
                    + " [spatial..., inChannels/groups, outChannels]; got input " + x + " and kernel " + kernel);
        }
        floating(op, "the input", dx);
        sameDType(op, "the kernel", dx, dk);
        long in = x.dim(-1);
        long kin = kernel.dim(-2);
        long out = kernel.dim(-1);
        int groups = spec.groups();
        if (kin * groups != in || out % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + x + " has " + in + " channels but kernel " + kernel
                    + " expects " + kin + " x " + groups + " group(s) with " + out
                    + " output channels divisible by the groups");
        }
    }

    /** Checks a pooling input: the spec and mode given, rank {@code n + 2}, a float dtype. */
    static void pool(String op, Object mode, PoolSpec spec, Shape x, DType dtype) {
        given(op, "the PoolMode", mode);
        given(op, "the PoolSpec", spec);
        int n = spec.spatialRank();
        if (x.rank() != n + 2) {
            throw new IllegalArgumentException(op + ": " + n + "-d pooling needs an input of rank " + (n + 2)
                    + " [batch, spatial..., channels], got " + x);
        }
        floating(op, "the input", dtype);
    }

    // ------------------------------------------------------------------ recurrent

    /** Checks a recurrent call's operands against each other, as {@code Ops} does (the tensors are not null but c0). */
    static void rnn(String op, RnnCell cell, CpuTensor x, CpuTensor h0, CpuTensor c0, CpuTensor kernel,
                    CpuTensor recurrentKernel, CpuTensor bias) {
        given(op, "the cell (RnnCell.SIMPLE_TANH, SIMPLE_RELU, LSTM or GRU)", cell);
        String name = op + " (" + cell + ")";
        given(name, "x [batch, time, input]", x);
        given(name, "the initial state h0 [batch, units]", h0);
        given(name, "the kernel [input, " + cell.gates() + " * units]", kernel);
        given(name, "the recurrent kernel [units, " + cell.gates() + " * units]", recurrentKernel);
        Shape xs = x.shape();
        if (xs.rank() != 3 || xs.dim(1) < 1) {
            throw new IllegalArgumentException(name + ": x must be [batch, time, input] with time >= 1, got " + xs);
        }
        floating(name, "x", x.dtype());
        Shape rk = recurrentKernel.shape();
        if (rk.rank() != 2 || rk.dim(0) < 1 || rk.dim(1) != cell.gates() * rk.dim(0)) {
            throw new IllegalArgumentException(name + ": the recurrent kernel must be [units, " + cell.gates()
                    + " * units] (units >= 1), got " + rk);
        }
        long units = rk.dim(0);
        long gu = cell.gates() * units;
        shape(name, "the kernel [input, " + cell.gates() + " * units]", Shape.of(xs.dim(2), gu), kernel.shape());
        Shape state = Shape.of(xs.dim(0), units);
        shape(name, "the initial state h0 [batch, units]", state, h0.shape());
        if (cell == RnnCell.LSTM) {
            given(name, "the LSTM's initial cell state c0 [batch, units]", c0);
            shape(name, "the initial cell state c0 [batch, units]", state, c0.shape());
        } else if (c0 != null) {
            throw new IllegalArgumentException(name + ": only the LSTM has a cell state; give c0 = null, got "
                    + c0.describe());
        }
        if (bias != null) {
            shape(name, "the bias", cell == RnnCell.GRU ? Shape.of(2, gu) : Shape.of(gu), bias.shape());
        }
        CpuTensor[] others = {h0, c0, kernel, recurrentKernel, bias};
        String[] names = {"h0", "c0", "the kernel", "the recurrent kernel", "the bias"};
        for (int i = 0; i < others.length; i++) {
            if (others[i] != null) {
                sameDType(name, names[i], x.dtype(), others[i].dtype());
            }
        }
    }
}
