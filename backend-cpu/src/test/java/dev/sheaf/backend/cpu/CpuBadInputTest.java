package dev.sheaf.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.spi.Backend;
import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.ConvSpec;
import dev.sheaf.spi.PoolMode;
import dev.sheaf.spi.PoolSpec;
import dev.sheaf.spi.ReduceOp;
import dev.sheaf.spi.Registry;
import dev.sheaf.spi.RnnCell;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input given straight to the cpu backend's SPI methods (the engine's checks bypassed): each case used to end in a
 * NullPointerException, an index or arithmetic error, an unhelpful "oneDNN ... invalid arguments", a silently wrong
 * result (oneDNN or a Java loop reading past a buffer, a float64 buffer read as float32), or a JVM abort from heap
 * corruption (a batch-norm gradient written past a too-small gamma). Each must now be an
 * {@link IllegalArgumentException} that names what was wrong.
 */
class CpuBadInputTest {
    private final Backend cpu = Registry.global().backend("cpu");
    private final Backend ref = Registry.global().backend("reference");
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor f(long... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) - 3;
        }
        return cpu.fromFloats(v, s);
    }

    private Tensor d(long... dims) {
        Shape s = Shape.of(dims);
        double[] v = new double[s.elementCountAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 7) - 3;
        }
        return cpu.fromDoubles(v, s);
    }

    private Tensor ints(int... v) {
        return cpu.fromInts(v, Shape.of(v.length));
    }

    /** Asserts an IllegalArgumentException whose message contains every one of {@code words}. */
    private static void rejects(Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(w),
                    "message should mention '" + w + "': " + e.getMessage());
        }
    }

    @Test
    void missingArgumentsAndOverflowingSizes() {
        rejects(() -> cpu.fromFloats(null, Shape.of(2)), "fromFloats", "data is null");
        rejects(() -> cpu.fromInts(new int[2], null), "fromInts", "shape is null");
        rejects(() -> cpu.full(Shape.of(2), null, 0), "full", "dtype is null");
        rejects(() -> cpu.cast(f(2), null), "cast", "dtype is null");
        rejects(() -> cpu.reshape(f(2), null), "reshape", "shape is null");
        rejects(() -> cpu.unary(null, f(2)), "unary", "op is null");
        rejects(() -> cpu.binary(null, f(2), f(2)), "binary", "op is null");
        // 2^61 float32 elements: a byte count past Long.MAX_VALUE was an ArithmeticException.
        rejects(() -> cpu.full(Shape.of(1L << 61), DType.FLOAT32, 0), "float32", "bytes");
    }

    @Test
    void whereNeedsABoolCondition() {
        // A float condition was read byte by byte as if it were bool: a silently wrong selection.
        rejects(() -> cpu.where(f(4), f(4), f(4)), "where", "bool");
        rejects(() -> cpu.where(ints(0, 1, 0, 1), d(4), d(4)), "where", "bool");
    }

    @Test
    void reductionAndArgAxesAreChecked() {
        rejects(() -> cpu.reduce(ReduceOp.SUM, f(2, 3), new int[] {5}, false), "reduce SUM", "[5]", "[0, 2)");
        rejects(() -> cpu.reduce(ReduceOp.MAX, f(200, 300), new int[] {2}, false), "reduce MAX", "[2]");
        rejects(() -> cpu.reduce(ReduceOp.SUM, f(2, 3), new int[] {1, 1}, false), "distinct");
        rejects(() -> cpu.reduce(ReduceOp.SUM, d(2, 3), new int[] {-1}, false), "[-1]");
        rejects(() -> cpu.reduce(ReduceOp.SUM, f(2, 3), null, false), "axes is null");
        rejects(() -> cpu.argmax(f(2, 3), 2, false), "argmax", "axis 2");
        rejects(() -> cpu.argmin(f(), 0, false), "argmin", "axis 0");
        rejects(() -> cpu.argmax(f(2, 0), 1, false), "argmax", "empty");
        rejects(() -> cpu.argmin(d(2, 0), 1, false), "argmin", "empty");
        // A negative axis counts from the end.
        assertArrayEquals(cpu.argmax(f(2, 3), 1, false).toLongArray(), cpu.argmax(f(2, 3), -1, false).toLongArray());
    }

    @Test
    void matmulChecksShapesAndDTypes() {
        rejects(() -> cpu.matmul(f(2, 3), f(4, 5), false, false), "matmul", "inner dimensions 3 and 4");
        rejects(() -> cpu.matmul(d(2, 3), d(4, 5), false, false), "inner dimensions 3 and 4");
        rejects(() -> cpu.matmul(cpu.fromInts(new int[6], Shape.of(2, 3)), cpu.fromInts(new int[20], Shape.of(4, 5)),
                true, false), "inner dimensions 2 and 4");
        rejects(() -> cpu.matmul(f(3), f(3), false, false), "matmul", "rank >= 2");
        rejects(() -> cpu.matmul(d(3), d(3, 1), false, false), "rank >= 2");
        rejects(() -> cpu.matmul(f(2, 3, 4), f(3, 4, 5), false, false), "batch", "(2,)", "(3,)");
        // A float64 right operand was read as float32 by oneDNN: a silently wrong product.
        rejects(() -> cpu.matmul(f(2, 3), d(3, 2), false, false), "matmul", "float64", "float32");
        rejects(() -> cpu.matmul(cpu.fromBooleans(new boolean[4], Shape.of(2, 2)),
                cpu.fromBooleans(new boolean[4], Shape.of(2, 2)), false, false), "numeric");
    }

    @Test
    void movementBoundsAreChecked() {
        rejects(() -> cpu.transpose(f(2, 3), new int[] {0, 0}), "transpose", "not a permutation");
        rejects(() -> cpu.transpose(f(2, 3), new int[] {1}), "not a permutation");
        rejects(() -> cpu.transpose(f(2, 3), new int[] {1, 0, 2}), "not a permutation");
        rejects(() -> cpu.transpose(f(2, 3), null), "permutation is null");
        // end past the dimension: a strided slice read past the buffer (oneDNN reorder), a negative begin before it.
        rejects(() -> cpu.slice(f(4, 4), new int[] {0, 0}, new int[] {4, 400}, new int[] {1, 2}), "slice", "axis 1",
                "end 400");
        rejects(() -> cpu.slice(f(4, 4), new int[] {-2, 0}, new int[] {4, 4}, new int[] {2, 1}), "begin -2");
        rejects(() -> cpu.slice(f(4, 4), new int[] {0, 0}, new int[] {4, 4}, new int[] {0, 1}), "stride 0");
        rejects(() -> cpu.slice(f(4, 4), new int[] {3, 0}, new int[] {1, 4}, new int[] {1, 1}), "begin 3", "end 1");
        rejects(() -> cpu.slice(f(4, 4), new int[] {0}, new int[] {4, 4}, new int[] {1, 1}), "one entry per axis");
        rejects(() -> cpu.slice(f(4, 4), null, new int[] {4, 4}, new int[] {1, 1}), "begin is null");
        rejects(() -> cpu.concat(null, 0), "concat", "at least one");
        rejects(() -> cpu.pad(f(2), null, 0), "pad", "padding is null");
        rejects(() -> cpu.pad(f(2), new int[][] {null}, 0), "pad", "axis 0");
        rejects(() -> cpu.gather(f(), ints(0), 0), "gather", "rank >= 1");
        rejects(() -> cpu.gather(f(2, 3), ints(0), 2), "gather", "axis 2");
        rejects(() -> cpu.scatterAdd(null, ints(0), f(2, 1), 0), "scatterAdd", "shape is null");
        rejects(() -> cpu.broadcastTo(f(3), Shape.of(4)), "broadcastTo", "(4,)");
        rejects(() -> cpu.broadcastTo(f(2, 3), Shape.of(3)), "broadcastTo", "(2, 3)");
        rejects(() -> cpu.oneHot(ints(0), -1, DType.FLOAT32), "oneHot", "depth", "-1");
        // A negative gather axis counts from the end (it was an ArrayIndexOutOfBoundsException).
        assertArrayEquals(cpu.gather(f(2, 3), ints(2, 0), 1).toFloatArray(),
                cpu.gather(f(2, 3), ints(2, 0), -1).toFloatArray());
    }

    @Test
    void convolutionGeometryIsChecked() {
        ConvSpec c2 = ConvSpec.simple(2);
        rejects(() -> cpu.conv(f(1, 5, 5, 3), f(3, 3, 2, 4), c2), "conv", "3 channels");
        rejects(() -> cpu.conv(d(1, 5, 5, 3), d(3, 3, 2, 4), c2), "conv", "3 channels");
        rejects(() -> cpu.conv(f(5, 5, 3), f(3, 3, 3, 4), c2), "conv", "rank 4");
        rejects(() -> cpu.conv(f(1, 5, 5, 4), f(3, 3, 2, 3),
                new ConvSpec(new int[] {1, 1}, new int[2][2], new int[] {1, 1}, 2)), "2 group(s)");
        rejects(() -> cpu.conv(f(1, 5, 5, 3), f(3, 3, 3, 4), null), "ConvSpec is null");
        // A float64 kernel was read as float32 by oneDNN.
        rejects(() -> cpu.conv(f(1, 5, 5, 3), d(3, 3, 3, 4), c2), "kernel", "float64");
        // Wrong gradient shapes: oneDNN refused them without saying why; the float64 loops returned garbage.
        rejects(() -> cpu.convBackwardData(f(1, 4, 4, 4), f(3, 3, 3, 4), Shape.of(1, 5, 5, 3), c2),
                "convBackwardData", "(1, 4, 4, 4)", "(1, 3, 3, 4)");
        rejects(() -> cpu.convBackwardData(d(1, 4, 4, 4), d(3, 3, 3, 4), Shape.of(1, 5, 5, 3), c2),
                "(1, 3, 3, 4)");
        rejects(() -> cpu.convBackwardData(d(1, 3, 3, 4), d(3, 3, 2, 4), Shape.of(1, 5, 5, 3), c2), "channels");
        rejects(() -> cpu.convBackwardFilter(f(1, 5, 5, 3), f(1, 4, 4, 4), Shape.of(3, 3, 3, 4), c2),
                "convBackwardFilter", "(1, 3, 3, 4)");
        rejects(() -> cpu.convBackwardFilter(d(1, 5, 5, 1), d(1, 3, 3, 4), Shape.of(3, 3, 3, 4), c2), "channels");
        // The empty output of a kernel larger than its input is still fine.
        assertEquals(Shape.of(1, 0, 0, 4), cpu.conv(f(1, 2, 2, 3), f(3, 3, 3, 4), c2).shape());
    }

    @Test
    void poolingGeometryIsChecked() {
        PoolSpec p2 = PoolSpec.of(2, 2);
        rejects(() -> cpu.pool(PoolMode.MAX, f(4, 4, 3), p2), "pool", "rank 4");
        rejects(() -> cpu.pool(PoolMode.MAX, f(1, 4, 4, 3), null), "PoolSpec is null");
        rejects(() -> cpu.pool(null, f(1, 4, 4, 3), p2), "PoolMode is null");
        rejects(() -> cpu.poolBackward(PoolMode.MAX, f(1, 4, 4, 3), f(1, 3, 3, 3), p2), "poolBackward",
                "(1, 2, 2, 3)");
        rejects(() -> cpu.poolBackward(PoolMode.AVG, d(1, 4, 4, 3), d(1, 1, 1, 1), p2), "(1, 2, 2, 3)");
        rejects(() -> cpu.poolBackward(PoolMode.MAX, f(1, 4, 4, 3), d(1, 2, 2, 3), p2), "float64");
        assertEquals(Shape.of(1, 0, 0, 3), cpu.pool(PoolMode.MAX, f(1, 1, 1, 3), p2).shape());
    }

    @Test
    void softmaxDenseAndCrossEntropyAreChecked() {
        rejects(() -> cpu.softmax(f(2, 3), 5), "softmax", "axis 5");
        rejects(() -> cpu.softmax(f(2, 100000), 3), "softmax", "axis 3");
        rejects(() -> cpu.logSoftmax(f(2, 3), 7), "logSoftmax", "axis 7");
        rejects(() -> cpu.dense(f(2, 6), f(3, 4), null, null), "dense", "(2, 6)", "(3, 4)");
        rejects(() -> cpu.dense(f(2, 3), f(3), null, null), "dense", "(3,)");
        // A bias of the wrong length was read past its end by oneDNN (garbage added to the output).
        rejects(() -> cpu.dense(f(2, 3), f(3, 4), f(2), null), "dense", "bias", "(4,)");
        rejects(() -> cpu.dense(f(2, 3), f(3, 4), f(2, 4), null), "bias", "(2, 4)");
        rejects(() -> cpu.dense(f(2, 3), d(3, 4), null, null), "kernel", "float64");
        rejects(() -> cpu.dense(f(2, 3), f(3, 4), d(4), UnaryOp.RELU), "bias", "float64");
        rejects(() -> cpu.softmaxCrossEntropy(f(2, 3), f(2, 4), 1), "softmaxCrossEntropy", "labels", "(2, 4)");
        rejects(() -> cpu.softmaxCrossEntropy(f(2, 3), f(2, 3), 4), "softmaxCrossEntropy", "axis 4");
        rejects(() -> cpu.softmaxCrossEntropyBackward(f(2, 3), f(2, 3), f(3), 1), "upstream", "(2,)");
        rejects(() -> cpu.softmaxCrossEntropyBackward(f(2, 3), f(1, 3), f(2), 1), "labels", "(1, 3)");
        rejects(() -> cpu.reluBackward(f(3), f(2, 3)), "reluBackward", "(3,)");
        rejects(() -> cpu.reluBackward(d(3), f(3)), "reluBackward", "float64");
    }

    @Test
    void normalizationParametersMustMatchTheChannels() {
        // gamma [1] for 1000 channels: oneDNN read 1000 floats from it, and the backward pass wrote 1000 gradient
        // values into a [1] tensor, which corrupted the heap and aborted the JVM.
        rejects(() -> cpu.batchNormBackward(f(4, 1000), f(4, 1000), f(1), f(1), f(1000), f(1000), 1, 1e-3),
                "batchNormBackward", "gamma", "(1000,)");
        rejects(() -> cpu.batchNormBackward(f(4, 1000), f(4, 1000), f(1000), f(1000), f(1), f(1000), 1, 1e-3),
                "mean", "(1,)");
        rejects(() -> cpu.batchNormBackward(f(4, 10), f(4, 1000), null, null, f(1000), f(1000), 1, 1e-3), "dy");
        rejects(() -> cpu.batchNormTraining(f(4, 1000), f(1), f(1000), 1, 1e-3), "batchNormTraining", "gamma");
        rejects(() -> cpu.batchNormTraining(f(4, 1000), f(1000), f(1), 1, 1e-3), "beta", "(1,)");
        rejects(() -> cpu.batchNormTraining(f(4, 10), f(10), f(10), 2, 1e-3), "axis 2");
        rejects(() -> cpu.batchNormTraining(f(4, 10), d(10), f(10), 1, 1e-3), "gamma", "float64");
        rejects(() -> cpu.batchNormInference(f(4, 1000), f(1000), f(1000), f(1), f(1000), 1, 1e-3),
                "batchNormInference", "mean");
        rejects(() -> cpu.batchNormInference(f(4, 1000), null, null, f(1000), f(3), 1, 1e-3), "variance", "(3,)");
        rejects(() -> cpu.layerNorm(f(4, 1000), f(1), f(1000), 1e-3), "layerNorm", "gamma", "(1000,)");
        rejects(() -> cpu.layerNorm(f(), null, null, 1e-3), "layerNorm", "rank >= 1");
        rejects(() -> cpu.layerNormBackward(f(4, 1000), f(4, 1000), f(1000), f(1000), f(1), f(4), 1e-3),
                "layerNormBackward", "mean", "(4,)");
        rejects(() -> cpu.layerNormBackward(f(4, 10), f(4, 1000), null, null, f(4), f(4), 1e-3), "dy");
    }

    @Test
    void optimizerOperandsMustShareTheVariablesShape() {
        // A gradient [2, 3] for a variable [3] gave a [2, 3] "updated variable" through broadcasting.
        rejects(() -> cpu.sgdMomentumUpdate(f(3), f(2, 3), f(3), f(), 0.9, false), "sgdMomentumUpdate", "gradient",
                "(3,)");
        rejects(() -> cpu.sgdMomentumUpdateDonated(f(2, 3), f(2, 3), f(3), f(), 0.9, true), "m", "(2, 3)");
        rejects(() -> cpu.sgdMomentumUpdate(f(2, 3), f(2, 3), f(2, 3), f(2), 0.9, false), "learning rate", "scalar");
        rejects(() -> cpu.adamUpdate(f(3), f(2, 3), f(3), f(3), null, f(), 0.9, 0.999, 1e-7, 1), "adamUpdate",
                "gradient");
        rejects(() -> cpu.adamUpdateDonated(f(3), f(3), f(3), f(3), f(2), f(), 0.9, 0.999, 1e-7, 1), "vHat");
        rejects(() -> cpu.adamUpdate(d(3), f(3), f(3), f(3), null, f(), 0.9, 0.999, 1e-7, 1), "gradient",
                "float32");
        // step 0 divides by 1 - beta1^0 = 0: every weight became NaN.
        rejects(() -> cpu.adamUpdate(f(3), f(3), f(3), f(3), null, f(), 0.9, 0.999, 1e-7, 0), "step", ">= 1");
    }

    @Test
    void recurrentShapesAreChecked() {
        // Wrong state, kernel or bias shapes ran oneDNN's RNN (or the Java gate loops) over buffers too small for the
        // sizes it was given: reads past their ends, silently.
        for (RnnCell cell : RnnCell.values()) {
            int gu = cell.gates() * 5;
            Tensor bias = cell == RnnCell.GRU ? f(2, gu) : f(gu);
            Tensor c0 = cell == RnnCell.LSTM ? f(2, 5) : null;
            Tensor x = f(2, 3, 4);
            Tensor h0 = f(2, 5);
            Tensor k = f(4, gu);
            Tensor rk = f(5, gu);
            rejects(() -> cpu.rnnForward(cell, x, f(1, 1), c0, k, rk, bias, true), "rnnForward", "h0", "(2, 5)");
            rejects(() -> cpu.rnnForward(cell, x, h0, c0, f(1, gu), rk, bias, true), "kernel", "(4, " + gu + ")");
            rejects(() -> cpu.rnnForward(cell, x, h0, c0, k, f(5, 1), bias, true), "recurrent kernel", "(5, 1)");
            rejects(() -> cpu.rnnForward(cell, x, h0, c0, k, rk, f(1), false), "bias", "(1,)");
            rejects(() -> cpu.rnnForward(cell, f(3, 4), h0, c0, k, rk, bias, false), "x", "(3, 4)");
            Tensor[] fw = cpu.rnnForward(cell, x, h0, c0, k, rk, bias, true);
            rejects(() -> cpu.rnnBackward(cell, x, h0, c0, k, rk, bias, fw, null, f(1, 1), null), "rnnBackward",
                    "dLastH", "(2, 5)");
            rejects(() -> cpu.rnnBackward(cell, x, h0, c0, k, rk, bias, fw, f(1, 1, 1), null, null), "dSequence",
                    "(2, 3, 5)");
        }
        Tensor k = f(4, 20);
        Tensor rk = f(5, 20);
        rejects(() -> cpu.rnnForward(RnnCell.LSTM, f(2, 3, 4), f(2, 5), null, k, rk, null, false), "LSTM", "c0");
        rejects(() -> cpu.rnnForward(RnnCell.LSTM, f(2, 3, 4), f(2, 5), f(1), k, rk, null, false), "c0", "(1,)");
        rejects(() -> cpu.rnnForward(RnnCell.SIMPLE_TANH, f(2, 3, 4), f(2, 5), f(2, 5), f(4, 5), f(5, 5), null,
                false), "only the LSTM");
    }

    @Test
    void validCallsStillWork() {
        // The checks let the usual calls through: a matmul, a contiguous slice view, a transposed product, an
        // empty concat, and the same values as the reference backend.
        Tensor a = f(3, 4);
        Tensor b = f(4, 2);
        assertArrayEquals(ref.matmul(ref.transfer(a), ref.transfer(b), false, false).toFloatArray(),
                cpu.matmul(a, b, false, false).toFloatArray());
        Tensor rows = cpu.slice(a, new int[] {1, 0}, new int[] {3, 4}, new int[] {1, 1});
        assertArrayEquals(ref.matmul(ref.transfer(rows), ref.transfer(b), false, false).toFloatArray(),
                cpu.matmul(rows, b, false, false).toFloatArray());
        assertEquals(Shape.of(0, 3), cpu.concat(List.of(f(0, 3), f(0, 3)), 0).shape());
        assertEquals(Shape.of(2), cpu.reduce(ReduceOp.SUM, f(2, 3), new int[] {1}, false).shape());
        assertEquals(Shape.of(3, 2), cpu.binary(BinaryOp.ADD, f(3, 2), f(2)).shape());
    }
}
