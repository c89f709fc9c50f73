package dev.sheaf.callbacks;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * Stops training when a batch's loss is NaN or infinite, as Keras's {@code TerminateOnNaN}: by default gracefully
 * ({@link dev.sheaf.models.Model#setStopTraining}, so every callback's {@code onTrainEnd} still runs), or, with
 * {@code raiseError}, by throwing at once.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class TerminateOnNaN extends Callback {
    private final boolean raiseError;

    /** Stops gracefully. */
    public TerminateOnNaN() {
        this(false);
    }

    /** @param raiseError throw an {@link IllegalStateException} instead of stopping gracefully */
    public TerminateOnNaN(boolean raiseError) {
        this.raiseError = raiseError;
    }

    /**
     * @throws IllegalStateException with {@code raiseError}, when the loss is NaN or infinite
     */
    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs == null ? null : logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            if (raiseError) {
                throw new IllegalStateException("NaN or Inf loss encountered at batch " + batch + ". Loss value: "
                        + loss + ". Terminating training immediately.");
            }
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            model().setStopTraining(true);
        }
    }
}
