package dev.sheaf.optimizers.schedules;

import java.util.Map;
import org.apiguardian.api.API;

/** A learning rate that depends on the optimizer's step count, as {@code keras.optimizers.schedules}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate at {@code step} (0 for the first update). */
    double at(long step);

    /** The Keras config. */
    default Map<String, Object> getConfig() {
        return Map.of();
    }
}
