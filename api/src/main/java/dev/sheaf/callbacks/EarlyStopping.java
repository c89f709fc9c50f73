package dev.sheaf.callbacks;

import dev.sheaf.models.Model;
import dev.sheaf.tensor.Tensor;
import dev.sheaf.tensor.TensorScope;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras 3's {@code EarlyStopping}.
 *
 * <pre>{@code
 * Callback stop = new EarlyStopping("val_loss").setPatience(3).setRestoreBestWeights(true);
 * // pass it among fit's callbacks: training ends after 3 epochs without a lower val_loss
 * }</pre>
 *
 * <p>At each epoch end (from {@code startFromEpoch} on) the monitored value is compared with the best so far: an
 * improvement is a value better by more than {@code minDelta}. After {@code patience} epochs without one (and never
 * at epoch 0), {@link Model#setStopTraining} is set. With {@code baseline}, the wait only restarts when a value also
 * beats the baseline. With {@code restoreBestWeights}, the weights of the best epoch are put back at the end of
 * training, whether or not training stopped early (Keras 3; Keras 2 restored only on an early stop); if no epoch
 * beat the baseline, the best epoch seen is restored. A missing monitored value is a warning, not an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class EarlyStopping extends Callback {
    private static final System.Logger LOG = System.getLogger(EarlyStopping.class.getName());

    private final String monitor;
    private double minDelta;
    private int patience;
    private int verbose;
    private MonitorMode mode = MonitorMode.AUTO;
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;

    private MonitorMode direction;
    private int wait;
    private int stoppedEpoch;
    private Double best;
    private int bestEpoch;
    private List<Tensor> bestWeights;

    /** Monitors {@code "val_loss"}. */
    public EarlyStopping() {
        this("val_loss");
    }

    /**
     * @param monitor the logs key to watch, such as {@code "val_loss"} or {@code "val_accuracy"}
     * @throws IllegalArgumentException if {@code monitor} is null or blank
     */
    public EarlyStopping(String monitor) {
        if (monitor == null || monitor.isBlank()) {
            throw new IllegalArgumentException("EarlyStopping: monitor must name a logs key such as \"val_loss\", got "
                    + (monitor == null ? "null" : "'" + monitor + "'"));
        }
        this.monitor = monitor;
        reset();
    }

    /** Minimum change that counts as an improvement (its absolute value is used, as Keras); default 0. */
    public EarlyStopping setMinDelta(double minDelta) {
        if (Double.isNaN(minDelta) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite, got " + minDelta);
        }
        this.minDelta = Math.abs(minDelta);
        return this;
    }

    /** Epochs without improvement before stopping; default 0. */
    public EarlyStopping setPatience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** 1 prints a message when stopping and when restoring weights; default 0. */
    public EarlyStopping setVerbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    /** Whether the monitored quantity should fall or rise; default {@link MonitorMode#AUTO}. */
    public EarlyStopping setMode(MonitorMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("EarlyStopping: mode is null; use MonitorMode.AUTO, MIN or MAX");
        }
        this.mode = mode;
        this.direction = null;
        return this;
    }

    /** {@link #setMode(MonitorMode)} by Keras name ({@code "auto"}, {@code "min"}, {@code "max"}). */
    public EarlyStopping setMode(String mode) {
        return setMode(MonitorMode.of(mode));
    }

    /** A value the monitored quantity must beat for the wait to restart, or {@code null} (default) for none. */
    public EarlyStopping setBaseline(Double baseline) {
        this.baseline = baseline;
        return this;
    }

    /** Restore the weights of the best epoch at the end of training; default false. */
    public EarlyStopping setRestoreBestWeights(boolean restoreBestWeights) {
        this.restoreBestWeights = restoreBestWeights;
        return this;
    }

    /** Epochs of warm-up during which nothing is monitored; default 0. */
    public EarlyStopping setStartFromEpoch(int startFromEpoch) {
        if (startFromEpoch < 0) {
            throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be >= 0, got " + startFromEpoch);
        }
        this.startFromEpoch = startFromEpoch;
        return this;
    }

    /** The monitored logs key. */
    public String monitor() {
        return monitor;
    }

    /** The epoch at which training was stopped (0 if it was not). */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch of the best value so far. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far, or {@code null} before the first. */
    public Double best() {
        return best;
    }

    /** Epochs counted towards patience since the last improvement. */
    public int waitCount() {
        return wait;
    }

    private void reset() {
        wait = 0;
        stoppedEpoch = 0;
        best = null;
        bestEpoch = 0;
        releaseBestWeights();
    }

    /**
     * Resets the state, so an instance can be reused, and settles the direction.
     *
     * @throws IllegalArgumentException in auto mode, when the monitored name tells neither direction
     */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        reset();
        direction();
    }

    private MonitorMode direction() {
        if (direction == null) {
            direction = mode != MonitorMode.AUTO ? mode : MonitorMode.directionOf(monitor);
            if (direction == null) {
                throw new IllegalArgumentException("EarlyStopping received monitor=" + monitor + ", but cannot tell "
                        + "whether that metric should be maximized or minimized. Use setMode(MonitorMode.MAX) to stop"
                        + " on the highest value, or setMode(MonitorMode.MIN) for the lowest");
            }
        }
        return direction;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        MonitorMode dir = direction();
        Double current = logs == null ? null : logs.get(monitor);
        if (current == null) {
            LOG.log(System.Logger.Level.WARNING, "Early stopping conditioned on metric `" + monitor + "` which is not"
                    + " available. Available metrics are: " + (logs == null ? "" : String.join(",", logs.keySet())));
            return;
        }
        if (epoch < startFromEpoch) {
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            // Until something improves, the current weights are the best known.
            saveBestWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (isImprovement(dir, current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                saveBestWeights();
            }
            // Only restart the wait when the value beats both the previous best and the baseline.
            if (baseline == null || isImprovement(dir, current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model().setStopTraining(true);
        }
    }

    private boolean isImprovement(MonitorMode dir, double value, Double reference) {
        if (reference == null) {
            return true;
        }
        return dir == MonitorMode.MIN ? value + minDelta < reference : value - minDelta > reference;
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) {
                System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            }
            model().setWeights(bestWeights);
            releaseBestWeights();
        }
    }

    private void saveBestWeights() {
        List<Tensor> copies = model().getWeights();
        // The copies outlive the epoch's scope (if any): they are this callback's until replaced or restored.
        for (Tensor t : copies) {
            TensorScope.detach(t);
        }
        releaseBestWeights();
        bestWeights = copies;
    }

    private void releaseBestWeights() {
        if (bestWeights != null) {
            for (Tensor t : bestWeights) {
                t.close();
            }
            bestWeights = null;
        }
    }
}
