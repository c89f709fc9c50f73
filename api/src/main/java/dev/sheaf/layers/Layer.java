package dev.sheaf.layers;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.constraints.Constraint;
import dev.sheaf.initializers.Initializer;
import dev.sheaf.ops.Ops;
import dev.sheaf.regularizers.Regularizer;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * The base of every layer, as Keras's {@code keras.Layer}: a layer is its config (constructor arguments and fluent
 * setters used before it is built), {@link #build} (creates the weights once the input shape is known), {@link #call}
 * (the computation, written with differentiable {@link Ops}), {@link #computeOutputShape} and {@link #getConfig}.
 *
 * <p>Layers are used three ways: eagerly ({@link #apply(Tensor)}), symbolically to build functional models
 * ({@link #apply(SymbolicTensor)}), and inside {@code Sequential} or subclassed models. Layers held in fields of a
 * layer (a subclassed model or a composite layer) are tracked automatically: their weights are part of this layer's.
 *
 * <p>Single-input layers override {@link #build(Shape)}, {@link #call(Tensor, boolean)} and
 * {@link #computeOutputShape(Shape)}; multi-input layers (merges) override the {@code List} variants.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Layer {
    private static final Map<String, AtomicInteger> NAME_COUNTS = new ConcurrentHashMap<>();

    private String name;
    private boolean trainable = true;
    private boolean built;
    private List<Shape> buildShapes;
    private DType dtype = DType.FLOAT32;
    private final List<Variable> ownWeights = new ArrayList<>();
    private final Map<Variable, Regularizer> regularizers = new IdentityHashMap<>();
    private final Map<Variable, Constraint> constraints = new IdentityHashMap<>();
    private final List<Layer> explicitlyTracked = new ArrayList<>();
    private final List<Node> inboundNodes = new ArrayList<>();
    private List<Layer> sublayerCache;
    private final List<Tensor> callLosses = new ArrayList<>();
    private static final ThreadLocal<int[]> CALL_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** A layer named after its class in snake case, numbered as Keras does: {@code dense}, {@code dense_1}, … */
    protected Layer() {
        this.name = uniqueName(snakeCase(getClass().getSimpleName()));
    }

    /** A layer with the given name. */
    protected Layer(String name) {
        this.name = name == null ? uniqueName(snakeCase(getClass().getSimpleName())) : name;
    }

    static String uniqueName(String base) {
        int n = NAME_COUNTS.computeIfAbsent(base, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? base : base + "_" + n;
    }

    static String snakeCase(String className) {
        String s = className.isEmpty() ? "layer" : className;
        return s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2").toLowerCase();
    }

    // ------------------------------------------------------------------ config

    /** The layer's name, unique within a model. */
    public String name() {
        return name;
    }

    /**
     * Renames the layer; only before it is built (weight names derive from it).
     *
     * @throws IllegalStateException once built
     */
    public Layer setName(String name) {
        if (built) {
            throw new IllegalStateException("Layer '" + this.name + "' is already built; set its name before use");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A layer name must not be empty");
        }
        this.name = name;
        return this;
    }

    /** Whether the optimizer updates this layer's weights. */
    public boolean isTrainable() {
        return trainable;
    }

    /** Freezes ({@code false}) or unfreezes the layer, and every layer it holds. */
    public Layer setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Layer l : sublayers()) {
            l.setTrainable(trainable);
        }
        return this;
    }

    /** The dtype of the layer's weights and computation (float32 by default). */
    public DType dtype() {
        return dtype;
    }

    /** Sets the weight dtype; only before the layer is built. */
    public Layer setDtype(DType dtype) {
        if (built) {
            throw new IllegalStateException("Layer '" + name + "' is already built; set its dtype before use");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("Layer '" + name + "': the dtype is null; give one such as "
                    + "DType.FLOAT32");
        }
        this.dtype = dtype;
        return this;
    }

    /** Keras's {@code class_name}: the simple class name. */
    public String className() {
        return getClass().getSimpleName();
    }

    /**
     * The layer's config: its name, trainable flag, dtype and every constructor argument or setting, with values that
     * are numbers, strings, booleans, lists or maps (nested configs), so that {@code fromConfig} rebuilds an equal,
     * unbuilt layer. Subclasses add their entries to the map returned by {@code super.getConfig()}.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        c.put("dtype", dtype.kerasName());
        return c;
    }

    /** Applies the base entries of a config ({@code name}, {@code trainable}, {@code dtype}) to a new layer. */
    protected <L extends Layer> L applyBaseConfig(L layer, Map<String, Object> config) {
        Object n = config.get("name");
        if (n instanceof String s) {
            layer.setName(s);
        }
        Object t = config.get("trainable");
        if (t instanceof Boolean b) {
            layer.setTrainable(b);
        }
        Object d = config.get("dtype");
        if (d instanceof String s) {
            layer.setDtype(DType.of(s));
        }
        return layer;
    }

    // ------------------------------------------------------------------ life cycle

    /** True once the weights exist. */
    public boolean isBuilt() {
        return built;
    }

    /** The input shapes the layer was built for (batch dimension unknown), or an empty list before. */
    public List<Shape> buildInputShapes() {
        return buildShapes == null ? List.of() : buildShapes;
    }

    /**
     * Creates the weights for inputs of {@code inputShape} (first dimension: the batch, usually
     * {@link Shape#UNKNOWN}); called once, before the first call. Validate the shape here with an
     * {@link IllegalArgumentException} naming the layer. The default creates nothing.
     */
    protected void build(Shape inputShape) {
    }

    /** Multi-input variant of {@link #build(Shape)}; by default requires exactly one input. */
    protected void build(List<Shape> inputShapes) {
        build(single(inputShapes, "build"));
    }

    /** Builds the layer for these input shapes unless it is built already. */
    public final void ensureBuilt(List<Shape> inputShapes) {
        if (!built) {
            // Building creates weights, which must outlive whatever scope the first call runs in.
            try (GradientTape.Pause p = GradientTape.stopRecording()) {
                build(inputShapes);
            }
            buildShapes = List.copyOf(inputShapes);
            built = true;
            sublayerCache = null;
        }
    }

    /** {@link #ensureBuilt(List)} for one input. */
    public final void ensureBuilt(Shape inputShape) {
        ensureBuilt(List.of(inputShape));
    }

    /**
     * The computation for one input. {@code training} is true inside {@code fit} (dropout and batch normalization
     * behave differently). Written with {@link Ops} so it is differentiable.
     */
    protected Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException("Layer '" + name + "' (" + className() + ") takes a list of inputs, "
                + "not a single tensor");
    }

    /** The computation for several inputs; by default requires exactly one. */
    protected Tensor call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("Layer '" + name + "' (" + className() + ") takes one input, got "
                    + inputs.size());
        }
        return call(inputs.get(0), training);
    }

    /**
     * The output shape for an input shape (unknown dimensions stay unknown). The default runs the layer on zeros,
     * with unknown dimensions set to 1, and reads the result's shape; layers override it when they can say directly.
     */
    public Shape computeOutputShape(Shape inputShape) {
        return probeOutputShape(List.of(inputShape));
    }

    /**
     * Multi-input variant of {@link #computeOutputShape(Shape)}. One shape goes to the single-input variant, so that
     * a layer overriding that one is asked directly (functional models call this variant); several are probed.
     */
    public Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() == 1) {
            return computeOutputShape(inputShapes.get(0));
        }
        return probeOutputShape(inputShapes);
    }

    /**
     * The output shape found by running the layer on zeros (unknown dimensions set to 1, an unknown batch kept
     * unknown in the result): the default of {@link #computeOutputShape}, for layers that cannot say directly.
     */
    protected final Shape probeOutputShape(List<Shape> inputShapes) {
        ensureBuilt(inputShapes);
        try (TensorScope scope = TensorScope.open(); GradientTape.Pause p = GradientTape.stopRecording()) {
            List<Tensor> probes = new ArrayList<>();
            boolean batchUnknown = false;
            for (Shape s : inputShapes) {
                long[] d = s.dims();
                for (int i = 0; i < d.length; i++) {
                    if (d[i] == Shape.UNKNOWN) {
                        d[i] = 1;
                        batchUnknown |= i == 0;
                    }
                }
                probes.add(Ops.zeros(Shape.of(d), dtype));
            }
            Shape out = call(probes, false).shape();
            return batchUnknown && out.rank() > 0 ? out.with(0, Shape.UNKNOWN) : out;
        }
    }

    // ------------------------------------------------------------------ calling

    /** Calls the layer eagerly in inference mode, building it first if needed. */
    public Tensor apply(Tensor inputs) {
        return apply(inputs, false);
    }

    /** Calls the layer eagerly, building it first if needed. */
    public Tensor apply(Tensor inputs, boolean training) {
        return apply(Collections.singletonList(inputs), training);
    }

    /** Calls a multi-input layer eagerly, building it first if needed. */
    public Tensor apply(List<Tensor> inputs, boolean training) {
        // Not inputs.contains(null): an immutable List.of(...) answers that with a NullPointerException.
        if (inputs == null || inputs.isEmpty() || inputs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("Layer '" + name + "' was called with no input or a null input");
        }
        if (!built) {
            List<Shape> shapes = new ArrayList<>();
            for (Tensor t : inputs) {
                shapes.add(t.shape().rank() == 0 ? t.shape() : t.shape().with(0, Shape.UNKNOWN));
            }
            ensureBuilt(shapes);
        }
        // Losses added during a call (activity regularization) belong to the latest forward pass: the outermost
        // apply starts afresh, nested ones (sublayers, shared layers) accumulate, as Keras's call context does.
        int[] depth = CALL_DEPTH.get();
        if (depth[0] == 0) {
            clearCallLosses();
        }
        depth[0]++;
        try {
            return call(inputs, training);
        } finally {
            depth[0]--;
        }
    }

    /** Applies the layer to a symbolic tensor, for functional models: {@code y = new Dense(10).apply(x)}. */
    public SymbolicTensor apply(SymbolicTensor input) {
        return apply(Collections.singletonList(input));
    }

    /** Applies a multi-input layer (a merge) to symbolic tensors. */
    public SymbolicTensor apply(SymbolicTensor... inputs) {
        return apply(inputs == null ? null : Arrays.asList(inputs));
    }

    /** Applies a multi-input layer (a merge) to symbolic tensors. */
    public SymbolicTensor apply(List<SymbolicTensor> inputs) {
        // Not inputs.contains(null): an immutable List.of(...) answers that with a NullPointerException.
        if (inputs == null || inputs.isEmpty() || inputs.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("Layer '" + name + "' was applied to no input or a null input");
        }
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) {
            shapes.add(t.shape());
        }
        ensureBuilt(shapes);
        Shape out = computeOutputShape(shapes);
        SymbolicTensor result = Node.create(this, inputs, out,
                inputs.get(0).dtype().isFloating() ? dtype : inputs.get(0).dtype());
        addInboundNode(result.node());
        return result;
    }

    /**
     * The symbolic applications of this layer, oldest first (Keras's {@code _inbound_nodes}): a shared layer has
     * several. Functional models use a node's index here in summaries ({@code dense[1][0]}).
     */
    public List<Node> inboundNodes() {
        return Collections.unmodifiableList(inboundNodes);
    }

    /** Records a node of this layer (its input node, for an {@code InputLayer}). */
    void addInboundNode(Node node) {
        inboundNodes.add(node);
    }

    // ------------------------------------------------------------------ weights

    /**
     * Creates a weight of this layer, initialised now: {@code kernel = addWeight("kernel", Shape.of(in, units),
     * glorotUniform, regularizer, constraint, true)}. Its variable is named {@code <layer>/<name>}.
     */
    protected Variable addWeight(String weightName, Shape shape, Initializer initializer, Regularizer regularizer,
                                 Constraint constraint, boolean trainableWeight) {
        Tensor init = initializer.initialize(shape, dtype);
        Variable v = new Variable(name + "/" + weightName, init, trainableWeight);
        ownWeights.add(v);
        if (regularizer != null) {
            regularizers.put(v, regularizer);
        }
        if (constraint != null) {
            constraints.put(v, constraint);
        }
        return v;
    }

    /** {@link #addWeight(String, Shape, Initializer, Regularizer, Constraint, boolean)} without penalty or projection. */
    protected Variable addWeight(String weightName, Shape shape, Initializer initializer, boolean trainableWeight) {
        return addWeight(weightName, shape, initializer, null, null, trainableWeight);
    }

    /** Tracks a layer this one uses, in addition to those found in fields. */
    protected <L extends Layer> L track(L layer) {
        explicitlyTracked.add(layer);
        sublayerCache = null;
        return layer;
    }

    /**
     * The layers this layer holds: those passed to {@link #track}, and those in its fields (directly, or in a
     * collection, map or array held in a field), in declaration order, without duplicates.
     */
    public List<Layer> sublayers() {
        List<Layer> cached = sublayerCache;
        if (cached != null) {
            return cached;
        }
        Set<Layer> found = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> result = new ArrayList<>();
        for (Layer l : explicitlyTracked) {
            if (found.add(l)) {
                result.add(l);
            }
        }
        for (Class<?> c = getClass(); c != null && c != Layer.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    collect(f.get(this), found, result);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // An inaccessible field (a named module) is simply not tracked; track() covers that case.
                }
            }
        }
        List<Layer> r = List.copyOf(result);
        if (built) {
            sublayerCache = r;
        }
        return r;
    }

    private void collect(Object o, Set<Layer> found, List<Layer> result) {
        if (o instanceof Layer l) {
            if (l != this && found.add(l)) {
                result.add(l);
            }
        } else if (o instanceof Iterable<?> it) {
            for (Object e : it) {
                collect(e, found, result);
            }
        } else if (o instanceof Map<?, ?> m) {
            for (Object e : m.values()) {
                collect(e, found, result);
            }
        } else if (o instanceof Object[] arr) {
            for (Object e : arr) {
                collect(e, found, result);
            }
        }
    }

    /** Every weight: this layer's own, then those of the layers it holds, without duplicates (shared layers). */
    public List<Variable> weights() {
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Variable> r = new ArrayList<>();
        collectWeights(r, seen);
        return r;
    }

    private void collectWeights(List<Variable> out, Set<Variable> seen) {
        for (Variable v : ownWeights) {
            if (seen.add(v)) {
                out.add(v);
            }
        }
        for (Layer l : sublayers()) {
            l.collectWeights(out, seen);
        }
    }

    /** The weights the optimizer updates: trainable variables of trainable layers. */
    public List<Variable> trainableWeights() {
        List<Variable> r = new ArrayList<>();
        for (Variable v : weights()) {
            if (v.isTrainable() && owner(v).trainable) {
                r.add(v);
            }
        }
        return r;
    }

    /** The other weights (moving statistics, frozen layers' weights). */
    public List<Variable> nonTrainableWeights() {
        List<Variable> t = trainableWeights();
        List<Variable> r = new ArrayList<>();
        for (Variable v : weights()) {
            if (!t.contains(v)) {
                r.add(v);
            }
        }
        return r;
    }

    private Layer owner(Variable v) {
        if (ownWeights.contains(v)) {
            return this;
        }
        for (Layer l : sublayers()) {
            if (l.weights().contains(v)) {
                return l.owner(v);
            }
        }
        return this;
    }

    /** Total number of weight elements. */
    public long countParams() {
        long n = 0;
        for (Variable v : weights()) {
            n += v.shape().elementCount();
        }
        return n;
    }

    /** Copies of the weights' values, in {@link #weights()} order, owned by the caller (or the current scope). */
    public List<Tensor> getWeights() {
        List<Tensor> r = new ArrayList<>();
        try (GradientTape.Pause p = GradientTape.stopRecording()) {
            for (Variable v : weights()) {
                r.add(Ops.copy(v.value()));
            }
        }
        return r;
    }

    /**
     * Sets the weights' values from tensors in {@link #weights()} order (copied; the arguments stay the caller's).
     *
     * @throws IllegalArgumentException naming the layer, the weight and both shapes on a count or shape mismatch
     */
    public void setWeights(List<Tensor> values) {
        if (values == null) {
            throw new IllegalArgumentException("Layer '" + name + "'.setWeights: the list of values is null");
        }
        List<Variable> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("Layer '" + name + "'.setWeights: expected " + ws.size()
                    + " weights, got " + values.size());
        }
        // Every value is checked before any is assigned, so a bad list leaves the layer as it was (as Keras).
        for (int i = 0; i < ws.size(); i++) {
            Variable v = ws.get(i);
            Tensor t = values.get(i);
            if (t == null) {
                throw new IllegalArgumentException("Layer '" + name + "'.setWeights: the value for weight '"
                        + v.name() + "' (index " + i + ") is null");
            }
            if (!t.shape().equals(v.shape())) {
                throw new IllegalArgumentException("Layer '" + name + "'.setWeights: weight '" + v.name()
                        + "' has shape " + v.shape() + " but the value given has shape " + t.shape());
            }
            if (t.isClosed()) {
                throw new IllegalStateException("Layer '" + name + "'.setWeights: the value for weight '" + v.name()
                        + "' " + t.describe() + " was used after it was closed");
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            Variable v = ws.get(i);
            Tensor t = values.get(i);
            try (GradientTape.Pause p = GradientTape.stopRecording()) {
                v.assign(Ops.cast(t.backend() == v.value().backend() ? t : v.value().backend().transfer(t), v.dtype()));
            }
        }
    }

    /**
     * Adds a loss computed during {@link #call} from its tensors (Keras's {@code add_loss}), such as an activity
     * penalty on the outputs. It is part of {@link #regularizationLoss()} until the next outermost {@link #apply}.
     */
    protected void addLoss(Tensor loss) {
        if (loss == null || loss.size() != 1) {
            throw new IllegalArgumentException("Layer '" + name + "'.addLoss: expected a scalar loss, got "
                    + (loss == null ? "null" : loss.describe()));
        }
        callLosses.add(loss);
    }

    /** The losses added by {@link #addLoss} during the latest forward pass, this layer's and its sublayers'. */
    public List<Tensor> losses() {
        List<Tensor> r = new ArrayList<>();
        for (Tensor t : callLosses) {
            // A loss from a pass whose scope has closed is stale; it can no longer be part of any training step.
            if (!t.isClosed()) {
                r.add(t);
            }
        }
        for (Layer l : sublayers()) {
            r.addAll(l.losses());
        }
        return r;
    }

    private void clearCallLosses() {
        callLosses.clear();
        for (Layer l : sublayers()) {
            l.clearCallLosses();
        }
    }

    /**
     * The sum of the regularization penalties of this layer's and its sublayers' weights, plus the losses added
     * during the latest forward pass ({@link #addLoss}, e.g. activity regularization), or {@code null} when there
     * are none. Computed with {@link Ops}, so the training loop can differentiate it.
     */
    public Tensor regularizationLoss() {
        Tensor total = null;
        for (Tensor t : callLosses) {
            if (!t.isClosed()) {
                total = total == null ? t : Ops.add(total, t);
            }
        }
        for (Variable v : ownWeights) {
            Regularizer r = regularizers.get(v);
            if (r != null) {
                Tensor p = r.penalty(v.value());
                total = total == null ? p : Ops.add(total, p);
            }
        }
        for (Layer l : sublayers()) {
            Tensor p = l.regularizationLoss();
            if (p != null) {
                total = total == null ? p : Ops.add(total, p);
            }
        }
        return total;
    }

    /** Projects every constrained weight (called by the optimizer after each update). */
    public void applyConstraints() {
        try (GradientTape.Pause p = GradientTape.stopRecording()) {
            for (Map.Entry<Variable, Constraint> e : constraints.entrySet()) {
                e.getKey().assign(e.getValue().apply(e.getKey().value()));
            }
        }
        for (Layer l : sublayers()) {
            l.applyConstraints();
        }
    }

    /** The variables {@code v} has constraints for, with them; for optimizers that project per variable. */
    public Map<Variable, Constraint> constraints() {
        Map<Variable, Constraint> all = new IdentityHashMap<>(constraints);
        for (Layer l : sublayers()) {
            all.putAll(l.constraints());
        }
        return all;
    }

    /** A short description: name and class. */
    @Override
    public String toString() {
        return className() + "(name=" + name + ")";
    }

    private static Shape single(List<Shape> shapes, String what) {
        if (shapes.size() != 1) {
            throw new IllegalArgumentException(what + ": this layer takes one input, got " + shapes.size());
        }
        return shapes.get(0);
    }
}
