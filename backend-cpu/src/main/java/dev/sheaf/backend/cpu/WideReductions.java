package dev.sheaf.backend.cpu;

import dev.sheaf.spi.ReduceOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Reductions over any set of axes and arg-extremes along one axis, for every numeric dtype: float64 and integers, and
 * the float32 cases the float32 loops ({@link JavaReductions}, {@link JavaElementwise#argExtreme}) and oneDNN do not
 * take (axes that are not consecutive, only size-1 axes, empty tensors, products of small tensors). Floats accumulate
 * in {@code double} and round once to their type, integers in {@code long} (wrapping, then narrowed); the input is
 * visited in row-major order, the reference backend's order, so results agree with it bit for bit.
 */
final class WideReductions {
    private WideReductions() {
    }

    /** {@code op} over {@code axes} (sorted, distinct; empty means a copy). MAX/MIN of nothing never reach here. */
    static CpuTensor reduce(CpuBackend backend, ReduceOp op, CpuTensor x, int[] axes, boolean keepDims) {
        Shape s = x.shape();
        int rank = s.rank();
        long[] dims = s.dims();
        long[] kept = dims.clone();
        long reduced = 1;
        for (int a : axes) {
            kept[a] = 1;
            reduced *= dims[a];
        }
        Shape out = keepDims ? Shape.of(kept) : JavaReductions.removeAxes(s, axes);
        CpuTensor r = CpuTensor.allocate(backend, out, x.dtype());
        int outCount = out.elementCountAsInt();
        if (outCount == 0) {
            return r;
        }
        // Each input element's destination: row-major strides over the kept axes, 0 along the reduced ones.
        long[] walkDims = Dims.of(s, Math.max(rank, 1));
        long[] inStrides = Dnnl.rowMajor(walkDims);
        long[] outStrides = Dnnl.rowMajor(Dims.of(Shape.of(kept), walkDims.length));
        for (int a : axes) {
            outStrides[a] = 0;
        }
        boolean empty = s.elementCount() == 0;
        WideScratch scratch = WideScratch.get();
        if (x.dtype().isFloating()) {
            double[] acc = scratch.doubles(1, outCount);
            // SUM starts from -0.0 so that a sum of negative zeros keeps its sign; an empty sum is +0.0.
            Arrays.fill(acc, 0, outCount, switch (op) {
                case SUM -> reduced == 0 ? 0.0 : -0.0;
                case PROD -> 1.0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
            });
            if (!empty) {
                double[] v = scratch.loadDoubles(0, x);
                DoubleBinaryOperator f = doubleFold(op);
                RowWalk w = new RowWalk(walkDims, inStrides, outStrides);
                for (int row = 0; row < w.rows; row++) {
                    accumulate(f, v, w.offA, acc, w.offB, w.stepB, w.len);
                    w.advance();
                }
            }
            scratch.store(r, acc);
        } else {
            long[] acc = scratch.longs(1, outCount);
            Arrays.fill(acc, 0, outCount, switch (op) {
                case SUM -> 0L;
                case PROD -> 1L;
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
            });
            if (!empty) {
                long[] v = scratch.loadLongs(0, x);
                LongBinaryOperator f = longFold(op);
                RowWalk w = new RowWalk(walkDims, inStrides, outStrides);
                for (int row = 0; row < w.rows; row++) {
                    accumulate(f, v, w.offA, acc, w.offB, w.stepB, w.len);
                    w.advance();
                }
            }
            scratch.store(r, acc);
        }
        return r;
    }

    /**
     * Folds {@code v[from .. from+len)} into {@code acc[to + i*step]} in element order (step 1: a kept last axis, 0: a
     * reduced one). One loop for every op: these are the rare float64 and integer reductions, where a call per element
     * costs little; the float32 ones have their own loops.
     */
    private static void accumulate(DoubleBinaryOperator f, double[] v, int from, double[] acc, int to, int step,
                                   int len) {
        for (int i = 0; i < len; i++) {
            int o = to + i * step;
            acc[o] = f.applyAsDouble(acc[o], v[from + i]);
        }
    }

    private static void accumulate(LongBinaryOperator f, long[] v, int from, long[] acc, int to, int step, int len) {
        for (int i = 0; i < len; i++) {
            int o = to + i * step;
            acc[o] = f.applyAsLong(acc[o], v[from + i]);
        }
    }

    private static DoubleBinaryOperator doubleFold(ReduceOp op) {
        return switch (op) {
            case SUM -> Double::sum;
            case PROD -> (a, b) -> a * b;
            case MAX -> Math::max;
            case MIN -> Math::min;
        };
    }

    private static LongBinaryOperator longFold(ReduceOp op) {
        return switch (op) {
            case SUM -> Long::sum;
            case PROD -> (a, b) -> a * b;
            case MAX -> Math::max;
            case MIN -> Math::min;
        };
    }

    /**
     * Index of the largest (or smallest) element along {@code axis} as int64: ties go to the first, and the first NaN
     * wins outright (the reference's rule). The axis is not empty unless nothing is indexed.
     */
    static CpuTensor argExtreme(CpuBackend backend, CpuTensor x, int axis, boolean keepDims, boolean max) {
        long[] d = x.shape().dims();
        int len = (int) d[axis];
        int outer = (int) product(d, 0, axis);
        int inner = (int) product(d, axis + 1, d.length);
        long[] od = d.clone();
        od[axis] = 1;
        Shape out = keepDims ? Shape.of(od) : x.shape().remove(axis);
        WideScratch s = WideScratch.get();
        long[] best = s.longs(1, outer * inner);
        if (outer * inner > 0) {
            if (x.dtype().isFloating()) {
                argExtreme(s.loadDoubles(0, x), outer, len, inner, max, best);
            } else {
                argExtreme(s.loadLongs(0, x), outer, len, inner, max, best);
            }
        }
        CpuTensor r = CpuTensor.allocate(backend, out, DType.INT64);
        s.store(r, best);
        return r;
    }

    private static void argExtreme(double[] v, int outer, int len, int inner, boolean max, long[] best) {
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                int arg = 0;
                double bv = v[base];
                for (int k = 1; k < len && !Double.isNaN(bv); k++) {
                    double c = v[base + k * inner];
                    if (Double.isNaN(c) || (max ? c > bv : c < bv)) {
                        arg = k;
                        bv = c;
                    }
                }
                best[o * inner + in] = arg;
            }
        }
    }

    private static void argExtreme(long[] v, int outer, int len, int inner, boolean max, long[] best) {
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                int arg = 0;
                long bv = v[base];
                for (int k = 1; k < len; k++) {
                    long c = v[base + k * inner];
                    if (max ? c > bv : c < bv) {
                        arg = k;
                        bv = c;
                    }
                }
                best[o * inner + in] = arg;
            }
        }
    }

    private static long product(long[] d, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= d[i];
        }
        return p;
    }
}
