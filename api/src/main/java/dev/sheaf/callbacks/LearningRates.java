package dev.sheaf.callbacks;

import dev.sheaf.models.Model;
import dev.sheaf.optimizers.Optimizer;

/**
 * How the learning-rate callbacks read and write a model's rate. Keras keeps the rate in a float32 variable, so
 * what callbacks read (and log) is the float32 value; Sheaf stores a double, rounded here to the same float32 value.
 */
final class LearningRates {
    private LearningRates() {
    }

    static Optimizer optimizer(Model model, String who) {
        if (model == null) {
            throw new IllegalStateException(who + " has no model: the training loop sets it before training");
        }
        Optimizer o = model.optimizer();
        if (o == null) {
            throw new IllegalStateException(who + " needs a compiled model, but model.optimizer() is null; call "
                    + "compile first");
        }
        return o;
    }

    /** The rate as Keras reads it: the float32 value, widened. */
    static double current(Model model) {
        return (float) optimizer(model, "A learning-rate callback").learningRate();
    }

    /**
     * @throws IllegalStateException if the optimizer follows a schedule (Keras: its rate is not settable)
     */
    static void requireConstantRate(Model model, String who) {
        Optimizer o = optimizer(model, who);
        if (o.learningRateSchedule() != null) {
            throw new IllegalStateException(who + ": the optimizer's learning rate follows a schedule ("
                    + o.learningRateSchedule().getClass().getSimpleName() + "), hence it is not settable; give the "
                    + "optimizer a constant rate to use " + who);
        }
    }

    /** Stores the rate as Keras's float32 variable would hold it. */
    static void set(Model model, double lr) {
        optimizer(model, "A learning-rate callback").setLearningRate((float) lr);
    }
}
