package dev.sheaf.metrics;

import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A stateful metric, as {@code keras.metrics.Metric}: {@link #updateState} accumulates over batches,
 * {@link #result} reads the value, {@link #resetState} starts over (at each epoch).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class Metric {
    private final String name;

    /** @param name the name shown in logs, such as {@code "accuracy"} */
    protected Metric(String name) {
        this.name = name;
    }

    /** The name shown in logs and History. */
    public String name() {
        return name;
    }

    /**
     * Accumulates one batch.
     *
     * @param sampleWeight per-sample weights, or {@code null}
     */
    public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The value over everything accumulated since the last reset. */
    public abstract double result();

    /** Forgets everything accumulated. */
    public abstract void resetState();

    /** The Keras config. */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }
}
