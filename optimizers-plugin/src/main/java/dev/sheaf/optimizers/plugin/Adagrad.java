package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Adagrad (Duchi et al., 2011), as {@code keras.optimizers.Adagrad}:
 * <pre>
 * acc = acc + g^2
 * w   = w - lr * g / sqrt(acc + epsilon)
 * </pre>
 * Defaults: {@code learning_rate = 0.001}, {@code initial_accumulator_value = 0.1}, {@code epsilon = 1e-7}. Slots:
 * {@code accumulator} of every variable, starting at {@code initial_accumulator_value}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Adagrad extends KerasOptimizer {
    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;

    /** Adagrad with the Keras defaults. */
    public Adagrad() {
        this(0.001);
    }

    /** Adagrad with this learning rate and the other defaults. */
    public Adagrad(double learningRate) {
        this("adagrad", learningRate);
    }

    /** Adagrad following a learning-rate schedule. */
    public Adagrad(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private Adagrad(String name, double learningRate) {
        super(name, learningRate);
    }

    /**
     * The accumulators' starting value (default 0.1), at least 0.
     *
     * @throws IllegalStateException after the first update
     */
    public Adagrad setInitialAccumulatorValue(double value) {
        checkNotBuilt("initial_accumulator_value");
        this.initialAccumulatorValue = nonNegative("initial_accumulator_value", value);
        return this;
    }

    /** Added inside the square root (default 1e-7). */
    public Adagrad setEpsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        variables.forEach(v -> addSlot(v, "accumulator", initialAccumulatorValue));
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = asDtypeOf(gradient, variable);
        Variable acc = slot(variable, "accumulator");
        acc.assign(Ops.add(acc.value(), Ops.square(g)));
        variable.assign(Ops.subtract(variable.value(),
                Ops.divide(Ops.multiply(learningRate, g), Ops.sqrt(Ops.add(acc.value(), epsilon)))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Adagrad from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Adagrad fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Adagrad", config, "initial_accumulator_value", "epsilon");
        Adagrad o = new Adagrad(c.name("adagrad"), 0.001)
                .setInitialAccumulatorValue(c.number("initial_accumulator_value", 0.1))
                .setEpsilon(c.number("epsilon", 1e-7));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
