package dev.sheaf.optimizers;

import dev.sheaf.autodiff.GradientTape;
import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The base of every optimizer, following Keras 3's {@code BaseOptimizer}: {@link #applyGradients} clips the
 * gradients ({@code clipnorm}, {@code clipvalue}, {@code globalClipnorm}), applies decoupled weight decay
 * ({@code w -= w * weightDecay * lr}), runs {@link #updateStep} for each variable and counts the iteration. The
 * learning rate is a number or a {@link LearningRateSchedule} of the iteration count.
 *
 * <p>State ("slots", such as momentum) lives in {@link Variable}s created by {@link #addSlot} in {@link #build}, in a
 * fixed order, so that {@link #variables()} can be saved and restored to resume bit-identically.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Optimizer {
    private final String name;
    private double learningRate;
    private LearningRateSchedule schedule;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;
    private Double weightDecay;
    private final Variable iterations;
    private final List<Variable> slots = new ArrayList<>();
    private final Map<Variable, Map<String, Variable>> slotsByVariable = new IdentityHashMap<>();
    private List<Variable> builtFor;

    /** @param name the Keras name ({@code "SGD"}, {@code "adam"}…) */
    protected Optimizer(String name, double learningRate) {
        this.name = name;
        setLearningRate(learningRate);
        this.iterations = new Variable(name + "/iteration", Ops.zeros(Shape.scalar(), DType.INT64), false);
    }

    /** @param name the Keras name */
    protected Optimizer(String name, LearningRateSchedule schedule) {
        this(name, 0.0);
        setLearningRate(schedule);
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** Number of updates applied so far. */
    public long iterations() {
        return iterations.value().itemAsLong();
    }

    /** The iteration counter, for saving. */
    public Variable iterationsVariable() {
        return iterations;
    }

    /** The learning rate for the next update (the schedule's value at the current iteration, if any). */
    public double learningRate() {
        return schedule != null ? schedule.at(iterations()) : learningRate;
    }

    /** The schedule, or {@code null} for a constant rate. */
    public LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /**
     * Sets a constant learning rate (replacing a schedule), as callbacks such as ReduceLROnPlateau do.
     *
     * @throws IllegalArgumentException if negative or not finite
     */
    public Optimizer setLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(name + ": the learning rate must be a finite number >= 0, got "
                    + learningRate);
        }
        this.learningRate = learningRate;
        this.schedule = null;
        return this;
    }

    /** Sets a learning-rate schedule. */
    public Optimizer setLearningRate(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException(name + ": the learning-rate schedule must not be null");
        }
        this.schedule = schedule;
        return this;
    }

    /** Clips each gradient to this L2 norm ({@code null} to turn off); exclusive with the other two modes. */
    public Optimizer setClipnorm(Double clipnorm) {
        checkExclusiveClipping(clipnorm, "clipnorm", clipvalue, globalClipnorm);
        this.clipnorm = positive(clipnorm, "clipnorm");
        return this;
    }

    /** Clips each gradient element to {@code [-clipvalue, clipvalue]} ({@code null} to turn off). */
    public Optimizer setClipvalue(Double clipvalue) {
        checkExclusiveClipping(clipvalue, "clipvalue", clipnorm, globalClipnorm);
        this.clipvalue = positive(clipvalue, "clipvalue");
        return this;
    }

    /** Scales all gradients together so their global L2 norm is at most this ({@code null} to turn off). */
    public Optimizer setGlobalClipnorm(Double globalClipnorm) {
        checkExclusiveClipping(globalClipnorm, "globalClipnorm", clipnorm, clipvalue);
        this.globalClipnorm = positive(globalClipnorm, "globalClipnorm");
        return this;
    }

    /** Decoupled weight decay rate ({@code null} or 0 to turn off). */
    public Optimizer setWeightDecay(Double weightDecay) {
        if (weightDecay != null && !(weightDecay >= 0)) {
            throw new IllegalArgumentException(name + ": weightDecay must be >= 0, got " + weightDecay);
        }
        this.weightDecay = weightDecay;
        return this;
    }

    /** The clipnorm, or {@code null}. */
    public Double clipnorm() {
        return clipnorm;
    }

    /** The clipvalue, or {@code null}. */
    public Double clipvalue() {
        return clipvalue;
    }

    /** The global clipnorm, or {@code null}. */
    public Double globalClipnorm() {
        return globalClipnorm;
    }

    /** The weight decay, or {@code null}. */
    public Double weightDecay() {
        return weightDecay;
    }

    private void checkExclusiveClipping(Double value, String what, Double other1, Double other2) {
        // Keras 3 allows one clipping mode at a time.
        if (value != null && (other1 != null || other2 != null)) {
            throw new IllegalArgumentException(name + ": cannot set " + what + "; only one of clipnorm, clipvalue and "
                    + "globalClipnorm can be set (clear the other with null first)");
        }
    }

    private Double positive(Double v, String what) {
        if (v != null && !(v > 0)) {
            throw new IllegalArgumentException(name + ": " + what + " must be > 0, got " + v);
        }
        return v;
    }

    /**
     * Applies one update: {@code grads.get(i)} is the gradient of the loss with respect to {@code variables.get(i)}.
     * The first call builds the slots for these variables; later calls must pass the same variables.
     *
     * @throws IllegalArgumentException on a count, shape or variable-set mismatch, naming what differs
     */
    public final void applyGradients(List<Tensor> grads, List<Variable> variables) {
        if (grads == null || variables == null) {
            throw new IllegalArgumentException(name + ".applyGradients: the " + (grads == null ? "gradients" : "variables")
                    + " list is null");
        }
        if (grads.size() != variables.size()) {
            throw new IllegalArgumentException(name + ".applyGradients: " + grads.size() + " gradients for "
                    + variables.size() + " variables");
        }
        for (int i = 0; i < grads.size(); i++) {
            Tensor g = grads.get(i);
            Variable v = variables.get(i);
            if (v == null) {
                throw new IllegalArgumentException(name + ".applyGradients: variable " + i + " is null");
            }
            if (g == null || !g.shape().equals(v.shape())) {
                throw new IllegalArgumentException(name + ".applyGradients: the gradient for '" + v.name() + "' has "
                        + (g == null ? "no value" : "shape " + g.shape()) + ", expected " + v.shape());
            }
        }
        if (builtFor == null) {
            try (GradientTape.Pause p = GradientTape.stopRecording()) {
                build(variables);
            }
            builtFor = List.copyOf(variables);
        } else if (!sameVariables(variables)) {
            throw new IllegalArgumentException(name + ".applyGradients: this optimizer was built for "
                    + builtFor.size() + " other variables; use a new optimizer for another model");
        }
        try (GradientTape.Pause p = GradientTape.stopRecording(); TensorScope scope = TensorScope.open()) {
            List<Tensor> clipped = clip(grads);
            double lr = learningRate();
            Tensor lrTensor = null;
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                if (lrTensor == null || lrTensor.dtype() != v.dtype()) {
                    lrTensor = Ops.full(Shape.scalar(), lr, v.dtype());
                }
                if (weightDecay != null && weightDecay > 0 && useWeightDecay(v)) {
                    v.assign(Ops.subtract(v.value(), Ops.multiply(v.value(), Ops.multiply(lrTensor, weightDecay))));
                }
                updateStep(clipped.get(i), v, lrTensor);
            }
            iterations.assign(Ops.add(iterations.value(), 1));
        }
    }

    private boolean sameVariables(List<Variable> variables) {
        if (variables.size() != builtFor.size()) {
            return false;
        }
        for (int i = 0; i < variables.size(); i++) {
            if (variables.get(i) != builtFor.get(i)) {
                return false;
            }
        }
        return true;
    }

    private List<Tensor> clip(List<Tensor> grads) {
        List<Tensor> r = new ArrayList<>(grads);
        if (clipnorm != null) {
            for (int i = 0; i < r.size(); i++) {
                r.set(i, clipByNorm(r.get(i), clipnorm));
            }
        }
        if (clipvalue != null) {
            for (int i = 0; i < r.size(); i++) {
                r.set(i, Ops.clip(r.get(i), -clipvalue, clipvalue));
            }
        }
        if (globalClipnorm != null) {
            Tensor sq = null;
            for (Tensor g : r) {
                Tensor s = Ops.sum(Ops.square(g));
                sq = sq == null ? s : Ops.add(sq, s);
            }
            double norm = Math.sqrt(sq.itemAsDouble());
            if (norm > globalClipnorm) {
                double scale = globalClipnorm / norm;
                for (int i = 0; i < r.size(); i++) {
                    r.set(i, Ops.multiply(r.get(i), scale));
                }
            }
        }
        return r;
    }

    private static Tensor clipByNorm(Tensor g, double maxNorm) {
        double norm = Math.sqrt(Ops.sum(Ops.square(g)).itemAsDouble());
        return norm > maxNorm ? Ops.multiply(g, maxNorm / norm) : g;
    }

    /**
     * Whether weight decay applies to {@code variable}; by default to every variable (subclasses may exclude, e.g.,
     * biases by name).
     */
    protected boolean useWeightDecay(Variable variable) {
        return true;
    }

    /** Creates the slot variables for {@code variables} with {@link #addSlot}, in a fixed order. Default: none. */
    protected void build(List<Variable> variables) {
    }

    /**
     * Creates a slot for {@code variable} filled with {@code initialValue}, named {@code <variable>/<slotName>}; the
     * slot lives outside every scope until the optimizer is closed.
     */
    protected final Variable addSlot(Variable variable, String slotName, double initialValue) {
        Variable s = new Variable(variable.name() + "/" + slotName,
                Ops.full(variable.shape(), initialValue, variable.dtype()), false);
        slots.add(s);
        slotsByVariable.computeIfAbsent(variable, k -> new LinkedHashMap<>()).put(slotName, s);
        return s;
    }

    /** The slot called {@code slotName} of {@code variable}. */
    protected final Variable slot(Variable variable, String slotName) {
        Map<String, Variable> m = slotsByVariable.get(variable);
        Variable s = m == null ? null : m.get(slotName);
        if (s == null) {
            throw new IllegalStateException(name + ": no slot '" + slotName + "' for variable '" + variable.name() + "'");
        }
        return s;
    }

    /**
     * Updates {@code variable} from its (clipped) gradient, with {@link Variable#assign} and {@link Ops} (or a fused
     * backend kernel). Runs without a tape, inside a scope that closes every temporary.
     *
     * @param learningRate a scalar of the variable's dtype
     */
    protected abstract void updateStep(Tensor gradient, Variable variable, Tensor learningRate);

    /** The optimizer's state in a fixed order: the iteration count, then every slot in creation order. */
    public List<Variable> variables() {
        List<Variable> r = new ArrayList<>();
        r.add(iterations);
        r.addAll(slots);
        return r;
    }

    /** The Keras config: name, learning rate (or schedule config), clipping and weight decay settings. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        if (schedule != null) {
            c.put("learning_rate", dev.sheaf.optimizers.schedules.Schedules.serialize(schedule));
        } else {
            c.put("learning_rate", learningRate);
        }
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        return c;
    }

    /** Applies the base entries of a config to this optimizer (for {@code fromConfig} factories). */
    protected void applyBaseConfig(Map<String, Object> config) {
        if (config == null) {
            throw new IllegalArgumentException(name + ": the config is null");
        }
        Object lr = config.get("learning_rate");
        if (lr instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> serialized = (Map<String, Object>) m;
            setLearningRate(dev.sheaf.optimizers.schedules.Schedules.deserialize(serialized));
        } else if (configNumber(config, "learning_rate") != null) {
            setLearningRate(configNumber(config, "learning_rate"));
        }
        if (configNumber(config, "weight_decay") != null) {
            setWeightDecay(configNumber(config, "weight_decay"));
        }
        if (configNumber(config, "clipnorm") != null) {
            setClipnorm(configNumber(config, "clipnorm"));
        }
        if (configNumber(config, "global_clipnorm") != null) {
            setGlobalClipnorm(configNumber(config, "global_clipnorm"));
        }
        if (configNumber(config, "clipvalue") != null) {
            setClipvalue(configNumber(config, "clipvalue"));
        }
    }

    /** A numeric config entry, {@code null} when absent; anything else is refused, naming the optimizer and key. */
    private Double configNumber(Map<String, Object> config, String key) {
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(name + ": config entry '" + key + "' must be a number"
                    + (key.equals("learning_rate") ? " or a serialized schedule" : "") + ", got " + v + " ("
                    + v.getClass().getSimpleName() + ")");
        }
        return n.doubleValue();
    }
}
