package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Adadelta (Zeiler, 2012), as {@code keras.optimizers.Adadelta}, with {@code rms(x) = sqrt(x + epsilon)}:
 * <pre>
 * accG  = rho * accG + (1 - rho) * g^2
 * delta = -rms(accD) * g / rms(accG)
 * accD  = rho * accD + (1 - rho) * delta^2
 * w     = w + lr * delta
 * </pre>
 * Defaults: {@code learning_rate = 0.001} (the paper's form is 1.0), {@code rho = 0.95}, {@code epsilon = 1e-7}.
 * Slots, in order: {@code accumulated_grad} of every variable, then {@code accumulated_delta_var} of every variable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Adadelta extends KerasOptimizer {
    private double rho = 0.95;
    private double epsilon = 1e-7;

    /** Adadelta with the Keras defaults. */
    public Adadelta() {
        this(0.001);
    }

    /** Adadelta with this learning rate and the other defaults. */
    public Adadelta(double learningRate) {
        this("adadelta", learningRate);
    }

    /** Adadelta following a learning-rate schedule. */
    public Adadelta(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private Adadelta(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of both running averages (default 0.95), in [0, 1). */
    public Adadelta setRho(double rho) {
        this.rho = decayRate("rho", rho);
        return this;
    }

    /** Added inside both square roots (default 1e-7). */
    public Adadelta setEpsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        variables.forEach(v -> addSlot(v, "accumulated_grad", 0));
        variables.forEach(v -> addSlot(v, "accumulated_delta_var", 0));
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = asDtypeOf(gradient, variable);
        Variable accG = slot(variable, "accumulated_grad");
        Variable accD = slot(variable, "accumulated_delta_var");
        accG.assign(Ops.add(Ops.multiply(accG.value(), rho), Ops.multiply(Ops.square(g), 1 - rho)));
        Tensor delta = Ops.negative(Ops.divide(Ops.multiply(rms(accD.value()), g), rms(accG.value())));
        accD.assign(Ops.add(Ops.multiply(accD.value(), rho), Ops.multiply(Ops.square(delta), 1 - rho)));
        variable.assign(Ops.add(variable.value(), Ops.multiply(learningRate, delta)));
    }

    private Tensor rms(Tensor x) {
        return Ops.sqrt(Ops.add(x, epsilon));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Adadelta from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Adadelta fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Adadelta", config, "rho", "epsilon");
        Adadelta o = new Adadelta(c.name("adadelta"), 0.001)
                .setRho(c.number("rho", 0.95))
                .setEpsilon(c.number("epsilon", 1e-7));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
