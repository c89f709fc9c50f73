package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Adamax, Adam's infinity-norm variant (Kingma &amp; Ba, 2014, section 7.1), as {@code keras.optimizers.Adamax}:
 * <pre>
 * m = m + (g - m) * (1 - beta1)
 * u = max(beta2 * u, |g|)
 * w = w - lr * m / ((1 - beta1^t) * (u + epsilon))
 * </pre>
 * Defaults: {@code learning_rate = 0.001}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7}.
 * Slots, interleaved per variable as Keras creates them: {@code momentum}, {@code norm} of the first variable, then of
 * the second…
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Adamax extends KerasOptimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    /** Adamax with the Keras defaults. */
    public Adamax() {
        this(0.001);
    }

    /** Adamax with this learning rate and the other defaults. */
    public Adamax(double learningRate) {
        this("adamax", learningRate);
    }

    /** Adamax following a learning-rate schedule. */
    public Adamax(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private Adamax(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of the first-moment average (default 0.9), in [0, 1). */
    public Adamax setBeta1(double beta1) {
        this.beta1 = decayRate("beta_1", beta1);
        return this;
    }

    /** Decay rate of the infinity norm (default 0.999), in [0, 1). */
    public Adamax setBeta2(double beta2) {
        this.beta2 = decayRate("beta_2", beta2);
        return this;
    }

    /** Added to the norm (default 1e-7). */
    public Adamax setEpsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "momentum", 0);
            addSlot(v, "norm", 0);
        }
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = asDtypeOf(gradient, variable);
        Variable m = slot(variable, "momentum");
        Variable u = slot(variable, "norm");
        m.assign(Ops.add(m.value(), Ops.multiply(Ops.subtract(g, m.value()), 1 - beta1)));
        u.assign(Ops.maximum(Ops.multiply(u.value(), beta2), Ops.abs(g)));
        double correction = 1 - Math.pow(beta1, step());
        variable.assign(Ops.subtract(variable.value(), Ops.divide(Ops.multiply(learningRate, m.value()),
                Ops.multiply(Ops.add(u.value(), epsilon), correction))));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Adamax from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Adamax fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Adamax", config, "beta_1", "beta_2", "epsilon");
        Adamax o = new Adamax(c.name("adamax"), 0.001)
                .setBeta1(c.number("beta_1", 0.9))
                .setBeta2(c.number("beta_2", 0.999))
                .setEpsilon(c.number("epsilon", 1e-7));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
