package dev.sheaf.constraints;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Keras's {@code MinMaxNorm}: moves the L2 norm along {@code axis} towards {@code [minValue, maxValue]}:
 * {@code desired = rate * clip(norm, min, max) + (1 - rate) * norm}, {@code w * desired / (epsilon + norm)}.
 * Defaults: min 0, max 1, rate 1 (strict projection), axis 0.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MinMaxNorm implements Constraint {
    private final double minValue;
    private final double maxValue;
    private final double rate;
    private final NormAxes axes;

    /** Keras's defaults: min 0, max 1, rate 1, axis 0. */
    public MinMaxNorm() {
        this(0.0, 1.0, 1.0, 0);
    }

    /**
     * @param rate how far to move towards the range per application, in [0, 1]
     * @throws IllegalArgumentException if {@code minValue > maxValue}
     */
    public MinMaxNorm(double minValue, double maxValue, double rate, int... axis) {
        this(minValue, maxValue, rate, NormAxes.of("MinMaxNorm", axis.length == 0 ? null : axis));
    }

    MinMaxNorm(double minValue, double maxValue, double rate, NormAxes axes) {
        if (!(minValue <= maxValue)) {
            throw new IllegalArgumentException("MinMaxNorm: min_value " + minValue + " must not exceed max_value "
                    + maxValue);
        }
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.rate = rate;
        this.axes = axes;
    }

    @Override
    public Tensor apply(Tensor w) {
        Tensor norms = axes.norms(w);
        Tensor desired = Ops.add(Ops.multiply(Ops.clip(norms, minValue, maxValue), rate),
                Ops.multiply(norms, 1.0 - rate));
        return Ops.multiply(w, Ops.divide(desired, Ops.add(norms, NormAxes.EPSILON)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("min_value", minValue);
        c.put("max_value", maxValue);
        c.put("rate", rate);
        c.put("axis", axes.configValue());
        return c;
    }

    @Override
    public String toString() {
        return "MinMaxNorm" + getConfig();
    }
}
