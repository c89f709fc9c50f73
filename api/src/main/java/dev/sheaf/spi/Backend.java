package dev.sheaf.spi;

import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * The contract between Sheaf's engine and a hardware backend: a fixed set of primitive ops over the backend's own
 * tensors. The engine ({@code dev.sheaf.ops.Ops}, autodiff, layers) calls nothing else, so implementing the abstract
 * methods of this interface is all it takes to run every model on new hardware. The {@code default} methods are
 * composed from the abstract ones; a backend overrides them where it has something faster (a fused kernel), and
 * {@code testkit} checks that the override agrees with the composition.
 *
 * <h2>Preconditions</h2>
 * The engine validates every call before it reaches a backend: operands belong to this backend and are open, dtypes
 * follow each op's rules (binary operands have equal dtypes), shapes are compatible, axes are normalised to
 * {@code [0, rank)}, and {@code slice} bounds are clamped. A backend may therefore assume valid arguments, except where
 * an op says otherwise (data-dependent conditions such as gather indices, which the engine cannot see without a copy).
 * Every op returns a new tensor (tensors are immutable); the result may share memory with an input only when the
 * backend can keep that invisible (for instance a reshape view with reference-counted memory).
 *
 * <h2>Broadcasting</h2>
 * numpy rules, as computed by {@link Shape#broadcast}: shapes are aligned at their last dimension and each pair of
 * dimensions must be equal or one of them 1.
 *
 * <h2>Versioning</h2>
 * New ops are added as {@code default} methods, so a backend written against an older version keeps working;
 * {@link #SPI_VERSION} increases with each addition.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Backend {

    /** The version of this contract. Version 1: the op set of Sheaf 0.1 (including {@link #reluBackward}). */
    int SPI_VERSION = 1;

    /** The backend's name, as used by {@code sheaf.backend}: {@code "reference"}, {@code "cpu"}, {@code "cuda"}. */
    String name();

    /** The SPI version this backend was written against. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    /** Whether tensors of this dtype can be created and computed with. All backends support float32, int32, int64, bool. */
    default boolean supports(DType dtype) {
        return true;
    }

    // ------------------------------------------------------------------ memory

    /** A float32 tensor holding a copy of {@code data} (row-major, length = element count of {@code shape}). */
    Tensor fromFloats(float[] data, Shape shape);

    /** A float64 tensor holding a copy of {@code data}. */
    Tensor fromDoubles(double[] data, Shape shape);

    /** An int32 tensor holding a copy of {@code data}. */
    Tensor fromInts(int[] data, Shape shape);

    /** An int64 tensor holding a copy of {@code data}. */
    Tensor fromLongs(long[] data, Shape shape);

    /** A bool tensor holding a copy of {@code data}. */
    Tensor fromBooleans(boolean[] data, Shape shape);

    /**
     * A tensor of {@code shape} with every element {@code value}, converted to {@code dtype} as {@link #cast} converts
     * (bool: {@code value != 0}).
     */
    Tensor full(Shape shape, DType dtype, double value);

    /**
     * Converts element types. Float to integer truncates toward zero, NaN becomes 0 and out-of-range values saturate;
     * int64 to int32 keeps the low 32 bits (two's complement wrap-around), as Java's narrowing rules; anything to bool is {@code x != 0} (NaN is true); bool to a number is 0 or 1. Always
     * returns a new tensor, also when {@code dtype} equals the input's.
     */
    Tensor cast(Tensor x, DType dtype);

    /** The same elements in row-major order under a new shape of equal element count. */
    Tensor reshape(Tensor x, Shape shape);

    /** A new tensor equal to {@code x}. */
    default Tensor copy(Tensor x) {
        return cast(x, x.dtype());
    }

    /**
     * Brings a tensor of another backend into this one (through host memory unless overridden).
     * The argument is left open.
     */
    default Tensor transfer(Tensor x) {
        Shape s = x.shape();
        return switch (x.dtype()) {
            case FLOAT32 -> fromFloats(x.toFloatArray(), s);
            case FLOAT64 -> fromDoubles(x.toDoubleArray(), s);
            case INT32 -> fromInts(x.toIntArray(), s);
            case INT64 -> fromLongs(x.toLongArray(), s);
            case BOOL -> fromBooleans(x.toBooleanArray(), s);
        };
    }

    /** Memory use, where the backend tracks it; {@link MemoryStats#UNKNOWN} otherwise. */
    default MemoryStats memoryStats() {
        return MemoryStats.UNKNOWN;
    }

    // ------------------------------------------------------------------ random
    // The defaults draw on the host from java.util.SplittableRandom(seed), so every backend that keeps them produces
    // the same numbers for the same seed. A backend that generates on its device documents its own stream.

    /** Uniform values in {@code [min, max)} of a float dtype. */
    default Tensor randomUniform(Shape shape, DType dtype, double min, double max, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[shape.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = min + (max - min) * r.nextDouble();
        }
        return hostFloating(v, shape, dtype);
    }

    /** Normally distributed values of a float dtype. */
    default Tensor randomNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[shape.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + stddev * gaussian(r);
        }
        return hostFloating(v, shape, dtype);
    }

    /**
     * Normal values redrawn until they lie within two standard deviations of the mean (as Keras's
     * {@code truncated_normal}).
     */
    default Tensor truncatedNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[shape.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            double g;
            do {
                g = gaussian(r);
            } while (g < -2 || g > 2);
            v[i] = mean + stddev * g;
        }
        return hostFloating(v, shape, dtype);
    }

    /** A bool tensor, each element true with probability {@code p}. */
    default Tensor bernoulli(Shape shape, double p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean[] v = new boolean[shape.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < p;
        }
        return fromBooleans(v, shape);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller, written out so that the stream is fixed by this contract, not by a JDK version.
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private Tensor hostFloating(double[] v, Shape shape, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return fromDoubles(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        Tensor t = fromFloats(f, shape);
        if (dtype == DType.FLOAT32) {
            return t;
        }
        try (t) {
            return cast(t, dtype);
        }
    }

    // ------------------------------------------------------------------ element-wise

    /** Applies {@code op} to every element; see {@link UnaryOp} for the dtype rules. */
    Tensor unary(UnaryOp op, Tensor x);

    /** Applies {@code op} to broadcast pairs of elements; operands have equal dtypes; see {@link BinaryOp}. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /**
     * {@code cond ? a : b} element-wise; {@code cond} is bool, {@code a} and {@code b} have equal dtypes, and all three
     * broadcast together.
     */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    /** Limits values to {@code [min, max]} (NaN stays NaN). */
    default Tensor clip(Tensor x, double min, double max) {
        try (Tensor lo = full(Shape.scalar(), x.dtype(), min);
             Tensor hi = full(Shape.scalar(), x.dtype(), max);
             Tensor a = binary(BinaryOp.MAX, x, lo)) {
            return binary(BinaryOp.MIN, a, hi);
        }
    }

    /**
     * The gradient of relu: {@code x > 0 ? grad : 0} element-wise (0 where {@code x} is NaN). {@code grad} and
     * {@code x} have the same shape and float dtype; {@code x} may be relu's input or its output (both are positive
     * at the same places). One pass instead of a comparison and a select.
     */
    default Tensor reluBackward(Tensor grad, Tensor x) {
        try (Tensor zero = full(Shape.scalar(), x.dtype(), 0);
             Tensor positive = binary(BinaryOp.GT, x, zero)) {
            return where(positive, grad, zero);
        }
    }

    // ------------------------------------------------------------------ reductions

    /**
     * Reduces over {@code axes} (distinct, sorted, in {@code [0, rank)}; empty means no reduction, a copy).
     * With {@code keepDims} the reduced axes stay with size 1; without, they are removed.
     */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

    /**
     * Index of the largest element along {@code axis} as int64; ties go to the first; a NaN counts as the largest.
     * The axis is not empty.
     */
    Tensor argmax(Tensor x, int axis, boolean keepDims);

    /** Index of the smallest element along {@code axis} as int64; ties go to the first; NaN counts as the smallest. */
    Tensor argmin(Tensor x, int axis, boolean keepDims);

    /** Arithmetic mean over {@code axes} of a float tensor; the mean of nothing is NaN. */
    default Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        long count = 1;
        for (int a : axes) {
            count *= x.shape().dim(a);
        }
        try (Tensor s = reduce(ReduceOp.SUM, x, axes, keepDims);
             Tensor n = full(Shape.scalar(), x.dtype(), count)) {
            return binary(BinaryOp.DIV, s, n);
        }
    }

    /** {@code log(sum(exp(x)))} over {@code axes} of a float tensor, computed without overflow. */
    default Tensor logSumExp(Tensor x, int[] axes, boolean keepDims) {
        try (Tensor m = reduce(ReduceOp.MAX, x, axes, true);
             Tensor finite = unary(UnaryOp.ISINF, m);
             Tensor zero = full(Shape.scalar(), x.dtype(), 0);
             Tensor safeM = where(finite, zero, m);
             Tensor shifted = binary(BinaryOp.SUB, x, safeM);
             Tensor e = unary(UnaryOp.EXP, shifted);
             Tensor s = reduce(ReduceOp.SUM, e, axes, true);
             Tensor l = unary(UnaryOp.LOG, s);
             Tensor r = binary(BinaryOp.ADD, l, safeM)) {
            return keepDims ? copy(r) : reshape(r, reducedShape(x.shape(), axes));
        }
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * Batched matrix product. {@code a} is {@code [..., M, K]} ({@code [..., K, M]} if {@code transposeA}), {@code b}
     * is {@code [..., K, N]} ({@code [..., N, K]} if {@code transposeB}); both have rank at least 2, the same numeric
     * dtype, and their batch dimensions {@code ...} broadcast. The result is {@code [broadcast(...), M, N]}. K may be 0
     * (the result is zeros).
     */
    Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB);

    // ------------------------------------------------------------------ shape and movement

    /** Permutes the axes: result axis {@code i} is input axis {@code permutation[i]} (a permutation of 0..rank-1). */
    Tensor transpose(Tensor x, int[] permutation);

    /**
     * The elements {@code begin[d], begin[d] + strides[d], …} below {@code end[d]} of every axis d; bounds satisfy
     * {@code 0 <= begin <= end <= dim} and strides are positive. Result dimension {@code ceil((end - begin) / stride)}.
     */
    Tensor slice(Tensor x, int[] begin, int[] end, int[] strides);

    /** Joins tensors of equal rank and dtype along {@code axis}; all other dimensions are equal; at least one tensor. */
    Tensor concat(List<Tensor> xs, int axis);

    /** Pads with {@code value}: {@code padding[d] = {before, after}}, non-negative. */
    Tensor pad(Tensor x, int[][] padding, double value);

    /**
     * {@code numpy.take(x, indices, axis)}: the result has shape {@code x.shape[:axis] + indices.shape +
     * x.shape[axis+1:]}. Indices are int32 or int64; a negative index counts from the end. An index outside
     * {@code [-dim, dim)} is an {@link IllegalArgumentException} naming it (a device backend that cannot check cheaply
     * may produce zeros there instead, but never reads out of bounds).
     */
    Tensor gather(Tensor x, Tensor indices, int axis);

    /**
     * The adjoint of {@link #gather}: a tensor of {@code shape} that is zero except that each slice of
     * {@code updates} is added at the position its index names along {@code axis}; repeated indices accumulate.
     * {@code updates} has shape {@code shape[:axis] + indices.shape + shape[axis+1:]}; index rules as in gather.
     */
    Tensor scatterAdd(Shape shape, Tensor indices, Tensor updates, int axis);

    /** Repeats {@code x} along its size-1 (and missing leading) dimensions to {@code shape}. */
    Tensor broadcastTo(Tensor x, Shape shape);

    /**
     * {@code dtype} tensor of shape {@code indices.shape + [depth]} with 1 where the last index equals the index value
     * and 0 elsewhere; indices outside {@code [0, depth)} give an all-zero row (as Keras).
     */
    default Tensor oneHot(Tensor indices, int depth, DType dtype) {
        if (depth < 0) {
            throw new IllegalArgumentException("oneHot: depth must be >= 0, got " + depth);
        }
        long[] range = new long[depth];
        for (int i = 0; i < depth; i++) {
            range[i] = i;
        }
        Shape s = indices.shape();
        try (Tensor r = fromLongs(range, Shape.of(depth));
             Tensor idx = cast(indices, DType.INT64);
             Tensor col = reshape(idx, s.insert(s.rank(), 1));
             Tensor eq = binary(BinaryOp.EQ, col, r)) {
            return cast(eq, dtype);
        }
    }

    /** Repeats the whole of {@code x} {@code multiples[d]} times along each axis d (multiples.length = rank). */
    default Tensor tile(Tensor x, int[] multiples) {
        int n = x.rank();
        if (multiples == null || multiples.length != n) {
            throw new IllegalArgumentException("tile: needs one multiple per axis of " + x.shape() + " (" + n
                    + "), got " + (multiples == null ? "null" : Arrays.toString(multiples)));
        }
        for (int m : multiples) {
            if (m < 0) {
                throw new IllegalArgumentException("tile: multiples must be >= 0, got " + Arrays.toString(multiples));
            }
        }
        long[] spread = new long[2 * n];
        long[] target = new long[2 * n];
        long[] result = new long[n];
        for (int d = 0; d < n; d++) {
            spread[2 * d] = 1;
            spread[2 * d + 1] = x.shape().dim(d);
            target[2 * d] = multiples[d];
            target[2 * d + 1] = x.shape().dim(d);
            result[d] = multiples[d] * x.shape().dim(d);
        }
        try (Tensor r = reshape(x, Shape.of(spread));
             Tensor b = broadcastTo(r, Shape.of(target))) {
            return reshape(b, Shape.of(result));
        }
    }

    // ------------------------------------------------------------------ neural network

    /**
     * N-d convolution (cross-correlation, as every framework), channels-last; see {@link ConvSpec} for the layouts and
     * output size. Float dtypes.
     */
    Tensor conv(Tensor x, Tensor kernel, ConvSpec spec);

    /** Gradient of {@link #conv} with respect to its input: shape {@code inputShape}. */
    Tensor convBackwardData(Tensor gradOutput, Tensor kernel, Shape inputShape, ConvSpec spec);

    /** Gradient of {@link #conv} with respect to its kernel: shape {@code kernelShape}. */
    Tensor convBackwardFilter(Tensor x, Tensor gradOutput, Shape kernelShape, ConvSpec spec);

    /** N-d max or average pooling, channels-last; see {@link PoolSpec} and {@link PoolMode}. */
    Tensor pool(PoolMode mode, Tensor x, PoolSpec spec);

    /**
     * Gradient of {@link #pool} with respect to its input {@code x} (shape of {@code x}). Max pooling sends each
     * output gradient to the first maximal position of its window; average pooling spreads it evenly over the
     * window's in-bounds positions.
     */
    Tensor poolBackward(PoolMode mode, Tensor x, Tensor gradOutput, PoolSpec spec);

    /** {@code exp(x) / sum(exp(x))} along {@code axis}, stabilised by subtracting the maximum. */
    default Tensor softmax(Tensor x, int axis) {
        int[] ax = {axis};
        try (Tensor m = reduce(ReduceOp.MAX, x, ax, true);
             Tensor shifted = binary(BinaryOp.SUB, x, m);
             Tensor e = unary(UnaryOp.EXP, shifted);
             Tensor s = reduce(ReduceOp.SUM, e, ax, true)) {
            return binary(BinaryOp.DIV, e, s);
        }
    }

    /** {@code x - logsumexp(x)} along {@code axis}. */
    default Tensor logSoftmax(Tensor x, int axis) {
        // (x - m) - log(sum(exp(x - m))): subtracting the max first keeps float32 exact for large logits.
        int[] ax = {axis};
        try (Tensor m = reduce(ReduceOp.MAX, x, ax, true);
             Tensor infinite = unary(UnaryOp.ISINF, m);
             Tensor zero = full(Shape.scalar(), x.dtype(), 0);
             Tensor safeM = where(infinite, zero, m);
             Tensor shifted = binary(BinaryOp.SUB, x, safeM);
             Tensor e = unary(UnaryOp.EXP, shifted);
             Tensor s = reduce(ReduceOp.SUM, e, ax, true);
             Tensor l = unary(UnaryOp.LOG, s)) {
            return binary(BinaryOp.SUB, shifted, l);
        }
    }

    /**
     * The fused dense layer {@code activation(x · w + bias)}: {@code x} is {@code [..., in]}, {@code w} is
     * {@code [in, out]}, {@code bias} is {@code [out]} or {@code null}, {@code activation} is a {@link UnaryOp} or
     * {@code null} for linear.
     */
    default Tensor dense(Tensor x, Tensor w, Tensor bias, UnaryOp activation) {
        Tensor y = matmul(x, w, false, false);
        if (bias != null) {
            try (Tensor t = y) {
                y = binary(BinaryOp.ADD, t, bias);
            }
        }
        if (activation != null) {
            try (Tensor t = y) {
                y = unary(activation, t);
            }
        }
        return y;
    }

    /**
     * Per-example softmax cross-entropy {@code -sum(labels * logSoftmax(logits))} along {@code axis} (removed from the
     * result); {@code labels} is a probability distribution of the logits' shape and dtype.
     */
    default Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, int axis) {
        try (Tensor ls = logSoftmax(logits, axis);
             Tensor p = binary(BinaryOp.MUL, labels, ls);
             Tensor s = reduce(ReduceOp.SUM, p, new int[] {axis}, false)) {
            return unary(UnaryOp.NEG, s);
        }
    }

    /**
     * The gradient of {@link #softmaxCrossEntropy} with respect to the logits:
     * {@code upstream * (softmax(logits) * sum(labels) - labels)} along {@code axis}, where {@code upstream} has the
     * loss's shape (the logits' shape without {@code axis}, the logits' dtype) and is broadcast along {@code axis}.
     * {@code sum(labels)} is 1 for a probability distribution; it is kept so that the result is the exact
     * derivative for any labels. One op instead of the six (softmax, sum, multiply, subtract, reshape, multiply) a
     * training step would otherwise run for its loss.
     */
    default Tensor softmaxCrossEntropyBackward(Tensor logits, Tensor labels, Tensor upstream, int axis) {
        try (Tensor sm = softmax(logits, axis);
             Tensor total = reduce(ReduceOp.SUM, labels, new int[] {axis}, true);
             Tensor scaled = binary(BinaryOp.MUL, sm, total);
             Tensor diff = binary(BinaryOp.SUB, scaled, labels);
             Tensor g = reshape(upstream, logits.shape().with(axis, 1))) {
            return binary(BinaryOp.MUL, g, diff);
        }
    }

    // ------------------------------------------------------------------ normalization
    // Training-mode forward passes return the statistics they used, so that the backward pass need not recompute
    // them. Variances are biased (divided by the count), as Keras normalizes with, and taken in two passes (the mean
    // of the squared deviations from the mean, never E[x^2] - E[x]^2, which cancels for data far from zero). gamma and
    // beta may be null (Keras's scale=False / center=False: 1 and 0); the matching gradients are then null. Every
    // tensor argument has x's float dtype, the per-channel ones are 1-d, dy has x's shape, epsilon is finite and
    // >= 0. Statistics over no elements are NaN (the mean of nothing); NaN and infinities propagate as IEEE arithmetic
    // through these formulas does.

    /**
     * Batch normalization with the statistics of this batch: with {@code C = x.shape[axis]}, mean and variance are
     * taken over every axis but {@code axis} and {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta},
     * broadcast along {@code axis}. {@code x} is float, rank at least 2; {@code gamma}, {@code beta} are {@code [C]}.
     *
     * @return {@code {y, mean, variance}}, the statistics {@code [C]}
     */
    default Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        return ComposedNormalization.batchNormTraining(this, x, gamma, beta, axis, epsilon);
    }

    /**
     * Batch normalization with given statistics ({@code mean}, {@code variance} {@code [C]}, e.g. moving averages):
     * {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} broadcast along {@code axis}.
     */
    default Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, int axis,
                                      double epsilon) {
        return ComposedNormalization.batchNormInference(this, x, gamma, beta, mean, variance, axis, epsilon);
    }

    /**
     * The gradient of {@link #batchNormTraining} (the statistics depend on {@code x}), given the upstream gradient
     * {@code dy} and the {@code mean}, {@code variance} that the forward pass returned.
     *
     * @return {@code {dx, dgamma, dbeta}}; {@code dgamma} / {@code dbeta} null when gamma / beta were
     */
    default Tensor[] batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                       Tensor variance, int axis, double epsilon) {
        return ComposedNormalization.batchNormBackward(this, dy, x, gamma, beta, mean, variance, axis, epsilon);
    }

    /**
     * Layer normalization over the last axis: {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} with
     * mean and variance per row of the last axis. {@code x} is float, rank at least 1; {@code gamma}, {@code beta}
     * are {@code [x.shape[-1]]}. (Keras's LayerNormalization over several trailing axes reshapes them into one.)
     *
     * @return {@code {y, mean, variance}}, the statistics of shape {@code x.shape[:-1]}
     */
    default Tensor[] layerNorm(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        return ComposedNormalization.layerNorm(this, x, gamma, beta, epsilon);
    }

    /**
     * The gradient of {@link #layerNorm}, given the statistics it returned.
     *
     * @return {@code {dx, dgamma, dbeta}}; {@code dgamma} / {@code dbeta} null when gamma / beta were
     */
    default Tensor[] layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                       Tensor variance, double epsilon) {
        return ComposedNormalization.layerNormBackward(this, dy, x, gamma, beta, mean, variance, epsilon);
    }

    // ------------------------------------------------------------------ recurrent layers
    // A whole sequence in one call, so that a backend can run it as one primitive (oneDNN's RNN, cuDNN's). Layout is
    // batch-major as Keras: x [batch, time, input], states [batch, units]; time >= 1. Kernels as RnnCell describes.

    /**
     * Runs {@code cell} over the sequence from the initial state.
     *
     * @param c0       the initial cell state for {@link RnnCell#LSTM}; null otherwise
     * @param bias     as {@link RnnCell} describes, or null for none
     * @param training whether {@link #rnnBackward} will be called: a backend may then keep what the backward pass
     *                 needs in the fourth result
     * @return {@code {sequence [batch, time, units], lastH, lastC (LSTM; null otherwise), saved (training; may be
     *         null)}}: {@code saved} is an opaque tensor of this backend that only {@link #rnnBackward} reads
     */
    default Tensor[] rnnForward(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                                Tensor bias, boolean training) {
        return ComposedRecurrent.forward(this, cell, x, h0, c0, kernel, recurrentKernel, bias, training);
    }

    /**
     * The gradient of {@link #rnnForward} (called with {@code training = true}) with respect to every input.
     *
     * @param forward   the four results of that forward call; an implementation that finds no saved tensor of its own
     *                  there (a forward call without {@code training}) recomputes what it needs
     * @param dSequence upstream gradient of the sequence, or null for zeros
     * @param dLastH    upstream gradient of the last state, or null for zeros
     * @param dLastC    upstream gradient of the last cell state (LSTM), or null for zeros
     * @return {@code {dx, dh0, dc0 (LSTM; null otherwise), dKernel, dRecurrentKernel, dBias (null without bias)}}
     */
    default Tensor[] rnnBackward(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                                 Tensor bias, Tensor[] forward, Tensor dSequence, Tensor dLastH, Tensor dLastC) {
        return ComposedRecurrent.backward(this, cell, x, h0, c0, kernel, recurrentKernel, bias, forward, dSequence,
                dLastH, dLastC);
    }

    // ------------------------------------------------------------------ optimizer updates
    // One step of an optimizer for one variable, as a single call so that a backend can run it as one fused kernel
    // instead of a dozen element-wise passes. Operands share the variable's shape and float dtype; learningRate is a
    // scalar of that dtype (a tensor, so that a device backend need not copy it to the host). The results are new
    // tensors; the caller assigns them. The defaults follow the Keras 3 formulas op for op.

    /**
     * SGD with momentum, as Keras's {@code SGD(momentum, nesterov)} with {@code momentum != 0}:
     * <pre>
     * m'   = momentum * m - lr * g
     * var' = var + m'                          (nesterov = false)
     * var' = var + momentum * m' - lr * g      (nesterov = true)
     * </pre>
     *
     * @return {@code {var', m'}}
     */
    default Tensor[] sgdMomentumUpdate(Tensor variable, Tensor gradient, Tensor m, Tensor learningRate,
                                      double momentum, boolean nesterov) {
        try (Tensor lrG = binary(BinaryOp.MUL, gradient, learningRate);
             Tensor mu = full(Shape.scalar(), variable.dtype(), momentum);
             Tensor decayed = binary(BinaryOp.MUL, m, mu)) {
            Tensor newM = binary(BinaryOp.SUB, decayed, lrG);
            if (!nesterov) {
                return new Tensor[] {binary(BinaryOp.ADD, variable, newM), newM};
            }
            try (Tensor ahead = binary(BinaryOp.MUL, newM, mu);
                 Tensor step = binary(BinaryOp.SUB, ahead, lrG)) {
                return new Tensor[] {binary(BinaryOp.ADD, variable, step), newM};
            }
        }
    }

    /**
     * Adam, as Keras's {@code Adam}: the bias correction goes into the step size and epsilon is added to the square
     * root (not inside it), with {@code t = step} the 1-based number of this update:
     * <pre>
     * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
     * m'    = m + (g - m) * (1 - beta1)
     * v'    = v + (g^2 - v) * (1 - beta2)
     * vHat' = max(vHat, v')                    (AMSGrad, when vHat is not null)
     * var'  = var - m' * alpha / (sqrt(v') + epsilon)        (sqrt(vHat') with AMSGrad)
     * </pre>
     * The bias-correction factor {@code sqrt(1 - beta2^t) / (1 - beta1^t)} is computed in double precision.
     *
     * @param vHat the running maximum of {@code v} for AMSGrad, or {@code null} for plain Adam
     * @param step the 1-based update count {@code t} (at least 1)
     * @return {@code {var', m', v'}}, and {@code vHat'} fourth with AMSGrad
     */
    default Tensor[] adamUpdate(Tensor variable, Tensor gradient, Tensor m, Tensor v, Tensor vHat,
                                Tensor learningRate, double beta1, double beta2, double epsilon, long step) {
        double correction = Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
        DType dt = variable.dtype();
        Tensor newM;
        Tensor newV;
        Tensor newVHat = null;
        try (Tensor oneMinusB1 = full(Shape.scalar(), dt, 1 - beta1);
             Tensor oneMinusB2 = full(Shape.scalar(), dt, 1 - beta2);
             Tensor dm = binary(BinaryOp.SUB, gradient, m);
             Tensor dmScaled = binary(BinaryOp.MUL, dm, oneMinusB1);
             Tensor g2 = unary(UnaryOp.SQUARE, gradient);
             Tensor dv = binary(BinaryOp.SUB, g2, v);
             Tensor dvScaled = binary(BinaryOp.MUL, dv, oneMinusB2)) {
            newM = binary(BinaryOp.ADD, m, dmScaled);
            newV = binary(BinaryOp.ADD, v, dvScaled);
        }
        if (vHat != null) {
            newVHat = binary(BinaryOp.MAX, vHat, newV);
        }
        try (Tensor c = full(Shape.scalar(), dt, correction);
             Tensor alpha = binary(BinaryOp.MUL, learningRate, c);
             Tensor eps = full(Shape.scalar(), dt, epsilon);
             Tensor root = unary(UnaryOp.SQRT, newVHat != null ? newVHat : newV);
             Tensor denominator = binary(BinaryOp.ADD, root, eps);
             Tensor numerator = binary(BinaryOp.MUL, newM, alpha);
             Tensor delta = binary(BinaryOp.DIV, numerator, denominator)) {
            Tensor newVar = binary(BinaryOp.SUB, variable, delta);
            return newVHat == null ? new Tensor[] {newVar, newM, newV} : new Tensor[] {newVar, newM, newV, newVHat};
        }
    }

    // Donating variants: the optimizer assigns the results to the variables that held the inputs, which closes the
    // inputs straight after the call. Telling the backend so lets it write the results over the inputs' memory (when no
    // other tensor shares it) instead of into new memory: an update then reads and writes each array once, where
    // writing fresh memory costs another read of it (the cache line is fetched before it is written).

    /**
     * {@link #sgdMomentumUpdate} whose {@code variable} and {@code m} are donated: the caller closes them right after
     * this call and reads them no more, so a backend may reuse their memory for the results. The results are valid
     * after the donated inputs are closed. The default ignores the donation.
     */
    default Tensor[] sgdMomentumUpdateDonated(Tensor variable, Tensor gradient, Tensor m, Tensor learningRate,
                                              double momentum, boolean nesterov) {
        return sgdMomentumUpdate(variable, gradient, m, learningRate, momentum, nesterov);
    }

    /**
     * {@link #adamUpdate} whose {@code variable}, {@code m}, {@code v} and {@code vHat} are donated: the caller closes
     * them right after this call and reads them no more, so a backend may reuse their memory for the results. The
     * results are valid after the donated inputs are closed. The default ignores the donation.
     */
    default Tensor[] adamUpdateDonated(Tensor variable, Tensor gradient, Tensor m, Tensor v, Tensor vHat,
                                       Tensor learningRate, double beta1, double beta2, double epsilon, long step) {
        return adamUpdate(variable, gradient, m, v, vHat, learningRate, beta1, beta2, epsilon, step);
    }

    private static Shape reducedShape(Shape s, int[] axes) {
        long[] d = s.dims();
        long[] r = new long[d.length - axes.length];
        int k = 0;
        outer:
        for (int i = 0; i < d.length; i++) {
            for (int a : axes) {
                if (a == i) {
                    continue outer;
                }
            }
            r[k++] = d[i];
        }
        return Shape.of(r);
    }
}
