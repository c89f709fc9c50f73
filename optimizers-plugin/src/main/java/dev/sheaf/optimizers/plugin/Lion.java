package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Lion (Chen et al., 2023), as {@code keras.optimizers.Lion}: the update is the sign of an interpolation, so every
 * element moves by exactly {@code lr} (or not at all):
 * <pre>
 * w = w - lr * sign(beta1 * m + (1 - beta1) * g)
 * m = beta2 * m + (1 - beta2) * g
 * </pre>
 * A good learning rate is typically 3-10x smaller than AdamW's, and the weight decay 3-10x larger.
 *
 * <p>Defaults: {@code learning_rate = 0.001}, {@code beta_1 = 0.9}, {@code beta_2 = 0.99}. Slots: {@code momentum}
 * of every variable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Lion extends KerasOptimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.99;

    /** Lion with the Keras defaults. */
    public Lion() {
        this(0.001);
    }

    /** Lion with this learning rate and the other defaults. */
    public Lion(double learningRate) {
        this("lion", learningRate);
    }

    /** Lion following a learning-rate schedule. */
    public Lion(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private Lion(String name, double learningRate) {
        super(name, learningRate);
    }

    /**
     * How much of the momentum goes into the update direction (default 0.9), in (0, 1] (at 0 Lion degenerates to
     * SignSGD, which Keras refuses too).
     */
    public Lion setBeta1(double beta1) {
        if (!(beta1 > 0 && beta1 <= 1)) {
            throw new IllegalArgumentException(name() + ": beta_1 must be in (0, 1]; otherwise the optimizer "
                    + "degenerates to SignSGD. Got " + beta1);
        }
        this.beta1 = beta1;
        return this;
    }

    /** Decay rate of the momentum (default 0.99), in [0, 1). */
    public Lion setBeta2(double beta2) {
        this.beta2 = decayRate("beta_2", beta2);
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        variables.forEach(v -> addSlot(v, "momentum", 0));
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = asDtypeOf(gradient, variable);
        Variable m = slot(variable, "momentum");
        Tensor direction = Ops.sign(Ops.add(Ops.multiply(m.value(), beta1), Ops.multiply(g, 1 - beta1)));
        variable.assign(Ops.subtract(variable.value(), Ops.multiply(learningRate, direction)));
        m.assign(Ops.add(Ops.multiply(m.value(), beta2), Ops.multiply(g, 1 - beta2)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        return c;
    }

    /** Lion from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Lion fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Lion", config, "beta_1", "beta_2");
        Lion o = new Lion(c.name("lion"), 0.001)
                .setBeta1(c.number("beta_1", 0.9))
                .setBeta2(c.number("beta_2", 0.99));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
