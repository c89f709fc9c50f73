package dev.sheaf.callbacks;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Whether a monitored quantity should fall ({@link #MIN}) or rise ({@link #MAX}), or be judged from its name
 * ({@link #AUTO}), as the {@code mode} argument of Keras's {@code EarlyStopping} and {@code ReduceLROnPlateau}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum MonitorMode {
    /** Decide from the name of the monitored quantity. */
    AUTO,
    /** Lower is better (losses, errors). */
    MIN,
    /** Higher is better (accuracy, AUC). */
    MAX;

    /**
     * The mode for a Keras mode name: {@code "auto"}, {@code "min"} or {@code "max"}.
     *
     * @throws IllegalArgumentException for any other name (Keras warns and falls back to auto instead)
     */
    public static MonitorMode of(String name) {
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "auto":
                    return AUTO;
                case "min":
                    return MIN;
                case "max":
                    return MAX;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("Unknown monitor mode '" + name + "'; expected auto, min or max");
    }

    /**
     * The direction of a monitored metric, from its name without the {@code val_} prefix, as Keras 3 infers it from
     * the compiled metrics' directions: losses and errors fall; accuracies, AUC, precision, recall and F-scores rise.
     *
     * @return {@link #MIN} or {@link #MAX}, or {@code null} when the name gives no clue
     */
    static MonitorMode directionOf(String monitor) {
        String m = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        if (m.equals("loss") || m.endsWith("_loss") || m.contains("error") || m.contains("crossentropy")
                || m.matches("(.*_)?(mse|mae|mape|msle|rmse|hinge|squared_hinge|categorical_hinge|poisson"
                + "|kl_divergence|kld|logcosh|log_cosh|false_positives|false_negatives)")) {
            return MIN;
        }
        if (m.contains("acc") || m.contains("auc") || m.contains("precision") || m.contains("recall")
                || m.contains("f1") || m.contains("fbeta") || m.contains("iou") || m.contains("r2_score")
                || m.contains("true_positives") || m.contains("true_negatives")) {
            return MAX;
        }
        return null;
    }
}
