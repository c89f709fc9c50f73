package dev.sheaf.metrics;

import dev.sheaf.saving.ConfigValues;
import java.util.Map;
import org.apiguardian.api.API;

/** The F-1 score, {@code 2 * precision * recall / (precision + recall)}: {@link FBetaScore} with beta 1. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class F1Score extends FBetaScore {

    /** The metric named {@code "f1_score"}: no averaging, arg-max predictions. */
    public F1Score() {
        this("f1_score", null, null);
    }

    /**
     * @param average   {@code null}, {@code "micro"}, {@code "macro"} or {@code "weighted"}
     * @param threshold the positive threshold in (0, 1], or {@code null} for the row's arg-max
     */
    public F1Score(String name, String average, Double threshold) {
        super(name, average, 1.0, threshold);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("beta");
        return c;
    }

    /** A metric from its Keras config ({@code name}, {@code average}, {@code threshold}). */
    public static F1Score fromConfig(Map<String, Object> config) {
        return new F1Score(ConfigValues.string(config, "name", "f1_score"), ConfigValues.string(config, "average", null),
                ConfigValues.optionalNumber(config, "threshold"));
    }
}
