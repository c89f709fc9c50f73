package dev.sheaf.backend.cpu;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.MemoryStats;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import org.bytedeco.javacpp.Pointer;

/**
 * The oneDNN backend. Matrix products (with fused bias and activation), convolution, pooling, softmax, large
 * element-wise ops and large reductions run on oneDNN primitives cached per shape in a {@link PrimitiveCache}. The
 * small and medium float32 ops of a training step (binary ops with broadcasting, selects, comparisons, cheap unary
 * ops, sum/max/min reductions, one-hot, softmax cross-entropy, fused Adam and SGD-momentum updates) run as Java loops
 * over heap copies ({@link FloatLoops}, {@link Scratch}): below {@link FloatLoops#NATIVE_THRESHOLD} elements that is
 * cheaper than waking oneDNN's OpenMP team, and nothing runs in Java threads of its own, so the cores are left to
 * oneDNN. What oneDNN has no primitive for runs as plain Java loops over the native buffers, never on another backend:
 * float64, integer and bool math and the float32 functions oneDNN lacks ({@link WideUnary}, {@link WideBinary},
 * {@link WideReductions}), float64 and integer matrix products ({@link JavaMatMul}), float64 convolution and pooling
 * ({@link JavaConvolution}, {@link JavaPooling}); gather, scatter-add, concat and pad move rows directly over the
 * native buffers ({@link JavaSelect}, {@link JavaMovement}).
 *
 * <p>Tensors live in 64-byte aligned native memory, reused through a bounded {@link BlockPool} and freed by
 * {@code close()}. The backend itself holds the oneDNN engine and primitives; {@link #close()} destroys them (a
 * shutdown hook does so at JVM exit).
 */
public final class CpuBackend implements Backend, AutoCloseable {
    /** The backend's name. */
    public static final String NAME = "cpu";
    private static final int CACHE_CAPACITY = 1024;

    private final Dnnl dnnl;
    private final Thread shutdownHook;

