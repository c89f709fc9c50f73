package dev.sheaf.models;

import dev.sheaf.Sheaf;
import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.callbacks.History;
import dev.sheaf.data.Dataset;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.spi.Backend;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * A layer that can be trained: {@code compile}, {@code fit}, {@code evaluate}, {@code predict}, as
 * {@code keras.Model}. Built three ways:
 * <ul>
 *   <li>functional: {@code SymbolicTensor x = Input.of(784); Model m = Model.of(x, new Dense(10).apply(x));}
 *       (several inputs and outputs, shared layers, models used as layers);</li>
 *   <li>{@link Sequential}: a stack of layers;</li>
 *   <li>subclassing: {@code class MyModel extends Model { Dense d = new Dense(10);
 *       protected Tensor call(Tensor x, boolean training) { return d.apply(x, training); } }} — layers held in
 *       fields are tracked, so their weights are the model's.</li>
 * </ul>
 * Training:
 * <pre>{@code
 * model.compile("rmsprop", "categorical_crossentropy", "accuracy");
 * History h = model.fit(x, y, new FitOptions().epochs(10).validationSplit(0.1));
 * Map<String, Double> results = model.evaluate(xTest, yTest);   // {accuracy=…, loss=…}
 * Tensor probabilities = model.predict(xTest);
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Model extends Layer {
    private volatile boolean stopTraining;
    /** Set by {@code compile}. */
    protected Optimizer optimizer;
    private Trainer trainer;
    private History history;

    /** For subclassed models: named after the class ({@code MyModel} → {@code my_model}). */
    protected Model() {
    }

    /** For subclassed models, with a name. */
    protected Model(String name) {
        super(name);
    }

    // ------------------------------------------------------------------ functional construction

    /** A functional model from one input to one output. */
    public static Model of(SymbolicTensor input, SymbolicTensor output) {
        return of(Collections.singletonList(input), Collections.singletonList(output), null);
    }

    /** A named functional model from one input to one output. */
    public static Model of(SymbolicTensor input, SymbolicTensor output, String name) {
        return of(Collections.singletonList(input), Collections.singletonList(output), name);
    }

    /** A functional model with several inputs and/or outputs. */
    public static Model of(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        return of(inputs, outputs, null);
    }

    /**
     * A functional model with several inputs and/or outputs.
     *
     * @param name the model's name, or {@code null} for {@code functional}, {@code functional_1}, …
     * @throws IllegalArgumentException if an input does not come from {@code Input.of}, an output cannot be computed
     *                                  from the inputs alone (the message names the missing input), or two layers
     *                                  share a name
     */
    public static Model of(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, String name) {
        return new Functional(new FunctionalGraph(inputs, outputs), name);
    }

    // ------------------------------------------------------------------ structure

    /**
     * The model's layers: for a functional model every layer of the graph (inputs included), for a
     * {@link Sequential} its stack, for a subclassed model the layers held in its fields.
     */
    public List<Layer> layers() {
        return sublayers();
    }

    /**
     * The layer called {@code name}.
     *
     * @throws IllegalArgumentException listing the layer names when there is none
     */
    public Layer getLayer(String name) {
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) {
            if (l.name().equals(name)) {
                return l;
            }
            names.add(l.name());
        }
        throw new IllegalArgumentException("Model '" + name() + "' has no layer named '" + name + "'; its layers are "
                + names);
    }

    /**
     * The layer at {@code index} in {@link #layers()}.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new IllegalArgumentException("Model '" + name() + "' has " + ls.size() + " layers; index " + index
                    + " is out of range");
        }
        return ls.get(index);
    }

    /** The symbolic inputs (functional models, and Sequential models once their input shape is known); else empty. */
    public List<SymbolicTensor> inputs() {
        return List.of();
    }

    /** The symbolic outputs (functional models); else empty. */
    public List<SymbolicTensor> outputs() {
        return List.of();
    }

    /** Names of the outputs (their layers' names), used for per-output losses and metrics in logs. */
    public List<String> outputNames() {
        return List.of(name());
    }

    /**
     * Builds the model for inputs of {@code inputShape} (batch dimension first, usually {@link Shape#UNKNOWN}),
     * creating every weight, as Keras's {@code model.build(shape)}. Done automatically on the first call.
     */
    public void build(Shape inputShape) {
        if (inputShape == null) {
            throw new IllegalArgumentException("Model '" + name() + "'.build: the input shape is null");
        }
        ensureBuilt(List.of(inputShape));
    }

    /**
     * Builds the layers of a subclassed model by running {@link #call} once on zeros of the input shapes (unknown
     * dimensions as 1), outside any gradient tape, as Keras builds a subclassed model.
     */
    @Override
    protected void build(List<Shape> inputShapes) {
        try (TensorScope scope = TensorScope.open(); GradientTape.Pause p = GradientTape.stopRecording()) {
            List<Tensor> zeros = new ArrayList<>();
            for (Shape s : inputShapes) {
                long[] d = s.dims();
                for (int i = 0; i < d.length; i++) {
                    d[i] = d[i] == Shape.UNKNOWN ? 1 : d[i];
                }
                zeros.add(Ops.zeros(Shape.of(d), dtype()));
            }
            call(zeros, false);
        }
    }

    /** The shapes the inputs must have (unknown dimensions: any), or {@code null} when the model takes any shape. */
    List<Shape> expectedInputShapes() {
        return null;
    }

    /** The dtypes inputs are cast to, or {@code null} to leave them. */
    List<DType> inputDtypes() {
        return null;
    }

    /** The outputs of the latest {@link #call}, for models with several; {@code null} otherwise. */
    List<Tensor> takeAllOutputs() {
        return null;
    }

    /**
     * Runs the model on concrete inputs and returns every output: checks the inputs' count and shapes, casts them to
     * the inputs' dtypes and goes through {@link Layer#apply}, so losses added during the call are collected.
     */
    List<Tensor> run(List<Tensor> xs, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor x : xs) {
            shapes.add(x.shape());
        }
        checkInputShapes(shapes, "");
        List<DType> dtypes = inputDtypes();
        List<Tensor> in = xs;
        if (dtypes != null) {
            in = new ArrayList<>(xs);
            for (int i = 0; i < in.size(); i++) {
                if (in.get(i).dtype() != dtypes.get(i)) {
                    in.set(i, Ops.cast(in.get(i), dtypes.get(i)));
                }
            }
        }
        Tensor first = apply(in, training);
        List<Tensor> all = takeAllOutputs();
        return all != null ? all : List.of(first);
    }

    /**
     * Checks data of these shapes against the model's inputs.
     *
     * @param what a note on what is checked, for messages ("" for a batch)
     * @throws IllegalArgumentException naming the input layer and both shapes
     */
    void checkInputShapes(List<Shape> shapes, String what) {
        List<Shape> expected = expectedInputShapes();
        if (expected == null) {
            return;
        }
        if (shapes.size() != expected.size()) {
            throw new IllegalArgumentException("Model '" + name() + "' has " + expected.size() + " input"
                    + (expected.size() == 1 ? "" : "s") + " " + inputNames() + " but " + shapes.size()
                    + (shapes.size() == 1 ? " was" : " were") + " given");
        }
        for (int i = 0; i < shapes.size(); i++) {
            Shape e = expected.get(i);
            Shape a = shapes.get(i);
            boolean ok = e.rank() == a.rank();
            for (int d = 0; ok && d < e.rank(); d++) {
                ok = e.dim(d) == Shape.UNKNOWN || e.dim(d) == a.dim(d);
            }
            if (!ok) {
                throw new IllegalArgumentException("Model '" + name() + "': input " + i + " ('" + inputNames().get(i)
                        + "') expects data of shape " + e + " but got " + what + "shape " + a);
            }
        }
    }

    /** Names of the layers that take the inputs, for messages. */
    List<String> inputNames() {
        List<String> r = new ArrayList<>();
        for (SymbolicTensor t : inputs()) {
            r.add(t.name());
        }
        return r;
    }

    // ------------------------------------------------------------------ summary

    /**
     * Prints the Keras 3 summary table (layers, output shapes, parameter counts and, for non-linear functional
     * graphs, connections; then the totals) to {@code System.out}, and returns it.
     */
    public String summary() {
        String s = summaryString();
        System.out.print(s);
        System.out.flush();
        return s;
    }

    /** The summary text, as wide as Keras makes it for the terminal ({@code COLUMNS}, else 80 columns). */
    public String summaryString() {
        return new SummaryPrinter(this).render(SummaryPrinter.terminalColumns());
    }

    /** The summary text for a total line length of {@code lineLength} characters (Keras's {@code line_length}). */
    public String summaryString(int lineLength) {
        return new SummaryPrinter(this).renderWithLineLength(lineLength);
    }

    // ------------------------------------------------------------------ compile

    /**
     * Configures training, as Keras's {@code compile}.
     *
     * @param optimizer a name ({@code "sgd"}, {@code "adam"}, {@code "rmsprop"}…, with Keras's defaults) or an
     *                  {@link Optimizer}
     * @param loss      a name ({@code "mse"}, {@code "categorical_crossentropy"}, {@code "crossentropy"}…) or a
     *                  {@code Loss}; for several outputs, one for all, a {@code List} in output order or a
     *                  {@code Map} by output name
     * @param metrics   names ({@code "accuracy"}, {@code "mae"}…) or {@code Metric}s; for several outputs one entry
     *                  per output (a name, metric or list) or a {@code Map} by output name
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a loss/metric structure that
     *                                  does not fit the outputs
     */
    public void compile(Object optimizer, Object loss, Object... metrics) {
        compile(optimizer, loss, metrics == null ? List.of() : Arrays.asList(metrics), null);
    }

    /**
     * {@link #compile(Object, Object, Object...)} with loss weights: a number (one output), a {@code List} in output
     * order or a {@code Map} by output name. The loss minimised is the weighted sum of the outputs' losses.
     */
    public void compile(Object optimizer, Object loss, List<?> metrics, Object lossWeights) {
        Optimizer opt = ComponentResolver.optimizer(optimizer);
        List<String> outs = outputNames();
        CompiledLoss compiledLoss = new CompiledLoss(loss, lossWeights, outs);
        CompiledMetrics compiledMetrics = new CompiledMetrics(metrics == null ? new Object[0] : metrics.toArray(), outs);
        this.optimizer = opt;
        this.trainer = new Trainer(this, opt, compiledLoss, compiledMetrics);
    }

    /** True once {@code compile} has been called. */
    public boolean isCompiled() {
        return trainer != null;
    }

    /** The optimizer given to {@code compile}, or {@code null} before. */
    public Optimizer optimizer() {
        return optimizer;
    }

    private Trainer trainer(String method) {
        if (trainer == null) {
            throw new IllegalStateException("Model '" + name() + "' must be compiled before " + method
                    + "; call compile(optimizer, loss, metrics...) first, e.g. compile(\"sgd\", \"mse\")");
        }
        return trainer;
    }

    // ------------------------------------------------------------------ fit

    /** Trains for one epoch with batches of 32. */
    public History fit(Tensor x, Tensor y) {
        return fit(x, y, new FitOptions());
    }

    /** Trains for {@code epochs} epochs with batches of 32. */
    public History fit(Tensor x, Tensor y, int epochs) {
        return fit(x, y, new FitOptions().epochs(epochs));
    }

    /** Trains for {@code epochs} epochs with batches of {@code batchSize}. */
    public History fit(Tensor x, Tensor y, int epochs, int batchSize) {
        return fit(x, y, new FitOptions().epochs(epochs).batchSize(batchSize));
    }

    /** Trains on {@code x} and targets {@code y}, as Keras's {@code fit}. */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return fit(one(x), one(y), options);
    }

    /**
     * Trains a model with several inputs and/or outputs: {@code x} in input order, {@code y} in output order.
     *
     * @return the {@link History} of the epochs' logs
     * @throws IllegalStateException    before {@code compile}
     * @throws IllegalArgumentException when x and y have different numbers of samples (both counts named), the data
     *                                  does not fit the model's inputs (layer and shapes named), or options conflict
     */
    public History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
        Trainer t = trainer("fit");
        followActiveBackend();
        FitOptions o = options == null ? new FitOptions() : options;
        int batchSize = o.batchSize() == null ? 32 : o.batchSize();
        if (o.classWeight() != null && o.sampleWeight() != null) {
            throw new IllegalArgumentException("fit: give classWeight or sampleWeight, not both (as in Keras)");
        }
        try (TensorScope scope = TensorScope.open()) {
            // Checks the counts before anything is cut.
            new ArraySource("fit", x, y, o.sampleWeight(), batchSize, null);
            checkInputShapes(shapesOf(x), "");
            List<Tensor> trainX = x;
            List<Tensor> trainY = y;
            Tensor trainW = o.sampleWeight();
            BatchSource validation = null;
            int valBatch = o.validationBatchSize() == null ? batchSize : o.validationBatchSize();
            if (o.validationX() != null) {
                validation = new ArraySource("fit (validation data)", o.validationX(), o.validationY(),
                        o.validationSampleWeight(), valBatch, null);
                // Checked now rather than after a whole epoch of training.
                checkInputShapes(shapesOf(o.validationX()), "validation data of ");
            } else if (o.validationDataset() != null) {
                validation = new DatasetSource("fit (validation data)", o.validationDataset(), true);
            } else if (o.validationSplit() > 0) {
                List<Tensor> all = new ArrayList<>(x);
                all.addAll(y);
                all.add(o.sampleWeight());
                int n = (int) x.get(0).shape().dim(0);
                List<List<Tensor>> parts = ArraySource.splitTail(all, n, o.validationSplit());
                List<Tensor> train = parts.get(0);
                List<Tensor> val = parts.get(1);
                trainX = train.subList(0, x.size());
                trainY = train.subList(x.size(), x.size() + y.size());
                trainW = train.get(train.size() - 1);
                validation = new ArraySource("fit (validation split)", val.subList(0, x.size()),
                        val.subList(x.size(), x.size() + y.size()), val.get(val.size() - 1), valBatch, null);
            }
            SplittableRandom shuffle = o.shuffle() ? new SplittableRandom(Sheaf.nextSeed()) : null;
            BatchSource train = new ArraySource("fit", trainX, trainY, trainW, batchSize, shuffle);
            ClassWeights cw = o.classWeight() == null ? null : new ClassWeights(o.classWeight());
            history = t.fit(train, validation, o.validationSteps() == null ? -1 : o.validationSteps(), cw, o);
            return history;
        }
    }

    /** Trains on a batched {@link Dataset} for {@code epochs} epochs. */
    public History fit(Dataset data, int epochs) {
        return fit(data, new FitOptions().epochs(epochs));
    }

    /**
     * Trains on a batched {@link Dataset} (the seed's {@code fit_generator}): each epoch is one pass over it, or
     * {@code stepsPerEpoch} batches from an endless one. {@code batchSize}, {@code shuffle} and
     * {@code validationSplit} do not apply (batch and shuffle the dataset itself).
     */
    public History fit(Dataset data, FitOptions options) {
        Trainer t = trainer("fit");
        followActiveBackend();
        FitOptions o = options == null ? new FitOptions() : options;
        if (o.batchSize() != null) {
            throw new IllegalArgumentException("fit: batchSize does not apply to a Dataset, which is batched already; "
                    + "use dataset.batch(" + o.batchSize() + ")");
        }
        if (o.validationSplit() > 0) {
            throw new IllegalArgumentException("fit: validationSplit needs tensors; for a Dataset give "
                    + "validationData instead");
        }
        if (o.sampleWeight() != null) {
            throw new IllegalArgumentException("fit: sampleWeight needs tensors; a Dataset carries its own sample "
                    + "weights in its elements");
        }
        try (TensorScope scope = TensorScope.open()) {
            BatchSource validation = null;
            if (o.validationX() != null) {
                validation = new ArraySource("fit (validation data)", o.validationX(), o.validationY(),
                        o.validationSampleWeight(), o.validationBatchSize() == null ? 32 : o.validationBatchSize(),
                        null);
            } else if (o.validationDataset() != null) {
                validation = new DatasetSource("fit (validation data)", o.validationDataset(), true);
            }
            ClassWeights cw = o.classWeight() == null ? null : new ClassWeights(o.classWeight());
            history = t.fit(new DatasetSource("fit", data, true), validation,
                    o.validationSteps() == null ? -1 : o.validationSteps(), cw, o);
            return history;
        }
    }

    /** The {@link History} of the latest {@code fit}, or {@code null}. */
    public History history() {
        return history;
    }

    // ------------------------------------------------------------------ evaluate

    /** The loss and metrics on {@code x}, {@code y} (batches of 32, progress bar), by name. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, new EvaluateOptions());
    }

    /** The loss and metrics on {@code x}, {@code y}, by name: {@code {accuracy=0.91, loss=0.31}}. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, EvaluateOptions options) {
        return evaluate(one(x), one(y), options);
    }

    /**
     * The loss and metrics for a model with several inputs and/or outputs, by name.
     *
     * @throws IllegalStateException before {@code compile}
     */
    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, EvaluateOptions options) {
        Trainer t = trainer("evaluate");
        followActiveBackend();
        EvaluateOptions o = options == null ? new EvaluateOptions() : options;
        try (TensorScope scope = TensorScope.open()) {
            ArraySource data = new ArraySource("evaluate", x, y, o.sampleWeight(),
                    o.batchSize() == null ? 32 : o.batchSize(), null);
            checkInputShapes(shapesOf(x), "");
            return t.evaluate(data, o.steps() == null ? -1 : o.steps(), o.verbose(), o.callbacks());
        }
    }

    /** The loss and metrics on a batched {@link Dataset}, by name. */
    public Map<String, Double> evaluate(Dataset data) {
        return evaluate(data, new EvaluateOptions());
    }

    /** The loss and metrics on a batched {@link Dataset}, by name ({@code batchSize} does not apply). */
    public Map<String, Double> evaluate(Dataset data, EvaluateOptions options) {
        Trainer t = trainer("evaluate");
        followActiveBackend();
        EvaluateOptions o = options == null ? new EvaluateOptions() : options;
        if (o.batchSize() != null) {
            throw new IllegalArgumentException("evaluate: batchSize does not apply to a Dataset, which is batched "
                    + "already");
        }
        try (TensorScope scope = TensorScope.open()) {
            return t.evaluate(new DatasetSource("evaluate", data, true), o.steps() == null ? -1 : o.steps(),
                    o.verbose(), o.callbacks());
        }
    }

    // ------------------------------------------------------------------ predict

    /** The model's output for {@code x}, computed in batches of 32 (with a progress bar, as Keras). */
    public Tensor predict(Tensor x) {
        return predict(x, new PredictOptions());
    }

    /** The model's output for {@code x}, computed in batches. The result belongs to the caller's scope. */
    public Tensor predict(Tensor x, PredictOptions options) {
        return single(predict(one(x), options), "predict");
    }

    /** Every output of the model for inputs {@code x} (in input order), computed in batches. */
    public List<Tensor> predict(List<Tensor> x, PredictOptions options) {
        followActiveBackend();
        PredictOptions o = options == null ? new PredictOptions() : options;
        ArraySource data = new ArraySource("predict", x, null, null, o.batchSize() == null ? 32 : o.batchSize(), null);
        checkInputShapes(shapesOf(x), "");
        return Trainer.predict(this, data, o.steps() == null ? -1 : o.steps(), o.verbose(), o.callbacks());
    }

    /** The model's output for the inputs of a batched {@link Dataset}. */
    public Tensor predict(Dataset data, PredictOptions options) {
        followActiveBackend();
        PredictOptions o = options == null ? new PredictOptions() : options;
        if (o.batchSize() != null) {
            throw new IllegalArgumentException("predict: batchSize does not apply to a Dataset, which is batched "
                    + "already");
        }
        return single(Trainer.predict(this, new DatasetSource("predict", data, false),
                o.steps() == null ? -1 : o.steps(), o.verbose(), o.callbacks()), "predict");
    }

    // ------------------------------------------------------------------ single batches

    /** One gradient update on one batch; returns the running logs (metrics accumulate until the next fit/evaluate). */
    public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatch(one(x), one(y), null);
    }

    /** One gradient update on one batch of a model with several inputs/outputs, with optional sample weights. */
    public Map<String, Double> trainOnBatch(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
        Trainer t = trainer("trainOnBatch");
        followActiveBackend();
        new ArraySource("trainOnBatch", x, y, sampleWeight, 1, null);
        try (TensorScope scope = TensorScope.open()) {
            t.trainStep(new StepBatch(x, y, sampleWeight));
        }
        return t.logs();
    }

    /** The loss and metrics on one batch, without updating the weights. */
    public Map<String, Double> testOnBatch(Tensor x, Tensor y) {
        return testOnBatch(one(x), one(y), null);
    }

    /** {@link #testOnBatch(Tensor, Tensor)} for several inputs/outputs, with optional sample weights. */
    public Map<String, Double> testOnBatch(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) {
        Trainer t = trainer("testOnBatch");
        followActiveBackend();
        new ArraySource("testOnBatch", x, y, sampleWeight, 1, null);
        try (TensorScope scope = TensorScope.open()) {
            t.testStep(new StepBatch(x, y, sampleWeight));
        }
        return t.logs();
    }

    /** The output for one batch, in inference mode, in the caller's scope. */
    public Tensor predictOnBatch(Tensor x) {
        return single(predictOnBatch(one(x)), "predictOnBatch");
    }

    /** Every output for one batch of a model with several inputs, in the caller's scope. */
    public List<Tensor> predictOnBatch(List<Tensor> x) {
        if (x == null || x.isEmpty() || x.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("predictOnBatch: x is missing (null or empty)");
        }
        followActiveBackend();
        try (GradientTape.Pause p = GradientTape.stopRecording()) {
            return run(x, false);
        }
    }

    /**
     * Moves the weights and the optimizer's state to the active backend when it is no longer the one they live on
     * (a backend plugin arrived or left since the model was built), so that a model keeps working across a swap.
     */
    private void followActiveBackend() {
        Backend target = Sheaf.backend();
        for (Variable v : weights()) {
            v.moveTo(target);
        }
        if (optimizer != null) {
            for (Variable v : optimizer.variables()) {
                v.moveTo(target);
            }
        }
    }

    /** A one-element list that may hold null, so that the checks of the List variants name a null x or y. */
    private static List<Tensor> one(Tensor t) {
        return Collections.singletonList(t);
    }

    private Tensor single(List<Tensor> outputs, String method) {
        if (outputs.size() != 1) {
            throw new IllegalArgumentException(method + ": model '" + name() + "' has " + outputs.size()
                    + " outputs " + outputNames() + "; use the List variant to get them all");
        }
        return outputs.get(0);
    }

    private static List<Shape> shapesOf(List<Tensor> xs) {
        List<Shape> r = new ArrayList<>();
        for (Tensor t : xs) {
            r.add(t == null ? Shape.scalar() : t.shape());
        }
        return r;
    }

    // ------------------------------------------------------------------ stopping

    /** True once a callback asked training to stop (EarlyStopping, TerminateOnNaN). */
    public boolean isStopTraining() {
        return stopTraining;
    }

    /** Asks {@code fit} to stop after the current batch/epoch, as Keras's {@code model.stop_training = True}. */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }
}
