package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * RMSprop (Hinton, 2012), as {@code keras.optimizers.RMSprop}:
 * <pre>
 * v   = rho * v + (1 - rho) * g^2
 * a   = rho * a + (1 - rho) * g                 (centered only)
 * inc = lr * g / sqrt(v + epsilon)              (centered: sqrt(v - a^2 + epsilon))
 * mom = momentum * mom + inc;  w = w - mom      (momentum &gt; 0; plain, not Nesterov)
 * w   = w - inc                                 (momentum = 0)
 * </pre>
 * Epsilon goes inside the square root, unlike {@link Adam}.
 *
 * <p>Defaults: {@code learning_rate = 0.001}, {@code rho = 0.9}, {@code momentum = 0.0}, {@code epsilon = 1e-7},
 * {@code centered = false}. Slots, in order: {@code velocity} of every variable, then (momentum &gt; 0)
 * {@code momentum} of every variable, then (centered) {@code average_gradient} of every variable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RMSprop extends KerasOptimizer {
    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;

    /** RMSprop with the Keras defaults. */
    public RMSprop() {
        this(0.001);
    }

    /** RMSprop with this learning rate and the other defaults. */
    public RMSprop(double learningRate) {
        this("rmsprop", learningRate);
    }

    /** RMSprop following a learning-rate schedule. */
    public RMSprop(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private RMSprop(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of the squared-gradient average (default 0.9), in [0, 1). */
    public RMSprop setRho(double rho) {
        this.rho = decayRate("rho", rho);
        return this;
    }

    /**
     * Momentum of the increments (default 0, none), in [0, 1).
     *
     * @throws IllegalStateException when switching momentum on or off after the first update
     */
    public RMSprop setMomentum(double momentum) {
        if ((momentum > 0) != (this.momentum > 0)) {
            checkNotBuilt("momentum (on or off)");
        }
        this.momentum = decayRate("momentum", momentum);
        return this;
    }

    /** Added to the average inside the square root (default 1e-7). */
    public RMSprop setEpsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return this;
    }

    /**
     * Normalises by the estimated variance of the gradient instead of its uncentered second moment.
     *
     * @throws IllegalStateException after the first update
     */
    public RMSprop setCentered(boolean centered) {
        checkNotBuilt("centered");
        this.centered = centered;
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        variables.forEach(v -> addSlot(v, "velocity", 0));
        if (momentum > 0) {
            variables.forEach(v -> addSlot(v, "momentum", 0));
        }
        if (centered) {
            variables.forEach(v -> addSlot(v, "average_gradient", 0));
        }
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = asDtypeOf(gradient, variable);
        Variable velocity = slot(variable, "velocity");
        velocity.assign(Ops.add(Ops.multiply(velocity.value(), rho), Ops.multiply(Ops.square(g), 1 - rho)));
        Tensor denominator;
        if (centered) {
            Variable average = slot(variable, "average_gradient");
            average.assign(Ops.add(Ops.multiply(average.value(), rho), Ops.multiply(g, 1 - rho)));
            denominator = Ops.add(Ops.subtract(velocity.value(), Ops.square(average.value())), epsilon);
        } else {
            denominator = Ops.add(velocity.value(), epsilon);
        }
        Tensor increment = Ops.divide(Ops.multiply(learningRate, g), Ops.sqrt(denominator));
        if (momentum > 0) {
            Variable mom = slot(variable, "momentum");
            mom.assign(Ops.add(Ops.multiply(mom.value(), momentum), increment));
            variable.assign(Ops.subtract(variable.value(), mom.value()));
        } else {
            variable.assign(Ops.subtract(variable.value(), increment));
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        return c;
    }

    /** RMSprop from a {@link #getConfig()} map; missing entries take the defaults. */
    public static RMSprop fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("RMSprop", config, "rho", "momentum", "epsilon", "centered");
        RMSprop o = new RMSprop(c.name("rmsprop"), 0.001)
                .setRho(c.number("rho", 0.9))
                .setMomentum(c.number("momentum", 0.0))
                .setEpsilon(c.number("epsilon", 1e-7))
                .setCentered(c.bool("centered", false));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
