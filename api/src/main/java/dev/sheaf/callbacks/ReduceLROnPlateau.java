package dev.sheaf.callbacks;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * Reduces the learning rate when a monitored quantity has stopped improving, as Keras 3's
 * {@code ReduceLROnPlateau}.
 *
 * <pre>{@code
 * Callback reduce = new ReduceLROnPlateau("val_loss").setFactor(0.2).setPatience(5).setMinLr(0.001);
 * }</pre>
 *
 * <p>At each epoch end it records the current rate as {@code logs["learning_rate"]}, then: during a cooldown the
 * cooldown counter falls and the wait is reset; a value better than the best by more than {@code minDelta} becomes
 * the best and resets the wait; otherwise, outside a cooldown, the wait grows and on reaching {@code patience} the
 * rate becomes {@code max(lr * factor, minLr)} (if it is above {@code minLr}), starting a cooldown of
 * {@code cooldown} epochs. As in Keras, the rate is handled in float32 (the type of Keras's learning-rate
 * variable), and in auto mode a name containing "acc" is maximized, anything else minimized.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ReduceLROnPlateau extends Callback {
    private static final System.Logger LOG = System.getLogger(ReduceLROnPlateau.class.getName());

    private final String monitor;
    private double factor = 0.1;
    private int patience = 10;
    private int verbose;
    private MonitorMode mode = MonitorMode.AUTO;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private boolean maximize;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** Monitors {@code "val_loss"}. */
    public ReduceLROnPlateau() {
        this("val_loss");
    }

    /**
     * @param monitor the logs key to watch
     * @throws IllegalArgumentException if {@code monitor} is null or blank
     */
    public ReduceLROnPlateau(String monitor) {
        if (monitor == null || monitor.isBlank()) {
            throw new IllegalArgumentException("ReduceLROnPlateau: monitor must name a logs key such as "
                    + "\"val_loss\", got " + (monitor == null ? "null" : "'" + monitor + "'"));
        }
        this.monitor = monitor;
        reset();
    }

    /**
     * The factor the rate is multiplied by: {@code new_lr = lr * factor}; default 0.1.
     *
     * @throws IllegalArgumentException unless {@code 0 <= factor < 1}
     */
    public ReduceLROnPlateau setFactor(double factor) {
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0 (or negative). "
                    + "Received factor=" + factor);
        }
        this.factor = factor;
        return this;
    }

    /** Epochs without improvement before the rate is reduced; default 10. */
    public ReduceLROnPlateau setPatience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** 1 prints a message on each reduction; default 0. */
    public ReduceLROnPlateau setVerbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Whether the quantity should fall or rise; default {@link MonitorMode#AUTO}. */
    public ReduceLROnPlateau setMode(MonitorMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("ReduceLROnPlateau: mode is null; use MonitorMode.AUTO, MIN or MAX");
        }
        this.mode = mode;
        reset();
        return this;
    }

    /** {@link #setMode(MonitorMode)} by Keras name. */
    public ReduceLROnPlateau setMode(String mode) {
        return setMode(MonitorMode.of(mode));
    }

    /** Threshold for a new best to count; default 1e-4. */
    public ReduceLROnPlateau setMinDelta(double minDelta) {
        if (Double.isNaN(minDelta)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minDelta is NaN");
        }
        this.minDelta = minDelta;
        return this;
    }

    /** Epochs after a reduction during which the wait does not grow; default 0. */
    public ReduceLROnPlateau setCooldown(int cooldown) {
        if (cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        }
        this.cooldown = cooldown;
        return this;
    }

    /** Lower bound on the rate; default 0. */
    public ReduceLROnPlateau setMinLr(double minLr) {
        if (!(minLr >= 0) || Double.isInfinite(minLr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be a finite number >= 0, got " + minLr);
        }
        this.minLr = minLr;
        return this;
    }

    /** The monitored logs key. */
    public String monitor() {
        return monitor;
    }

    /** The best value so far (+/- infinity before the first). */
    public double best() {
        return best;
    }

    /** Epochs without improvement counted towards patience. */
    public int waitCount() {
        return wait;
    }

    /** Epochs of cooldown left. */
    public int cooldownCounter() {
        return cooldownCounter;
    }

    private void reset() {
        maximize = mode == MonitorMode.MAX || (mode == MonitorMode.AUTO && monitor.contains("acc"));
        best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        cooldownCounter = 0;
        wait = 0;
    }

    /** Resets the wait, the cooldown and the best value. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double lr = LearningRates.current(model());
        if (logs != null) {
            logs.put("learning_rate", lr);
        }
        Double current = logs == null ? null : logs.get(monitor);
        if (current == null) {
            LOG.log(System.Logger.Level.WARNING, "Learning rate reduction is conditioned on metric `" + monitor
                    + "` which is not available. Available metrics are: "
                    + (logs == null ? "" : String.join(",", logs.keySet())) + ".");
            return;
        }
        if (inCooldown()) {
            cooldownCounter--;
            wait = 0;
        }
        if (maximize ? current > best + minDelta : current < best - minDelta) {
            best = current;
            wait = 0;
        } else if (!inCooldown()) {
            wait++;
            if (wait >= patience) {
                if (lr > (float) minLr) {
                    LearningRates.requireConstantRate(model(), "ReduceLROnPlateau");
                    double newLr = Math.max(lr * factor, minLr);
                    LearningRates.set(model(), newLr);
                    if (verbose > 0) {
                        System.out.println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to "
                                + newLr + ".");
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    /** True while the cooldown after a reduction lasts. */
    public boolean inCooldown() {
        return cooldownCounter > 0;
    }
}