    /** Creates the oneDNN engine and stream; the natives must load (see {@link CpuBackendProvider#availability()}). */
    public CpuBackend() {
        this.dnnl = new Dnnl(CACHE_CAPACITY);
        Dnnl d = dnnl;
        this.shutdownHook = new Thread(d::close, "sheaf-cpu-backend-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Number of primitive-cache entries created so far: oneDNN primitives, a convolution counting once with the
     * reorders into and out of its layouts. Stays constant once a training loop is warm.
     */
    public long primitivesCreated() {
        synchronized (dnnl) {
            return dnnl.cache().created();
        }
    }

    /** Destroys the cached oneDNN primitives, the stream and the engine. Ops called afterwards throw. */
    @Override
    public void close() {
        dnnl.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs or ran, and close() is idempotent.
        }
    }

    // ------------------------------------------------------------------ memory

    @Override
    public Tensor fromFloats(float[] data, Shape shape) {
        Checks.given("fromFloats", "the data", data);
        CpuTensor t = allocate("fromFloats", data.length, shape, DType.FLOAT32);
        HostData.write(t, data);
        return t;
    }

    @Override
    public Tensor fromDoubles(double[] data, Shape shape) {
        Checks.given("fromDoubles", "the data", data);
        CpuTensor t = allocate("fromDoubles", data.length, shape, DType.FLOAT64);
        HostData.write(t, data);
        return t;
    }

    @Override
    public Tensor fromInts(int[] data, Shape shape) {
        Checks.given("fromInts", "the data", data);
        CpuTensor t = allocate("fromInts", data.length, shape, DType.INT32);
        HostData.write(t, data);
        return t;
    }

    @Override
    public Tensor fromLongs(long[] data, Shape shape) {
        Checks.given("fromLongs", "the data", data);
        CpuTensor t = allocate("fromLongs", data.length, shape, DType.INT64);
        HostData.write(t, data);
        return t;
    }

    @Override
    public Tensor fromBooleans(boolean[] data, Shape shape) {
        Checks.given("fromBooleans", "the data", data);
        CpuTensor t = allocate("fromBooleans", data.length, shape, DType.BOOL);
        HostData.write(t, data);
        return t;
    }

    private CpuTensor allocate(String op, int length, Shape shape, DType dtype) {
        Checks.given(op, "the shape", shape);
        if (length != shape.elementCount()) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + shape + " of "
                    + shape.elementCount() + " elements");
        }
        return CpuTensor.allocate(this, shape, dtype);
    }

    @Override
    public Tensor full(Shape shape, DType dtype, double value) {
        Checks.given("full", "the shape", shape);
        Checks.given("full", "the dtype", dtype);
        CpuTensor t = CpuTensor.allocate(this, shape, dtype);
        Fill.fill(t, value);
        return t;
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        CpuTensor a = operand(x, "cast");
        Checks.given("cast", "the dtype", dtype);
        CpuTensor r = CpuTensor.allocate(this, a.shape(), dtype);
        if (dtype == a.dtype()) {
            Pointer.memcpy(r.pointer(), a.pointer(), a.memory().bytes());
        } else if (a.dtype().isFloating()) {
            HostData.write(r, HostData.floating(a));
        } else {
            HostData.write(r, HostData.integral(a));
        }
        return r;
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        CpuTensor a = operand(x, "reshape");
        Checks.given("reshape", "the shape", shape);
        if (shape.elementCount() != a.shape().elementCount()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + a.describe() + " to " + shape
                    + " (" + shape.elementCount() + " elements)");
        }
        // Tensors are never written after creation, so a reshape can share the memory (reference-counted).
        return new CpuTensor(this, shape, a.dtype(), a.memory().retain());
    }

    @Override
    public Tensor copy(Tensor x) {
        return cast(x, x.dtype());
    }

    @Override
    public MemoryStats memoryStats() {
        return new MemoryStats(NativeMemory.bytesInUse(), NativeMemory.peakBytes());
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        CpuTensor a = operand(x, "unary", op);
        Checks.given("unary", "the op", op);
        Checks.unary(op, a.dtype());
        Eltwise.Alg alg = Eltwise.of(op);
        boolean java = JavaElementwise.handles(op);
        // Small tensors in Java: waking oneDNN's thread team costs more than the loop.
        if (a.dtype() == DType.FLOAT32 && java && (alg == null || a.size() <= FloatLoops.NATIVE_THRESHOLD)) {
            return JavaElementwise.unary(this, op, a);
        }
        if (a.dtype() == DType.FLOAT32 && alg != null && a.size() > 0) {
            return Eltwise.run(this, dnnl, alg, a);
        }
        return WideUnary.apply(this, op, a);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        CpuTensor x = operand(a, "binary", op);
        CpuTensor y = operand(b, "binary", op);
        Checks.given("binary", "the op", op);
        if (x.dtype() == DType.FLOAT32 && y.dtype() == DType.FLOAT32) {
            Shape out = Shape.broadcast(x.shape(), y.shape(), "binary"); // Ops has checked; no name built per call
            if (out.elementCount() == 0) {
                return CpuTensor.allocate(this, out, op.isComparison() ? DType.BOOL : DType.FLOAT32);
            }
            if (FloatLoops.handles(op)
                    && (Binary.alg(op) < 0 || out.elementCount() <= FloatLoops.NATIVE_THRESHOLD)) {
                return FloatLoops.binary(this, op, x, y, out);
            }
            if (Binary.alg(op) >= 0) {
                CpuTensor r = Binary.run(this, dnnl, op, x, y, out);
                if (r != null) {
                    return r;
                }
                try (CpuTensor wide = (CpuTensor) broadcastTo(x, out)) {
                    return Binary.run(this, dnnl, op, wide, y, out);
                }
            }
        }
        requireSameDType(op, x, y);
        if (!op.isComparison() && !x.dtype().isNumeric()) {
            throw new IllegalArgumentException("binary " + op + " takes numeric operands, got " + x.dtype()
                    + "; cast first");
        }
        return WideBinary.apply(this, op, x, y, Shape.broadcast(x.shape(), y.shape(), "binary"));
    }

    /** One pass over float32 operands instead of the default's comparison and select. */
    @Override
    public Tensor reluBackward(Tensor grad, Tensor x) {
        CpuTensor g = operand(grad, "reluBackward");
        CpuTensor v = operand(x, "reluBackward");
        Checks.floating("reluBackward", "x", v.dtype());
        Checks.shape("reluBackward", "the gradient", v.shape(), g.shape());
        Checks.sameDType("reluBackward", "the gradient", v.dtype(), g.dtype());
        if (v.dtype() == DType.FLOAT32 && v.size() > 0) {
            return FloatLoops.reluBackward(this, g, v);
        }
        return Backend.super.reluBackward(g, v);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        CpuTensor c = operand(cond, "where");
        CpuTensor x = operand(a, "where");
        CpuTensor y = operand(b, "where");
        if (c.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: the condition must be bool, got " + c.describe()
                    + "; compare or cast it first");
        }
        if (x.dtype() == DType.FLOAT32 && y.dtype() == DType.FLOAT32) {
            Shape out = Shape.broadcast(Shape.broadcast(c.shape(), x.shape(), "where"), y.shape(), "where");
            if (out.elementCount() > 0 && FloatLoops.flat(out, c, x, y)) {
                return FloatLoops.whereSimple(this, c, x, y, out);
            }
            return JavaElementwise.where(this, c, x, y, out);
        }
        requireSameDType("where", x, y);
        Shape out = Shape.broadcast(Shape.broadcast(c.shape(), x.shape(), "where"), y.shape(), "where");
        return JavaSelect.where(this, c, x, y, out);
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        CpuTensor a = operand(x, "reduce", op);
        Checks.given("reduce", "the op", op);
        Checks.reductionAxes("reduce " + op, axes, a.shape());
        if (a.dtype() == DType.FLOAT32 && a.size() > 0 && JavaReductions.contiguous(axes) && (op == ReduceOp.MAX
                || op == ReduceOp.MIN || op == ReduceOp.SUM && a.size() <= FloatLoops.NATIVE_THRESHOLD)) {
            return JavaReductions.reduce(this, op, a, axes, keepDims);
        }
        if (a.dtype() == DType.FLOAT32 && a.size() > 0 && reducesSomething(a, axes) && (op == ReduceOp.SUM
                || op == ReduceOp.PROD)) {
            CpuTensor kept = Reduction.run(this, dnnl, op, a, axes);
            if (keepDims) {
                return kept;
            }
            try (kept) {
                return reshape(kept, removeAxes(a.shape(), axes));
            }
        }
        return WideReductions.reduce(this, op, a, axes, keepDims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDims) {
        CpuTensor a = operand(x, "argmax");
        int ax = argAxis("argmax", a, axis);
        if (a.dtype() == DType.FLOAT32) {
            return JavaElementwise.argExtreme(this, a, ax, keepDims, true);
        }
        return WideReductions.argExtreme(this, a, ax, keepDims, true);
    }

    @Override
    public Tensor argmin(Tensor x, int axis, boolean keepDims) {
        CpuTensor a = operand(x, "argmin");
        int ax = argAxis("argmin", a, axis);
        if (a.dtype() == DType.FLOAT32) {
            return JavaElementwise.argExtreme(this, a, ax, keepDims, false);
        }
        return WideReductions.argExtreme(this, a, ax, keepDims, false);
    }

    /** The axis of an argmax or argmin, normalised, after checking that it is not empty. */
    private static int argAxis(String op, CpuTensor x, int axis) {
        int a = Checks.axis(op, axis, x.shape());
        if (x.shape().dim(a) == 0) {
            throw new IllegalArgumentException(op + ": axis " + a + " of shape " + x.shape() + " is empty; it has no "
                    + (op.equals("argmax") ? "largest" : "smallest") + " element");
        }
        return a;
    }

    // ------------------------------------------------------------------ linear algebra

    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        CpuTensor x = operand(a, "matmul");
        CpuTensor y = operand(b, "matmul");
        Checks.matmul("matmul", x.shape(), y.shape(), x.dtype(), y.dtype(), transposeA, transposeB);
        if (x.dtype() == DType.FLOAT32 && Dims.fits(Math.max(x.rank(), y.rank()))) {
            long k = transposeA ? x.shape().dim(-2) : x.shape().dim(-1);
            long m = transposeA ? x.shape().dim(-1) : x.shape().dim(-2);
            long n = transposeB ? y.shape().dim(-2) : y.shape().dim(-1);
            if (k > 0 && m > 0 && n > 0 && batchNonEmpty(x, y)) {
                return MatMul.run(this, dnnl, x, y, transposeA, transposeB, null, MatMul.NO_ACTIVATION);
            }
        }
        requireSameDType("matmul", x, y);
        return JavaMatMul.run(this, x, y, transposeA, transposeB);
    }

    // ------------------------------------------------------------------ shape and movement

    @Override
    public Tensor transpose(Tensor x, int[] permutation) {
        CpuTensor a = operand(x, "transpose");
        Checks.permutation("transpose", permutation, a.shape());
        return Reorder.transpose(this, dnnl, a, permutation);
    }

    @Override
    public Tensor slice(Tensor x, int[] begin, int[] end, int[] strides) {
        CpuTensor a = operand(x, "slice");
        Checks.slice("slice", a.shape(), begin, end, strides);
        long block = contiguousBlock(a.shape(), begin, end, strides);
        if (block >= 0) {
            // No copy at all: rows i..j of a row-major tensor (a batch of a data set) lie side by side in memory, so
            // the slice is a view of them, as numpy's x[i:j] is (copying a 1000-row batch of 784 floats cost 0.3-0.4
            // ms, a tenth of predicting it). Tensors are immutable, and donated updates never overwrite shared memory.
            Shape out = Shape.of(sliceDims(begin, end));
            long size = a.dtype().byteSize();
            return new CpuTensor(this, out, a.dtype(), a.memory().view(block * size, out.elementCount() * size));
        }
        return Reorder.slice(this, dnnl, a, begin, end, strides);
    }

    /**
     * The element offset of the slice when it is one contiguous block of the row-major {@code shape} (unit strides,
     * every axis after the first sliced one taken whole, every axis before it a single index), else -1.
     */
    private static long contiguousBlock(Shape shape, int[] begin, int[] end, int[] strides) {
        long[] d = shape.dims();
        int first = 0;
        while (first < d.length && end[first] - begin[first] == 1) {
            first++;
        }
        long offset = 0;
        for (int i = 0; i < d.length; i++) {
            if (strides[i] != 1 || i > first && (begin[i] != 0 || end[i] != d[i])) {
                return -1;
            }
            offset = offset * d[i] + begin[i];
        }
        return offset;
    }

    private static long[] sliceDims(int[] begin, int[] end) {
        long[] r = new long[begin.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = end[i] - begin[i];
        }
        return r;
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        if (xs == null || xs.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        CpuTensor[] ts = new CpuTensor[xs.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = operand(xs.get(i), "concat");
        }
        return JavaMovement.concat(this, ts, axis);
    }

    @Override
    public Tensor pad(Tensor x, int[][] padding, double value) {
        CpuTensor a = operand(x, "pad");
        Checks.padding("pad", padding, a.shape());
        return JavaMovement.pad(this, a, padding, value);
    }

    @Override
    public Tensor gather(Tensor x, Tensor indices, int axis) {
        CpuTensor a = operand(x, "gather");
        CpuTensor i = operand(indices, "gather");
        if (a.rank() == 0) {
            throw new IllegalArgumentException("gather: needs a tensor of rank >= 1 to take from, got " + a.describe());
        }
        return JavaSelect.gather(this, a, i, Checks.axis("gather", axis, a.shape()));
    }

    @Override
    public Tensor scatterAdd(Shape shape, Tensor indices, Tensor updates, int axis) {
        CpuTensor i = operand(indices, "scatterAdd");
        CpuTensor u = operand(updates, "scatterAdd");
        Checks.given("scatterAdd", "the shape", shape);
        return JavaMovement.scatterAdd(this, shape, i, u, axis);
    }

    @Override
    public Tensor broadcastTo(Tensor x, Shape shape) {
        CpuTensor a = operand(x, "broadcastTo");
        Checks.given("broadcastTo", "the shape", shape);
        if (!a.shape().isBroadcastableTo(shape)) {
            throw new IllegalArgumentException("broadcastTo: cannot broadcast " + a.describe() + " to " + shape
                    + "; each dimension must equal the target's or be 1, and the rank must not exceed the target's");
        }
        return JavaSelect.broadcastTo(this, a, shape);
    }

    // ------------------------------------------------------------------ neural network

    @Override
    public Tensor conv(Tensor x, Tensor kernel, ConvSpec spec) {
        CpuTensor a = operand(x, "conv");
        CpuTensor k = operand(kernel, "conv");
        Checks.conv("conv", spec, a.shape(), a.dtype(), k.shape(), k.dtype());
        if (a.dtype() == DType.FLOAT32 && nonEmpty(a.shape(), k.shape(),
                Convolution.outputShape(a.shape(), k.shape(), spec))) {
            return Convolution.forward(this, dnnl, a, k, spec);
        }
        return JavaConvolution.forward(this, a, k, spec);
    }

    @Override
    public Tensor convBackwardData(Tensor gradOutput, Tensor kernel, Shape inputShape, ConvSpec spec) {
        CpuTensor g = operand(gradOutput, "convBackwardData");
        CpuTensor k = operand(kernel, "convBackwardData");
        Checks.given("convBackwardData", "the input shape", inputShape);
        Checks.conv("convBackwardData", spec, inputShape, g.dtype(), k.shape(), k.dtype());
        Checks.shape("convBackwardData", "the output gradient",
                Convolution.outputShape(inputShape, k.shape(), spec), g.shape());
        if (g.dtype() == DType.FLOAT32 && nonEmpty(g.shape(), k.shape(), inputShape)) {
            return Convolution.backwardData(this, dnnl, g, k, inputShape, spec);
        }
        return JavaConvolution.backwardData(this, g, k, inputShape, spec);
    }

    @Override
    public Tensor convBackwardFilter(Tensor x, Tensor gradOutput, Shape kernelShape, ConvSpec spec) {
        CpuTensor a = operand(x, "convBackwardFilter");
        CpuTensor g = operand(gradOutput, "convBackwardFilter");
        Checks.given("convBackwardFilter", "the kernel shape", kernelShape);
        Checks.conv("convBackwardFilter", spec, a.shape(), a.dtype(), kernelShape, g.dtype());
        Checks.shape("convBackwardFilter", "the output gradient",
                Convolution.outputShape(a.shape(), kernelShape, spec), g.shape());
        if (a.dtype() == DType.FLOAT32 && nonEmpty(a.shape(), g.shape(), kernelShape)) {
            return Convolution.backwardWeights(this, dnnl, a, g, kernelShape, spec);
        }
        return JavaConvolution.backwardFilter(this, a, g, kernelShape, spec);
    }

    @Override
    public Tensor pool(PoolMode mode, Tensor x, PoolSpec spec) {
        CpuTensor a = operand(x, "pool");
        Checks.pool("pool", mode, spec, a.shape(), a.dtype());
        if (a.dtype() == DType.FLOAT32 && nonEmpty(a.shape(), Pooling.outputShape(a.shape(), spec))) {
            return Pooling.forward(this, dnnl, mode, a, spec);
        }
        return JavaPooling.forward(this, mode, a, spec);
    }

    @Override
    public Tensor poolBackward(PoolMode mode, Tensor x, Tensor gradOutput, PoolSpec spec) {
        CpuTensor a = operand(x, "poolBackward");
        CpuTensor g = operand(gradOutput, "poolBackward");
        Checks.pool("poolBackward", mode, spec, a.shape(), a.dtype());
        Checks.sameDType("poolBackward", "the output gradient", a.dtype(), g.dtype());
        Checks.shape("poolBackward", "the output gradient", Pooling.outputShape(a.shape(), spec), g.shape());
        if (a.dtype() == DType.FLOAT32 && nonEmpty(a.shape(), g.shape())) {
            return Pooling.backward(this, dnnl, mode, a, g, spec);
        }
        return JavaPooling.backward(this, mode, a, g, spec);
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        CpuTensor a = operand(x, "softmax");
        axis = a.rank() == 0 && axis == 0 ? 0 : Checks.axis("softmax", axis, a.shape());
        if (JavaSoftmax.handles(a, axis)) {
            return JavaSoftmax.run(this, a, false);
        }
        if (a.dtype() == DType.FLOAT32 && a.size() > 0 && Dims.fits(a.rank()) && !JavaElementwise.hasNonFinite(a)) {
            return Softmax.run(this, dnnl, a, axis, false);
        }
        return Backend.super.softmax(a, axis);
    }

    @Override
    public Tensor logSoftmax(Tensor x, int axis) {
        CpuTensor a = operand(x, "logSoftmax");
        axis = a.rank() == 0 && axis == 0 ? 0 : Checks.axis("logSoftmax", axis, a.shape());
        if (JavaSoftmax.handles(a, axis)) {
            return JavaSoftmax.run(this, a, true);
        }
        if (a.dtype() == DType.FLOAT32 && a.size() > 0 && Dims.fits(a.rank()) && !JavaElementwise.hasNonFinite(a)) {
            return Softmax.run(this, dnnl, a, axis, true);
        }
        return Backend.super.logSoftmax(a, axis);
    }

    /** One oneDNN matmul with the bias added and the activation applied in its epilogue. */
    @Override
    public Tensor dense(Tensor x, Tensor w, Tensor bias, UnaryOp activation) {
        CpuTensor a = operand(x, "dense");
        CpuTensor k = operand(w, "dense");
        CpuTensor b = bias == null ? null : operand(bias, "dense");
        checkDense(a, k, b);
        long in = k.shape().dim(0);
        long out = k.shape().dim(1);
        long rows = a.size() / Math.max(in, 1);
        if (a.dtype() != DType.FLOAT32 || in == 0 || out == 0 || rows == 0) {
            return Backend.super.dense(a, k, b, activation);
        }
        int fused = Eltwise.fusable(activation);
        Shape resultShape = a.shape().remove(a.rank() - 1).insert(a.rank() - 1, out);
        try (Tensor flat = reshape(a, Shape.of(rows, in));
             CpuTensor y = MatMul.run(this, dnnl, (CpuTensor) flat, k, false, false, b, fused)) {
            if (activation != null && fused == MatMul.NO_ACTIVATION) {
                try (Tensor act = unary(activation, y)) {
                    return reshape(act, resultShape);
                }
            }
            return reshape(y, resultShape);
        }
    }

    private static void checkDense(CpuTensor x, CpuTensor w, CpuTensor bias) {
        if (x.rank() < 1 || w.rank() != 2 || x.shape().dim(-1) != w.shape().dim(0)) {
            throw new IllegalArgumentException("dense: needs x [..., in] and a kernel [in, out] with equal in; got x "
                    + x.shape() + " and kernel " + w.shape());
        }
        Checks.sameDType("dense", "the kernel", x.dtype(), w.dtype());
        if (bias != null) {
            Checks.shape("dense", "the bias", Shape.of(w.shape().dim(1)), bias.shape());
            Checks.sameDType("dense", "the bias", x.dtype(), bias.dtype());
        }
    }

    /** A float32 one-hot as one pass over the labels (the default casts, compares and casts again). */
    @Override
    public Tensor oneHot(Tensor indices, int depth, DType dtype) {
        CpuTensor i = operand(indices, "oneHot");
        Checks.given("oneHot", "the dtype", dtype);
        if (depth < 0) {
            throw new IllegalArgumentException("oneHot: depth must be >= 0, got " + depth);
        }
        if (dtype == DType.FLOAT32 && (i.dtype() == DType.INT32 || i.dtype() == DType.INT64) && depth > 0
                && i.size() * depth <= Integer.MAX_VALUE) {
            return LossKernels.oneHot(this, i, depth);
        }
        return Backend.super.oneHot(i, depth, dtype);
    }

    /** Softmax cross-entropy over the last axis as one pass per row, for finite float32 logits. */
    @Override
    public Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, int axis) {
        CpuTensor x = operand(logits, "softmaxCrossEntropy");
        CpuTensor p = operand(labels, "softmaxCrossEntropy");
        axis = checkCrossEntropy("softmaxCrossEntropy", x, p, axis);
        if (x.dtype() == DType.FLOAT32 && axis == x.rank() - 1 && x.size() > 0 && !JavaElementwise.hasNonFinite(x)) {
            return LossKernels.softmaxCrossEntropy(this, x, p);
        }
        return Backend.super.softmaxCrossEntropy(x, p, axis);
    }

    /** The softmax cross-entropy gradient over the last axis as one pass per row for float32 (the default's ops). */
    @Override
    public Tensor softmaxCrossEntropyBackward(Tensor logits, Tensor labels, Tensor upstream, int axis) {
        CpuTensor x = operand(logits, "softmaxCrossEntropyBackward");
        CpuTensor p = operand(labels, "softmaxCrossEntropyBackward");
        CpuTensor g = operand(upstream, "softmaxCrossEntropyBackward");
        axis = checkCrossEntropy("softmaxCrossEntropyBackward", x, p, axis);
        Checks.shape("softmaxCrossEntropyBackward", "the upstream gradient", x.shape().remove(axis), g.shape());
        Checks.sameDType("softmaxCrossEntropyBackward", "the upstream gradient", x.dtype(), g.dtype());
        if (x.dtype() == DType.FLOAT32 && axis == x.rank() - 1 && x.size() > 0) {
            return LossKernels.softmaxCrossEntropyBackward(this, x, p, g);
        }
        return Backend.super.softmaxCrossEntropyBackward(x, p, g, axis);
    }

    /** The class axis, normalised, after checking that the labels match the logits. */
    private static int checkCrossEntropy(String op, CpuTensor logits, CpuTensor labels, int axis) {
        if (logits.rank() == 0) {
            throw new IllegalArgumentException(op + ": the logits need a class axis, got " + logits.describe());
        }
        Checks.floating(op, "the logits", logits.dtype());
        Checks.shape(op, "the labels", logits.shape(), labels.shape());
        Checks.sameDType(op, "the labels", logits.dtype(), labels.dtype());
        return Checks.axis(op, axis, logits.shape());
    }

    /** SGD with momentum as one fused pass for float32 (bit-identical to the composed default). */
    @Override
    public Tensor[] sgdMomentumUpdate(Tensor variable, Tensor gradient, Tensor m, Tensor learningRate,
                                      double momentum, boolean nesterov) {
        return sgdMomentum(variable, gradient, m, learningRate, momentum, nesterov, false);
    }

    /** {@link #sgdMomentumUpdate}, written over the donated variable and momentum where nothing else shares them. */
    @Override
    public Tensor[] sgdMomentumUpdateDonated(Tensor variable, Tensor gradient, Tensor m, Tensor learningRate,
                                             double momentum, boolean nesterov) {
        return sgdMomentum(variable, gradient, m, learningRate, momentum, nesterov, true);
    }

    private Tensor[] sgdMomentum(Tensor variable, Tensor gradient, Tensor m, Tensor learningRate, double momentum,
                                 boolean nesterov, boolean donated) {
        CpuTensor w = operand(variable, "sgdMomentumUpdate");
        CpuTensor g = operand(gradient, "sgdMomentumUpdate");
        CpuTensor mo = operand(m, "sgdMomentumUpdate");
        CpuTensor lr = operand(learningRate, "sgdMomentumUpdate");
        checkSlot("sgdMomentumUpdate", w, g, "the gradient");
        checkSlot("sgdMomentumUpdate", w, mo, "m");
        checkUpdate("sgdMomentumUpdate", w, lr);
        if (w.dtype() == DType.FLOAT32) {
            return OptimizerKernels.sgdMomentum(this, w, g, mo, lr, momentum, nesterov, donated);
        }
        return Backend.super.sgdMomentumUpdate(w, g, mo, lr, momentum, nesterov);
    }

    /** Adam (and AMSGrad) as one fused pass for float32 (bit-identical to the composed default). */
    @Override
    public Tensor[] adamUpdate(Tensor variable, Tensor gradient, Tensor m, Tensor v, Tensor vHat,
                               Tensor learningRate, double beta1, double beta2, double epsilon, long step) {
        return adam(variable, gradient, m, v, vHat, learningRate, beta1, beta2, epsilon, step, false);
    }

    /** {@link #adamUpdate}, written over the donated variable and slots where nothing else shares them. */
    @Override
    public Tensor[] adamUpdateDonated(Tensor variable, Tensor gradient, Tensor m, Tensor v, Tensor vHat,
                                      Tensor learningRate, double beta1, double beta2, double epsilon, long step) {
        return adam(variable, gradient, m, v, vHat, learningRate, beta1, beta2, epsilon, step, true);
    }

    private Tensor[] adam(Tensor variable, Tensor gradient, Tensor m, Tensor v, Tensor vHat, Tensor learningRate,
                          double beta1, double beta2, double epsilon, long step, boolean donated) {
        CpuTensor w = operand(variable, "adamUpdate");
        CpuTensor g = operand(gradient, "adamUpdate");
        CpuTensor mo = operand(m, "adamUpdate");
        CpuTensor ve = operand(v, "adamUpdate");
        CpuTensor vh = vHat == null ? null : operand(vHat, "adamUpdate");
        CpuTensor lr = operand(learningRate, "adamUpdate");
        checkSlot("adamUpdate", w, g, "the gradient");
        checkSlot("adamUpdate", w, mo, "m");
        checkSlot("adamUpdate", w, ve, "v");
        if (vh != null) {
            checkSlot("adamUpdate", w, vh, "vHat");
        }
        checkUpdate("adamUpdate", w, lr);
        if (step < 1) {
            throw new IllegalArgumentException("adamUpdate: step is the 1-based update count and must be >= 1, got "
                    + step);
        }
        if (w.dtype() == DType.FLOAT32) {
            return OptimizerKernels.adam(this, w, g, mo, ve, vh, lr, beta1, beta2, epsilon, step, donated);
        }
        return Backend.super.adamUpdate(w, g, mo, ve, vh, lr, beta1, beta2, epsilon, step);
    }

    /** An optimizer's variable and learning rate: a float variable, a one-element learning rate of its dtype. */
    private static void checkUpdate(String op, CpuTensor variable, CpuTensor lr) {
        Checks.floating(op, "the variable", variable.dtype());
        Checks.sameDType(op, "the learning rate", variable.dtype(), lr.dtype());
        if (lr.size() != 1) {
            throw new IllegalArgumentException(op + ": the learning rate must be a scalar, got " + lr.describe());
        }
    }

    /** An optimizer's gradient or slot: the variable's shape and dtype. */
    private static void checkSlot(String op, CpuTensor variable, CpuTensor slot, String name) {
        Checks.shape(op, name, variable.shape(), slot.shape());
        Checks.sameDType(op, name, variable.dtype(), slot.dtype());
    }

    // ------------------------------------------------------------------ normalization
    // oneDNN's batch_normalization / layer_normalization for non-empty float32 (see Normalization); the composed
    // defaults otherwise.

    @Override
    public Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        axis = checkNorm("batchNormTraining", null, x, axis, null, gamma, beta);
        Tensor[] r = Normalization.batchTraining(this, dnnl, x, gamma, beta, axis, epsilon);
        return r != null ? r : Backend.super.batchNormTraining(x, gamma, beta, axis, epsilon);
    }

    @Override
    public Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, int axis,
                                     double epsilon) {
        axis = checkNorm("batchNormInference", null, x, axis, null, gamma, beta, mean, variance);
        Tensor r = Normalization.batchInference(this, dnnl, x, gamma, beta, mean, variance, axis, epsilon);
        return r != null ? r : Backend.super.batchNormInference(x, gamma, beta, mean, variance, axis, epsilon);
    }

    @Override
    public Tensor[] batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance,
                                      int axis, double epsilon) {
        axis = checkNorm("batchNormBackward", dy, x, axis, null, gamma, beta, mean, variance);
        Tensor[] r = Normalization.batchBackward(this, dnnl, dy, x, gamma, beta, mean, variance, axis, epsilon);
        return r != null ? r : Backend.super.batchNormBackward(dy, x, gamma, beta, mean, variance, axis, epsilon);
    }

    @Override
    public Tensor[] layerNorm(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        checkNorm("layerNorm", null, x, -1, null, gamma, beta);
        Tensor[] r = Normalization.layer(this, dnnl, x, gamma, beta, epsilon);
        return r != null ? r : Backend.super.layerNorm(x, gamma, beta, epsilon);
    }

    @Override
    public Tensor[] layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance,
                                      double epsilon) {
        checkNorm("layerNormBackward", dy, x, -1, new Tensor[] {mean, variance}, gamma, beta);
        Tensor[] r = Normalization.layerBackward(this, dnnl, dy, x, gamma, beta, mean, variance, epsilon);
        return r != null ? r : Backend.super.layerNormBackward(dy, x, gamma, beta, mean, variance, epsilon);
    }

    /**
     * Checks a normalization call before oneDNN reads {@code C} values from each per-channel tensor (or writes their
     * gradients): {@code x} float and open, {@code dy} (when given) of x's shape, the per-channel tensors
     * {@code [C]} with {@code C = x.shape[axis]} (nulls allowed for gamma and beta, as the SPI says; mean and variance
     * are given), {@code rowStats} (layer normalization's statistics) of shape {@code x.shape[:-1]}; all of x's dtype.
     *
     * @return the axis, normalised
     */
    private static int checkNorm(String op, Tensor dy, Tensor x, int axis, Tensor[] rowStats, Tensor... perChannel) {
        CpuTensor a = operand(x, op);
        Checks.floating(op, "x", a.dtype());
        if (a.rank() < 1) {
            throw new IllegalArgumentException(op + ": needs x of rank >= 1, got " + a.describe());
        }
        int ax = Checks.axis(op, axis, a.shape());
        if (dy != null) {
            CpuTensor g = operand(dy, op);
            Checks.shape(op, "the gradient dy", a.shape(), g.shape());
            Checks.sameDType(op, "the gradient dy", a.dtype(), g.dtype());
        }
        String[] names = {"gamma", "beta", "the mean", "the variance"};
        Shape channels = Shape.of(a.shape().dim(ax));
        for (int i = 0; i < perChannel.length; i++) {
            if (perChannel[i] == null && i < 2) {
                continue;
            }
            CpuTensor t = operand(perChannel[i], op);
            Checks.shape(op, names[i], channels, t.shape());
            Checks.sameDType(op, names[i], a.dtype(), t.dtype());
        }
        if (rowStats != null) {
            Shape rows = a.shape().remove(a.rank() - 1);
            for (int i = 0; i < rowStats.length; i++) {
                CpuTensor t = operand(rowStats[i], op);
                Checks.shape(op, names[i + 2], rows, t.shape());
                Checks.sameDType(op, names[i + 2], a.dtype(), t.dtype());
            }
        }
        return ax;
    }

    // ------------------------------------------------------------------ recurrent
    // float32: oneDNN's RNN primitives (vanilla tanh/relu, LSTM, LBR GRU; see Recurrent), or oneDNN matmuls with fused
    // Java gate loops (RecurrentKernels) where oneDNN only has its reference RNN and runs on one thread (the rule and
    // its measurements: RecurrentKernels.mode). Anything else (float64, empty sizes) takes the composed default.

    @Override
    public Tensor[] rnnForward(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                               Tensor bias, boolean training) {
        CpuTensor[] in = rnnOperands("rnnForward", x, h0, c0, kernel, recurrentKernel, bias);
        Checks.rnn("rnnForward", cell, in[0], in[1], in[2], in[3], in[4], in[5]);
        if (Recurrent.handles(in[0], in[1], in[2], in[3], in[4], in[5])) {
            return RecurrentKernels.chosen(dnnl, cell, in[0], in[4])
                    ? RecurrentKernels.forward(this, dnnl, cell, in[0], in[1], in[2], in[3], in[4], in[5], training)
                    : Recurrent.forward(this, dnnl, cell, in[0], in[1], in[2], in[3], in[4], in[5], training);
        }
        return Backend.super.rnnForward(cell, x, h0, c0, kernel, recurrentKernel, bias, training);
    }

    @Override
    public Tensor[] rnnBackward(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                                Tensor bias, Tensor[] forward, Tensor dSequence, Tensor dLastH, Tensor dLastC) {
        CpuTensor[] in = rnnOperands("rnnBackward", x, h0, c0, kernel, recurrentKernel, bias);
        CpuTensor[] d = rnnOperands("rnnBackward", dSequence, dLastH, dLastC);
        Checks.rnn("rnnBackward", cell, in[0], in[1], in[2], in[3], in[4], in[5]);
        checkRnnGradients(cell, in[0], in[4], d);
        if (Recurrent.handles(in[0], in[1], in[2], in[3], in[4], in[5])
                && (d[0] == null || d[0].dtype() == DType.FLOAT32) && (d[1] == null || d[1].dtype() == DType.FLOAT32)
                && (d[2] == null || d[2].dtype() == DType.FLOAT32)) {
            // The path that made the saved tensor reads it (ours is rank 3, oneDNN's workspace rank 1); without one
            // of either, the path this call would take forward recomputes it.
            Tensor saved = forward != null && forward.length >= 4 ? forward[3] : null;
            boolean java = RecurrentKernels.isSaved(cell, in[0], in[4], saved)
                    || (!(saved instanceof CpuTensor w && !w.isClosed() && w.rank() == 1)
                        && RecurrentKernels.chosen(dnnl, cell, in[0], in[4]));
            return java
                    ? RecurrentKernels.backward(this, dnnl, cell, in[0], in[1], in[2], in[3], in[4], in[5], forward,
                        d[0], d[1], d[2])
                    : Recurrent.backward(this, dnnl, cell, in[0], in[1], in[2], in[3], in[4], in[5], forward, d[0],
                        d[1], d[2]);
        }
        return Backend.super.rnnBackward(cell, x, h0, c0, kernel, recurrentKernel, bias, forward, dSequence, dLastH,
                dLastC);
    }

    /** The upstream gradients of rnnBackward: the sequence's and the last states' shapes, x's dtype. */
    private static void checkRnnGradients(RnnCell cell, CpuTensor x, CpuTensor recurrentKernel, CpuTensor[] d) {
        String op = "rnnBackward (" + cell + ")";
        long batch = x.shape().dim(0);
        long units = recurrentKernel.shape().dim(0);
        Shape[] want = {Shape.of(batch, x.shape().dim(1), units), Shape.of(batch, units), Shape.of(batch, units)};
        String[] names = {"dSequence [batch, time, units]", "dLastH [batch, units]", "dLastC [batch, units]"};
        for (int i = 0; i < d.length; i++) {
            if (d[i] != null) {
                Checks.shape(op, names[i], want[i], d[i].shape());
                Checks.sameDType(op, names[i], x.dtype(), d[i].dtype());
            }
        }
        if (cell != RnnCell.LSTM && d[2] != null) {
            throw new IllegalArgumentException(op + ": only the LSTM has a cell state; give dLastC = null");
        }
    }

    /** The operands as open tensors of this backend; nulls stay null. */
    private static CpuTensor[] rnnOperands(String op, Tensor... ts) {
        CpuTensor[] r = new CpuTensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            r[i] = ts[i] == null ? null : operand(ts[i], op);
        }
        return r;
    }

    // ------------------------------------------------------------------ plumbing

    /** The engine promotes operands to one dtype first; a mismatch reaching a backend is a caller's bug. */
    private static void requireSameDType(Object op, CpuTensor a, CpuTensor b) {
        if (a.dtype() != b.dtype()) {
            String name = op instanceof BinaryOp ? "binary " + op : String.valueOf(op);
            throw new IllegalArgumentException(name + ": operands must have equal dtypes, got " + a.dtype() + " and "
                    + b.dtype() + "; cast one of them first");
        }
    }

    /** oneDNN refuses a reduction whose source and destination shapes are equal (only size-1 axes reduced). */
    private static boolean reducesSomething(CpuTensor x, int[] axes) {
        for (int a : axes) {
            if (x.shape().dim(a) > 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonEmpty(Shape... shapes) {
        for (Shape s : shapes) {
            if (s.elementCount() == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean batchNonEmpty(CpuTensor x, CpuTensor y) {
        for (int i = 0; i < x.rank() - 2; i++) {
            if (x.shape().dim(i) == 0) {
                return false;
            }
        }
        for (int i = 0; i < y.rank() - 2; i++) {
            if (y.shape().dim(i) == 0) {
                return false;
            }
        }
        return true;
    }

    private static Shape removeAxes(Shape s, int[] axes) {
        Shape r = s;
        for (int i = axes.length - 1; i >= 0; i--) {
            r = r.remove(axes[i]);
        }
        return r;
    }

    /**
     * The operand as an open tensor of this backend. Checked here, before any native call, so that a closed or foreign
     * tensor is an exception and never a read of freed memory.
     */
    /** {@link #operand(Tensor, String)} for an op with a kind ({@code "binary", ADD}); the name is built on error only. */
    static CpuTensor operand(Tensor t, String op, Object kind) {
        if (t instanceof CpuTensor c) {
            c.memory();
            return c;
        }
        return operand(t, op + " " + kind);
    }

    static CpuTensor operand(Tensor t, String op) {
        if (t instanceof CpuTensor c) {
            c.memory();
            return c;
        }
        if (t == null) {
            throw new IllegalArgumentException(op + ": operand is null");
        }
        throw new IllegalArgumentException(op + ": " + t.describe() + " belongs to the '" + t.backend().name()
                + "' backend, not to 'cpu'; bring it over with CpuBackend.transfer(tensor) first");
    }

    @Override
    public String toString() {
        return "CpuBackend(oneDNN)";
    }
}
