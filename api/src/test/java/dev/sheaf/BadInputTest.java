package dev.sheaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sheaf.activations.Activations;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.callbacks.Callback;
import dev.sheaf.callbacks.EarlyStopping;
import dev.sheaf.constraints.Constraints;
import dev.sheaf.data.Dataset;
import dev.sheaf.data.Datasets;
import dev.sheaf.data.HostArray;
import dev.sheaf.data.IdxReader;
import dev.sheaf.data.Labels;
import dev.sheaf.initializers.Initializers;
import dev.sheaf.layers.Add;
import dev.sheaf.layers.Concatenate;
import dev.sheaf.layers.Dense;
import dev.sheaf.layers.Dropout;
import dev.sheaf.layers.Flatten;
import dev.sheaf.layers.Input;
import dev.sheaf.layers.InputLayer;
import dev.sheaf.layers.Lambda;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.Permute;
import dev.sheaf.layers.RepeatVector;
import dev.sheaf.layers.Reshape;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.losses.Losses;
import dev.sheaf.losses.SparseCategoricalCrossentropy;
import dev.sheaf.metrics.Metrics;
import dev.sheaf.models.EvaluateOptions;
import dev.sheaf.models.FitOptions;
import dev.sheaf.models.Model;
import dev.sheaf.models.PredictOptions;
import dev.sheaf.models.Sequential;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.SGD;
import dev.sheaf.optimizers.schedules.CosineDecay;
import dev.sheaf.optimizers.schedules.CosineDecayRestarts;
import dev.sheaf.optimizers.schedules.ExponentialDecay;
import dev.sheaf.optimizers.schedules.InverseTimeDecay;
import dev.sheaf.optimizers.schedules.PiecewiseConstantDecay;
import dev.sheaf.optimizers.schedules.PolynomialDecay;
import dev.sheaf.optimizers.schedules.Schedules;
import dev.sheaf.regularizers.Regularizers;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A careless user drives the public API with bad input. Every case must end in a clear exception of the documented
 * type whose message names the thing and what was expected: never a NullPointerException, an index-out-of-bounds, a
 * ClassCastException or an ArithmeticException (DESIGN.md §9).
 */
class BadInputTest {

    /** Every broken expectation of the current test, reported together so one run shows them all. */
    private final List<String> problems = new ArrayList<>();

