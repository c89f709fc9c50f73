package dev.sheaf.ops;

import dev.sheaf.Sheaf;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The op library: numpy / {@code keras.ops} names in Java camelCase, differentiable under a
 * {@link dev.sheaf.autodiff.GradientTape}.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every op returns a new tensor, created in the current {@link dev.sheaf.tensor.TensorScope}.</li>
 *   <li>Ops run on the backend of their tensor operands, which must all share one (else an
 *       {@link IllegalArgumentException} naming the backends); creation ops use {@link Sheaf#backend()}.</li>
 *   <li>Arguments are checked before a backend sees them: a closed operand is an {@link IllegalStateException};
 *       incompatible shapes, dtypes or axes are an {@link IllegalArgumentException} naming the op and the shapes.</li>
 *   <li>Dtypes: binary operands meet at {@link DType#promote} ({@code bool < int32 < int64 < float32 < float64}).
 *       A {@code double} operand is a weak scalar: it takes the tensor's dtype, unless it has a fraction and the tensor
 *       is integer or bool, when both become float32. Float-only math (exp, log, sqrt, sigmoid, tanh, softmax, mean,
 *       true {@link #divide}…) turns integer and bool inputs into float32, as Keras. Arithmetic on bool is
 *       refused.</li>
 *   <li>Axes may be negative. Reductions given no axes reduce every axis.</li>
 *   <li>Gradients: every float op has a rule. Comparisons, logical ops, {@code argmax/argmin}, {@code oneHot} and the
 *       piecewise-constant {@code sign}, {@code floor}, {@code ceil}, {@code round} are not differentiable and are not
 *       recorded: their results are constants to a tape.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Ops {
    private Ops() {
    }

    // ================================================================== creation

    /** A float32 tensor holding a copy of {@code data}; no shape means 1-D of the data's length. */
    public static Tensor constant(float[] data, long... shape) {
        return Sheaf.backend().fromFloats(data, Creation.shapeOf("constant", Check.given("constant", "data", data).length, shape));
    }

    /** A float64 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor constant(double[] data, long... shape) {
        return Sheaf.backend().fromDoubles(data, Creation.shapeOf("constant", Check.given("constant", "data", data).length, shape));
    }

    /** An int32 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor constant(int[] data, long... shape) {
        return Sheaf.backend().fromInts(data, Creation.shapeOf("constant", Check.given("constant", "data", data).length, shape));
    }

    /** An int64 tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor constant(long[] data, long... shape) {
        return Sheaf.backend().fromLongs(data, Creation.shapeOf("constant", Check.given("constant", "data", data).length, shape));
    }

    /** A bool tensor holding a copy of {@code data}; no shape means 1-D. */
    public static Tensor constant(boolean[] data, long... shape) {
        return Sheaf.backend().fromBooleans(data, Creation.shapeOf("constant", Check.given("constant", "data", data).length, shape));
    }

    /** A float32 rank-0 tensor. */
    public static Tensor scalar(double value) {
        return Creation.full(Shape.scalar(), DType.FLOAT32, value);
    }

    /** A rank-0 tensor of {@code dtype}. */
    public static Tensor scalar(double value, DType dtype) {
        return Creation.full(Shape.scalar(), dtype, value);
    }

    /** Float32 zeros. */
    public static Tensor zeros(long... shape) {
        return Creation.full(Shape.of(shape), DType.FLOAT32, 0);
    }

    /** Zeros of {@code dtype}. */
    public static Tensor zeros(Shape shape, DType dtype) {
        return Creation.full(shape, dtype, 0);
    }

    /** Float32 ones. */
    public static Tensor ones(long... shape) {
        return Creation.full(Shape.of(shape), DType.FLOAT32, 1);
    }

    /** Ones of {@code dtype}. */
    public static Tensor ones(Shape shape, DType dtype) {
        return Creation.full(shape, dtype, 1);
    }

    /** Every element {@code value}, float32. */
    public static Tensor full(Shape shape, double value) {
        return Creation.full(shape, DType.FLOAT32, value);
    }

    /** Every element {@code value}, converted to {@code dtype}. */
    public static Tensor full(Shape shape, double value, DType dtype) {
        return Creation.full(shape, dtype, value);
    }

    /** Zeros of {@code x}'s shape and dtype, on its backend. */
    public static Tensor zerosLike(Tensor x) {
        return Creation.fullLike(x, 0);
    }

    /** Ones of {@code x}'s shape and dtype, on its backend. */
    public static Tensor onesLike(Tensor x) {
        return Creation.fullLike(x, 1);
    }

    /** {@code value} in {@code x}'s shape and dtype, on its backend. */
    public static Tensor fullLike(Tensor x, double value) {
        return Creation.fullLike(x, value);
    }

    /** int32 {@code 0, 1, …, stop - 1}. */
    public static Tensor arange(int stop) {
        return Creation.arange(0, stop, 1);
    }

    /** int32 {@code start, …, stop - 1}. */
    public static Tensor arange(int start, int stop) {
        return Creation.arange(start, stop, 1);
    }

    /** int32 {@code start, start + step, …} up to (not including) {@code stop}; step may be negative, not 0. */
    public static Tensor arange(int start, int stop, int step) {
        return Creation.arange(start, stop, step);
    }

    /** float32 {@code start, start + step, …} up to (not including) {@code stop}. */
    public static Tensor arange(double start, double stop, double step) {
        return Creation.arange(start, stop, step);
    }

    /** The float32 {@code n x n} identity. */
    public static Tensor eye(int n) {
        return Creation.eye(n, n, DType.FLOAT32);
    }

    /** A float32 {@code n x m} matrix with ones on the main diagonal. */
    public static Tensor eye(int n, int m) {
        return Creation.eye(n, m, DType.FLOAT32);
    }

    /** An {@code n x m} matrix of {@code dtype} with ones on the main diagonal. */
    public static Tensor eye(int n, int m, DType dtype) {
        return Creation.eye(n, m, dtype);
    }

    /** float32 uniform in {@code [min, max)}, seeded from {@link Sheaf#nextSeed()}. */
    public static Tensor uniform(Shape shape, double min, double max) {
        return Creation.uniform(shape, DType.FLOAT32, min, max, Sheaf.nextSeed());
    }

    /** float32 uniform in {@code [min, max)} with an explicit seed. */
    public static Tensor uniform(Shape shape, double min, double max, long seed) {
        return Creation.uniform(shape, DType.FLOAT32, min, max, seed);
    }

    /** Uniform in {@code [min, max)} of a float dtype with an explicit seed. */
    public static Tensor uniform(Shape shape, DType dtype, double min, double max, long seed) {
        return Creation.uniform(shape, dtype, min, max, seed);
    }

    /** float32 normal, seeded from {@link Sheaf#nextSeed()}. */
    public static Tensor normal(Shape shape, double mean, double stddev) {
        return Creation.normal(shape, DType.FLOAT32, mean, stddev, Sheaf.nextSeed());
    }

    /** float32 normal with an explicit seed. */
    public static Tensor normal(Shape shape, double mean, double stddev, long seed) {
        return Creation.normal(shape, DType.FLOAT32, mean, stddev, seed);
    }

    /** Normal of a float dtype with an explicit seed. */
    public static Tensor normal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        return Creation.normal(shape, dtype, mean, stddev, seed);
    }

    /** float32 normal redrawn outside two standard deviations, seeded from {@link Sheaf#nextSeed()}. */
    public static Tensor truncatedNormal(Shape shape, double mean, double stddev) {
        return Creation.truncatedNormal(shape, DType.FLOAT32, mean, stddev, Sheaf.nextSeed());
    }

    /** float32 truncated normal with an explicit seed. */
    public static Tensor truncatedNormal(Shape shape, double mean, double stddev, long seed) {
        return Creation.truncatedNormal(shape, DType.FLOAT32, mean, stddev, seed);
    }

    /** Truncated normal of a float dtype with an explicit seed. */
    public static Tensor truncatedNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        return Creation.truncatedNormal(shape, dtype, mean, stddev, seed);
    }

    /** bool, each element true with probability {@code p}, seeded from {@link Sheaf#nextSeed()}. */
    public static Tensor bernoulli(Shape shape, double p) {
        return Creation.bernoulli(shape, p, Sheaf.nextSeed());
    }

    /** bool, each element true with probability {@code p}, with an explicit seed. */
    public static Tensor bernoulli(Shape shape, double p, long seed) {
        return Creation.bernoulli(shape, p, seed);
    }

    // ================================================================== arithmetic

    /** {@code a + b}, broadcasting. */
    public static Tensor add(Tensor a, Tensor b) {
        return Elementwise.arithmetic("add", BinaryOp.ADD, a, b);
    }

    /** {@code a + b} with a weak scalar. */
    public static Tensor add(Tensor a, double b) {
        return Elementwise.arithmetic("add", BinaryOp.ADD, a, b);
    }

    /** {@code a - b}, broadcasting. */
    public static Tensor subtract(Tensor a, Tensor b) {
        return Elementwise.arithmetic("subtract", BinaryOp.SUB, a, b);
    }

    /** {@code a - b} with a weak scalar. */
    public static Tensor subtract(Tensor a, double b) {
        return Elementwise.arithmetic("subtract", BinaryOp.SUB, a, b);
    }

    /** {@code a - b} with a weak scalar on the left. */
    public static Tensor subtract(double a, Tensor b) {
        return Elementwise.arithmetic("subtract", BinaryOp.SUB, a, b);
    }

    /** {@code a * b}, broadcasting. */
    public static Tensor multiply(Tensor a, Tensor b) {
        return Elementwise.arithmetic("multiply", BinaryOp.MUL, a, b);
    }

    /** {@code a * b} with a weak scalar. */
    public static Tensor multiply(Tensor a, double b) {
        return Elementwise.arithmetic("multiply", BinaryOp.MUL, a, b);
    }

    /** True division {@code a / b}, broadcasting; integer operands give float32. */
    public static Tensor divide(Tensor a, Tensor b) {
        return Elementwise.arithmetic("divide", BinaryOp.DIV, a, b);
    }

    /** True division by a weak scalar. */
    public static Tensor divide(Tensor a, double b) {
        return Elementwise.arithmetic("divide", BinaryOp.DIV, a, b);
    }

    /** True division of a weak scalar by a tensor. */
    public static Tensor divide(double a, Tensor b) {
        return Elementwise.arithmetic("divide", BinaryOp.DIV, a, b);
    }

    /** {@code a ^ b}, broadcasting. */
    public static Tensor power(Tensor a, Tensor b) {
        return Elementwise.arithmetic("power", BinaryOp.POW, a, b);
    }

    /** {@code a ^ b} with a weak scalar exponent. */
    public static Tensor power(Tensor a, double b) {
        return Elementwise.arithmetic("power", BinaryOp.POW, a, b);
    }

    /** Element-wise maximum (NaN-propagating); on ties the gradient goes to {@code a}. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return Elementwise.arithmetic("maximum", BinaryOp.MAX, a, b);
    }

    /** Element-wise maximum with a weak scalar. */
    public static Tensor maximum(Tensor a, double b) {
        return Elementwise.arithmetic("maximum", BinaryOp.MAX, a, b);
    }

    /** Element-wise minimum (NaN-propagating); on ties the gradient goes to {@code a}. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return Elementwise.arithmetic("minimum", BinaryOp.MIN, a, b);
    }

    /** Element-wise minimum with a weak scalar. */
    public static Tensor minimum(Tensor a, double b) {
        return Elementwise.arithmetic("minimum", BinaryOp.MIN, a, b);
    }

    /** {@code -x}. */
    public static Tensor negative(Tensor x) {
        return Elementwise.numericUnary("negative", UnaryOp.NEG, x);
    }

    /** {@code |x|}; the gradient at 0 is 0. */
    public static Tensor abs(Tensor x) {
        return Elementwise.numericUnary("abs", UnaryOp.ABS, x);
    }

    /** -1, 0 or 1 (not differentiable). */
    public static Tensor sign(Tensor x) {
        return Elementwise.numericUnary("sign", UnaryOp.SIGN, x);
    }

    /** {@code x * x}. */
    public static Tensor square(Tensor x) {
        return Elementwise.numericUnary("square", UnaryOp.SQUARE, x);
    }

    /** Round toward -inf (not differentiable). */
    public static Tensor floor(Tensor x) {
        return Elementwise.numericUnary("floor", UnaryOp.FLOOR, x);
    }

    /** Round toward +inf (not differentiable). */
    public static Tensor ceil(Tensor x) {
        return Elementwise.numericUnary("ceil", UnaryOp.CEIL, x);
    }

    /** Round half to even, as numpy (not differentiable). */
    public static Tensor round(Tensor x) {
        return Elementwise.numericUnary("round", UnaryOp.ROUND, x);
    }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) {
        return Elementwise.floatUnary("exp", UnaryOp.EXP, x);
    }

    /** Natural logarithm. */
    public static Tensor log(Tensor x) {
        return Elementwise.floatUnary("log", UnaryOp.LOG, x);
    }

    /** {@code log(1 + x)}. */
    public static Tensor log1p(Tensor x) {
        return Elementwise.floatUnary("log1p", UnaryOp.LOG1P, x);
    }

    /** {@code e^x - 1}. */
    public static Tensor expm1(Tensor x) {
        return Elementwise.floatUnary("expm1", UnaryOp.EXPM1, x);
    }

    /** Square root. */
    public static Tensor sqrt(Tensor x) {
        return Elementwise.floatUnary("sqrt", UnaryOp.SQRT, x);
    }

    /** {@code 1 / sqrt(x)}. */
    public static Tensor rsqrt(Tensor x) {
        return Elementwise.floatUnary("rsqrt", UnaryOp.RSQRT, x);
    }

    /** {@code 1 / x}. */
    public static Tensor reciprocal(Tensor x) {
        return Elementwise.floatUnary("reciprocal", UnaryOp.RECIPROCAL, x);
    }

    /** The Gauss error function. */
    public static Tensor erf(Tensor x) {
        return Elementwise.floatUnary("erf", UnaryOp.ERF, x);
    }

    /** Sine. */
    public static Tensor sin(Tensor x) {
        return Elementwise.floatUnary("sin", UnaryOp.SIN, x);
    }

    /** Cosine. */
    public static Tensor cos(Tensor x) {
        return Elementwise.floatUnary("cos", UnaryOp.COS, x);
    }

    /** Limits values to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
    public static Tensor clip(Tensor x, double min, double max) {
        return Elementwise.clip(x, min, max);
    }

    /** {@code cond ? a : b} element-wise, all three broadcasting; a non-bool condition means {@code cond != 0}. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    /** {@code cond ? a : b} with a weak scalar {@code b}. */
    public static Tensor where(Tensor cond, Tensor a, double b) {
        return Elementwise.where(cond, a, b);
    }

    /** {@code cond ? a : b} with a weak scalar {@code a}. */
    public static Tensor where(Tensor cond, double a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    /** A differentiable copy of {@code x}. */
    public static Tensor copy(Tensor x) {
        return Shapes.copy(x);
    }

    // ================================================================== comparisons and logic (bool results)

    /** {@code a == b}. */
    public static Tensor equal(Tensor a, Tensor b) {
        return Elementwise.compare("equal", BinaryOp.EQ, a, b);
    }

    /** {@code a == b} with a weak scalar. */
    public static Tensor equal(Tensor a, double b) {
        return Elementwise.compare("equal", BinaryOp.EQ, a, b);
    }

    /** {@code a != b}. */
    public static Tensor notEqual(Tensor a, Tensor b) {
        return Elementwise.compare("notEqual", BinaryOp.NE, a, b);
    }

    /** {@code a != b} with a weak scalar. */
    public static Tensor notEqual(Tensor a, double b) {
        return Elementwise.compare("notEqual", BinaryOp.NE, a, b);
    }

    /** {@code a < b}. */
    public static Tensor less(Tensor a, Tensor b) {
        return Elementwise.compare("less", BinaryOp.LT, a, b);
    }

    /** {@code a < b} with a weak scalar. */
    public static Tensor less(Tensor a, double b) {
        return Elementwise.compare("less", BinaryOp.LT, a, b);
    }

    /** {@code a <= b}. */
    public static Tensor lessEqual(Tensor a, Tensor b) {
        return Elementwise.compare("lessEqual", BinaryOp.LE, a, b);
    }

    /** {@code a <= b} with a weak scalar. */
    public static Tensor lessEqual(Tensor a, double b) {
        return Elementwise.compare("lessEqual", BinaryOp.LE, a, b);
    }

    /** {@code a > b}. */
    public static Tensor greater(Tensor a, Tensor b) {
        return Elementwise.compare("greater", BinaryOp.GT, a, b);
    }

    /** {@code a > b} with a weak scalar. */
    public static Tensor greater(Tensor a, double b) {
        return Elementwise.compare("greater", BinaryOp.GT, a, b);
    }

    /** {@code a >= b}. */
    public static Tensor greaterEqual(Tensor a, Tensor b) {
        return Elementwise.compare("greaterEqual", BinaryOp.GE, a, b);
    }

    /** {@code a >= b} with a weak scalar. */
    public static Tensor greaterEqual(Tensor a, double b) {
        return Elementwise.compare("greaterEqual", BinaryOp.GE, a, b);
    }

    /** Logical and; non-bool operands mean {@code x != 0}. */
    public static Tensor logicalAnd(Tensor a, Tensor b) {
        return Elementwise.logical("logicalAnd", BinaryOp.AND, a, b);
    }

    /** Logical or; non-bool operands mean {@code x != 0}. */
    public static Tensor logicalOr(Tensor a, Tensor b) {
        return Elementwise.logical("logicalOr", BinaryOp.OR, a, b);
    }

    /** Logical not; a non-bool operand means {@code x != 0}. */
    public static Tensor logicalNot(Tensor x) {
        return Elementwise.logicalNot(x);
    }

    /** True where {@code x} is NaN. */
    public static Tensor isnan(Tensor x) {
        return Elementwise.predicate("isnan", UnaryOp.ISNAN, x);
    }

    /** True where {@code x} is infinite. */
    public static Tensor isinf(Tensor x) {
        return Elementwise.predicate("isinf", UnaryOp.ISINF, x);
    }

    // ================================================================== reductions

    /** Sum over {@code axes} (none: all); bool counts as int32. */
    public static Tensor sum(Tensor x, int... axes) {
        return Reductions.sum(x, axes, false);
    }

    /** Sum over {@code axes} ({@code null} or empty: all), keeping them as size 1 if {@code keepDims}. */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.sum(x, axes, keepDims);
    }

    /** Mean over {@code axes} (none: all); integer inputs give float32. */
    public static Tensor mean(Tensor x, int... axes) {
        return Reductions.mean(x, axes, false);
    }

    /** Mean over {@code axes} ({@code null} or empty: all). */
    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.mean(x, axes, keepDims);
    }

    /**
     * Maximum over {@code axes} (none: all). The gradient is split evenly among elements equal to the maximum.
     *
     * @throws IllegalArgumentException if a reduced axis is empty
     */
    public static Tensor max(Tensor x, int... axes) {
        return Reductions.extremum(true, x, axes, false);
    }

    /** Maximum over {@code axes} ({@code null} or empty: all). */
    public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.extremum(true, x, axes, keepDims);
    }

    /** Minimum over {@code axes} (none: all); ties share the gradient evenly. */
    public static Tensor min(Tensor x, int... axes) {
        return Reductions.extremum(false, x, axes, false);
    }

    /** Minimum over {@code axes} ({@code null} or empty: all). */
    public static Tensor min(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.extremum(false, x, axes, keepDims);
    }

    /** Product over {@code axes} (none: all). */
    public static Tensor prod(Tensor x, int... axes) {
        return Reductions.prod(x, axes, false);
    }

    /** Product over {@code axes} ({@code null} or empty: all). */
    public static Tensor prod(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.prod(x, axes, keepDims);
    }

    /** {@code log(sum(exp(x)))} over {@code axes} (none: all), without overflow. */
    public static Tensor logsumexp(Tensor x, int... axes) {
        return Reductions.logSumExp(x, axes, false);
    }

    /** {@code log(sum(exp(x)))} over {@code axes} ({@code null} or empty: all). */
    public static Tensor logsumexp(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.logSumExp(x, axes, keepDims);
    }

    /** Population variance over {@code axes} (none: all). */
    public static Tensor var(Tensor x, int... axes) {
        return Reductions.variance(x, axes, false);
    }

    /** Population variance over {@code axes} ({@code null} or empty: all). */
    public static Tensor var(Tensor x, int[] axes, boolean keepDims) {
        return Reductions.variance(x, axes, keepDims);
    }

    /** Population standard deviation over {@code axes} (none: all). */
    public static Tensor std(Tensor x, int... axes) {
        return sqrt(Reductions.variance(x, axes, false));
    }

    /** Population standard deviation over {@code axes} ({@code null} or empty: all). */
    public static Tensor std(Tensor x, int[] axes, boolean keepDims) {
        return sqrt(Reductions.variance(x, axes, keepDims));
    }

    /** Index (int64 scalar) of the largest element of the flattened tensor; first on ties. */
    public static Tensor argmax(Tensor x) {
        return Reductions.argExtremum(true, x, null, false);
    }

    /** Indices (int64) of the largest elements along {@code axis}; first on ties. */
    public static Tensor argmax(Tensor x, int axis) {
        return Reductions.argExtremum(true, x, axis, false);
    }

    /** Indices (int64) of the largest elements along {@code axis}, optionally keeping it as size 1. */
    public static Tensor argmax(Tensor x, int axis, boolean keepDims) {
        return Reductions.argExtremum(true, x, axis, keepDims);
    }

    /** Index (int64 scalar) of the smallest element of the flattened tensor; first on ties. */
    public static Tensor argmin(Tensor x) {
        return Reductions.argExtremum(false, x, null, false);
    }

    /** Indices (int64) of the smallest elements along {@code axis}; first on ties. */
    public static Tensor argmin(Tensor x, int axis) {
        return Reductions.argExtremum(false, x, axis, false);
    }

    /** Indices (int64) of the smallest elements along {@code axis}, optionally keeping it as size 1. */
    public static Tensor argmin(Tensor x, int axis, boolean keepDims) {
        return Reductions.argExtremum(false, x, axis, keepDims);
    }

    // ================================================================== linear algebra

    /**
     * numpy {@code matmul}: batched matrix product with broadcast batch axes; a 1-D first operand is a row, a 1-D
     * second operand a column, and the added axis is removed from the result.
     *
     * @throws IllegalArgumentException naming both shapes when the inner dimensions differ
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        return LinearAlgebra.matmul(a, b);
    }

    /** Batched matrix product of rank >= 2 operands, each optionally transposed in its last two axes. */
    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return LinearAlgebra.matmul(a, b, transposeA, transposeB);
    }

    /** numpy {@code dot}. */
    public static Tensor dot(Tensor a, Tensor b) {
        return LinearAlgebra.dot(a, b);
    }

    // ================================================================== shape and movement

    /** Same elements under a new shape; one dimension may be -1 (inferred). */
    public static Tensor reshape(Tensor x, long... shape) {
        return Shapes.reshape(x, shape);
    }

    /** Same elements under a new shape. */
    public static Tensor reshape(Tensor x, Shape shape) {
        return Shapes.reshape(x, Check.given("reshape", "the target shape", shape).dims());
    }

    /** Permutes the axes; no permutation reverses them. */
    public static Tensor transpose(Tensor x, int... permutation) {
        return Shapes.transpose(x, permutation);
    }

    /** Inserts a size-1 axis before position {@code axis} ({@code -1} appends). */
    public static Tensor expandDims(Tensor x, int axis) {
        return Shapes.expandDims(x, axis);
    }

    /** Removes the given size-1 axes, or all of them when none are given. */
    public static Tensor squeeze(Tensor x, int... axes) {
        return Shapes.squeeze(x, axes);
    }

    /** The elements as a 1-D tensor (numpy {@code ravel}). */
    public static Tensor flatten(Tensor x) {
        return Shapes.reshape(x, new long[] {-1});
    }

    /** Joins along axis 0. */
    public static Tensor concatenate(List<? extends Tensor> xs) {
        return Shapes.concatenate(xs, 0);
    }

    /** Joins along an existing axis; dtypes are promoted. */
    public static Tensor concatenate(List<? extends Tensor> xs, int axis) {
        return Shapes.concatenate(xs, axis);
    }

    /** Joins equal-shaped tensors along a new axis 0. */
    public static Tensor stack(List<? extends Tensor> xs) {
        return Shapes.stack(xs, 0);
    }

    /** Joins equal-shaped tensors along a new axis. */
    public static Tensor stack(List<? extends Tensor> xs, int axis) {
        return Shapes.stack(xs, axis);
    }

    /** Splits into {@code sections} equal parts along {@code axis}. */
    public static List<Tensor> split(Tensor x, int sections, int axis) {
        return Shapes.split(x, sections, axis);
    }

    /** Splits before each of {@code indices} along {@code axis} (numpy). */
    public static List<Tensor> split(Tensor x, int[] indices, int axis) {
        return Shapes.splitAt(x, indices, axis);
    }

    /**
     * A window of {@code size[d]} elements from {@code begin[d]} on every axis ({@code keras.ops.slice}); a negative
     * begin counts from the end, size -1 means "to the end", and the window is clamped to the tensor.
     */
    public static Tensor slice(Tensor x, int[] begin, int[] size) {
        return Shapes.slice(x, begin, size);
    }

    /** Python's {@code x[b0:e0:s0, b1:e1:s1, …]} with positive strides; bounds may be negative and are clamped. */
    public static Tensor stridedSlice(Tensor x, int[] begin, int[] end, int[] strides) {
        return Shapes.stridedSlice(x, begin, end, strides);
    }

    /**
     * {@code numpy.take(x, indices, axis)}; indices are int32/int64, negative ones count from the end.
     * Differentiable in {@code x}.
     */
    public static Tensor gather(Tensor x, Tensor indices, int axis) {
        return Shapes.gather(x, indices, axis);
    }

    /** {@code numpy.take(x, indices)}: indexes the flattened tensor. */
    public static Tensor take(Tensor x, Tensor indices) {
        return Shapes.gather(flatten(x), indices, 0);
    }

    /** {@code numpy.take(x, indices, axis)}, the same as {@link #gather}. */
    public static Tensor take(Tensor x, Tensor indices, int axis) {
        return Shapes.gather(x, indices, axis);
    }

    /** float32 one-hot rows of {@code depth} for integer indices; out-of-range indices give zero rows. */
    public static Tensor oneHot(Tensor indices, int depth) {
        return Shapes.oneHot(indices, depth, DType.FLOAT32);
    }

    /** One-hot rows of {@code depth} and {@code dtype}. */
    public static Tensor oneHot(Tensor indices, int depth, DType dtype) {
        return Shapes.oneHot(indices, depth, dtype);
    }

    /** Converts the dtype (float to integer truncates); float to float is differentiable. */
    public static Tensor cast(Tensor x, DType dtype) {
        return Shapes.cast(x, dtype);
    }

    /** Broadcasts to {@code shape} (numpy {@code broadcast_to}). */
    public static Tensor broadcastTo(Tensor x, long... shape) {
        return Shapes.broadcastTo(x, Shape.of(shape));
    }

    /** Broadcasts to {@code shape}. */
    public static Tensor broadcastTo(Tensor x, Shape shape) {
        return Shapes.broadcastTo(x, shape);
    }

    /** Repeats the whole tensor {@code multiples[d]} times along each axis (numpy {@code tile}). */
    public static Tensor tile(Tensor x, int... multiples) {
        return Shapes.tile(x, multiples);
    }

    /** Pads with zeros: {@code padding[d] = {before, after}}. */
    public static Tensor pad(Tensor x, int[][] padding) {
        return Shapes.pad(x, padding, 0);
    }

    /** Pads with {@code value}. */
    public static Tensor pad(Tensor x, int[][] padding, double value) {
        return Shapes.pad(x, padding, value);
    }

    // ================================================================== activations

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        return Elementwise.numericUnary("relu", UnaryOp.RELU, x);
    }

    /** {@code min(max(x, 0), 6)}. */
    public static Tensor relu6(Tensor x) {
        return Activations.relu6(x);
    }

    /** {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) {
        return Elementwise.floatUnary("sigmoid", UnaryOp.SIGMOID, x);
    }

    /** Keras 3's {@code relu6(x + 3) / 6}. */
    public static Tensor hardSigmoid(Tensor x) {
        return Activations.hardSigmoid(x);
    }

    /** Hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return Elementwise.floatUnary("tanh", UnaryOp.TANH, x);
    }

    /** {@code log(1 + e^x)}, stable for large |x|. */
    public static Tensor softplus(Tensor x) {
        return Activations.softplus(x);
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        return Activations.softsign(x);
    }

    /** ELU with {@code alpha = 1}. */
    public static Tensor elu(Tensor x) {
        return Activations.elu(x, 1.0);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        return Activations.elu(x, alpha);
    }

    /** SELU with Keras's constants. */
    public static Tensor selu(Tensor x) {
        return Activations.selu(x);
    }

    /** GELU, exact form ({@code 0.5 x (1 + erf(x / √2))}). */
    public static Tensor gelu(Tensor x) {
        return Activations.gelu(x, false);
    }

    /** GELU, exact or (Keras's default {@code approximate=True}) the tanh approximation. */
    public static Tensor gelu(Tensor x, boolean approximate) {
        return Activations.gelu(x, approximate);
    }

    /** {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor x) {
        return Activations.silu(x);
    }

    /** Another name of {@link #silu}. */
    public static Tensor swish(Tensor x) {
        return Activations.silu(x);
    }

    /** Leaky ReLU with Keras 3's default slope 0.2. */
    public static Tensor leakyRelu(Tensor x) {
        return Activations.leakyRelu(x, 0.2);
    }

    /** {@code x > 0 ? x : negativeSlope * x}. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** {@code e^x} (Keras's "exponential" activation). */
    public static Tensor exponential(Tensor x) {
        return exp(x);
    }

    /** Softmax along the last axis. */
    public static Tensor softmax(Tensor x) {
        return NeuralNet.softmax(x, -1);
    }

    /** Softmax along {@code axis}. */
    public static Tensor softmax(Tensor x, int axis) {
        return NeuralNet.softmax(x, axis);
    }

    /** Log-softmax along the last axis. */
    public static Tensor logSoftmax(Tensor x) {
        return NeuralNet.logSoftmax(x, -1);
    }

    /** Log-softmax along {@code axis}. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        return NeuralNet.logSoftmax(x, axis);
    }

    // ================================================================== neural network

    /**
     * The dense layer {@code activation(x · kernel + bias)} as one op: {@code x} is {@code [..., in]}, {@code kernel}
     * {@code [in, out]}, {@code bias} {@code [out]} or {@code null}; {@code activation} is {@code null} (linear),
     * {@link UnaryOp#RELU}, {@link UnaryOp#SIGMOID} or {@link UnaryOp#TANH}. The forward pass is the backend's fused
     * {@link dev.sheaf.spi.Backend#dense}; the gradient takes the activation's derivative from the output, so nothing
     * else is kept. The values are those of {@code activation(add(matmul(x, kernel), bias))}; operands of mixed or
     * integer dtypes are computed that way.
     *
     * @throws IllegalArgumentException for another activation (its gradient needs the pre-activation), or shapes
     *                                  that do not fit
     */
    public static Tensor dense(Tensor x, Tensor kernel, Tensor bias, UnaryOp activation) {
        return FusedOps.dense(x, kernel, bias, activation);
    }

    /**
     * Softmax cross-entropy from logits, {@code -sum(labels * logSoftmax(logits), axis)} with {@code axis} removed, as
     * one op (the backend's fused {@link dev.sheaf.spi.Backend#softmaxCrossEntropy}); {@code labels} is a distribution
     * of the logits' shape (one-hot rows, or smoothed). Differentiable in both.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor labels, int axis) {
        return FusedOps.softmaxCrossEntropy(logits, labels, axis);
    }

    /**
     * N-d convolution (cross-correlation), channels-last: input {@code [batch, s1..sN, in]}, kernel
     * {@code [k1..kN, in / groups, out]}; see {@link ConvSpec}. Integer inputs give float32.
     */
    public static Tensor conv(Tensor x, Tensor kernel, ConvSpec spec) {
        return NeuralNet.conv(x, kernel, spec);
    }

    /** N-d max pooling, channels-last; the gradient goes to the first maximum of each window. */
    public static Tensor maxPool(Tensor x, PoolSpec spec) {
        return NeuralNet.pool(PoolMode.MAX, x, spec);
    }

    /** N-d average pooling over the in-bounds positions of each window, channels-last. */
    public static Tensor avgPool(Tensor x, PoolSpec spec) {
        return NeuralNet.pool(PoolMode.AVG, x, spec);
    }

    // ================================================================== normalization
    // Batch and layer normalization as single backend calls (Backend.batchNormTraining / batchNormInference /
    // layerNorm) with fused backward passes; see Normalization.

    /**
     * Batch normalization with the statistics of this batch (Keras's BatchNormalization in training): with
     * {@code C = x.shape[axis]}, the mean and the biased variance are taken over every axis but {@code axis}, and
     * {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta}. {@code x} has rank >= 2; {@code gamma} and
     * {@code beta} are {@code [C]} or {@code null} (Keras's {@code scale=False} / {@code center=False}). Differentiable
     * in x, gamma and beta through {@code y}, and in x through the returned mean and variance. Integer inputs give
     * float32.
     *
     * @param axis    the channel axis, negative from the end ({@code -1} for channels-last)
     * @param epsilon added to the variance, finite and >= 0 (Keras: 1e-3)
     * @return {@code y} and the batch's {@code mean} and {@code variance}, {@code [C]} each (to update moving
     *         averages with)
     */
    public static NormalizationResult batchNormalization(Tensor x, Tensor gamma, Tensor beta, int axis,
                                                         double epsilon) {
        return Normalization.batchNormalization(x, gamma, beta, axis, epsilon);
    }

    /**
     * Batch normalization with given statistics (Keras's BatchNormalization in inference, with the moving mean and
     * variance): {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta} broadcast along {@code axis};
     * {@code mean} and {@code variance} are {@code [C]}, {@code gamma} and {@code beta} {@code [C]} or {@code null}.
     * Differentiable in every tensor argument.
     */
    public static Tensor batchNormalizationInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean,
                                                     Tensor variance, int axis, double epsilon) {
        return Normalization.batchNormalizationInference(x, gamma, beta, mean, variance, axis, epsilon);
    }

    /**
     * Layer normalization over the last axis: each row is normalized by its own mean and biased variance,
     * {@code y = (x - mean) / sqrt(variance + epsilon) * gamma + beta}, with {@code gamma} and {@code beta}
     * {@code [x.shape[-1]]} or {@code null}. Normalize over several trailing axes by reshaping them into one first.
     * Differentiable in x, gamma and beta. Integer inputs give float32.
     */
    public static Tensor layerNormalization(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        return Normalization.layerNormalization(x, gamma, beta, epsilon);
    }

    // ================================================================== recurrent layers
    // A whole sequence through one Backend.rnnForward call, differentiable through one Backend.rnnBackward call;
    // see Recurrent.

    /**
     * Runs a recurrent cell over a sequence, as Keras's {@code SimpleRNN}, {@code LSTM} and {@code GRU} layers do
     * (unidirectional, every step, no masking); the equations, weight layouts and gate orders are {@link RnnCell}'s.
     * {@code x} is {@code [batch, time, input]} (batch-major, {@code time >= 1}), a float tensor; every other tensor has
     * its dtype and backend. Differentiable in every tensor argument through each of the three results.
     *
     * @param h0              the initial state {@code [batch, units]}
     * @param c0              the LSTM's initial cell state {@code [batch, units]}; null for the other cells
     * @param kernel          {@code [input, gates * units]}
     * @param recurrentKernel {@code [units, gates * units]}; its first dimension gives the units
     * @param bias            {@code [gates * units]}, for the GRU {@code [2, 3 * units]}; or null for none
     * @return the sequence {@code [batch, time, units]}, the last state and (LSTM) the last cell state
     * @throws IllegalArgumentException when a shape or dtype does not fit, naming what was expected
     */
    public static RnnResult rnn(RnnCell cell, Tensor x, Tensor h0, Tensor c0, Tensor kernel, Tensor recurrentKernel,
                                Tensor bias) {
        return Recurrent.rnn(cell, x, h0, c0, kernel, recurrentKernel, bias);
    }

    /** {@link #rnn(RnnCell, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)} from zero states (Keras's default). */
    public static RnnResult rnn(RnnCell cell, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias) {
        return Recurrent.rnn(cell, x, kernel, recurrentKernel, bias);
    }
}
