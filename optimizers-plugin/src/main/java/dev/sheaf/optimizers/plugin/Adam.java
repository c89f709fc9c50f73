package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Adam (Kingma &amp; Ba, 2014), as {@code keras.optimizers.Adam}. For update {@code t = 1, 2, …}:
 * <pre>
 * alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 * m     = m + (g - m) * (1 - beta1)
 * v     = v + (g^2 - v) * (1 - beta2)
 * vHat  = max(vHat, v)                          (amsgrad only; then vHat replaces v below)
 * w     = w - alpha * m / (sqrt(v) + epsilon)
 * </pre>
 * The bias correction is folded into the step size and epsilon is added outside the square root ("epsilon hat" of
 * the paper), which differs from PyTorch. Runs through the backend's fused {@link dev.sheaf.spi.Backend#adamUpdate}.
 *
 * <p>Defaults: {@code learning_rate = 0.001}, {@code beta_1 = 0.9}, {@code beta_2 = 0.999}, {@code epsilon = 1e-7},
 * {@code amsgrad = false}. Slots, in order: {@code momentum} of every variable, {@code velocity} of every variable,
 * then (amsgrad) {@code velocity_hat} of every variable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class Adam extends KerasOptimizer {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    /** Adam with the Keras defaults. */
    public Adam() {
        this(0.001);
    }

    /** Adam with this learning rate and the other defaults. */
    public Adam(double learningRate) {
        this("adam", learningRate);
    }

    /** Adam following a learning-rate schedule. */
    public Adam(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    Adam(String name, double learningRate) {
        super(name, learningRate);
    }

    /** Decay rate of the first-moment average (default 0.9), in [0, 1). */
    public Adam setBeta1(double beta1) {
        this.beta1 = decayRate("beta_1", beta1);
        return this;
    }

    /** Decay rate of the second-moment average (default 0.999), in [0, 1). */
    public Adam setBeta2(double beta2) {
        this.beta2 = decayRate("beta_2", beta2);
        return this;
    }

    /** Added to {@code sqrt(v)} for numerical stability (default 1e-7). */
    public Adam setEpsilon(double epsilon) {
        this.epsilon = nonNegative("epsilon", epsilon);
        return this;
    }

    /**
     * Uses the AMSGrad variant (Reddi et al., 2018), dividing by the running maximum of {@code v}.
     *
     * @throws IllegalStateException after the first update
     */
    public Adam setAmsgrad(boolean amsgrad) {
        checkNotBuilt("amsgrad");
        this.amsgrad = amsgrad;
        return this;
    }

    /** beta_1. */
    public double beta1() {
        return beta1;
    }

    /** beta_2. */
    public double beta2() {
        return beta2;
    }

    /** epsilon. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether AMSGrad is on. */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    void createSlots(List<Variable> variables) {
        variables.forEach(v -> addSlot(v, "momentum", 0));
        variables.forEach(v -> addSlot(v, "velocity", 0));
        if (amsgrad) {
            variables.forEach(v -> addSlot(v, "velocity_hat", 0));
        }
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Variable m = slot(variable, "momentum");
        Variable v = slot(variable, "velocity");
        Variable vHat = amsgrad ? slot(variable, "velocity_hat") : null;
        Tensor w = variable.value();
        // Donated: the assignments below close the old values, so the backend may update them in place.
        Tensor[] r = w.backend().adamUpdateDonated(w, asDtypeOf(gradient, variable), m.value(), v.value(),
                vHat == null ? null : vHat.value(), learningRate, beta1, beta2, epsilon, step());
        variable.assign(r[0]);
        m.assign(r[1]);
        v.assign(r[2]);
        if (vHat != null) {
            vHat.assign(r[3]);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
        return c;
    }

    /** Adam from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Adam fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Adam", config, ADAM_KEYS);
        return configure(new Adam(c.name("adam"), 0.001), c);
    }

    static final String[] ADAM_KEYS = {"beta_1", "beta_2", "epsilon", "amsgrad"};

    static <A extends Adam> A configure(A adam, OptimizerConfig c) {
        adam.setBeta1(c.number("beta_1", 0.9))
                .setBeta2(c.number("beta_2", 0.999))
                .setEpsilon(c.number("epsilon", 1e-7))
                .setAmsgrad(c.bool("amsgrad", false));
        c.applySchedule(adam);
        adam.applyBaseConfig(c.map());
        return adam;
    }
}
