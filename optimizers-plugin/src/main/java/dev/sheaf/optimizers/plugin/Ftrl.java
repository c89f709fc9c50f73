package dev.sheaf.optimizers.plugin;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * FTRL-Proximal ("Follow The Regularized Leader", McMahan et al., 2013), as {@code keras.optimizers.Ftrl}, with
 * {@code p = -learning_rate_power}, {@code l1}, {@code l2} the regularization strengths and {@code s} the L2
 * shrinkage strength:
 * <pre>
 * g'     = g + 2 * s * w
 * n'     = n + g^2
 * z      = z + g' - (n'^p - n^p) / lr * w
 * quad   = n'^p / lr + 2 * (l2 + beta / (2 * lr))
 * w      = (clip(z, -l1, l1) - z) / quad
 * n      = n'
 * </pre>
 * Defaults: {@code learning_rate = 0.001}, {@code learning_rate_power = -0.5}, {@code initial_accumulator_value = 0.1},
 * {@code l1_regularization_strength = 0}, {@code l2_regularization_strength = 0},
 * {@code l2_shrinkage_regularization_strength = 0}, {@code beta = 0}. Slots, interleaved per variable as Keras creates
 * them: {@code accumulator} ({@code n}, starting at {@code initial_accumulator_value}) and {@code linear} ({@code z}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Ftrl extends KerasOptimizer {
    private double learningRatePower = -0.5;
    private double initialAccumulatorValue = 0.1;
    private double l1;
    private double l2;
    private double l2Shrinkage;
    private double beta;

    /** FTRL with the Keras defaults. */
    public Ftrl() {
        this(0.001);
    }

    /** FTRL with this learning rate and the other defaults. */
    public Ftrl(double learningRate) {
        this("ftrl", learningRate);
    }

    /** FTRL following a learning-rate schedule. */
    public Ftrl(LearningRateSchedule schedule) {
        this();
        setLearningRate(schedule);
    }

    private Ftrl(String name, double learningRate) {
        super(name, learningRate);
    }

    /** How the per-coordinate rate falls with the accumulated squared gradient (default -0.5); 0 keeps it fixed. */
    public Ftrl setLearningRatePower(double power) {
        if (!(power <= 0)) {
            throw new IllegalArgumentException(name() + ": learning_rate_power must be <= 0, got " + power);
        }
        this.learningRatePower = power;
        return this;
    }

    /**
     * The accumulators' starting value (default 0.1), at least 0.
     *
     * @throws IllegalStateException after the first update
     */
    public Ftrl setInitialAccumulatorValue(double value) {
        checkNotBuilt("initial_accumulator_value");
        this.initialAccumulatorValue = nonNegative("initial_accumulator_value", value);
        return this;
    }

    /** L1 regularization strength (default 0): coordinates whose {@code |z|} stays below it are exactly 0. */
    public Ftrl setL1RegularizationStrength(double l1) {
        this.l1 = nonNegative("l1_regularization_strength", l1);
        return this;
    }

    /** L2 stabilization strength (default 0). */
    public Ftrl setL2RegularizationStrength(double l2) {
        this.l2 = nonNegative("l2_regularization_strength", l2);
        return this;
    }

    /** L2 shrinkage strength (default 0): a magnitude penalty added to the gradient as {@code 2 * s * w}. */
    public Ftrl setL2ShrinkageRegularizationStrength(double s) {
        this.l2Shrinkage = nonNegative("l2_shrinkage_regularization_strength", s);
        return this;
    }

    /** The paper's beta (default 0). */
    public Ftrl setBeta(double beta) {
        this.beta = nonNegative("beta", beta);
        return this;
    }

    @Override
    void createSlots(List<Variable> variables) {
        for (Variable v : variables) {
            addSlot(v, "accumulator", initialAccumulatorValue);
            addSlot(v, "linear", 0);
        }
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = asDtypeOf(gradient, variable);
        Variable accumulator = slot(variable, "accumulator");
        Variable linear = slot(variable, "linear");
        Tensor w = variable.value();
        Tensor l2Total = Ops.add(Ops.divide(Ops.full(learningRate.shape(), beta, learningRate.dtype()),
                Ops.multiply(learningRate, 2.0)), l2);
        Tensor shrunkGradient = Ops.add(g, Ops.multiply(w, 2 * l2Shrinkage));
        Tensor n = accumulator.value();
        Tensor nNext = Ops.add(n, Ops.square(g));
        Tensor sigma = Ops.divide(Ops.subtract(Ops.power(nNext, -learningRatePower),
                Ops.power(n, -learningRatePower)), learningRate);
        linear.assign(Ops.add(linear.value(), Ops.subtract(shrunkGradient, Ops.multiply(sigma, w))));
        Tensor quadratic = Ops.add(Ops.divide(Ops.power(nNext, -learningRatePower), learningRate),
                Ops.multiply(l2Total, 2.0));
        Tensor z = linear.value();
        variable.assign(Ops.divide(Ops.subtract(Ops.clip(z, -l1, l1), z), quadratic));
        accumulator.assign(nNext);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("learning_rate_power", learningRatePower);
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("l1_regularization_strength", l1);
        c.put("l2_regularization_strength", l2);
        c.put("l2_shrinkage_regularization_strength", l2Shrinkage);
        c.put("beta", beta);
        return c;
    }

    /** FTRL from a {@link #getConfig()} map; missing entries take the defaults. */
    public static Ftrl fromConfig(Map<String, Object> config) {
        OptimizerConfig c = new OptimizerConfig("Ftrl", config, "learning_rate_power", "initial_accumulator_value",
                "l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength",
                "beta");
        Ftrl o = new Ftrl(c.name("ftrl"), 0.001)
                .setLearningRatePower(c.number("learning_rate_power", -0.5))
                .setInitialAccumulatorValue(c.number("initial_accumulator_value", 0.1))
                .setL1RegularizationStrength(c.number("l1_regularization_strength", 0))
                .setL2RegularizationStrength(c.number("l2_regularization_strength", 0))
                .setL2ShrinkageRegularizationStrength(c.number("l2_shrinkage_regularization_strength", 0))
                .setBeta(c.number("beta", 0));
        c.applySchedule(o);
        o.applyBaseConfig(c.map());
        return o;
    }
}
