package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Nadam — Adam with Nesterov momentum (Dozat, 2015), as {@code keras.optimizers.Nadam}, with the momentum schedule
 * {@code u_t = beta1 * (1 - 0.5 * 0.96^t)} and its running product {@code P_t = u_1 * … * u_t}:
 * <pre>
 * m    = m + (g - m) * (1 - beta1)
 * v    = v + (g^2 - v) * (1 - beta2)
 * mHat = u_{t+1} * m / (1 - P_t * u_{t+1}) + (1 - u_t) * g / (1 - P_t)
 * vHat = v / (1 - beta2^t)
 * w    = w - lr * mHat / (sqrt(vHat) + epsilon)
 * </pre>
 * Defaults: {@code learning_rate = 0.001}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7}.
 * Slots, in order: {@code momentum} of every variable, {@code velocity} of every variable; then the scalar
 * {@code u_product} ({@code P_t}, of the first variable's dtype, starting at 1), which {@link #variables()} lists
 * last, as Keras tracks it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Nadam extends KerasOptimizer {
    private static final double MOMENTUM_DECAY = 0.96;

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private Variable uProduct;
    private Variable first;

    /** Nadam with the Keras defaults. */
    public Nadam() {
        this(0.001);
    }

    /** Nadam with this learning rate and the other defaults. */
    public Nadam(double learningRate) {
        this("nadam", learningRate);
    }

    /** Nadam following a learning-rate schedule. */
    public Nadam(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private Nadam(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of the first-moment average (default 0.9), in [0, 1). */
    public Nadam setBeta1(double beta1) {
        this.beta1 = decayRate("beta_1", beta1);
        return this;
    }

    /** Decay rate of the second-moment average (default 0.999), in [0, 1). */
    public Nadam setBeta2(double beta2) {
        this.beta2 = decayRate("beta_2", beta2);
        return this;
    }

    /** Added to {@code sqrt(vHat)} (default 1e-7). */
    public Nadam setEpsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        variables.forEach(v -> addSlot(v, "momentum", 0));
        variables.forEach(v -> addSlot(v, "velocity", 0));
        DType dtype = variables.isEmpty() ? DType.FLOAT32 : variables.get(0).dtype();
        uProduct = new Variable(name() + "/u_product", Ops.full(Shape.scalar(), 1.0, dtype), false);
        first = variables.isEmpty() ? null : variables.get(0);
    }

    private double u(long t) {
        return beta1 * (1.0 - 0.5 * Math.pow(MOMENTUM_DECAY, t));
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        long t = step();
        // Keras advances the product once per apply, before any variable's update; the first variable marks it.
        if (variable == first) {
            uProduct.assign(Ops.multiply(uProduct.value(), u(t)));
        }
        Tensor g = asDtypeOf(gradient, variable);
        Tensor productT = uProduct.dtype() == variable.dtype() ? uProduct.value()
                : Ops.cast(uProduct.value(), variable.dtype());
        double uT = u(t);
        double uNext = u(t + 1);
        Tensor productNext = Ops.multiply(productT, uNext);
        Variable m = slot(variable, "momentum");
        Variable v = slot(variable, "velocity");
        m.assign(Ops.add(m.value(), Ops.multiply(Ops.subtract(g, m.value()), 1 - beta1)));
        v.assign(Ops.add(v.value(), Ops.multiply(Ops.subtract(Ops.square(g), v.value()), 1 - beta2)));
        Tensor mHat = Ops.add(
                Ops.divide(Ops.multiply(m.value(), uNext), Ops.subtract(1.0, productNext)),
                Ops.divide(Ops.multiply(g, 1 - uT), Ops.subtract(1.0, productT)));
        Tensor vHat = Ops.divide(v.value(), 1 - Math.pow(beta2, t));
        variable.assign(Ops.subtract(variable.value(),
                Ops.divide(Ops.multiply(mHat, learningRate), Ops.add(Ops.sqrt(vHat), epsilon))));
    }

    /** The iteration count, the slots, then {@code u_product} (once built). */
    @Override
    public List<Variable> variables() {
        List<Variable> r = super.variables();
        if (uProduct != null) {
            r.add(uProduct);
        }
        return r;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Nadam from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Nadam fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Nadam", config, "beta_1", "beta_2", "epsilon");
        Nadam o = new Nadam(c.name("nadam"), 0.001)
                .setBeta1(c.number("beta_1", 0.9))
                .setBeta2(c.number("beta_2", 0.999))
                .setEpsilon(c.number("epsilon", 1e-7));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