    @AfterEach
    void reportProblems() {
        if (!problems.isEmpty()) {
            fail(problems.size() + " bad-input case(s) failed:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Runs {@code ex}, which must throw a {@code type} whose message contains every word (any case); a miss is
     * recorded and fails the test at its end. Returns the exception when it is of the right type.
     */
    <T extends Throwable> T expect(Class<T> type, Executable ex, String... words) {
        Throwable t = null;
        try {
            ex.execute();
        } catch (Throwable caught) {
            t = caught;
        }
        String where = callSite();
        if (t == null) {
            problems.add(where + ": expected " + type.getSimpleName() + " but nothing was thrown");
            return null;
        }
        if (!type.isInstance(t)) {
            problems.add(where + ": expected " + type.getSimpleName() + " but got " + t);
            return null;
        }
        String m = t.getMessage();
        if (m == null) {
            problems.add(where + ": " + t + " has no message");
            return type.cast(t);
        }
        String lower = m.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (!lower.contains(w.toLowerCase(Locale.ROOT))) {
                problems.add(where + ": '" + w + "' missing from: " + m);
            }
        }
        return type.cast(t);
    }

    private static String callSite() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().equals(BadInputTest.class.getName()) && !e.getMethodName().equals("expect")
                    && !e.getMethodName().equals("callSite")) {
                return "line " + e.getLineNumber();
            }
        }
        return "?";
    }

    private static Tensor f(long... shape) {
        return Ops.zeros(shape);
    }

    private static Sequential mlp(int in, int out) {
        return new Sequential(List.of(new InputLayer(in), new Dense(out)));
    }

    // ================================================================== ops

    @Test
    void nullsIntoOps() {
        expect(IllegalArgumentException.class, () -> Ops.add(null, f(2)), "add", "null");
        expect(IllegalArgumentException.class, () -> Ops.sum(null), "sum", "null");
        expect(IllegalArgumentException.class, () -> Ops.concatenate(null), "concatenate");
        expect(IllegalArgumentException.class, () -> Ops.concatenate(List.of()), "concatenate");
        expect(IllegalArgumentException.class, () -> Ops.concatenate(Arrays.asList(f(2), null)), "concatenate",
                "null");
        expect(IllegalArgumentException.class, () -> Ops.constant((float[]) null), "constant", "null");
        expect(IllegalArgumentException.class, () -> Ops.constant((int[]) null, 2), "constant", "null");
        expect(IllegalArgumentException.class, () -> Ops.cast(f(2), null), "cast", "null");
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(2), (Shape) null), "reshape", "null");
        expect(IllegalArgumentException.class, () -> Ops.transpose(null), "transpose", "null");
        expect(IllegalArgumentException.class, () -> Ops.matmul(f(2, 2), null), "matmul", "null");
        expect(IllegalArgumentException.class, () -> Ops.gather(f(3), null, 0), "gather", "null");
        expect(IllegalArgumentException.class, () -> Ops.where(null, f(2), f(2)), "where", "null");
        expect(IllegalArgumentException.class, () -> Ops.zeros((Shape) null, DType.FLOAT32), "null");
        expect(IllegalArgumentException.class, () -> Ops.zeros(Shape.of(2), null), "null", "dtype");
        expect(IllegalArgumentException.class, () -> Ops.slice(f(3), null, new int[] {1}), "slice", "null");
        expect(IllegalArgumentException.class, () -> Ops.pad(f(3), null), "pad", "null");
        expect(IllegalArgumentException.class, () -> Ops.conv(f(1, 3, 3, 1), f(1, 1, 1, 1), null), "conv", "null");
        expect(IllegalArgumentException.class, () -> Ops.maxPool(f(1, 3, 3, 1), null), "null");
    }

    @Test
    void wrongShapesIntoOps() {
        expect(IllegalArgumentException.class, () -> Ops.matmul(Ops.scalar(1), Ops.scalar(2)), "matmul", "rank");
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(2, 3), 4, 2), "reshape", "(2, 3)", "6");
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(2, 3), -1, -1), "reshape", "-1");
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(2, 3), -1, 4), "reshape", "(2, 3)");
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(2, 3), -3, 2), "reshape", "-3");
        expect(IllegalArgumentException.class, () -> Ops.transpose(f(2, 3), 0, 0), "transpose", "permutation");
        expect(IllegalArgumentException.class, () -> Ops.transpose(f(2, 3), 0), "transpose");
        expect(IllegalArgumentException.class, () -> Ops.transpose(f(2, 3), 0, 2), "transpose");
        expect(IllegalArgumentException.class, () -> Ops.sum(f(2, 3), 0, 0), "sum", "twice");
        expect(IllegalArgumentException.class, () -> Ops.mean(f(2, 3), 1, -1), "mean", "twice");
        expect(IllegalArgumentException.class, () -> Ops.max(f(2, 3), 2), "max", "axis");
        expect(IllegalArgumentException.class, () -> Ops.argmax(f(2, 3), 3), "argmax", "axis");
        expect(IllegalArgumentException.class, () -> Ops.softmax(f(2, 3), 5), "softmax", "axis");
        expect(IllegalArgumentException.class, () -> Ops.concatenate(List.of(f(2, 3), f(2, 4)), 0),
                "concatenate", "(2, 3)", "(2, 4)");
        expect(IllegalArgumentException.class, () -> Ops.concatenate(List.of(f(2, 3), f(2, 3)), 2),
                "concatenate", "axis");
        expect(IllegalArgumentException.class, () -> Ops.concatenate(List.of(f(2, 3), f(2))), "concatenate");
        expect(IllegalArgumentException.class, () -> Ops.stack(List.of(f(2), f(3))), "stack");
        expect(IllegalArgumentException.class, () -> Ops.split(f(5), 2, 0), "split", "5");
        expect(IllegalArgumentException.class, () -> Ops.split(f(4), 0, 0), "split");
        expect(IllegalArgumentException.class, () -> Ops.tile(f(2), -1), "tile");
        expect(IllegalArgumentException.class, () -> Ops.pad(f(2), new int[][] {{-1, 0}}), "pad");
        expect(IllegalArgumentException.class, () -> Ops.pad(f(2), new int[][] {{1}}), "pad");
        expect(IllegalArgumentException.class, () -> Ops.broadcastTo(f(3), 2, 4), "(3,)", "(2, 4)");
        expect(IllegalArgumentException.class, () -> Ops.expandDims(f(2), 5), "expandDims");
        expect(IllegalArgumentException.class, () -> Ops.squeeze(f(2, 3), 0), "squeeze");
        expect(IllegalArgumentException.class, () -> Ops.slice(f(4), new int[] {1, 1}, new int[] {1}), "slice");
        expect(IllegalArgumentException.class, () -> Ops.stridedSlice(f(4), new int[] {0}, new int[] {4},
                new int[] {0}), "stride");
        expect(IllegalArgumentException.class, () -> Ops.gather(Ops.scalar(1), Ops.constant(new int[] {0}), 0),
                "gather");
        expect(IllegalArgumentException.class, () -> Ops.gather(f(3), Ops.constant(new int[] {0}), 1),
                "gather", "axis");
        expect(IllegalArgumentException.class, () -> Ops.where(Ops.greater(f(2), 0.0), f(3), f(2)), "where");
        expect(IllegalArgumentException.class, () -> Ops.maxPool(f(3, 3), dev.sheaf.spi.PoolSpec.of(2, 2)),
                "pool");
    }

    @Test
    void sliceWithBeginPastEndIsEmptyOrRefused() {
        // numpy / tf.strided_slice: begin > end with a positive stride selects nothing. Either that, or a clear error.
        try {
            Tensor t = Ops.stridedSlice(Ops.arange(5), new int[] {4}, new int[] {1}, new int[] {1});
            assertEquals(0, t.shape().dim(0));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("Slice") || e.getMessage().contains("slice"), e.getMessage());
        }
    }

    @Test
    void gatherOutOfRangeNamesTheIndex() {
        Tensor x = Ops.constant(new float[] {1, 2, 3});
        expect(IllegalArgumentException.class, () -> Ops.gather(x, Ops.constant(new int[] {0, 7}), 0).toFloatArray(),
                "7");
        expect(IllegalArgumentException.class, () -> Ops.gather(x, Ops.constant(new int[] {-4}), 0).toFloatArray(),
                "-4");
        expect(IllegalArgumentException.class, () -> Ops.take(x, Ops.constant(new long[] {3})).toFloatArray(), "3");
        expect(IllegalArgumentException.class, () -> Ops.gather(x, Ops.constant(new float[] {0}), 0), "gather",
                "int");
    }

    @Test
    void wrongDtypesIntoOps() {
        Tensor b = Ops.greater(f(2), 0.0);
        expect(IllegalArgumentException.class, () -> Ops.add(b, b), "add", "bool");
        expect(IllegalArgumentException.class, () -> Ops.oneHot(f(3), 4), "oneHot", "int");
        expect(IllegalArgumentException.class, () -> Ops.oneHot(Ops.constant(new int[] {0}), -1), "oneHot", "depth");
        expect(IllegalArgumentException.class, () -> Ops.uniform(Shape.of(2), DType.INT32, 0, 1, 1), "float");
    }

    @Test
    void badCreationArguments() {
        expect(IllegalArgumentException.class, () -> Ops.zeros(-1, 2), "-1");
        expect(IllegalArgumentException.class, () -> Shape.of(3, -5), "-5");
        expect(IllegalArgumentException.class, () -> Shape.of((long[]) null), "null");
        expect(IllegalArgumentException.class, () -> Shape.of(4).dim(3), "axis", "3");
        expect(IllegalArgumentException.class, () -> Ops.constant(new float[6], 2, 2), "constant", "6", "(2, 2)");
        expect(IllegalArgumentException.class, () -> Ops.arange(0, 10, 0), "arange", "step");
        expect(IllegalArgumentException.class, () -> Ops.arange(0.0, 1.0, 0.0), "arange", "step");
        expect(IllegalArgumentException.class, () -> Ops.eye(-1), "eye");
        expect(IllegalArgumentException.class, () -> Ops.normal(Shape.of(2), 0, -1, 1), "normal", "stddev");
        expect(IllegalArgumentException.class, () -> Ops.bernoulli(Shape.of(2), 1.5, 1), "bernoulli", "1.5");
        expect(IllegalArgumentException.class, () -> Ops.uniform(Shape.of(2), 1, 0, 1), "uniform");
        expect(IllegalArgumentException.class, () -> Ops.full(Shape.symbolic(-1, 2), 0), "(None, 2)");
    }

    @Test
    void closedTensors() {
        Tensor t = f(2, 2);
        t.close();
        expect(IllegalStateException.class, t::toFloatArray, "closed");
        Tensor scalar = Ops.scalar(3);
        scalar.close();
        expect(IllegalStateException.class, scalar::item, "closed");
        expect(IllegalStateException.class, () -> Ops.matmul(t, t), "matmul", "closed");
        expect(IllegalStateException.class, () -> new Dense(2).apply(t), "closed");
        expect(IllegalStateException.class, () -> new Variable("w", t), "closed");
        expect(IllegalStateException.class, () -> mlp(2, 1).predict(t), "closed");
        expect(IllegalStateException.class, () -> HostArray.of(t), "closed");
    }

    @Test
    void itemOfANonScalar() {
        expect(IllegalArgumentException.class, () -> f(2, 2).item(), "item", "(2, 2)", "one element");
    }

    // ================================================================== variables and tapes

    @Test
    void badVariables() {
        expect(IllegalArgumentException.class, () -> new Variable((Tensor) null), "null");
        expect(IllegalArgumentException.class, () -> Variable.of("w", new float[3], 2, 2), "w", "3", "(2, 2)");
        Variable v = Variable.of("w", new float[4], 2, 2);
        expect(IllegalArgumentException.class, () -> v.assign(f(3)), "w", "(2, 2)", "(3,)");
        expect(IllegalArgumentException.class, () -> v.assign(null), "w", "null");
        v.close();
        expect(IllegalStateException.class, v::value, "w", "closed");
        expect(IllegalStateException.class, () -> v.assign(f(2, 2)), "w", "closed");
    }

    @Test
    void badTapeUse() {
        Variable w = Variable.of("w", new float[] {1, 2}, 2);
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = Ops.sum(Ops.square(w.value()));
            expect(IllegalArgumentException.class, () -> tape.gradient(null, w), "gradient", "null");
            expect(IllegalArgumentException.class, () -> tape.gradient(loss, (Variable[]) null), "gradient", "null");
            expect(IllegalArgumentException.class, () -> tape.gradient(loss, (Variable) null), "gradient", "null");
            expect(IllegalArgumentException.class, () -> tape.watch((Tensor) null), "watch", "null");
            tape.gradient(loss, w);
            expect(IllegalStateException.class, () -> tape.gradient(loss, w), "persistent");
        }
    }

    // ================================================================== layers

    @Test
    void badLayerArguments() {
        expect(IllegalArgumentException.class, () -> new Dense(0), "Dense", "units", "0");
        expect(IllegalArgumentException.class, () -> new Dense(-3), "units", "-3");
        expect(IllegalArgumentException.class, () -> new Dense(4, "relux"), "relux", "relu");
        expect(IllegalArgumentException.class, () -> new Dense(4).setKernelInitializer("glorot_unifrom"),
                "glorot_unifrom", "glorot_uniform");
        expect(IllegalArgumentException.class, () -> new Dropout(1.5), "Dropout", "rate", "1.5");
        expect(IllegalArgumentException.class, () -> new Dropout(-0.1), "rate", "-0.1");
        expect(IllegalArgumentException.class, () -> new Dropout(Double.NaN), "rate", "NaN");
        expect(IllegalArgumentException.class, () -> new Reshape(-1, -1), "Reshape", "-1");
        expect(IllegalArgumentException.class, () -> new Reshape(-2, 3), "Reshape", "-2");
        expect(IllegalArgumentException.class, () -> new Reshape((long[]) null), "Reshape", "null");
        expect(IllegalArgumentException.class, () -> new Permute(1, 1), "Permute", "permutation");
        expect(IllegalArgumentException.class, () -> new Permute(0, 1), "Permute", "0");
        expect(IllegalArgumentException.class, () -> new Permute((int[]) null), "Permute", "null");
        expect(IllegalArgumentException.class, () -> new RepeatVector(-1), "RepeatVector", "-1");
        expect(IllegalArgumentException.class, () -> new Lambda(null), "Lambda", "null");
        expect(IllegalArgumentException.class, () -> new Dense(2).setName(null), "name");
        expect(IllegalArgumentException.class, () -> Input.of(-2, 3), "-2");
        expect(IllegalArgumentException.class, () -> new InputLayer(-2), "-2");
        expect(IllegalArgumentException.class, () -> new Flatten().setDataFormat("nchw"), "nchw", "channels_last");
    }

    @Test
    void wrongRanksAndShapesIntoLayers() {
        expect(IllegalArgumentException.class, () -> new Dense(3).apply(f(4)), "dense", "rank", ">= 2");
        expect(IllegalArgumentException.class, () -> new Dense(3).apply(Input.of()), "dense", "rank");
        expect(IllegalArgumentException.class, () -> new Dense(3).apply((Tensor) null), "dense", "null");
        Dense built = new Dense(3);
        built.apply(f(2, 4));
        expect(IllegalArgumentException.class, () -> built.apply(f(2, 5)), "dense", "(2, 5)", "4");
        expect(IllegalArgumentException.class, () -> new Reshape(3, 5).apply(f(2, 4)), "reshape", "(3, 5)");
        expect(IllegalArgumentException.class, () -> new Reshape(-1, 5).apply(f(2, 4)), "reshape", "5");
        expect(IllegalArgumentException.class, () -> new Permute(1, 3).apply(f(2, 3, 4)), "permute");
        expect(IllegalArgumentException.class, () -> new Permute(2, 1).apply(f(2, 3, 4, 5)), "permute");
        expect(IllegalArgumentException.class, () -> new RepeatVector(3).apply(f(2, 3, 4)), "repeatvector", "rank");
        expect(IllegalArgumentException.class, () -> new Concatenate(5).apply(List.of(f(2, 3), f(2, 3)), false),
                "concatenate", "axis");
        expect(IllegalArgumentException.class, () -> new Concatenate().apply(List.of(f(2, 3), f(4, 3)), false),
                "concatenate", "(2, 3)", "(4, 3)");
        expect(IllegalArgumentException.class, () -> new Concatenate().apply(List.of(), false), "concatenate");
        expect(IllegalArgumentException.class, () -> new Add().apply(List.of(f(2, 3), f(2, 4)), false),
                "add", "3)", "4)", "incompatible");
        expect(IllegalArgumentException.class, () -> new Add().apply(Arrays.asList(f(2, 3), null), false),
                "add", "null");
        expect(IllegalArgumentException.class, () -> new Add().apply(List.of(), false), "add");
        SymbolicTensor a = Input.of(3);
        SymbolicTensor b = Input.of(4);
        expect(IllegalArgumentException.class, () -> new Add().apply(a, b), "add", "3", "4");
        expect(IllegalArgumentException.class, () -> new Concatenate(2).apply(Input.of(3, 2), Input.of(4, 2)),
                "concatenate");
    }

    @Test
    void badLambdas() {
        expect(IllegalArgumentException.class, () -> new Lambda(t -> null).apply(f(2, 2)), "lambda", "null");
    }

    @Test
    void setWeightsWithWrongCountOrShape() {
        Dense d = new Dense(3);
        d.apply(f(2, 4));
        expect(IllegalArgumentException.class, () -> d.setWeights(List.of(f(4, 3))), "setWeights", "2", "1");
        expect(IllegalArgumentException.class, () -> d.setWeights(List.of(f(4, 3), f(4))), "setWeights", "(3,)",
                "(4,)");
        expect(IllegalArgumentException.class, () -> d.setWeights(null), "setWeights", "null");
        expect(IllegalArgumentException.class, () -> d.setWeights(Arrays.asList(f(4, 3), null)), "setWeights",
                "null");
        Sequential m = mlp(4, 2);
        expect(IllegalArgumentException.class, () -> m.setWeights(List.of(f(4, 2))), "setWeights");
    }

    @Test
    void aRefusedSetWeightsLeavesTheLayerAsItWas() {
        Dense d = new Dense(3);
        d.apply(f(2, 4));
        float[] before = d.kernel().value().toFloatArray();
        // the kernel's value fits, the bias's does not: nothing may be half-written
        expect(IllegalArgumentException.class, () -> d.setWeights(List.of(Ops.ones(4, 3), f(4))), "bias");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, d.kernel().value().toFloatArray());
    }

    // ================================================================== models

    @Test
    void badModelConstruction() {
        expect(IllegalArgumentException.class, () -> Model.of((SymbolicTensor) null, Input.of(2)), "null");
        expect(IllegalArgumentException.class, () -> Model.of(List.of(), List.of()), "input");
        SymbolicTensor in = Input.of(3);
        SymbolicTensor other = Input.of(3);
        SymbolicTensor out = new Dense(2).apply(other);
        expect(IllegalArgumentException.class, () -> Model.of(in, out), "input");
        expect(IllegalArgumentException.class, () -> new Sequential((List<Layer>) null), "null");
        expect(IllegalArgumentException.class, () -> new Sequential(Arrays.asList(new Dense(2), null)), "null");
        expect(IllegalArgumentException.class, () -> new Sequential().add((Layer) null), "null");
        expect(IllegalStateException.class, () -> new Sequential().pop(), "no layers");
        Sequential m = mlp(4, 2);
        expect(IllegalArgumentException.class, () -> m.getLayer("nope"), "nope");
        expect(IllegalArgumentException.class, () -> m.getLayer(99), "99");
        expect(IllegalArgumentException.class, () -> m.getLayer(-1), "-1");
    }

    @Test
    void badCompile() {
        Sequential m = mlp(4, 2);
        expect(IllegalArgumentException.class, () -> m.compile(null, "mse"), "optimizer");
        expect(IllegalArgumentException.class, () -> m.compile("sgd", 42), "loss", "Integer");
        expect(IllegalArgumentException.class, () -> m.compile(42, "mse"), "optimizer", "Integer");
        expect(IllegalArgumentException.class, () -> m.compile("sgd", "mse", 3.5), "metric", "Double");
    }

    @Test
    void compileWithoutLossThenFit() {
        Sequential m = mlp(4, 2);
        try {
            m.compile("sgd", null);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("loss"), e.getMessage());
            return;
        }
        Throwable e = assertThrows(RuntimeException.class,
                () -> m.fit(f(4, 4), f(4, 2), new FitOptions().verbose(0)));
        assertTrue(e instanceof IllegalStateException || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage().contains("loss"), e.getMessage());
    }

    @Test
    void badFitArguments() {
        Sequential m = mlp(4, 2);
        m.compile("sgd", "mse");
        expect(IllegalArgumentException.class, () -> m.fit((Tensor) null, f(4, 2)), "x", "null");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), (Tensor) null), "y", "null");
        expect(IllegalArgumentException.class, () -> m.fit(f(0, 4), f(0, 2), new FitOptions().verbose(0)),
                "no samples");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), f(4, 2), 1, 0), "batchSize", "0");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), f(4, 2), -1, 2), "epochs", "-1");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), f(4, 3), new FitOptions().verbose(0)),
                "(4, 3)", "(4, 2)");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), f(4, 2),
                new FitOptions().verbose(0).sampleWeight(Ops.ones(3))), "sample", "3", "4");
        expect(IllegalArgumentException.class, () -> m.fit(List.of(f(4, 4), f(4, 4)), List.of(f(4, 2)),
                new FitOptions().verbose(0)), "2", "1", "input");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), f(4, 2), new FitOptions().verbose(0)
                .validationData(f(3, 4), f(2, 2))), "3", "2");
        expect(IllegalArgumentException.class, () -> m.fit((Dataset) null, 1), "null");
    }

    @Test
    void validationDataOfTheWrongShapeFailsBeforeTraining() {
        Sequential m = mlp(4, 2);
        m.compile("sgd", "mse");
        float[] before = m.getLayer(0).getWeights().get(0).toFloatArray();
        expect(IllegalArgumentException.class, () -> m.fit(Ops.ones(8, 4), Ops.ones(8, 2), new FitOptions()
                .verbose(0).validationData(f(3, 5), f(3, 2))), "validation data", "(None, 4)", "(3, 5)");
        // no epoch ran: the weights are untouched
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, m.getLayer(0).getWeights().get(0).toFloatArray());
        expect(IllegalArgumentException.class, () -> Ops.eye(100_000, 100_000), "eye", "100000");
    }

    @Test
    void badFitOptions() {
        expect(IllegalArgumentException.class, () -> new FitOptions().batchSize(0), "batch", "0");
        expect(IllegalArgumentException.class, () -> new FitOptions().epochs(-1), "epochs", "-1");
        expect(IllegalArgumentException.class, () -> new FitOptions().validationSplit(1.5), "validation", "1.5");
        expect(IllegalArgumentException.class, () -> new FitOptions().validationSplit(Double.NaN), "validation",
                "NaN");
        expect(IllegalArgumentException.class, () -> new FitOptions().verbose(7), "verbose", "7");
        expect(IllegalArgumentException.class, () -> new FitOptions().stepsPerEpoch(0), "steps", "0");
        expect(IllegalArgumentException.class, () -> new FitOptions().validationFreq(0), "freq", "0");
        expect(IllegalArgumentException.class, () -> new FitOptions().initialEpoch(-1), "epoch", "-1");
        expect(IllegalArgumentException.class, () -> new FitOptions().validationBatchSize(0), "batch", "0");
        expect(IllegalArgumentException.class, () -> new FitOptions().callbacks((Callback[]) null), "callbacks");
        expect(IllegalArgumentException.class, () -> new FitOptions().callbacks(new Callback[] {null}),
                "callback", "null");
        expect(IllegalArgumentException.class, () -> new FitOptions().classWeight(Map.of(0, Double.NaN)),
                "class", "NaN");
        expect(IllegalArgumentException.class, () -> new FitOptions().classWeight(Map.of(0, -1.0)),
                "class", "-1");
        expect(IllegalArgumentException.class, () -> new PredictOptions().batchSize(0), "batch", "0");
        expect(IllegalArgumentException.class, () -> new PredictOptions().steps(0), "steps", "0");
        expect(IllegalArgumentException.class, () -> new EvaluateOptions().batchSize(-4), "batch", "-4");
        expect(IllegalArgumentException.class, () -> new EvaluateOptions().verbose(-1), "verbose", "-1");
    }

    @Test
    void yOfTheWrongKindForTheLoss() {
        Sequential cce = mlp(4, 3);
        cce.compile("sgd", "categorical_crossentropy");
        expect(IllegalArgumentException.class, () -> cce.fit(f(4, 4), Ops.constant(new int[] {0, 1, 2, 1}),
                new FitOptions().verbose(0)), "categorical_crossentropy", "sparse");
        Sequential scce = mlp(4, 3);
        scce.compile("sgd", "sparse_categorical_crossentropy");
        expect(IllegalArgumentException.class, () -> scce.fit(f(4, 4), Ops.oneHot(Ops.constant(new int[] {0, 1, 2,
                1}), 3), new FitOptions().verbose(0)), "sparse_categorical_crossentropy", "(4, 3)");
    }

    @Test
    void labelsOutOfRangeForSparseCrossentropy() {
        Tensor probs = Ops.softmax(f(2, 3));
        expect(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy()
                .call(Ops.constant(new int[] {0, 5}), probs).toFloatArray(), "5", "3");
        expect(IllegalArgumentException.class, () -> new SparseCategoricalCrossentropy()
                .call(Ops.constant(new int[] {-1, 0}), probs).toFloatArray(), "-1", "3");
        Sequential m = mlp(4, 3);
        m.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        expect(IllegalArgumentException.class, () -> m.fit(f(4, 4), Ops.constant(new int[] {0, 1, 7, 1}),
                new FitOptions().verbose(0)), "7", "3");
        expect(IllegalArgumentException.class, () -> m.evaluate(f(4, 4), Ops.constant(new int[] {0, 1, 7, 1}),
                new EvaluateOptions().verbose(0)), "7", "3");
    }

    @Test
    void lossAndMetricCallsOnMismatchedShapes() {
        expect(IllegalArgumentException.class, () -> Losses.get("mse").call(f(4, 2), f(4, 3)), "(4, 2)", "(4, 3)");
        expect(IllegalArgumentException.class, () -> Losses.get("mse").call(null, f(4, 3)), "null");
        expect(IllegalArgumentException.class, () -> Metrics.get("mae").updateState(f(4, 2), f(4, 3), null),
                "(4, 2)", "(4, 3)");
        expect(IllegalArgumentException.class, () -> Metrics.get("accuracy").updateState(null, f(4, 3), null),
                "null");
    }

    @Test
    void callingAFunctionalModelWithTheWrongNumberOfInputs() {
        SymbolicTensor a = Input.of(3);
        SymbolicTensor b = Input.of(3);
        Model m = Model.of(List.of(a, b), List.of(new Dense(1).apply(new Add().apply(a, b))));
        expect(IllegalArgumentException.class, () -> m.predict(List.of(f(2, 3)), new PredictOptions().verbose(0)),
                "2", "1", "input");
        expect(IllegalArgumentException.class, () -> m.predict(f(2, 3)), "2", "input");
        expect(IllegalArgumentException.class, () -> m.apply(List.of(f(2, 3)), false), "2", "1");
        expect(IllegalArgumentException.class, () -> m.predict(List.of(f(2, 3), f(3, 3)),
                new PredictOptions().verbose(0)), "2", "3");
        expect(IllegalArgumentException.class, () -> m.predict((List<Tensor>) null, new PredictOptions()), "null");
    }

    @Test
    void summaryAndPredictBeforeBuild() {
        Sequential lazy = new Sequential(List.of(new Dense(2)));
        // Keras: summary of an unbuilt model is a clear error (or it prints unbuilt layers) — never an NPE.
        try {
            assertNotNull(lazy.summaryString());
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("built"), e.getMessage());
        }
        // predict builds a lazy model, as Keras
        assertEquals(Shape.of(3, 2), lazy.predict(f(3, 5)).shape());
        expect(IllegalArgumentException.class, () -> lazy.predict(null), "null");
    }

    // ================================================================== names

    @Test
    void unknownNames() {
        expect(IllegalArgumentException.class, () -> Activations.get("relux"), "relux", "relu");
        expect(IllegalArgumentException.class, () -> Initializers.get("glorot_unifrom"), "glorot_unifrom",
                "glorot_uniform");
        expect(IllegalArgumentException.class, () -> Initializers.get(null), "null");
        expect(IllegalArgumentException.class, () -> Losses.get("msee"), "msee", "mean_squared_error");
        expect(IllegalArgumentException.class, () -> Losses.get(null), "loss name", "mean_squared_error");
        expect(IllegalArgumentException.class, () -> Metrics.get("accuracyy"), "accuracyy", "accuracy");
        expect(IllegalArgumentException.class, () -> Metrics.get(null), "metric name", "accuracy");
        expect(IllegalArgumentException.class, () -> Regularizers.get("l3"), "l3", "l2");
        expect(IllegalArgumentException.class, () -> Constraints.get("max_nrom"), "max_nrom", "max_norm");
        expect(IllegalArgumentException.class, () -> mlp(2, 2).compile("sgdd", "mse"), "sgdd", "sgd");
        expect(IllegalArgumentException.class, () -> Schedules.deserialize(Map.of("class_name", "Nope",
                "config", Map.of())), "Nope");
        expect(IllegalArgumentException.class, () -> Schedules.deserialize(null), "null");
    }

    @Test
    void configsOfTheWrongType() {
        expect(IllegalArgumentException.class, () -> Initializers.get("random_normal", Map.of("stddev", "abc")),
                "stddev", "abc");
        expect(IllegalArgumentException.class, () -> Losses.get("huber", Map.of("delta", "x")), "delta");
        expect(IllegalArgumentException.class, () -> Dense.fromConfig(Map.of("units", "ten")), "units", "ten");
        expect(IllegalArgumentException.class, () -> Dense.fromConfig(Map.of()), "units");
        expect(IllegalArgumentException.class, () -> Dropout.fromConfig(Map.of("rate", List.of())), "rate");
        expect(IllegalArgumentException.class, () -> SGD.fromConfig(Map.of("learning_rate", "fast")),
                "learning_rate", "fast");
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("units", null);
        expect(IllegalArgumentException.class, () -> Dense.fromConfig(cfg), "units");
        expect(IllegalArgumentException.class, () -> Schedules.deserialize(Map.of("class_name", "ExponentialDecay",
                "config", Map.of("initial_learning_rate", "x"))), "initial_learning_rate");
    }

    // ================================================================== data

    @Test
    void badDatasets() {
        Dataset ds = Dataset.fromTensorSlices(new float[][] {{1}, {2}}, new int[] {0, 1});
        expect(IllegalArgumentException.class, () -> ds.batch(0), "batch", "0");
        expect(IllegalArgumentException.class, () -> ds.batch(-2), "batch", "-2");
        expect(IllegalArgumentException.class, () -> ds.shuffle(0), "shuffle", "0");
        expect(IllegalArgumentException.class, () -> ds.map(null), "map", "null");
        expect(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(new float[][] {{1}, {2}},
                new int[] {0}), "2", "1");
        expect(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(new float[][] {{1}, {2, 3}},
                new int[] {0, 1}), "row");
        expect(IllegalArgumentException.class, () -> Dataset.fromTensorSlices((float[][]) null, new int[] {0}),
                "null");
        expect(IllegalArgumentException.class, () -> Dataset.fromTensorSlices((HostArray) null), "null");
        expect(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(f(3, 2), f(2)), "3", "2");
        expect(IllegalArgumentException.class, () -> Dataset.fromGenerator(null, false), "null");
        expect(IllegalArgumentException.class, () -> HostArray.of(new float[5], 2, 2), "5", "[2, 2]");
        expect(IllegalArgumentException.class, () -> HostArray.of((float[]) null, 2), "null");
        expect(IllegalArgumentException.class, () -> HostArray.ofRows(new float[][] {{1, 2}, {3}}), "row");
        expect(IllegalArgumentException.class, () -> HostArray.ofRows(new float[][] {{1, 2}, null}), "row");
    }

    @Test
    void badLabels() {
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(new int[] {0, 5}, 3), "5", "3");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(new int[] {-1, 0}, 3), "-1", "3");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(new int[] {0}, 0), "0");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical((int[]) null, 3), "null");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(new int[] {-2}), "-2");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(Ops.constant(new int[] {0, 4}), 3),
                "4", "3");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(Ops.constant(new float[] {0.5f}), 3),
                "0.5", "whole");
    }

    @Test
    void datasetsLoadOfAMissingFolder(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        IOException e = expect(IOException.class, () -> Datasets.load(missing), "nope");
        if (e != null) {
            assertTrue(e.getMessage().contains("train-images") || e.getMessage().contains("idx"), e.getMessage());
        }
        Files.createDirectories(missing);
        expect(IOException.class, () -> Datasets.load(missing), "nope");
        expect(IllegalArgumentException.class, () -> Datasets.load(null), "null");
    }

    @Test
    void idxReaderOnGarbage(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("garbage.idx");
        Files.write(garbage, "this is not an idx file at all".getBytes());
        expect(IOException.class, () -> IdxReader.read(garbage), "garbage.idx", "not an IDX file");
        Path empty = dir.resolve("empty.idx");
        Files.write(empty, new byte[0]);
        expect(IOException.class, () -> IdxReader.read(empty), "empty.idx");
        // a valid header that promises more data than the file holds
        byte[] truncated = {0, 0, 0x08, 2, 0, 0, 0, 10, 0, 0, 0, 10, 1, 2, 3};
        expect(IOException.class, () -> IdxReader.read(new ByteArrayInputStream(truncated), "trunc"), "trunc");
        // a header promising a huge array: refused before allocation, not an OutOfMemoryError or overflow
        byte[] huge = {0, 0, 0x08, 3, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1, 0x7f, -1, -1, -1};
        expect(IOException.class, () -> IdxReader.read(new ByteArrayInputStream(huge), "huge"), "huge");
        // an unknown element type, a rank of 0 and a negative dimension
        expect(IOException.class, () -> IdxReader.read(new ByteArrayInputStream(new byte[] {0, 0, 0x42, 1, 0, 0,
                0, 1, 1}), "type"), "type");
        expect(IOException.class, () -> IdxReader.read(new ByteArrayInputStream(new byte[] {0, 0, 0x08, 1, -1, -1,
                -1, -1}), "neg"), "neg");
        expect(IllegalArgumentException.class, () -> IdxReader.read((Path) null), "null");
        Path dirAsFile = dir.resolve("sub");
        Files.createDirectories(dirAsFile);
        expect(IOException.class, () -> IdxReader.read(dirAsFile), "sub");
    }

    // ================================================================== optimizers and schedules

    @Test
    void badOptimizerSettings() {
        expect(IllegalArgumentException.class, () -> new SGD(Double.NaN), "SGD", "learning rate", "NaN");
        expect(IllegalArgumentException.class, () -> new SGD(Double.POSITIVE_INFINITY), "learning rate", "finite");
        expect(IllegalArgumentException.class, () -> new SGD(0.1).setLearningRate(Double.NaN), "learning rate",
                "NaN");
        expect(IllegalArgumentException.class, () -> new SGD(0.1, 1.5), "momentum", "1.5");
        expect(IllegalArgumentException.class, () -> new SGD(0.1, -0.5), "momentum", "-0.5");
        expect(IllegalArgumentException.class, () -> new SGD((dev.sheaf.optimizers.schedules.LearningRateSchedule)
                null), "null");
        expect(IllegalArgumentException.class, () -> new SGD().setClipnorm(-1.0), "clipnorm", "-1");
        expect(IllegalArgumentException.class, () -> new SGD().setClipvalue(Double.NaN), "clipvalue");
        expect(IllegalArgumentException.class, () -> new SGD().setClipnorm(1.0).setGlobalClipnorm(1.0), "clipnorm",
                "globalClipnorm", "only one");
        SGD sgd = new SGD(0.1);
        Variable w = Variable.of("w", new float[] {1, 2}, 2);
        expect(IllegalArgumentException.class, () -> sgd.applyGradients(List.of(f(2), f(2)), List.of(w)), "2", "1");
        expect(IllegalArgumentException.class, () -> sgd.applyGradients(List.of(f(3)), List.of(w)), "w", "(3,)",
                "(2,)");
        expect(IllegalArgumentException.class, () -> sgd.applyGradients(null, List.of(w)), "null");
        expect(IllegalArgumentException.class, () -> sgd.applyGradients(List.of(f(2)), null), "null");
    }

    @Test
    void nonsenseSchedules() {
        expect(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.9), "decay_steps", "0");
        expect(IllegalArgumentException.class, () -> new ExponentialDecay(Double.NaN, 10, 0.9),
                "initial_learning_rate");
        expect(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 10, -0.5), "decay_rate", "-0.5");
        expect(IllegalArgumentException.class, () -> new InverseTimeDecay(0.1, 0, 0.5), "decay_steps");
        expect(IllegalArgumentException.class, () -> new CosineDecay(0.1, 0), "decay_steps", "0");
        expect(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10).setWarmup(0.2, -1), "warmup");
        expect(IllegalArgumentException.class, () -> new CosineDecayRestarts(0.1, 0), "first_decay_steps");
        expect(IllegalArgumentException.class, () -> new CosineDecayRestarts(0.1, 10).setTMul(0), "t_mul");
        expect(IllegalArgumentException.class, () -> new PolynomialDecay(0.1, 0), "decay_steps");
        expect(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(new long[] {10, 5},
                new double[] {1, 2, 3}), "boundaries");
        expect(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(new long[] {10},
                new double[] {1, 2, 3}), "values", "boundaries");
        expect(IllegalArgumentException.class, () -> new PiecewiseConstantDecay(null, new double[] {1}),
                "no boundaries");
    }

    // ================================================================== callbacks

    @Test
    void badCallbackSettings() {
        expect(IllegalArgumentException.class, () -> new EarlyStopping((String) null), "monitor");
        expect(IllegalArgumentException.class, () -> new EarlyStopping().setPatience(-1), "patience", "-1");
        expect(IllegalArgumentException.class, () -> new EarlyStopping().setMode("upwards"), "upwards", "min");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.callbacks.CSVLogger((Path) null), "null");
    }

    @Test
    void csvLoggerIntoAMissingFolderIsAClearError(@TempDir Path dir) {
        Sequential m = mlp(2, 1);
        m.compile("sgd", "mse");
        Path file = dir.resolve("no/such/folder/log.csv");
        Throwable e = assertThrows(Throwable.class, () -> m.fit(f(4, 2), f(4, 1), new FitOptions().verbose(0)
                .callbacks(new dev.sheaf.callbacks.CSVLogger(file))));
        assertTrue(e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException, e.toString());
        assertTrue(e.getMessage().contains("log.csv"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    // ================================================================== second round: edges and sizes

    @Test
    void reshapeAndSizeEdges() {
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(2, 3), 0, -1), "reshape");
        expect(IllegalArgumentException.class, () -> Ops.reshape(f(0, 3), -1, 0), "reshape", "-1");
        expect(IllegalArgumentException.class, () -> Ops.zeros(1L << 40, 1L << 40),
                "(1099511627776, 1099511627776)");
        expect(IllegalArgumentException.class, () -> Labels.toCategorical(new int[3], Integer.MAX_VALUE),
                "toCategorical", String.valueOf(Integer.MAX_VALUE));
        expect(IllegalArgumentException.class, () -> Ops.stack(List.of()), "stack");
        expect(IllegalArgumentException.class, () -> Ops.argmax(f(0, 3), 0), "argmax", "empty");
        expect(IllegalArgumentException.class, () -> Ops.gather(Ops.constant(new float[] {1, 2}),
                Ops.constant(new long[] {Long.MAX_VALUE}), 0).toFloatArray(), String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void reductionOfAnEmptyTensorIsAValueOrAClearError() {
        for (Executable e : List.<Executable>of(() -> Ops.max(f(0)).toFloatArray(), () -> Ops.min(f(2, 0), 1)
                .toFloatArray(), () -> Ops.argmin(f(2, 0), 1).toIntArray())) {
            try {
                e.execute();
            } catch (IllegalArgumentException ok) {
                assertTrue(ok.getMessage().contains("empty") || ok.getMessage().contains("(2, 0)")
                        || ok.getMessage().contains("(0,)"), ok.getMessage());
            } catch (Throwable t) {
                problems.add("reduction of an empty tensor: " + t);
            }
        }
    }

    @Test
    void dtypesThatKerasAccepts() {
        // int targets for mse and float labels for sparse crossentropy are cast, as Keras does
        Sequential reg = mlp(4, 1);
        reg.compile("sgd", "mse");
        reg.fit(f(4, 4), Ops.constant(new int[] {1, 2, 3, 4}, 4, 1), new FitOptions().verbose(0));
        Sequential cls = mlp(4, 3);
        cls.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        cls.fit(f(4, 4), Ops.constant(new float[] {0, 1, 2, 1}), new FitOptions().verbose(0));
        // int inputs into a float model are cast at the input
        assertEquals(DType.FLOAT32, reg.predict(Ops.constant(new int[8], 2, 4), new PredictOptions().verbose(0))
                .dtype());
    }

    @Test
    void moreLayerAndModelNulls() {
        expect(IllegalArgumentException.class, () -> new Dense(2).setDtype(null), "dtype", "null");
        expect(IllegalArgumentException.class, () -> Input.of((Shape) null, DType.FLOAT32), "shape", "null");
        expect(IllegalArgumentException.class, () -> new InputLayer(Shape.symbolic(-1, 2), null, "in"), "dtype");
        expect(IllegalArgumentException.class, () -> new Sequential().add((SymbolicTensor) null), "null");
        expect(IllegalArgumentException.class, () -> mlp(2, 2).getLayer((String) null), "null");
        expect(IllegalArgumentException.class, () -> new Dense(2).apply((SymbolicTensor) null), "null");
        expect(IllegalArgumentException.class, () -> new Add().apply((SymbolicTensor[]) null), "null");
        expect(IllegalArgumentException.class, () -> Model.of(Input.of(2), null), "null");
        expect(IllegalArgumentException.class, () -> mlp(2, 2).predictOnBatch((Tensor) null), "null");
        expect(IllegalArgumentException.class, () -> mlp(2, 2).summaryString(0), "0");
        Sequential m = new Sequential(List.of(new Dense(2)));
        m.add(new Dense(3));
        expect(IllegalArgumentException.class, () -> m.add(new InputLayer(4)), "InputLayer");
        expect(IllegalArgumentException.class, () -> m.build(null), "null");
    }

    @Test
    void moreOptimizerAndCallbackSettings() {
        expect(IllegalArgumentException.class, () -> new SGD().setWeightDecay(Double.NaN), "weight", "NaN");
        expect(IllegalArgumentException.class, () -> new SGD().setMomentum(Double.NaN), "momentum", "NaN");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.callbacks.ReduceLROnPlateau().setFactor(1.5),
                "factor", "1.5");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.callbacks.ReduceLROnPlateau().setMinLr(-1),
                "min", "-1");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.callbacks.LearningRateScheduler(null),
                "schedule", "null");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.callbacks.ReduceLROnPlateau().setMode(
                (String) null), "mode");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.metrics.AUC().setNumThresholds(1),
                "thresholds", "1");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.metrics.Precision().setThreshold(1.5),
                "threshold", "1.5");
        expect(IllegalArgumentException.class, () -> new dev.sheaf.metrics.TopKCategoricalAccuracy("top", 0),
                "k", "0");
        expect(IllegalArgumentException.class, () -> Initializers.get("constant", Map.of("value", "x")), "value");
        expect(IllegalStateException.class, () -> Sheaf.setBackend("nope"), "nope", "reference");
    }

    @Test
    void moreDatasetArguments() {
        Dataset ds = Dataset.fromTensorSlices(new float[][] {{1}, {2}}, new int[] {0, 1});
        expect(IllegalArgumentException.class, () -> ds.take(-5), "take", "-5");
        expect(IllegalArgumentException.class, () -> ds.repeat(-5), "repeat", "-5");
        expect(IllegalArgumentException.class, () -> ds.prefetch(-5), "prefetch", "-5");
        expect(IllegalArgumentException.class, () -> ds.shuffle(-3), "shuffle", "-3");
        expect(IllegalArgumentException.class, () -> Dataset.fromTensorSlices(HostArray.of(new float[4], 4, 1),
                HostArray.of(new int[3], 3)), "4", "3");
        expect(IllegalArgumentException.class, () -> dev.sheaf.data.Element.of(null), "null");
        Sequential m = mlp(1, 2);
        m.compile("sgd", "sparse_categorical_crossentropy");
        expect(IllegalArgumentException.class, () -> m.fit(ds, 1), "batch");
        expect(IllegalArgumentException.class, () -> m.fit(f(2, 1), Ops.constant(new int[] {0, 1}),
                new FitOptions().verbose(0).validationData(f(2, 1), null)), "y");
    }
}
