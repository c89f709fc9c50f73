package dev.sheaf.callbacks;

import java.util.Map;
import java.util.function.BiFunction;
import org.apiguardian.api.API;

/**
 * Sets the learning rate at the start of every epoch from a function of the epoch (counted from 0) and the current
 * rate, as Keras's {@code LearningRateScheduler}; at the end of each epoch the rate is recorded as
 * {@code logs["learning_rate"]}.
 *
 * <pre>{@code
 * // keep the rate for 10 epochs, then decay it exponentially
 * Callback schedule = new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * }</pre>
 *
 * <p>As in Keras, the function receives the rate as the float32 value a Keras optimizer holds, and the optimizer must
 * have a constant rate (not a {@code LearningRateSchedule}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class LearningRateScheduler extends Callback {
    private final BiFunction<Integer, Double, Double> schedule;
    private final int verbose;

    /** A quiet scheduler. */
    public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
        this(schedule, 0);
    }

    /**
     * @param schedule maps (epoch, current rate) to the new rate
     * @param verbose  1 prints the rate set at each epoch
     * @throws IllegalArgumentException if {@code schedule} is null
     */
    public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule, int verbose) {
        if (schedule == null) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule function is null");
        }
        this.schedule = schedule;
        this.verbose = verbose;
    }

    /**
     * @throws IllegalArgumentException if the schedule returns null, NaN, an infinite or a negative rate
     * @throws IllegalStateException    if the model has no optimizer, or its optimizer follows a schedule
     */
    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        LearningRates.requireConstantRate(model(), "LearningRateScheduler");
        Double lr = schedule.apply(epoch, LearningRates.current(model()));
        if (lr == null || !(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule function returned " + lr
                    + " for epoch " + epoch + "; it must return a finite learning rate >= 0");
        }
        model().optimizer().setLearningRate(lr);
        if (verbose > 0) {
            System.out.println("\nEpoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + lr
                    + ".");
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (logs != null) {
            logs.put("learning_rate", LearningRates.current(model()));
        }
    }
}
