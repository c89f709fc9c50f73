package dev.sheaf.constraints;

import dev.sheaf.ops.Ops;
import dev.sheaf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Keras's {@code MaxNorm}: rescales the weights so that the L2 norm along {@code axis} is at most {@code maxValue}:
 * {@code w * clip(norm, 0, maxValue) / (epsilon + norm)} with epsilon 1e-7. Defaults: max value 2, axis 0 (for a
 * {@code Dense} kernel {@code [in, units]}, the incoming weights of each unit).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MaxNorm implements Constraint {
    private final double maxValue;
    private final NormAxes axes;

    /** Keras's defaults: max value 2, axis 0. */
    public MaxNorm() {
        this(2.0, 0);
    }

    /** @param axis one or more axes to measure the norm along */
    public MaxNorm(double maxValue, int... axis) {
        this(maxValue, NormAxes.of("MaxNorm", axis.length == 0 ? null : axis));
    }

    MaxNorm(double maxValue, NormAxes axes) {
        if (!(maxValue >= 0)) {
            throw new IllegalArgumentException("MaxNorm: max_value must be >= 0, got " + maxValue);
        }
        this.maxValue = maxValue;
        this.axes = axes;
    }

    @Override
    public Tensor apply(Tensor w) {
        Tensor norms = axes.norms(w);
        Tensor desired = Ops.clip(norms, 0.0, maxValue);
        return Ops.multiply(w, Ops.divide(desired, Ops.add(norms, NormAxes.EPSILON)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("max_value", maxValue);
        c.put("axis", axes.configValue());
        return c;
    }

    @Override
    public String toString() {
        return "MaxNorm" + getConfig();
    }
}
