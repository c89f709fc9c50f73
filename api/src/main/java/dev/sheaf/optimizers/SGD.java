package dev.sheaf.optimizers;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.ops.Ops;
import dev.sheaf.optimizers.schedules.LearningRateSchedule;
import dev.sheaf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Gradient descent with optional momentum, as {@code keras.optimizers.SGD}. Defaults: learning rate 0.01, momentum 0,
 * nesterov false.
 *
 * <p>Keras 3's update, with {@code g} the gradient and {@code lr} the learning rate: without momentum
 * {@code w -= lr * g}; with momentum {@code m = momentum * m - lr * g}, then {@code w += m}, or with Nesterov
 * {@code w += momentum * m - lr * g} (using the new {@code m}). The slot {@code "momentum"} (starting at 0) exists only
 * when momentum is above 0.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SGD extends Optimizer {
    /** The slot holding each variable's velocity. */
    public static final String MOMENTUM_SLOT = "momentum";

    private double momentum;
    private boolean nesterov;
    private boolean built;

    /** SGD with learning rate 0.01 and no momentum. */
    public SGD() {
        this(0.01);
    }

    /** SGD with the given learning rate and no momentum. */
    public SGD(double learningRate) {
        this(learningRate, 0.0, false);
    }

    /** SGD with the given learning rate and momentum (Nesterov off). */
    public SGD(double learningRate, double momentum) {
        this(learningRate, momentum, false);
    }

    /**
     * SGD with every argument.
     *
     * @throws IllegalArgumentException if the learning rate is negative or the momentum is outside [0, 1]
     */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        super("SGD", learningRate);
        setMomentum(momentum);
        this.nesterov = nesterov;
    }

    /** SGD following a learning-rate schedule, with no momentum. */
    public SGD(LearningRateSchedule schedule) {
        super("SGD", schedule);
    }

    /** The momentum. */
    public double momentum() {
        return momentum;
    }

    /** Whether Nesterov momentum is used. */
    public boolean nesterov() {
        return nesterov;
    }

    /**
     * Sets the momentum, before the first update.
     *
     * @throws IllegalArgumentException unless in [0, 1]
     * @throws IllegalStateException    after the first update (the slots already exist, or not)
     */
    public SGD setMomentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("SGD: momentum must be a number in [0, 1], got " + momentum);
        }
        checkNotBuilt("momentum");
        this.momentum = momentum;
        return this;
    }

    /** Sets Nesterov momentum on or off. */
    public SGD setNesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    private void checkNotBuilt(String what) {
        if (built) {
            throw new IllegalStateException("SGD: " + what + " cannot change after the first update; create a new SGD");
        }
    }

    /** {@inheritDoc} Returns this SGD, for chaining. */
    @Override
    public SGD setLearningRate(double learningRate) {
        super.setLearningRate(learningRate);
        return this;
    }

    /** {@inheritDoc} Returns this SGD, for chaining. */
    @Override
    public SGD setClipnorm(Double clipnorm) {
        super.setClipnorm(clipnorm);
        return this;
    }

    /** {@inheritDoc} Returns this SGD, for chaining. */
    @Override
    public SGD setClipvalue(Double clipvalue) {
        super.setClipvalue(clipvalue);
        return this;
    }

    /** {@inheritDoc} Returns this SGD, for chaining. */
    @Override
    public SGD setGlobalClipnorm(Double globalClipnorm) {
        super.setGlobalClipnorm(globalClipnorm);
        return this;
    }

    /** {@inheritDoc} Returns this SGD, for chaining. */
    @Override
    public SGD setWeightDecay(Double weightDecay) {
        super.setWeightDecay(weightDecay);
        return this;
    }

    @Override
    protected void build(List<Variable> variables) {
        built = true;
        if (momentum > 0) {
            for (Variable v : variables) {
                addSlot(v, MOMENTUM_SLOT, 0.0);
            }
        }
    }

    @Override
    protected void updateStep(Tensor gradient, Variable variable, Tensor learningRate) {
        Tensor g = gradient.dtype() == variable.dtype() ? gradient : Ops.cast(gradient, variable.dtype());
        if (momentum > 0) {
            // One fused call; donated because the assignments close the old values straight after.
            Variable m = slot(variable, MOMENTUM_SLOT);
            Tensor w = variable.value();
            Tensor[] r = w.backend().sgdMomentumUpdateDonated(w, g, m.value(), learningRate, momentum, nesterov);
            variable.assign(r[0]);
            m.assign(r[1]);
            return;
        }
        variable.assign(Ops.subtract(variable.value(), Ops.multiply(g, learningRate)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }

    /**
     * An SGD from its Keras config: {@code learning_rate} (a number), {@code momentum}, {@code nesterov} and the
     * clipping and weight-decay entries.
     */
    public static SGD fromConfig(Map<String, Object> config) {
        SGD sgd = new SGD();
        sgd.applyBaseConfig(config);
        if (config.get("momentum") instanceof Number n) {
            sgd.setMomentum(n.doubleValue());
        } else if (config.get("momentum") != null) {
            throw new IllegalArgumentException("SGD: config entry 'momentum' must be a number, got "
                    + config.get("momentum"));
        }
        if (config.get("nesterov") instanceof Boolean b) {
            sgd.setNesterov(b);
        } else if (config.get("nesterov") != null) {
            throw new IllegalArgumentException("SGD: config entry 'nesterov' must be true or false, got "
                    + config.get("nesterov"));
        }
        return sgd;
    }
}
