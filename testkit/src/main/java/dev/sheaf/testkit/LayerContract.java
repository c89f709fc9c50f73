package dev.sheaf.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.ops.Ops;
import dev.sheaf.spi.LayerProvider;
import dev.sheaf.spi.Registry;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * The contract every layer must keep, as a reusable check for a layer's unit test (core or plugin):
 *
 * <pre>{@code
 * @Test
 * void keepsTheLayerContract() {
 *     LayerContract.of(() -> new Dense(4, "tanh"), Shape.symbolic(-1, 3)).verify();
 * }
 * }</pre>
 *
 * <p>{@link #verify()} runs, on fresh layers from the factory and seeded random inputs with a concrete batch:
 * <ol>
 *   <li><b>shapes</b>: {@code computeOutputShape} of the symbolic input shapes keeps the batch unknown, agrees with a
 *   symbolic {@code apply} and with the shape of an eager call (unknown dimensions match anything), and the concrete
 *   {@code computeOutputShape} equals the eager output shape exactly;</li>
 *   <li><b>modes</b>: calls in training and inference mode give finite outputs of that shape, and inference is
 *   deterministic;</li>
 *   <li><b>gradients</b>: under a {@link GradientTape}, the gradient of {@code L = sum(r * layer(x))} (fixed random
 *   {@code r}) with respect to every trainable weight and every float input exists, is finite, has the right shape,
 *   and matches central differences on a few elements (in float64 when the backend supports it: step 1e-6, tolerance
 *   1e-4 relative plus 1e-6 absolute; else float32: step 2^-7, 2e-2);</li>
 *   <li><b>trainable flag</b>: a frozen layer has no trainable weights;</li>
 *   <li><b>config round trip</b>: {@code getConfig()} → the {@link LayerProvider} registered for
 *   {@code className()} (through {@link Registry#global()}) → {@code getConfig()} gives an equal config, and the
 *   rebuilt layer, given the original's weights with {@code setWeights}, computes the same outputs.</li>
 * </ol>
 * Each step is also public, for a test that wants only some.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LayerContract {
    private static final int FD_ELEMENTS = 3;

    private final Supplier<? extends Layer> factory;
    private final List<Shape> inputShapes;
    private int batchSize = 3;
    private long seed = 1234;
    private Function<Shape, Tensor> inputMaker;
    private String noRoundTripReason;

    private LayerContract(Supplier<? extends Layer> factory, List<Shape> inputShapes) {
        this.factory = Objects.requireNonNull(factory, "factory");
        if (inputShapes.isEmpty()) {
            throw new IllegalArgumentException("LayerContract: give at least one input shape");
        }
        for (Shape s : inputShapes) {
            if (s.rank() < 1) {
                throw new IllegalArgumentException("LayerContract: input shape " + s + " has no batch dimension");
            }
            for (int i = 1; i < s.rank(); i++) {
                if (s.dim(i) == Shape.UNKNOWN) {
                    throw new IllegalArgumentException("LayerContract: input shape " + s + " must be fully known "
                            + "apart from the batch dimension");
                }
            }
        }
        this.inputShapes = List.copyOf(inputShapes);
    }

    /**
     * The contract of the layers {@code factory} makes, for inputs of these shapes (batch first, usually
     * {@link Shape#UNKNOWN}: {@code Shape.symbolic(-1, 784)}); several shapes for a multi-input layer.
     */
    public static LayerContract of(Supplier<? extends Layer> factory, Shape... inputShapes) {
        return new LayerContract(factory, List.of(inputShapes));
    }

    /** The concrete batch size of the eager calls (default 3). */
    public LayerContract batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("LayerContract: batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The seed of the random inputs (default 1234). */
    public LayerContract seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Makes the inputs from their concrete shapes and the layer's dtype instead of standard normal values (for
     * integer inputs such as token ids, or values a layer needs in a range). Integer inputs get no gradient check.
     */
    public LayerContract inputs(Function<Shape, Tensor> maker) {
        this.inputMaker = Objects.requireNonNull(maker, "maker");
        return this;
    }

    /**
     * Skips the config round trip, saying why (a layer that wraps code, such as {@code Lambda}); {@link #verify()}
     * then checks instead that {@code getConfig()} still works.
     */
    public LayerContract withoutConfigRoundTrip(String reason) {
        this.noRoundTripReason = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /** Runs every check (see the class description); each failure names the layer and the shapes. */
    public void verify() {
        try (TensorScope scope = TensorScope.open()) {
            checkShapes();
            checkModes();
            checkGradients();
            checkTrainableFlag();
            if (noRoundTripReason == null) {
                checkConfigRoundTrip();
            } else {
                assertNotNull(factory.get().getConfig(), "getConfig()");
            }
        }
    }

    private Shape concrete(Shape s) {
        return s.with(0, s.dim(0) == Shape.UNKNOWN ? batchSize : s.dim(0));
    }

    private List<Tensor> makeInputs(DType dtype) {
        List<Tensor> xs = new ArrayList<>();
        long s = seed;
        for (Shape shape : inputShapes) {
            Shape c = concrete(shape);
            xs.add(inputMaker != null ? inputMaker.apply(c) : Ops.normal(c, dtype, 0.0, 1.0, s++));
        }
        return xs;
    }

    private String describe(Layer layer) {
        return layer.className() + " '" + layer.name() + "' on inputs " + inputShapes;
    }

    private static boolean compatible(Shape expected, Shape actual) {
        if (expected.rank() != actual.rank()) {
            return false;
        }
        for (int i = 0; i < expected.rank(); i++) {
            if (expected.dim(i) != Shape.UNKNOWN && expected.dim(i) != actual.dim(i)) {
                return false;
            }
        }
        return true;
    }

    private static void assertFinite(String what, Tensor t) {
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new AssertionFailedError(what + ": element " + i + " of " + t.describe() + " is " + v[i]);
            }
        }
    }

    /** Step 1: symbolic, computed and eager output shapes agree; an unknown batch stays unknown. Returns the layer. */
    public Layer checkShapes() {
        Layer layer = factory.get();
        String who = describe(layer);
        assertFalse(layer.isBuilt(), who + ": a new layer must not be built yet");
        Shape symbolic = layer.computeOutputShape(inputShapes);
        if (inputShapes.get(0).dim(0) == Shape.UNKNOWN && symbolic.rank() > 0) {
            assertEquals(Shape.UNKNOWN, symbolic.dim(0), who + ": computeOutputShape must keep the batch unknown, got "
                    + symbolic);
        }
        List<SymbolicTensor> placeholders = new ArrayList<>();
        for (Shape s : inputShapes) {
            placeholders.add(new SymbolicTensor(s, layer.dtype(), null, "contract_input"));
        }
        SymbolicTensor out = layer.apply(placeholders);
        assertEquals(symbolic, out.shape(), who + ": a symbolic apply disagrees with computeOutputShape");
        assertTrue(layer.isBuilt(), who + ": a symbolic apply must build the layer");

        List<Tensor> xs = makeInputs(layer.dtype());
        Tensor y = layer.apply(xs, false);
        if (!compatible(symbolic, y.shape())) {
            throw new AssertionFailedError(who + ": computeOutputShape says " + symbolic + " but an eager call with "
                    + "batch " + batchSize + " returned shape " + y.shape());
        }
        List<Shape> concreteShapes = new ArrayList<>();
        for (Tensor x : xs) {
            concreteShapes.add(x.shape());
        }
        assertEquals(y.shape(), layer.computeOutputShape(concreteShapes), who
                + ": computeOutputShape of the concrete input shapes differs from the eager output shape");
        return layer;
    }

    /** Step 2: training and inference calls give finite outputs of one shape; inference is deterministic. */
    public void checkModes() {
        Layer layer = factory.get();
        String who = describe(layer);
        List<Tensor> xs = makeInputs(layer.dtype());
        Tensor inference = layer.apply(xs, false);
        Tensor again = layer.apply(xs, false);
        Tensor training = layer.apply(xs, true);
        assertEquals(inference.shape(), training.shape(), who + ": training and inference outputs differ in shape");
        if (inference.dtype().isFloating()) {
            assertFinite(who + " (inference)", inference);
            assertFinite(who + " (training)", training);
        }
        if (!java.util.Arrays.equals(inference.toDoubleArray(), again.toDoubleArray())) {
            throw new AssertionFailedError(who + ": two inference calls on the same input gave different outputs");
        }
    }

    /**
     * Step 3: tape gradients with respect to the trainable weights and float inputs exist, are finite, and match
     * central differences.
     */
    public void checkGradients() {
        boolean f64 = Sheaf.backend().supports(DType.FLOAT64);
        DType dtype = f64 ? DType.FLOAT64 : DType.FLOAT32;
        double eps = f64 ? 1e-6 : 0x1p-7;
        double rel = f64 ? 1e-4 : 2e-2;
        double abs = f64 ? 1e-6 : 2e-2;
        Layer layer = factory.get();
        layer.setDtype(dtype);
        String who = describe(layer) + " in " + dtype;
        List<Tensor> xs = makeInputs(dtype);
        Tensor probe = layer.apply(xs, false);
        if (!probe.dtype().isFloating()) {
            return;
        }
        Tensor r = Ops.normal(probe.shape(), probe.dtype(), 0.0, 1.0, seed + 99);
        double[] rHost = r.toDoubleArray();

        List<Variable> weights = layer.trainableWeights();
        List<Tensor> grads;
        List<Tensor> inputGrads = new ArrayList<>();
        List<Integer> floatInputs = new ArrayList<>();
        try (GradientTape tape = new GradientTape(true)) {
            for (int i = 0; i < xs.size(); i++) {
                if (xs.get(i).dtype().isFloating()) {
                    tape.watch(xs.get(i));
                    floatInputs.add(i);
                }
            }
            Tensor loss = Ops.sum(Ops.multiply(layer.apply(xs, false), r));
            grads = weights.isEmpty() ? List.of() : tape.gradient(loss, weights);
            for (int i : floatInputs) {
                inputGrads.add(tape.gradient(loss, xs.get(i)));
            }
        }
        for (int w = 0; w < weights.size(); w++) {
            Variable v = weights.get(w);
            Tensor g = grads.get(w);
            String what = who + ", weight '" + v.name() + "'";
            assertNotNull(g, what + ": no gradient");
            assertEquals(v.shape(), g.shape(), what + ": gradient shape");
            assertFinite(what + " gradient", g);
            double[] gh = g.toDoubleArray();
            double[] base = v.value().toDoubleArray();
            for (int k : sampleIndices(base.length)) {
                double numeric = centralDifference(layer, xs, rHost, k, base, eps, v::assign, v.value());
                compare(what, k, gh[k], numeric, rel, abs);
            }
        }
        for (int j = 0; j < floatInputs.size(); j++) {
            int i = floatInputs.get(j);
            Tensor g = inputGrads.get(j);
            String what = who + ", input " + i;
            assertNotNull(g, what + ": no gradient");
            assertEquals(xs.get(i).shape(), g.shape(), what + ": gradient shape");
            assertFinite(what + " gradient", g);
            double[] gh = g.toDoubleArray();
            double[] base = xs.get(i).toDoubleArray();
            Tensor original = xs.get(i);
            List<Tensor> perturbed = new ArrayList<>(xs);
            for (int k : sampleIndices(base.length)) {
                double numeric = centralDifference(layer, perturbed, rHost, k, base, eps,
                        t -> perturbed.set(i, t), original);
                compare(what, k, gh[k], numeric, rel, abs);
            }
        }
    }

    private static int[] sampleIndices(int n) {
        if (n <= FD_ELEMENTS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        return new int[] {0, n / 2, n - 1};
    }

    private static void compare(String what, int k, double tape, double numeric, double rel, double abs) {
        if (Math.abs(tape - numeric) > abs + rel * Math.abs(numeric)) {
            throw new AssertionFailedError(what + ": the tape's gradient at flat index " + k + " is " + tape
                    + " but the central difference is " + numeric);
        }
    }

    /** (L(x + eps e_k) - L(x - eps e_k)) / 2 eps, setting the perturbed tensor through {@code set}, then restoring. */
    private double centralDifference(Layer layer, List<Tensor> xs, double[] r, int k, double[] base, double eps,
                                     java.util.function.Consumer<Tensor> set, Tensor original) {
        DType dtype = original.dtype();
        long[] dims = original.shape().dims();
        double[] plus = base.clone();
        plus[k] += eps;
        double[] minus = base.clone();
        minus[k] -= eps;
        set.accept(Ops.cast(Ops.constant(plus, dims), dtype));
        double lp = weightedSum(layer.apply(xs, false), r);
        set.accept(Ops.cast(Ops.constant(minus, dims), dtype));
        double lm = weightedSum(layer.apply(xs, false), r);
        set.accept(Ops.cast(Ops.constant(base, dims), dtype));
        return (lp - lm) / (2 * eps);
    }

    private static double weightedSum(Tensor y, double[] r) {
        double[] v = y.toDoubleArray();
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * r[i];
        }
        return s;
    }

    /** Step 4: a frozen layer reports no trainable weights, and all its weights as non-trainable. */
    public void checkTrainableFlag() {
        Layer layer = factory.get();
        layer.apply(makeInputs(layer.dtype()), false);
        int all = layer.weights().size();
        layer.setTrainable(false);
        assertTrue(layer.trainableWeights().isEmpty(), describe(layer) + ": a frozen layer has trainable weights");
        assertEquals(all, layer.nonTrainableWeights().size(), describe(layer) + ": non-trainable weight count");
        layer.setTrainable(true);
    }

    /**
     * Step 5: the config rebuilds, through the registered {@link LayerProvider}, a layer of equal config that
     * computes the same outputs with the same weights.
     */
    public void checkConfigRoundTrip() {
        Layer layer = factory.get();
        String who = describe(layer);
        List<Tensor> xs = makeInputs(layer.dtype());
        Tensor y = layer.apply(xs, false);
        Map<String, Object> config = layer.getConfig();
        Function<Map<String, Object>, Layer> fromConfig =
                Registry.global().component(LayerProvider.class, "layers", layer.className());
        Layer rebuilt = fromConfig.apply(new LinkedHashMap<>(config));
        assertNotNull(rebuilt, who + ": fromConfig returned null");
        assertSame(layer.getClass(), rebuilt.getClass(), who + ": fromConfig built another class");
        assertFalse(rebuilt.isBuilt(), who + ": fromConfig must return an unbuilt layer");
        assertEquals(config, rebuilt.getConfig(), who + ": getConfig → fromConfig → getConfig changed the config");
        rebuilt.apply(xs, false);
        rebuilt.setWeights(layer.getWeights());
        Tensor y2 = rebuilt.apply(xs, false);
        assertEquals(y.shape(), y2.shape(), who + ": the rebuilt layer's output shape");
        if (!java.util.Arrays.equals(y.toDoubleArray(), y2.toDoubleArray())) {
            throw new AssertionFailedError(who + ": the rebuilt layer, with the same weights, computes other outputs");
        }
    }
}
